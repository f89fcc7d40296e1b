// The network: the only module that imports the Colyseus SDK. Joins a room with the protocol's
// JoinOptions and wraps the SDK room as a GameConnection.
//
// Where it connects: the page's own origin (ws(s)://location.host), as the game server serves the
// built client in production and Vite's dev server proxies the game server in dev (vite.config.ts).
// VITE_GAME_SERVER (e.g. http://localhost:2567) points a dev build straight at a game server instead.
//
// Reconnection: the 0.18 SDK reconnects by itself when the socket drops after the room has been up
// for 5 s (room.onDrop, then room.onReconnect, or room.onLeave with FAILED_TO_RECONNECT after its
// retries); the server keeps the process STOPPED for RECONNECT_SECONDS meanwhile.

import { Client, type Room } from "@colyseus/sdk";
import { CloseCode } from "@colyseus/sdk";
import { PROTOCOL_VERSION, ROOM, type JoinOptions, type MsgType } from "../../shared/protocol.ts";
import { PrivateMirror, type BytesSource } from "../../shared/private.ts";
import { TICK_MS } from "../../shared/params.ts";
import type { ConnStatus, GameConnection } from "./connection.ts";
import { describeJoinError } from "./logic/joinError.ts";

function endpoint(): string {
  const env = (import.meta as ImportMeta & { env?: Record<string, string | undefined> }).env;
  // ?server= only in dev builds: a production page never lets a link send students elsewhere.
  const fromQuery = env?.DEV ? new URLSearchParams(location.search).get("server") : null;
  const override = env?.VITE_GAME_SERVER || fromQuery || "";
  if (override) return override;
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}`;
}

class ColyseusConnection implements GameConnection {
  private statusCbs = new Set<(s: ConnStatus) => void>();
  private stateCbs = new Set<() => void>();
  private room: Room;
  /** My private view (page table, fds, log, terminal): it comes on its own channel, not in room.state. */
  private readonly mine = new PrivateMirror();
  /** A private change waiting for the room patch that follows it (drawn alone if none comes). */
  private privateTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(room: Room) {
    this.room = room;
    // Registered before any await: the server's first PRIVATE_FULL follows the join at once.
    this.mine.listen(room as unknown as BytesSource, () => this.privateChanged());
    room.onStateChange(() => this.stateChanged());
    room.onDrop(() => this.emit({ kind: "reconnecting" }));
    room.onReconnect(() => this.emit({ kind: "connected" }));
    room.onLeave((code: number, reason?: string) => {
      if (code === CloseCode.CONSENTED) {
        this.emit({ kind: "closed", message: "You left the game.", reload: false });
        return;
      }
      const lost = code === CloseCode.FAILED_TO_RECONNECT || code === CloseCode.ABNORMAL_CLOSURE;
      const f = lost ? { message: "The connection to the game was lost.", reload: false } : describeJoinError({ code, message: reason });
      this.emit({ kind: "closed", ...f });
    });
    room.onError((code: number, message?: string) => {
      console.warn("room error", code, message);
    });
  }

  get sessionId(): string {
    return this.room.sessionId;
  }
  get roomId(): string {
    return this.room.roomId;
  }
  snapshot(): unknown {
    const s = this.room.state as { toJSON?: () => unknown } | undefined;
    const shared = (s?.toJSON ? s.toJSON() : s) as Record<string, unknown> | undefined;
    return { ...shared, privates: this.mine.ready ? { [this.room.sessionId]: this.mine.view.toJSON() } : {} };
  }
  send(type: MsgType, msg: unknown): void {
    this.room.send(type as never, msg as never);
  }
  onState(cb: () => void): () => void {
    this.stateCbs.add(cb);
    return () => this.stateCbs.delete(cb);
  }
  onMessage(type: string, cb: (payload: unknown) => void): () => void {
    return this.room.onMessage(type as never, cb as never);
  }
  onStatus(cb: (s: ConnStatus) => void): () => void {
    this.statusCbs.add(cb);
    return () => this.statusCbs.delete(cb);
  }
  async leave(): Promise<void> {
    try {
      await this.room.leave(true);
    } catch {
      // already gone
    }
  }
  /**
   * The server sends my private changes just before the room patch of the same tick: draw once
   * when the patch lands, or on their own if no patch follows (a paused machine).
   */
  private privateChanged(): void {
    this.privateTimer ??= setTimeout(() => this.stateChanged(), TICK_MS / 2);
  }

  private stateChanged(): void {
    clearTimeout(this.privateTimer);
    this.privateTimer = undefined;
    for (const cb of this.stateCbs) cb();
  }

  private emit(s: ConnStatus) {
    for (const cb of this.statusCbs) cb(s);
  }
}

/**
 * Open a room with `open`, then wait (briefly) for its first full state so the game scene never
 * draws an empty machine. A failure becomes an Error a student can read, made by `explain`.
 */
async function connect(open: (client: Client) => Promise<Room>, explain: (err: unknown) => Error): Promise<GameConnection> {
  const client = new Client(endpoint());
  try {
    const room = await open(client);
    const conn = new ColyseusConnection(room);
    const first = new Promise<void>((res) => room.onStateChange.once(() => res()));
    await Promise.race([first, new Promise((res) => setTimeout(res, 3000))]);
    return conn;
  } catch (err) {
    throw explain(err);
  }
}

/** A join error in words, marked when only a reload can fix it (a stale page). */
function readableJoinError(err: unknown): Error {
  const f = describeJoinError(err as { code?: unknown; message?: string });
  return Object.assign(new Error(f.message), { reload: f.reload });
}

/** The server's own reason for refusing a class join (nickname refused, late join off, kicked). */
function classJoinError(err: unknown): Error {
  const msg = String((err as { message?: unknown })?.message ?? "");
  if (!msg || /fetch|network|ECONNREFUSED|Failed to|NetworkError|Load failed/i.test(msg)) return new Error("Cannot reach the game server. Check the connection and try again.");
  return new Error(msg.replace(/^Room connection was closed unexpectedly \(\d+\):\s*/, ""));
}

/**
 * Join a teacher's class session by its code. A shared class room is only ever joined, never
 * created, and found by code (the server filters rooms by joinCode); a class's solo level
 * (levelId) is a room of the student's own, which the server opens only for a live code.
 */
export function joinClass(roomName: string, joinCode: string, nickname: string, playerId: string, levelId?: string): Promise<GameConnection> {
  const options: JoinOptions = { protocol: PROTOCOL_VERSION, nickname, playerId, joinCode, levelId };
  return connect((c) => (levelId ? c.create(roomName, options) : c.join(roomName, options)), classJoinError);
}

/** Start a solo level: always a fresh room of my own (create, never join), for the level id from the level map. */
export function joinLevel(levelId: string, nickname: string, playerId: string): Promise<GameConnection> {
  const options: JoinOptions = { protocol: PROTOCOL_VERSION, nickname, playerId, levelId };
  return connect((c) => c.create(ROOM.LEVEL, options), readableJoinError);
}

/** Join (or create) a sandbox room. */
export function joinSandbox(nickname: string, playerId: string): Promise<GameConnection> {
  const options: JoinOptions = { protocol: PROTOCOL_VERSION, nickname, playerId };
  return connect((c) => c.joinOrCreate(ROOM.SANDBOX, options), readableJoinError);
}
