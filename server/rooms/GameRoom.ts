// The Colyseus room: a thin adapter between sockets and a GameSession. It validates who may join,
// forwards every message to the session (which validates its shape), runs the tick on the room
// clock, and delivers what the session says to whom.

import { Room, ServerError, type Client } from "@colyseus/core";
import { CLOSE, JoinOptions, PROTOCOL_VERSION, S2C, describeZodError } from "../../shared/protocol.ts";
import { RECONNECT_SECONDS, ROOM_MAX_CLIENTS, TICK_MS } from "../../shared/params.ts";
import type { MachineState } from "../../shared/state.ts";
import { GameSession, type SessionOptions } from "../game/session.ts";
import { MessageThrottle } from "./throttle.ts";
import { batchWrites } from "../transport.ts";
import { log } from "../log.ts";
import { metrics } from "../metrics.ts";

export interface GameRoomOptions {
  seed?: number;
}

export abstract class GameRoom extends Room<{ state: MachineState }> {
  override maxClients = ROOM_MAX_CLIENTS;
  protected session!: GameSession;
  private readonly throttle = new MessageThrottle();
  private lastTick = 0;

  /** What kind of machine this room runs (files, daemons, policy). */
  protected abstract sessionOptions(seed: number): SessionOptions;

  override onCreate(options: GameRoomOptions = {}): void {
    const seed = Number.isSafeInteger(options.seed) ? (options.seed as number) : Math.floor(Math.random() * 2 ** 31);
    this.session = new GameSession(this.sessionOptions(seed));
    this.state = this.session.state;
    // Each room ticks at its own phase, and sends its patch right after its tick. Rooms created in
    // a burst (a class arriving) would otherwise all tick, and all patch, in one turn of the event
    // loop: a few ms each, tens of ms together, felt by every player on the server.
    this.patchRate = null;
    this.clock.setTimeout(() => {
      this.setTimestep(() => {
        // What one client gets this tick (results, private patch, room patch) leaves in one write.
        batchWrites(this.clients, () => {
          this.tick();
          this.sendPrivates();
          this.broadcastPatch();
        });
      }, TICK_MS);
      this.patchRate = null; // drops the interim clock ticker now that the timestep drives the clock
    }, Math.random() * TICK_MS);
    this.onMessage("*", (client: Client, type: string | number, message: unknown) => {
      const slowDown = () => this.session.tooFast(client.sessionId);
      if (!this.throttle.allow(client.sessionId, slowDown)) return this.deliver();
      this.session.handle(client.sessionId, String(type), message);
      this.deliver();
    });
    log.info({ room: this.roomId, seed }, "room created");
  }

  override onJoin(client: Client, raw: unknown): void {
    const parsed = JoinOptions.safeParse(raw);
    if (!parsed.success) throw new ServerError(400, `Cannot join: ${describeZodError(parsed.error)}`);
    if (parsed.data.protocol !== PROTOCOL_VERSION) {
      throw new ServerError(CLOSE.PROTOCOL_MISMATCH, `This page is out of date (protocol ${parsed.data.protocol}, server ${PROTOCOL_VERSION}). Reload the page.`);
    }
    const joined = this.session.join(client.sessionId, parsed.data.nickname, parsed.data.playerId);
    if (!joined.ok) throw new ServerError(CLOSE.ROOM_FULL, joined.error);
    this.sendPrivateFull(client);
  }

  override onDrop(client: Client): void {
    // A client whose join was refused was never a player: nothing to keep for it.
    if (this.session.drop(client.sessionId)) this.allowReconnection(client, RECONNECT_SECONDS);
  }

  override onReconnect(client: Client): void {
    this.session.reconnect(client.sessionId);
    this.sendPrivateFull(client);
  }

  override onLeave(client: Client): void {
    this.session.leave(client.sessionId);
    this.throttle.forget(client.sessionId);
  }

  override onUncaughtException(error: Error, method: string): void {
    log.error({ room: this.roomId, method, err: error }, "room handler failed");
  }

  protected tick(): void {
    if (this.state.paused) return;
    const now = performance.now();
    if (this.lastTick !== 0 && now - this.lastTick < 4 * TICK_MS) metrics.tickLateMs.add(Math.max(0, now - this.lastTick - TICK_MS));
    this.lastTick = now;
    this.session.tick();
    this.deliver();
  }

  /** A (re)joining client gets its whole private view; patches follow from the next tick. */
  private sendPrivateFull(client: Client): void {
    const bytes = this.session.privateFull(client.sessionId);
    if (bytes) client.sendBytes(S2C.PRIVATE_FULL, bytes);
  }

  /**
   * Each player's private changes, just before the room's patch: the client applies them and
   * draws both when the patch lands. A dropped player's changes wait for its full view on return.
   */
  private sendPrivates(): void {
    for (const client of this.clients) {
      const bytes = this.session.privatePatch(client.sessionId);
      if (bytes) client.sendBytes(S2C.PRIVATE, bytes);
    }
  }

  private deliver(): void {
    for (const m of this.session.flush()) {
      if (m.to === "*") this.broadcast(m.type, m.body);
      else this.clients.getById(m.to)?.send(m.type, m.body);
    }
  }
}
