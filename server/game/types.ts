// The session's contract: players, the hooks a mode or the host attaches, and the options a
// room passes. The implementation is session.ts, which re-exports these.

import type { Action, ActionResult, KernelConfig, KernelEvent, KernelSnapshot, ProcSpec } from "../kernel/types.ts";

/** A message the room must deliver: to one player (by session id) or to everyone. */
export interface Outgoing {
  to: string | "*";
  type: string;
  body: unknown;
}

export interface Player {
  /** Stable id of this player in this session: their processes are tagged with it. Public. */
  key: string;
  /** The anonymous id their browser keeps (never sent to other clients). */
  playerId: string;
  /** The Colyseus session id of their current connection. */
  sessionId: string;
  nick: string;
  /** Unix identity of this player's processes. */
  uid: number;
  team: number;
  /** The process the palette drives now (0 when it has none alive). */
  pid: number;
  connected: boolean;
  /** The newest PLAYER_LOG_LINES lines of this player's strace-like log. */
  log: string[];
  /** Lines ever logged (so the projector sends only new ones). */
  logTotal: number;
  /** Terminal output, one piece per write, at most TTY_KEPT_CHARS in all. */
  tty: string[];
  /** Pieces ever written (so the projector sends only new ones). */
  ttyTotal: number;
  /** Told that their process's queue is full, and no action accepted since. */
  toldFull?: boolean;
}

/**
 * Extension points for game modes and hosting: a level checks results, a teacher's dashboard
 * watches the feed. Every hook is optional; several can be attached to one session.
 */
export interface SessionHooks {
  /** Refuse a join before a process is made (late join off, kicked browser). Return the reason. */
  admit?(playerId: string, nick: string): string | undefined;
  /** Refuse an action before it reaches the kernel (a level's allowed syscalls). Return the reason. */
  refuse?(player: Player, action: Action): string | undefined;
  onJoin?(player: Player): void;
  onLeave?(player: Player): void;
  /** Every result of a player's process, after it was delivered to them. */
  onResult?(player: Player, result: ActionResult): void;
  /** Every kernel event, with the player who owns the process if any. */
  onEvent?(event: KernelEvent, owner: Player | undefined): void;
  onViolation?(player: Player, text: string): void;
  /** After each kernel tick and projection. */
  afterTick?(): void;
  /** More of the player's process spec (a level's rlimits, caps, nice); name, uid and tag stay the session's. */
  processSpec?(player: Player): Partial<ProcSpec> | undefined;
  /** A mode's own message (MODE_MESSAGES: a level's begin, hint, predict, finish). Return true if handled. */
  onMessage?(player: Player, type: string, body: Record<string, unknown>): boolean;
}

export interface SessionOptions {
  seed: number;
  mode?: string;
  maxPlayers: number;
  kernel?: Omit<KernelConfig, "seed">;
  /** Extra processes the machine starts with (daemons, CPU hogs). */
  system?: ProcSpec[];
  /**
   * Rebuild a session that was running before a server restart (hosted sessions): the kernel
   * from its snapshot (`system` is not spawned again) and its players, each disconnected (their
   * processes SIGSTOPped) until their browser rejoins with the same playerId.
   */
  restore?: { kernel: KernelSnapshot; players: readonly RestoredPlayer[] };
}

/** A player as a hosted session's store keeps them, to rebuild a session after a restart. */
export interface RestoredPlayer {
  key: string;
  playerId: string;
  nick: string;
  uid: number;
  team: number;
  pid: number;
}
