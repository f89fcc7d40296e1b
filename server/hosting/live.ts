// A hosted session while the server holds it: its record, the roster with per-student counters,
// the live feed, chart samples, and the rooms it runs in. It collects what the rooms report and
// hands the dashboard and the projector what changed. Teacher actions live in actions.ts.

import type { Player } from "../game/session.ts";
import type { ActionResult, KernelEvent } from "../kernel/types.ts";
import {
  CLASS_SUMMARY, PAUSE_REASON, emptyCounts, sum, teamName,
  type ChartPoint, type ClassSummary, type DashboardSnapshot, type DashboardUpdate, type FeedItem, type ProjectorView, type RosterRow, type SessionInfo,
} from "../../shared/hosting.ts";
import { countEvent, countResult, Feed, resultItem, type Actor } from "./counters.ts";
import type { PlayerRecord, SessionRecord } from "./store.ts";
import { RoomBinding, type RoomHandle, type Sample } from "./binding.ts";
import type { GameSession } from "../game/session.ts";
import { teamForNewcomer } from "./teams.ts";
import { classroomGlance } from "../classroom/glance.ts";
import { log } from "../log.ts";

/** Feed items kept per session (the dashboard shows and filters these). */
export const FEED_KEPT = 500;
/** Chart points kept: one per second, ten minutes. */
export const CHART_KEPT = 600;
const HAPPENINGS_KEPT = 8;

export interface Student {
  rec: PlayerRecord;
  connected: boolean;
  /** The connection's Colyseus session id while connected. */
  sessionId?: string;
}

export class LiveSession {
  rec: SessionRecord;
  readonly joinUrl: string;
  readonly qr: string;
  readonly roster = new Map<string, Student>();
  readonly bindings = new Map<string, RoomBinding>();
  readonly feed = new Feed(FEED_KEPT);
  readonly chart: ChartPoint[] = [];
  readonly happenings: { at: number; text: string }[] = [];
  /** Kernel tick (of the main room) until which the scheduler is frozen. */
  frozenUntil = 0;
  /** Set while the server shuts down: leaves are not the students' doing. */
  suspended = false;
  /** Called when a feed line is waiting, so the channel can push it before its next flush. */
  onFeed: (() => void) | undefined;
  /** When a student or the teacher last did something (ms since epoch). */
  lastActivity = Date.now();
  /** A room's player key -> the roster key of the same browser (a student's second level room). */
  private readonly aliases = new Map<string, string>();
  private pending: DashboardUpdate = {};
  private dirtyPlayers = new Set<string>();
  private sessionDirty = false;

  constructor(rec: SessionRecord, joinUrl: string, qr: string, players: readonly PlayerRecord[] = []) {
    this.rec = rec;
    this.joinUrl = joinUrl;
    this.qr = qr;
    for (const p of players) this.roster.set(p.key, { rec: p, connected: false });
  }

  get id(): string {
    return this.rec.id;
  }

  info(): SessionInfo {
    const r = this.rec;
    return { id: r.id, code: r.code, name: r.name, mode: r.mode, status: r.status, settings: r.settings, joinUrl: this.joinUrl, qr: this.qr, createdAt: r.createdAt, startedAt: r.startedAt, endedAt: r.endedAt };
  }

  /** The reason a hosted room is paused with, for the current status ("" = running). */
  pauseReason(): string {
    const s = this.rec.status;
    return s === "lobby" ? PAUSE_REASON.lobby : s === "paused" ? PAUSE_REASON.teacher : s === "ended" ? PAUSE_REASON.ended : "";
  }

  // ---- rooms ----

  /** Attach a room's GameSession; the room is paused as the status says. */
  bind(slot: string, session: GameSession, room: RoomHandle): RoomBinding {
    const b = new RoomBinding(slot, session, room, {
      admit: (playerId, nick) => this.admit(playerId, nick),
      result: (p, r) => this.result(p, r),
      event: (e, owner) => this.event(e, owner),
      violation: (p, text) => this.violation(p, text),
    }, () => this.rec.settings.teamCount);
    this.bindings.set(slot, b);
    const reason = this.pauseReason();
    if (reason) session.pause(reason);
    else session.resume();
    return b;
  }

  unbind(slot: string, session: GameSession): void {
    if (this.bindings.get(slot)?.session === session) this.bindings.delete(slot);
  }

  // ---- students ----

  /** The roster row of a room's player key (or of a roster key). */
  student(key: string): Student | undefined {
    return this.roster.get(key) ?? this.roster.get(this.aliases.get(key) ?? "");
  }

  /** The key a student has in the room that holds them now (differs per room in per-student modes). */
  gameKey(st: Student): string | undefined {
    const b = this.bindings.get(st.rec.slot);
    if (!b) return undefined;
    for (const p of b.session.players.values()) if (p.playerId === st.rec.playerId) return p.key;
    return undefined;
  }

  studentByPlayerId(playerId: string): Student | undefined {
    for (const s of this.roster.values()) if (s.rec.playerId === playerId) return s;
    return undefined;
  }

  /** May a new browser join? A readable refusal, or undefined. */
  admit(playerId: string, nick: string): string | undefined {
    const known = this.studentByPlayerId(playerId);
    if (known?.rec.kicked) return "The teacher removed you from this session, so you cannot rejoin it.";
    if (this.rec.status === "ended") return "This class session has ended.";
    if (!known && this.rec.status !== "lobby" && !this.rec.settings.lateJoin) return "This class session has already started, and the teacher has turned late joining off. Ask your teacher to let you in.";
    const lower = nick.toLowerCase();
    for (const s of this.roster.values()) {
      if (s.rec.playerId !== playerId && !s.rec.kicked && s.rec.nick.toLowerCase() === lower) return `Someone in this class is already called "${nick}". Pick another nickname.`;
    }
    return undefined;
  }

  /** A player is in a room (new, rejoining, or back after a restart). */
  joined(slot: string, p: Player, session: GameSession): void {
    const now = new Date().toISOString();
    let s = this.student(p.key);
    const same = s ?? this.studentByPlayerId(p.playerId);
    if (!s && same && !same.rec.kicked) {
      // The same browser in another room of this session (the next level): one row per student.
      this.aliases.set(p.key, same.rec.key);
      s = same;
      s.rec.slot = slot;
    }
    if (!s) {
      const team = teamForNewcomer([...this.roster.values()].filter((x) => !x.rec.kicked).map((x) => ({ key: x.rec.key, team: x.rec.team })), this.rec.settings.teamCount);
      s = { rec: { key: p.key, playerId: p.playerId, slot, nick: p.nick, team, uid: p.uid, pid: p.pid, kicked: false, counts: emptyCounts(), joinedAt: now, lastSeenAt: now }, connected: true };
      this.roster.set(p.key, s);
      this.pushFeed({ kind: "join", ...this.actor(p), ok: true, text: `${p.nick} joined`, reason: "" }, session.kernel.tick);
    }
    if (p.team !== s.rec.team) session.setTeam(p.key, s.rec.team);
    s.connected = true;
    s.sessionId = p.sessionId;
    s.rec.pid = p.pid;
    s.rec.lastSeenAt = now;
    this.touch(s.rec.key);
  }

  /** A student's connection dropped or came back. */
  connection(key: string, connected: boolean): void {
    const s = this.student(key);
    if (!s || this.suspended) return;
    s.connected = connected;
    s.rec.lastSeenAt = new Date().toISOString();
    this.touch(s.rec.key);
  }

  /** A student left for good (or was kicked). Their results stay. */
  left(key: string): void {
    const s = this.student(key);
    if (!s || this.suspended) return;
    s.connected = false;
    s.sessionId = undefined;
    s.rec.lastSeenAt = new Date().toISOString();
    this.touch(s.rec.key);
  }

  private actor(p: Player): Actor {
    const s = this.student(p.key);
    return { key: s?.rec.key ?? p.key, nick: p.nick, team: s?.rec.team ?? p.team };
  }

  private result(p: Player, r: ActionResult): void {
    const s = this.student(p.key);
    if (s && countResult(s.rec.counts, r)) this.touch(s.rec.key);
    const item = resultItem(this.actor(p), r, Date.now());
    if (item) this.pushFeed(item);
  }

  private event(e: KernelEvent, owner: Player | undefined): void {
    if (e.type !== "oom-kill") return;
    const s = owner ? this.student(owner.key) : undefined;
    if (s && countEvent(s.rec.counts, e)) this.touch(s.rec.key);
    const who = owner ? `${owner.nick}'s process ${e.victim}` : `process ${e.victim}`;
    const text = `OOM killer: SIGKILL to ${who} (badness ${e.badness})`;
    this.pushFeed({ at: Date.now(), tick: e.tick, kind: "oom", key: owner?.key ?? "", nick: owner?.nick ?? "", team: s?.rec.team ?? -1, ok: false, fault: "OOM_KILL", text, reason: "memory ran out; the OOM killer picks the highest badness, not necessarily the process that asked" });
    this.happen(text);
  }

  private violation(p: Player, text: string): void {
    this.pushFeed({ at: Date.now(), tick: 0, kind: "violation", ...this.actor(p), ok: false, text: `${p.nick}: ${text}`, reason: "privilege violation: the server only accepts well-formed actions for your own processes" });
  }

  /** Record a teacher action in the feed (and on the projector when the class should know). */
  teacherDid(text: string, reason: string, publicText?: string): void {
    const main = this.bindings.values().next().value as RoomBinding | undefined;
    this.pushFeed({ at: Date.now(), tick: main?.session.kernel.tick ?? 0, kind: "teacher", key: "", nick: "teacher", team: -1, ok: true, text, reason });
    if (publicText) this.happen(publicText);
    log.info({ session: this.id, action: text }, "teacher action");
  }

  private happen(text: string): void {
    this.happenings.push({ at: Date.now(), text });
    if (this.happenings.length > HAPPENINGS_KEPT) this.happenings.shift();
  }

  private pushFeed(item: Omit<FeedItem, "seq" | "at" | "tick"> & { at?: number; tick?: number }, tick = 0): void {
    const full = this.feed.push({ at: Date.now(), tick, ...item });
    (this.pending.feed ??= []).push(full);
    this.onFeed?.();
  }

  /** Mark a student's row changed: the dashboard gets the roster, the store gets the row. */
  touch(key: string): void {
    this.lastActivity = Date.now();
    this.dirtyPlayers.add(key);
    this.pending.roster = [];
  }

  /** The session record changed (status, settings). */
  changed(): void {
    this.lastActivity = Date.now();
    this.sessionDirty = true;
    this.pending.session = this.info();
  }

  // ---- sampling, dashboard, projector ----

  /** Once a second: scores from the synced state, a chart point from every room. */
  sample(): void {
    const cpu: Record<string, number> = {};
    const rss: Record<string, number> = {};
    let capacity = 0;
    for (const b of this.bindings.values()) {
      for (const p of b.session.players.values()) {
        const s = this.student(p.key);
        const score = b.session.state.players.get(p.sessionId)?.score ?? 0;
        if (s && score !== 0 && s.rec.counts.score !== score) {
          s.rec.counts.score = score;
          this.touch(s.rec.key);
        }
      }
      const smp: Sample = b.sample();
      capacity += smp.capacity;
      for (const [k, v] of Object.entries(smp.cpu)) cpu[k] = (cpu[k] ?? 0) + v;
      for (const [k, v] of Object.entries(smp.rss)) rss[k] = (rss[k] ?? 0) + v;
    }
    if (this.rec.status === "lobby" || this.rec.status === "ended") return;
    const share: Record<string, number> = {};
    for (const [k, v] of Object.entries(cpu)) share[k] = capacity > 0 ? Math.min(1, v / capacity) : 0;
    const point: ChartPoint = { t: Date.now() / 1000, cpu: share, rss };
    this.chart.push(point);
    if (this.chart.length > CHART_KEPT) this.chart.shift();
    (this.pending.chart ??= []).push(point);
    const main = this.mainBinding();
    if (main) this.pending.machine = main.glance(main.session.kernel.tick < this.frozenUntil);
  }

  mainBinding(): RoomBinding | undefined {
    return this.bindings.get("main");
  }

  rosterRows(): RosterRow[] {
    return [...this.roster.values()].map((s) => ({
      key: s.rec.key, nick: s.rec.nick, team: s.rec.team, connected: s.connected, kicked: s.rec.kicked, pid: s.rec.pid,
      counts: s.rec.counts, joinedAt: s.rec.joinedAt, lastSeenAt: s.rec.lastSeenAt,
    }));
  }

  snapshot(): DashboardSnapshot {
    const main = this.mainBinding();
    return { session: this.info(), roster: this.rosterRows(), feed: this.feed.tail(200), chart: this.chart.slice(-300), machine: main?.glance(main.session.kernel.tick < this.frozenUntil) };
  }

  /** What changed since the last call (undefined if nothing did). */
  takeUpdate(): DashboardUpdate | undefined {
    const p = this.pending;
    if (!p.session && !p.roster && !p.feed && !p.chart && !p.machine) return undefined;
    this.pending = {};
    if (p.roster) p.roster = this.rosterRows();
    return p;
  }

  projector(): ProjectorView {
    const students = [...this.roster.values()].filter((s) => !s.rec.kicked);
    const teamCount = this.rec.settings.teamCount;
    const teams = Array.from({ length: Math.max(1, teamCount) }, (_, t) => {
      const mine = students.filter((s) => (teamCount > 0 ? s.rec.team === t : true));
      const c = mine.map((s) => s.rec.counts);
      return { team: teamCount > 0 ? t : -1, students: mine.length, score: c.reduce((a, x) => a + x.score, 0), granted: c.reduce((a, x) => a + x.granted, 0), denied: c.reduce((a, x) => a + sum(x.denied), 0), faults: c.reduce((a, x) => a + sum(x.faults), 0) };
    });
    const main = this.mainBinding();
    return {
      name: this.rec.name, code: this.rec.code, joinUrl: this.joinUrl, qr: this.qr, status: this.rec.status, teamCount,
      students: students.map((s) => ({ nick: s.rec.nick, team: s.rec.team, connected: s.connected })),
      teams, machine: main?.glance(main.session.kernel.tick < this.frozenUntil), happenings: [...this.happenings],
      classroom: main ? classroomGlance(main.session) : undefined,
    };
  }

  // ---- persistence ----

  /** Student rows changed since the last call. */
  takeDirtyPlayers(): PlayerRecord[] {
    const out = [...this.dirtyPlayers].map((k) => this.roster.get(k)?.rec).filter((r): r is PlayerRecord => !!r);
    this.dirtyPlayers.clear();
    return out.map((r) => ({ ...r, counts: structuredClone(r.counts) }));
  }

  takeSessionDirty(): boolean {
    const d = this.sessionDirty;
    this.sessionDirty = false;
    return d;
  }

  /** Each connected student's own summary, sent when the session ends. */
  sendSummaries(): void {
    for (const b of this.bindings.values()) {
      for (const p of b.session.players.values()) {
        const s = this.student(p.key);
        if (!s) continue;
        b.room.send(p.sessionId, CLASS_SUMMARY, { name: this.rec.name, nick: s.rec.nick, team: s.rec.team, counts: s.rec.counts } satisfies ClassSummary);
      }
    }
  }

  /** Sentence for the feed: "team Orange" / "no team". */
  static teamWords(team: number): string {
    return team >= 0 ? `team ${teamName(team)}` : "no team";
  }
}
