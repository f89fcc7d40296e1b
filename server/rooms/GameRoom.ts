// The Colyseus room: a thin adapter between sockets and a GameSession. It validates who may join,
// forwards every message to the session (which validates its shape), runs the tick on the room
// clock, and delivers what the session says to whom.

import { Room, ServerError, type Client } from "@colyseus/core";
import { CLOSE, JoinOptions, PROTOCOL_VERSION, S2C, describeZodError } from "../../shared/protocol.ts";
import { RECONNECT_SECONDS, ROOM_MAX_CLIENTS } from "../../shared/params.ts";
import type { MachineState } from "../../shared/state.ts";
import { GameSession, type SessionOptions } from "../game/session.ts";
import { MessageThrottle } from "./throttle.ts";
import { batchWrites } from "../transport.ts";
import { roomTicks } from "../ticks.ts";
import { log } from "../log.ts";
import { metrics } from "../metrics.ts";

/** The longest timer delay Node allows (about 24.8 days): "never", for a Colyseus timer we do not want. */
const NEVER_MS = 2 ** 31 - 1;

export interface GameRoomOptions {
  seed?: number;
}

export abstract class GameRoom extends Room<{ state: MachineState }> {
  override maxClients = ROOM_MAX_CLIENTS;
  protected session!: GameSession;
  private readonly throttle = new MessageThrottle();
  private stopTicks = (): void => undefined;
  /** The send that follows a tick, while it is pending. */
  private sending: NodeJS.Immediate | undefined;

  /** What kind of machine this room runs (files, daemons, policy). */
  protected abstract sessionOptions(seed: number): SessionOptions;

  override onCreate(options: GameRoomOptions = {}): void {
    const seed = Number.isSafeInteger(options.seed) ? (options.seed as number) : Math.floor(Math.random() * 2 ** 31);
    this.session = new GameSession(this.sessionOptions(seed));
    this.state = this.session.state;
    // The room ticks on the server's shared clock, at its own phase. What the tick produced leaves
    // in the next turn of the event loop, one write per client (results, private patch, room
    // patch): messages that arrived during the tick are read and answered first, instead of
    // waiting behind the tick and then behind every client's write.
    const stopClock = roomTicks.add((lateMs) => {
      try {
        this.tick(lateMs);
      } catch (err) {
        this.onUncaughtException(err as Error, "tick");
      }
      this.sending ??= setImmediate(this.sendTick);
    });
    this.stopTicks = () => {
      stopClock();
      clearImmediate(this.sending);
    };
    // Patches go out after each tick, never on Colyseus's own timer. (null would start a 60 Hz
    // clock ticker, since no setTimestep drives the room clock.)
    this.patchRate = NEVER_MS;
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
    // A join the room refused on purpose (a stale page, a full machine) is not a server fault: the
    // player is told why; the log notes it without a stack trace an administrator would chase.
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof ServerError) return void log.info({ room: this.roomId, method, code: cause.code, reason: cause.message }, "request refused");
    log.error({ room: this.roomId, method, err: error }, "room handler failed");
  }

  /** Subclasses that dispose of more call this too. */
  override onDispose(): void | Promise<void> {
    this.stopTicks();
  }

  /** One tick of the kernel, `lateMs` after it was due. Its messages leave with the next send. */
  protected tick(lateMs = 0): void {
    if (this.state.paused) return;
    metrics.tickLateMs.add(lateMs);
    this.session.tick();
  }

  /** The tick's messages, each player's private patch and the room's patch, one write per client. */
  private readonly sendTick = (): void => {
    this.sending = undefined;
    try {
      batchWrites(this.clients, () => {
        this.deliver();
        this.sendPrivates();
        this.broadcastPatch(); // also ticks the room's clock (this.clock), as no setTimestep does
      });
    } catch (err) {
      this.onUncaughtException(err as Error, "tick");
    }
  };

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
