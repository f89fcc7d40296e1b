// The hosting service: creates class sessions, finds them by join code (throttling guesses),
// checks the host token on every teacher action, keeps sessions and results in the store, and
// brings running sessions back after a restart. Rooms reach it through services().hosting.

import QRCode from "qrcode";
import { nanoid } from "nanoid";
import { matchMaker } from "@colyseus/core";
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Db } from "../store/db.ts";
import type { GameSession, RestoredPlayer } from "../game/session.ts";
import type { KernelSnapshot } from "../kernel/types.ts";
import { describeZodError } from "../../shared/protocol.ts";
import {
  CreateSession, HOSTED_MODE, TeacherAction, normalizeJoinCode,
  type ActionAck, type DashboardSnapshot, type HostedMode, type JoinInfo, type PastSession, type ProjectorView, type SessionInfo, type SessionReport,
} from "../../shared/hosting.ts";
import { hashToken, newHostToken, newJoinCode, newSessionId, tokenMatches } from "./codes.ts";
import { HostingStore, type PlayerRecord, type SessionRecord } from "./store.ts";
import { LiveSession } from "./live.ts";
import { applyAction } from "./actions.ts";
import { suggestNicknames } from "./nickname.ts";
import type { RoomHandle } from "./binding.ts";
import { log } from "../log.ts";

/** Wrong join codes one address may try per minute before it must wait a minute. */
export const CODE_GUESSES_PER_MINUTE = 20;
/** How often changed student rows and session records reach the store, and kernel snapshots. */
export const PERSIST_MS = 2000;
export const SNAPSHOT_MS = 10_000;
/** A session nobody has touched for this long ends by itself (its results are kept). */
export const IDLE_END_MS = 12 * 3600_000;
/** Refused teacher actions kept in memory (they also go to the log). */
const SECURITY_KEPT = 200;

export type Result<T> = ({ ok: true } & T) | { ok: false; error: string; status?: number };

/** What a hosted room presents when it is created: which session and slot, and what to restore. */
export interface RoomClaim {
  session: LiveSession;
  slot: string;
  restore?: { kernel: KernelSnapshot; players: RestoredPlayer[] };
}

export interface SecurityEvent {
  at: string;
  sessionId: string;
  who: string;
  what: string;
  why: string;
}

export class HostingService {
  readonly store: HostingStore;
  /** Modes whose room class this server has (levels and classroom arrive with their issues). */
  readonly modes: ReadonlySet<HostedMode>;
  readonly security: SecurityEvent[] = [];
  private readonly live = new Map<string, LiveSession>();
  private readonly byCode = new Map<string, LiveSession>();
  private readonly claims = new Map<string, RoomClaim>();
  private readonly guesses = new RateLimiterMemory({ points: CODE_GUESSES_PER_MINUTE, duration: 60, blockDuration: 60 });
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly saving = new Map<string, Promise<void>>();
  private lastSnapshot = new Map<string, number>();
  private readonly bySession = new WeakMap<GameSession, LiveSession>();
  /** The teacher channel's hook: a session has a feed line waiting. */
  feedListener: ((s: LiveSession) => void) | undefined;

  constructor(db: Db, modes: ReadonlySet<HostedMode>) {
    this.store = new HostingStore(db);
    this.modes = modes;
  }

  /** Start the sampling and persistence timers and bring back sessions that were live at shutdown. */
  async start(): Promise<void> {
    this.timers.push(setInterval(() => this.sampleAll(), 1000), setInterval(() => void this.persistAll(false), PERSIST_MS));
    for (const t of this.timers) t.unref();
    for (const rec of await this.store.liveSessions()) {
      try {
        await this.revive(rec);
      } catch (err) {
        log.error({ session: rec.id, err }, "could not bring a hosted session back");
      }
    }
  }

  /** Before shutdown: stop reacting to leaves, save every student row and kernel snapshot. */
  async suspend(): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t);
    for (const s of this.live.values()) s.suspended = true;
    await this.persistAll(true);
  }

  /** Can a teacher host this mode here: its room class exists and the student page can enter it. */
  available(mode: HostedMode): boolean {
    return this.modes.has(mode) && HOSTED_MODE[mode].studentPage;
  }

  liveSession(id: string): LiveSession | undefined {
    return this.live.get(id);
  }

  sessions(): IterableIterator<LiveSession> {
    return this.live.values();
  }

  // ---- creating and finding sessions ----

  /** Create a session from the teacher's form. The host token is returned once, never stored. */
  async create(input: unknown, origin: string): Promise<Result<{ session: SessionInfo; hostToken: string }>> {
    const parsed = CreateSession.safeParse(input);
    if (!parsed.success) return { ok: false, error: `Cannot create the session: ${describeZodError(parsed.error)}`, status: 400 };
    const settings = parsed.data;
    if (!this.available(settings.mode)) return { ok: false, error: `The mode "${HOSTED_MODE[settings.mode].label}" is not available on this server yet.`, status: 400 };
    const hostToken = newHostToken();
    const rec: SessionRecord = {
      id: newSessionId(), code: await this.freeCode(), hostHash: hashToken(hostToken), name: settings.name, mode: settings.mode,
      settings, status: "lobby", origin, createdAt: new Date().toISOString(),
    };
    await this.store.insertSession(rec);
    const live = await this.hold(rec, []);
    if (!HOSTED_MODE[rec.mode].perStudent) await this.openRoom(live, "main");
    log.info({ session: rec.id, mode: rec.mode }, "hosted session created");
    return { ok: true, session: live.info(), hostToken };
  }

  private async freeCode(): Promise<string> {
    for (;;) {
      const code = newJoinCode();
      if (!this.byCode.has(code) && !(await this.store.codeInUse(code))) return code;
    }
  }

  private async hold(rec: SessionRecord, players: readonly PlayerRecord[]): Promise<LiveSession> {
    const joinUrl = `${rec.origin}/join/${rec.code}`;
    const svg = await QRCode.toString(joinUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M", color: { dark: "#000000", light: "#ffffff" } });
    const live = new LiveSession(rec, joinUrl, `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`, players);
    live.onFeed = () => this.feedListener?.(live);
    this.live.set(rec.id, live);
    this.byCode.set(rec.code, live);
    return live;
  }

  /** Create the room of a slot through the matchmaker, with a one-time claim only the server knows. */
  private async openRoom(live: LiveSession, slot: string, restore?: RoomClaim["restore"]): Promise<void> {
    const claim = nanoid(24);
    this.claims.set(claim, { session: live, slot, restore });
    try {
      await matchMaker.createRoom(HOSTED_MODE[live.rec.mode].room, { joinCode: live.rec.code, hostClaim: claim, seed: Math.floor(Math.random() * 2 ** 31) });
    } finally {
      this.claims.delete(claim);
    }
  }

  /** A room being created: its claim (from openRoom), or a student's own room in a per-student mode. */
  claimRoom(mode: HostedMode, options: { joinCode?: unknown; hostClaim?: unknown }, roomId: string): RoomClaim | string {
    if (typeof options.hostClaim === "string") {
      const c = this.claims.get(options.hostClaim);
      return c && c.session.rec.mode === mode ? c : "This room can only be opened by the hosting service.";
    }
    const s = this.findCode(options.joinCode);
    if (!s || !HOSTED_MODE[mode].perStudent || s.rec.mode !== mode) return "Class rooms are opened by the teacher's session, not by students.";
    if (s.rec.status === "ended") return "This class session has ended.";
    return { session: s, slot: roomId };
  }

  /** A hosted room exists: attach the session's hooks to its GameSession. */
  attach(claim: RoomClaim, session: GameSession, room: RoomHandle): void {
    claim.session.bind(claim.slot, session, room);
    this.bySession.set(session, claim.session);
  }

  /** The hosted session a room's GameSession belongs to. */
  sessionOf(session: GameSession): LiveSession | undefined {
    return this.bySession.get(session);
  }

  findCode(typed: unknown): LiveSession | undefined {
    const code = normalizeJoinCode(typed);
    return code ? this.byCode.get(code) : undefined;
  }

  /**
   * Check a typed join code for a student's page (and the matchmaker). A wrong code costs the
   * address one of its CODE_GUESSES_PER_MINUTE tries; past that, every lookup waits.
   */
  async checkCode(typed: unknown, ip: string | undefined): Promise<Result<{ session: LiveSession }>> {
    // The same address reaches HTTP as ::ffff:127.0.0.1 and the matchmaker as 127.0.0.1.
    const key = (ip || "unknown").replace(/^::ffff:/, "");
    const state = await this.guesses.get(key);
    if (state && state.consumedPoints > CODE_GUESSES_PER_MINUTE) return this.tooMany(state.msBeforeNext);
    const s = this.findCode(typed);
    if (s) return { ok: true, session: s };
    try {
      await this.guesses.consume(key);
    } catch (r) {
      return this.tooMany((r as { msBeforeNext?: number }).msBeforeNext ?? 60_000);
    }
    const shown = typeof typed === "string" ? typed.slice(0, 12) : "";
    return { ok: false, error: `No class session has the code "${shown}". Check the code on the board (it has 6 letters and digits).`, status: 404 };
  }

  private tooMany(ms: number): { ok: false; error: string; status: number } {
    return { ok: false, error: `Too many wrong codes from this network. Wait ${Math.ceil(ms / 1000)} seconds, then check the code with your teacher.`, status: 429 };
  }

  /** What a student's page needs before joining by code. */
  async joinInfo(typed: unknown, ip: string | undefined): Promise<Result<{ info: JoinInfo }>> {
    const r = await this.checkCode(typed, ip);
    if (!r.ok) return r;
    const s = r.session.rec;
    if (s.status === "ended") return { ok: false, error: "This class session has ended.", status: 410 };
    const info: JoinInfo = { ok: true, code: s.code, name: s.name, mode: s.mode, room: HOSTED_MODE[s.mode].room, status: s.status, lateJoin: s.settings.lateJoin, teamCount: s.settings.teamCount, unlocked: s.settings.unlocked, suggestions: suggestNicknames(4) };
    return { ok: true, info };
  }

  // ---- the teacher ----

  /** Does `token` open session `id`? (Live sessions from memory, past ones from the store.) */
  async isHost(id: unknown, token: unknown): Promise<boolean> {
    if (typeof id !== "string") return false;
    const rec = this.live.get(id)?.rec ?? (await this.store.session(id));
    return !!rec && tokenMatches(token, rec.hostHash);
  }

  /** Record a refused teacher action (a student's socket, a wrong link). */
  refused(sessionId: string, who: string, what: string, why: string): void {
    const e: SecurityEvent = { at: new Date().toISOString(), sessionId: String(sessionId).slice(0, 40), who, what: what.slice(0, 40), why };
    this.security.push(e);
    if (this.security.length > SECURITY_KEPT) this.security.shift();
    log.warn(e, "teacher action refused");
  }

  /** A teacher action, authorised by the host token, validated, applied and saved. */
  async act(id: string, token: unknown, raw: unknown, who: string): Promise<ActionAck> {
    const type = typeof (raw as { type?: unknown })?.type === "string" ? String((raw as { type: string }).type) : "?";
    if (!(await this.isHost(id, token))) {
      this.refused(id, who, type, "no valid host token");
      return { ok: false, error: "Only the teacher's host link can do that. This attempt was logged." };
    }
    const live = this.live.get(id);
    if (!live) return { ok: false, error: "This session has ended; open its report instead." };
    const parsed = TeacherAction.safeParse(raw);
    if (!parsed.success) return { ok: false, error: `Not a teacher action: ${describeZodError(parsed.error)}` };
    const ack = applyAction(live, parsed.data);
    if (ack.ok && ["start", "pause", "resume", "end", "kick"].includes(parsed.data.type)) await this.persist(live, true);
    if (ack.ok && parsed.data.type === "end") this.retire(live);
    return ack;
  }

  /** An ended session leaves memory once saved; its report and CSV come from the store. */
  private retire(live: LiveSession): void {
    this.live.delete(live.id);
    if (this.byCode.get(live.rec.code) === live) this.byCode.delete(live.rec.code);
  }

  async dashboard(id: string): Promise<DashboardSnapshot | undefined> {
    const live = this.live.get(id);
    if (live) return live.snapshot();
    const report = await this.report(id);
    if (!report) return undefined;
    const rec = (await this.store.session(id))!;
    const joinUrl = `${rec.origin}/join/${rec.code}`;
    return { session: { ...report.session, joinUrl, qr: "" }, roster: report.students, feed: [], chart: [] };
  }

  projector(id: string): ProjectorView | undefined {
    return this.live.get(id)?.projector();
  }

  async report(id: string): Promise<SessionReport | undefined> {
    const live = this.live.get(id);
    if (live) await this.persist(live, false);
    const rec = await this.store.session(id);
    if (!rec) return undefined;
    const players = await this.store.players(id);
    const { origin: _o, hostHash: _h, ...session } = rec;
    return {
      session,
      students: players.map((p) => ({ key: p.key, nick: p.nick, team: p.team, connected: false, kicked: p.kicked, pid: p.pid, counts: p.counts, joinedAt: p.joinedAt, lastSeenAt: p.lastSeenAt })),
    };
  }

  /** "My past sessions": the sessions these host tokens open. */
  async past(tokens: readonly unknown[]): Promise<PastSession[]> {
    const hashes = tokens.filter((t): t is string => typeof t === "string" && t.length > 0 && t.length <= 128).slice(0, 200).map(hashToken);
    const rows = await this.store.sessionsByHost(hashes);
    return rows.map((r) => ({ id: r.id, name: r.name, code: r.code, mode: r.mode, status: this.live.get(r.id)?.rec.status ?? r.status, students: r.students, createdAt: r.createdAt, endedAt: r.endedAt }));
  }

  // ---- timers and the store ----

  private sampleAll(): void {
    for (const s of [...this.live.values()]) {
      s.sample();
      if (Date.now() - s.lastActivity > IDLE_END_MS) void this.endIdle(s);
    }
  }

  /** End a session left idle (a teacher who forgot to): saved like an ended one. */
  private async endIdle(s: LiveSession): Promise<void> {
    applyAction(s, { type: "end" });
    this.retire(s);
    await this.persist(s, true);
    log.info({ session: s.id }, "idle hosted session ended");
  }

  private async persistAll(snapshots: boolean): Promise<void> {
    await Promise.all([...this.live.values()].map((s) => this.persist(s, snapshots)));
  }

  /**
   * Save what changed: the session record, changed student rows, and (when asked, or every
   * SNAPSHOT_MS while running) each room's kernel snapshot. Saves of one session never overlap.
   */
  persist(s: LiveSession, snapshots: boolean): Promise<void> {
    const prev = this.saving.get(s.id) ?? Promise.resolve();
    const next = prev.then(async () => {
      const players = s.takeDirtyPlayers();
      if (s.takeSessionDirty()) await this.store.updateSession(s.rec);
      await this.store.savePlayers(s.id, players);
      if (s.rec.status === "ended") return this.store.dropSnapshots(s.id);
      const due = Date.now() - (this.lastSnapshot.get(s.id) ?? 0) >= SNAPSHOT_MS && s.rec.status === "running";
      if (!snapshots && !due) return;
      this.lastSnapshot.set(s.id, Date.now());
      for (const b of s.bindings.values()) await this.store.saveSnapshot(s.id, { slot: b.slot, tick: b.session.kernel.tick, kernel: b.session.kernel.snapshot() });
    });
    const settled = next.catch((err) => log.error({ session: s.id, err }, "could not save a hosted session"));
    this.saving.set(s.id, settled);
    return settled;
  }

  /** Bring a session that was live at shutdown back: its roster, and its room from the snapshot. */
  private async revive(rec: SessionRecord): Promise<void> {
    const players = await this.store.players(rec.id);
    const live = await this.hold(rec, players);
    if (HOSTED_MODE[rec.mode].perStudent || !this.modes.has(rec.mode)) return;
    const snap = (await this.store.snapshots(rec.id)).find((x) => x.slot === "main");
    const restore = snap && {
      kernel: snap.kernel,
      players: players.filter((p) => p.slot === "main" && !p.kicked).map((p) => ({ key: p.key, playerId: p.playerId, nick: p.nick, uid: p.uid, team: p.team, pid: p.pid })),
    };
    await this.openRoom(live, "main", restore);
    log.info({ session: rec.id, status: rec.status, tick: snap?.tick ?? 0, students: players.length }, "hosted session restored");
  }
}
