// A solo challenge level: one player, one machine built from a level file, the level's rules and
// check attached to the session through its hooks (server/levels/play.ts). Clients create one with
// client.create(ROOM.LEVEL, { ...JoinOptions, levelId }). A level must be unlocked for the
// player: by their progress in the store, or by a class session's list (LEVEL_LOCKS below).

import { ServerError, type AuthContext, type Client } from "@colyseus/core";
import { JoinOptions } from "../../shared/protocol.ts";
import type { SessionOptions } from "../game/session.ts";
import { isUnlocked, type Unlocked } from "../levels/catalog.ts";
import { levelById, levels, type Level } from "../levels/loader.ts";
import { LevelPlay, type AttemptEnd } from "../levels/play.ts";
import { bestScores, recordAttempt } from "../levels/progress.ts";
import { levelSessionOptions } from "../levels/world.ts";
import { services } from "../services.ts";
import { log } from "../log.ts";
import { GameRoom } from "./GameRoom.ts";

/**
 * Create-option keys only server code can set (a symbol never survives a client's JSON):
 * - LEVEL_LOCKS: a class session's unlocked levels (a list, "all", or [] for all), or a function
 *   returning them when a student joins, so a teacher's later change applies. When present it
 *   replaces the player's own progress as the lock.
 * - LEVEL_CLASS: the class session's join code, stored with each attempt.
 */
export const LEVEL_LOCKS = Symbol("ringzero.levelLocks");
export const LEVEL_CLASS = Symbol("ringzero.levelClass");

export interface LevelRoomOptions {
  /** Which level (its id, e.g. "hello-kernel"). */
  levelId?: unknown;
  /** Ignored: a level's machine always boots from its world's seed. */
  seed?: number;
  [LEVEL_LOCKS]?: Unlocked | (() => Unlocked);
  [LEVEL_CLASS]?: string;
}

/** Refusal when the level is locked for this player: HTTP status before the room exists, close code at join. */
export const LEVEL_LOCKED_HTTP = 403;
export const LEVEL_LOCKED = 4020;

function unknownLevel(id: unknown): ServerError {
  return new ServerError(404, id === undefined ? "Which level? Open the level map and pick one." : `There is no level "${String(id).slice(0, 40)}". Open the level map and pick one.`);
}

function lockedMessage(level: Level, unlocked: Unlocked): string {
  if (unlocked !== undefined) return `"${level.title}" is locked in this class session; your teacher decides which levels are open.`;
  const prev = levels().filter((l) => l.order < level.order).pop();
  return `"${level.title}" is locked: win "${prev?.title ?? "the previous level"}" first.`;
}

export class LevelRoom extends GameRoom {
  override maxClients = 1;
  protected level!: Level;
  protected play!: LevelPlay;
  private locks: Unlocked | (() => Unlocked);
  private classCode: string | undefined;
  private readonly startedAt = new Date();
  private playerId = "";
  private recorded = false;
  private writes: Promise<unknown> = Promise.resolve();

  /** Before a client's room is created: the level exists and the player's progress unlocks it. */
  static override async onAuth(_token: string, options: Record<string, unknown>, _ctx: AuthContext): Promise<boolean> {
    const level = levelById(options?.levelId);
    if (!level) throw unknownLevel(options?.levelId);
    const id = JoinOptions.shape.playerId.safeParse(options?.playerId);
    if (!id.success) return true; // onJoin refuses it with the join options' own message
    const best = await bestScores(services().db, id.data);
    if (!isUnlocked(levels(), best, level.id, undefined)) throw new ServerError(LEVEL_LOCKED_HTTP, lockedMessage(level, undefined));
    return true;
  }

  override onCreate(options: LevelRoomOptions = {}): void {
    const level = levelById(options.levelId);
    if (!level) throw unknownLevel(options.levelId);
    this.level = level;
    this.locks = options[LEVEL_LOCKS];
    this.classCode = options[LEVEL_CLASS];
    super.onCreate({});
    this.play = new LevelPlay(this.session, level, { onWin: (end) => this.record(end) });
    this.session.addHooks(this.play);
    void this.setMetadata({ levelId: level.id });
  }

  protected sessionOptions(_seed: number): SessionOptions {
    return levelSessionOptions(this.level);
  }

  /** A class session's unlocked list, if this room belongs to one (undefined: the player's progress decides). */
  protected unlockedLevels(): Unlocked {
    return typeof this.locks === "function" ? this.locks() : this.locks;
  }

  override onJoin(client: Client, raw: unknown): void {
    const unlocked = this.unlockedLevels();
    if (unlocked !== undefined && !isUnlocked(levels(), new Map(), this.level.id, unlocked)) throw new ServerError(LEVEL_LOCKED, lockedMessage(this.level, unlocked));
    super.onJoin(client, raw);
    const p = this.session.players.get(client.sessionId);
    if (!p || this.playerId) return;
    this.playerId = p.playerId;
    this.writes = this.writes
      .then(() => bestScores(services().db, p.playerId))
      .then((best) => this.play.setPreviousBest(best.get(this.level.id) ?? null))
      .catch((err) => log.error({ err, room: this.roomId }, "could not read level progress"));
  }

  /** Store a won attempt (the player's best goes up) and tell a class session about it. */
  private record(end: AttemptEnd): void {
    this.recorded = true;
    const attempt = { playerId: end.player.playerId, levelId: this.level.id, won: true, score: end.score, metrics: end.metrics, startedAt: this.startedAt, classCode: this.classCode };
    this.writes = this.writes
      .then(() => recordAttempt(services().db, attempt))
      .catch((err) => log.error({ err, room: this.roomId }, "could not store a level attempt"));
    void this.reportToClass(end);
  }

  /** Count a win in the teacher's roster when this room runs in a class session (server/hosting/levels.ts). */
  private async reportToClass(end: AttemptEnd): Promise<void> {
    try {
      const mod = (await import(new URL("../hosting/levels.ts", import.meta.url).href)) as { reportLevelDone?: (s: unknown, key: string, levelId: string, score?: number) => boolean };
      mod.reportLevelDone?.(this.session, end.player.key, this.level.id, end.score);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") log.error({ err }, "could not report a level to the class session");
    }
  }

  /** The room closes: an attempt that did something but was not won is stored too. Waits for writes. */
  override async onDispose(): Promise<void> {
    await super.onDispose();
    const m = this.play?.metrics();
    if (!this.recorded && this.playerId && m && m.syscalls + m.cpuTicks > 0) {
      const attempt = { playerId: this.playerId, levelId: this.level.id, won: false, score: 0, metrics: m, startedAt: this.startedAt, classCode: this.classCode };
      this.writes = this.writes.then(() => recordAttempt(services().db, attempt)).catch((err) => log.error({ err, room: this.roomId }, "could not store a level attempt"));
    }
    await this.writes;
  }
}
