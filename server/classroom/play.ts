// Classroom team play attached to a GameSession through its hooks: teams and their Unix groups,
// rounds with a timer, the workload measured from the kernel's answers, the scoreboard in the
// synced ClassroomView, OOM kills told to everyone with the reason, Ring Wars policy messages,
// and at the end of a round the results, the explanation and the recording for the replay.

import { nanoid } from "nanoid";
import { S2C, type MsgOf, type Notice } from "../../shared/protocol.ts";
import { TeamView, type ClassroomMessage, type RoundResult, type TeamRole, type Variant } from "../../shared/classroom.ts";
import type { Action, ActionResult, Kernel, KernelEvent, ProcSpec } from "../kernel/index.ts";
import type { GameSession, Player, SessionHooks } from "../game/session.ts";
import { ingestResult, sampleTick, teamResults, TeamLedger } from "./ledger.ts";
import { winnerOf } from "./score.ts";
import { withExplanation } from "./explain.ts";
import { applyPolicy, applyTeamPolicy, classify, TeamPolicy } from "./ringwars.ts";
import { studentSpec, teamColor, teamGid, teamName, TEAM_GID_BASE, VAULT, type Workload } from "./world.ts";
import type { RoundRecord } from "./store.ts";
import { MAX_CLASS_TEAMS } from "../../shared/classroom.ts";

export interface ClassroomOptions {
  teams: number;
  variant: Variant;
  /** Round length in kernel ticks. */
  roundTicks: number;
  workload: Workload;
  /** Without a teacher any player may start the next round (`round` message). */
  standalone: boolean;
  /** Store a finished round (the room writes it to the database). */
  record?(rec: RoundRecord): void;
  roomId?: string;
  classCode?: string;
}

const plays = new WeakMap<GameSession, ClassroomPlay>();

/** The classroom play of a session, if it runs one (the hosting layer's "next round" uses it). */
export function classroomOf(session: GameSession): ClassroomPlay | undefined {
  return plays.get(session);
}

export class ClassroomPlay implements SessionHooks {
  private readonly session: GameSession;
  private readonly kernel: Kernel;
  readonly opts: ClassroomOptions;
  private readonly policy = new TeamPolicy();
  private ledgers: TeamLedger[] = [];
  private phase: "waiting" | "playing" | "ended" = "waiting";
  private round = 0;
  private endTick = 0;
  /** Team whose group each player's processes carry now. */
  private readonly synced = new Map<string, number>();
  private readonly known = new Set<number>();
  private lastResult: RoundResult | undefined;

  constructor(session: GameSession, opts: ClassroomOptions) {
    this.session = session;
    this.kernel = session.kernel;
    this.opts = { ...opts, teams: Math.max(1, Math.min(MAX_CLASS_TEAMS, opts.teams)) };
    plays.set(session, this);
    const v = session.state.classroom;
    v.variant = opts.variant;
    v.roundTicks = opts.roundTicks;
    v.inputs = opts.workload.inputs;
    v.computeTicks = opts.workload.computeTicks;
    v.pagesToFill = opts.workload.pages;
    if (opts.variant === "ringwars") v.vault = VAULT.flag;
    for (let t = 0; t < this.opts.teams; t++) v.teams.push(new TeamView({ name: teamName(t), color: teamColor(t), role: this.role(t) }));
  }

  get results(): RoundResult | undefined {
    return this.lastResult;
  }

  get playing(): boolean {
    return this.phase === "playing";
  }

  role(team: number): TeamRole {
    return this.opts.variant !== "ringwars" ? "race" : team === 0 ? "policy" : "attack";
  }

  // ---- session hooks ----

  processSpec(player: Player): Partial<ProcSpec> {
    return studentSpec(player.uid, player.team, this.inVault(player.team));
  }

  onJoin(player: Player): void {
    this.placeInTeam(player);
    this.syncTeams();
  }

  /** Everyone plays in a team: a player outside the room's teams (none given, or more teams than it has) joins the smallest. */
  private placeInTeam(player: Player): void {
    if (player.team >= 0 && player.team < this.opts.teams) return;
    const sizes = new Array<number>(this.opts.teams).fill(0);
    for (const p of this.session.players.values()) if (p !== player && p.team >= 0 && p.team < this.opts.teams) sizes[p.team]++;
    this.session.setTeam(player.key, sizes.indexOf(Math.min(...sizes)));
  }

  refuse(_player: Player, _action: Action): string | undefined {
    // A team change made while the machine was not ticking (the lobby) applies before any action runs.
    this.syncTeams();
    if (this.phase === "ended") return `Round ${this.round} is over: look at the scoreboard. ${this.opts.standalone ? "Press N to start the next round." : "Your teacher starts the next one."}`;
    return undefined;
  }

  onResult(player: Player, r: ActionResult): void {
    const l = this.ledgers[player.team];
    if (this.phase !== "playing" || !l) return;
    ingestResult(l, this.opts.workload, r, this.kernel);
    if (l.role !== "attack") return;
    const v = classify(r, player.team, this.kernel);
    if (!v) return;
    const pol = this.ledgers[0];
    if (v.kind === "illegitimate") {
      l.illegitimate++;
      pol.blocked++;
    } else if (v.kind === "legit-denied") pol.legitDenied++;
    else if (!l.captures.has(v.way)) {
      l.captures.add(v.way);
      this.broadcast({ type: "capture", team: player.team, path: v.path, how: v.way });
    }
  }

  onEvent(e: KernelEvent, owner: Player | undefined): void {
    if (e.type === "exit") {
      for (const l of this.ledgers) l.pagesByPid.delete(e.pid);
      return;
    }
    if (e.type !== "oom-kill") return;
    const team = owner?.team ?? -1;
    if (this.phase === "playing" && this.ledgers[team]) this.ledgers[team].oomKills++;
    const entry = this.kernel.auditTail(30).reverse().find((a) => a.kind === "oom" && a.pid === e.victim);
    const rss = Number(/rss:(\d+)/.exec(entry?.text ?? "")?.[1] ?? 0);
    const asked = e.trigger === 0 ? "the kernel itself needed frames (memory pressure)" : e.trigger === e.victim ? "it was also the process that asked for the frame" : `it was not the process that asked (pid ${e.trigger})`;
    const reason = `no frame was free, so the OOM killer sent SIGKILL to the process with the highest badness: pid ${e.victim}${owner ? ` (${owner.nick}, team ${teamName(team)})` : ""} with badness ${e.badness} (${rss} resident pages + its page tables); ${asked}.`;
    this.broadcast({ type: "oom", victim: e.victim, nick: owner?.nick ?? "", team, badness: e.badness, rss, reason });
  }

  onViolation(player: Player): void {
    const l = this.ledgers[player.team];
    if (this.phase === "playing" && l?.role === "attack") {
      l.illegitimate++;
      this.ledgers[0].blocked++;
    }
  }

  onMessage(player: Player, type: string, body: Record<string, unknown>): boolean {
    if (type === "round") {
      if (!this.opts.standalone) this.notice(player, "error", "Your teacher starts the next round from the dashboard.");
      else if (this.phase !== "ended") this.notice(player, "error", "This round is still running.");
      else this.startRound();
      return true;
    }
    if (type !== "policy") return false;
    const m = body as MsgOf<"policy">;
    if (this.opts.variant !== "ringwars") {
      this.notice(player, "error", "Policy changes belong to Ring Wars; in this round the teacher sets the machine's policy.");
      return true;
    }
    if (this.role(player.team) !== "policy") {
      const text = `tried to change the kernel's policy (${m.kind}) without being on the policy team`;
      this.kernel.recordViolation(player.pid, `${player.nick}: ${text}`, "privilege violation: only the policy team's console may change file modes, groups, capabilities, allow-lists or mitigations");
      this.onViolation(player);
      this.notice(player, "error", `Only team ${teamName(0)} (the policy team) can change the kernel's policy. This attempt was logged as a violation.`);
      return true;
    }
    if (this.phase === "ended") {
      this.notice(player, "error", "The round is over.");
      return true;
    }
    const r = applyPolicy(this.kernel, this.policy, m, (t) => this.teamPids(t), this.opts.teams);
    if (!r.ok) this.notice(player, "error", r.error);
    else {
      this.broadcast({ type: "policy", text: `Policy (${player.nick}): ${r.text}` });
      this.showMitigations();
    }
    return true;
  }

  afterTick(): void {
    if (this.phase === "waiting") this.startRound();
    this.syncTeams();
    if (this.phase !== "playing") return;
    const byKey = new Map<string, Player>();
    for (const p of this.session.players.values()) byKey.set(p.key, p);
    for (const p of this.kernel.ps()) {
      const owner = p.tag ? byKey.get(p.tag) : undefined;
      if (!owner || p.state === "ZOMBIE") continue;
      const l = this.ledgers[owner.team];
      if (l) sampleTick(l, p);
      if (!this.known.has(p.pid)) {
        this.known.add(p.pid);
        if (this.opts.variant === "ringwars" && owner.team >= 0) applyTeamPolicy(this.kernel, this.policy, p.pid, owner.team);
      }
    }
    const tick = this.kernel.tick;
    for (const l of this.ledgers) l.checkFinished(this.opts.workload, tick);
    const racing = this.ledgers.filter((l) => l.role !== "policy");
    const allDone = racing.length > 0 && racing.every((l) => l.finishedAt > 0);
    this.showScores();
    if (tick >= this.endTick || allDone) this.endRound();
  }

  // ---- rounds ----

  /** Start the next round now (the teacher's "next round", or a standalone room's `round`). False if one is running. */
  startRound(): boolean {
    if (this.phase === "playing") return false;
    this.round++;
    this.phase = "playing";
    const start = this.kernel.tick;
    this.endTick = start + this.opts.roundTicks;
    this.ledgers = Array.from({ length: this.opts.teams }, (_, t) => new TeamLedger(t, this.role(t)));
    const v = this.session.state.classroom;
    v.round = this.round;
    v.phase = "playing";
    v.startTick = start;
    v.endTick = this.endTick;
    v.winner = -1;
    v.headline = "";
    v.explanation.clear();
    this.showScores();
    this.broadcast({ type: "round-start", round: this.round, endTick: this.endTick });
    return true;
  }

  /** End the running round now (a teacher's call, a test). False if none is running. */
  endRoundNow(): boolean {
    if (this.phase !== "playing") return false;
    this.endRound();
    return true;
  }

  private endRound(): void {
    // The recording first, before anything below touches the kernel: its log and hash are the round.
    const finalHash = this.kernel.hash();
    const log = this.kernel.inputLog();
    const config = this.kernel.snapshot().config as RoundRecord["config"];
    const endTick = this.kernel.tick;
    const teams = teamResults(this.ledgers, this.opts.workload);
    const winner = winnerOf(teams.map((t) => t.score));
    const id = this.opts.record ? nanoid(12) : "";
    const result = withExplanation({ round: this.round, variant: this.opts.variant, winner, teams, startTick: this.session.state.classroom.startTick, endTick, replayId: id });
    this.lastResult = result;
    this.phase = "ended";
    const v = this.session.state.classroom;
    v.phase = "ended";
    v.winner = winner;
    v.headline = result.headline;
    v.explanation.push(...result.lines);
    v.replayId = id;
    this.showScores(teams.map((t) => t.score));
    for (const p of this.session.players.values()) for (const pid of this.session.ownedPids(p.sessionId)) this.kernel.cancel(pid);
    if (this.opts.record) {
      const players = [...this.session.players.values()].map((p) => ({ key: p.key, nick: p.nick, team: p.team }));
      const cast = { teams: Array.from({ length: this.opts.teams }, (_, t) => ({ name: teamName(t), color: teamColor(t) })), players };
      this.opts.record({ id, roomId: this.opts.roomId ?? "", classCode: this.opts.classCode, round: this.round, variant: this.opts.variant, startTick: result.startTick, endTick, finalHash, config, log, cast, result });
    }
    this.broadcast({ type: "round-end", result });
  }

  // ---- teams ----

  private inVault(team: number): boolean {
    return this.policy.vault.has(team);
  }

  /** Live pids of every player in `team`. */
  private teamPids(team: number): number[] {
    const out: number[] = [];
    for (const p of this.session.players.values()) if (p.team === team) out.push(...this.session.ownedPids(p.sessionId));
    return out;
  }

  /** A player whose team changed (the teacher moved them) gets the new team's group on every process. */
  private syncTeams(): void {
    for (const p of this.session.players.values()) {
      if (this.synced.get(p.key) === p.team) continue;
      this.placeInTeam(p);
      this.synced.set(p.key, p.team);
      for (const pid of this.session.ownedPids(p.sessionId)) {
        const info = this.kernel.proc(pid);
        if (!info) continue;
        const groups = info.groups.filter((g) => g < TEAM_GID_BASE || g >= TEAM_GID_BASE + MAX_CLASS_TEAMS);
        if (p.team >= 0 && p.team < this.opts.teams) groups.push(teamGid(p.team));
        this.kernel.admin({ op: "setGroups", pid, groups });
      }
    }
  }

  // ---- the synced view ----

  private showScores(final?: number[]): void {
    const v = this.session.state.classroom;
    const rows = final ? undefined : teamResults(this.ledgers, this.opts.workload);
    const members = new Array<number>(this.opts.teams).fill(0);
    for (const p of this.session.players.values()) if (p.team >= 0 && p.team < this.opts.teams) members[p.team]++;
    this.ledgers.forEach((l, t) => {
      const tv = v.teams[t];
      if (!tv) return;
      const pr = l.progress(this.opts.workload);
      const score = final ? final[t] : rows![t].score;
      set(tv, "members", members[t]);
      set(tv, "progress", Math.round(100 * pr.fraction));
      set(tv, "filesRead", pr.filesRead);
      set(tv, "computed", pr.computed);
      set(tv, "pages", pr.pages);
      set(tv, "written", pr.written);
      set(tv, "score", score);
      set(tv, "oomKills", l.oomKills);
      set(tv, "faults", Object.values(l.faults).reduce((a, b) => a + b, 0));
      set(tv, "denials", Object.values(l.denials).reduce((a, b) => a + b, 0));
      set(tv, "captures", l.role === "policy" ? l.legitDenied : l.captures.size);
      set(tv, "finishedAt", l.finishedAt);
    });
    for (const p of this.session.players.values()) {
      const pv = this.session.state.players.get(p.sessionId);
      const score = v.teams[p.team]?.score ?? 0;
      if (pv && pv.score !== score) pv.score = score;
    }
  }

  private showMitigations(): void {
    const m = this.kernel.mitigations();
    const on = (Object.keys(m) as (keyof typeof m)[]).filter((k) => m[k]).join(",");
    set(this.session.state.classroom, "mitigations", on);
  }

  private broadcast(m: ClassroomMessage): void {
    this.session.post("*", S2C.CLASSROOM, m);
  }

  private notice(p: Player, level: Notice["level"], message: string): void {
    this.session.post(p.sessionId, S2C.NOTICE, { level, message } satisfies Notice);
  }
}

function set<T extends object, K extends keyof T>(obj: T, key: K, value: T[K]): void {
  if (obj[key] !== value) obj[key] = value;
}
