// One attempt at a level, attached to a GameSession through its hooks: the allowed actions, the
// briefing (the clock waits for `begin`), hints, predictions, the other processes' script, the
// facts and metrics of the attempt, and the verdict. The win is decided here, on the server, by
// the level's check over the kernel's audit log and state; the client only hears about it.

import { syscallName } from "../../shared/abi/syscalls.ts";
import { MAX_QUEUED_ACTIONS } from "../../shared/params.ts";
import { S2C, type Notice } from "../../shared/protocol.ts";
import type { AttemptMetrics, Debrief, LevelMessage, LevelPhase, LevelView } from "../../shared/levels/types.ts";
import { ObjectiveView } from "../../shared/levels/types.ts";
import type { CapName } from "../../shared/abi/caps.ts";
import type { Action, ActionResult, Kernel, KernelEvent, ProcSpec } from "../kernel/index.ts";
import type { GameSession, Player, SessionHooks } from "../game/session.ts";
import { judge, objectivesOf, type Check, type Judgement } from "./check.ts";
import { accessFact, actualOutcome, eventFact, FactLog, predictionFact, syscallFact, type Fact } from "./facts.ts";
import type { Level } from "./loader.ts";
import { Meter } from "./meter.ts";
import { scoreOf } from "./score.ts";
import { Script } from "./world.ts";
import { log } from "../log.ts";

/** The pause reason while the player reads the briefing (or plans, in a "plan" level). */
export const BRIEFING_PAUSE = "read the briefing, then start";

/** How an attempt ended, for the store and the hosting layer. */
export interface AttemptEnd {
  player: Player;
  won: boolean;
  score: number;
  metrics: AttemptMetrics;
}

export interface LevelPlayOptions {
  /** The player's best score on this level before this attempt (null: never won it). */
  previousBest?: number | null;
  /** Called once, when the attempt is won. */
  onWin?(end: AttemptEnd): void;
}

/** Does a check node read the kernel's state (true until the end for "no fd left" and the like)? */
function hasState(c: Check | undefined): boolean {
  if (!c) return false;
  if ("state" in c) return true;
  if ("all" in c) return c.all.some(hasState);
  if ("any" in c) return c.any.some(hasState);
  return false;
}

const ACTION_WORDS: Record<string, string> = { load: "memory loads", store: "memory stores", exec: "instruction fetches (exec)", compute: "compute" };

/** "write, open and memory loads". */
export function allowedText(list: readonly string[]): string {
  const words = list.map((n) => ACTION_WORDS[n] ?? n);
  return words.length < 2 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

export class LevelPlay implements SessionHooks {
  readonly level: Level;
  private readonly session: GameSession;
  private readonly kernel: Kernel;
  private readonly view: LevelView;
  private readonly opts: LevelPlayOptions;
  private readonly log = new FactLog();
  private readonly meter: Meter;
  private readonly script: Script;
  private auditSeq: number;
  private player: Player | undefined;
  private phase: LevelPhase = "briefing";
  private startTick = 0;
  private hintsUsed = 0;
  private prediction: { outcome: string; bound: boolean } | undefined;
  private last: Judgement | undefined;

  constructor(session: GameSession, level: Level, opts: LevelPlayOptions = {}) {
    this.session = session;
    this.level = level;
    this.kernel = session.kernel;
    this.opts = { ...opts };
    // A restored machine (a class session after a restart) has already run its warm-up.
    const warmup = session.options.restore ? 0 : (level.world.warmup ?? 0);
    for (let i = 0; i < warmup; i++) this.kernel.step();
    this.kernel.drainEvents();
    this.auditSeq = this.kernel.auditSeq;
    this.meter = new Meter(this.kernel, level.world.measure?.work);
    this.script = new Script(level, this.kernel);
    this.view = session.state.level;
    this.initView();
    session.pause(BRIEFING_PAUSE);
  }

  /** The facts of this attempt so far (for tests and the debrief). */
  get facts(): readonly Fact[] {
    return this.log.facts;
  }

  /** The player's best score before this attempt, once the store has answered. */
  setPreviousBest(best: number | null): void {
    this.opts.previousBest = best;
  }

  get won(): boolean {
    return this.phase === "won";
  }

  metrics(): AttemptMetrics {
    return { syscalls: this.meter.syscalls, cpuTicks: this.meter.cpuTicks(), faults: this.log.facts.filter((f) => f.kind === "access" && f.fault).length, hints: this.hintsUsed };
  }

  // ---- session hooks ----

  processSpec(): Partial<ProcSpec> {
    const p = this.level.world.player;
    return p ? { ...p, caps: p.caps as CapName[] | undefined } : {};
  }

  onJoin(player: Player): void {
    this.player ??= player;
    this.meter.pids.add(player.pid);
  }

  refuse(player: Player, action: Action): string | undefined {
    if (this.phase === "won") return "You have already won this level. Open the level map for the next one, or retry this one for a better score.";
    if (this.phase === "failed") return `This attempt is over (${this.view.outcome}). Retry the level for a fresh machine.`;
    const name = action.kind === "syscall" ? syscallName(action.nr) : action.kind === "access" ? action.op : "compute";
    if (!this.level.allowed.includes(name)) return `This level allows only ${this.view.allowed}; ${ACTION_WORDS[name] ?? name} is not one of them.`;
    if (this.level.predictions) {
      if (!this.prediction || this.prediction.bound) return `Predict first: what will the kernel answer? Choose ${allowedText(this.level.predictions).replace(/ and /, " or ")} (keys 1-${this.level.predictions.length}), then act.`;
      this.prediction.bound = true;
    }
    // While the clock waits, show the plan (the process's queue is projected only once ticks run).
    const queued = this.kernel.proc(player.pid)?.queued ?? 0;
    if (this.phase === "briefing" && queued < MAX_QUEUED_ACTIONS) this.view.plan.push(action.kind === "compute" ? `compute(${action.ticks})` : `${name}()`);
    return undefined;
  }

  onResult(_player: Player, r: ActionResult): void {
    this.ingest();
    if (r.kind === "access") this.log.add(accessFact(r, this.vmaAt(r.pid, r.addr)));
    if (this.prediction?.bound && r.ticket > 0 && r.kind !== "compute") {
      const line = r.line;
      const call = r.kind === "syscall" ? r.name : r.op;
      this.log.add(predictionFact(this.prediction.outcome, actualOutcome(r), call, r.tick, r.pid, line));
      this.prediction = undefined;
      this.view.predicted = "";
    }
  }

  onEvent(e: KernelEvent): void {
    this.ingest();
    if (e.type === "result" || e.type === "oom-kill" || e.type === "reboot") return;
    if (e.type === "fork") {
      if (!this.meter.pids.has(e.parent)) return;
      this.meter.pids.add(e.child);
    } else if (!this.meter.pids.has(e.type === "reaped" ? e.by : e.pid)) return;
    this.log.add(eventFact(e));
  }

  onMessage(player: Player, type: string, body: Record<string, unknown>): boolean {
    switch (type) {
      case "begin":
        this.begin();
        return true;
      case "hint":
        this.hint(player);
        return true;
      case "predict":
        this.predict(player, String(body.outcome));
        return true;
      case "finish":
        this.finish(player);
        return true;
      default:
        return false;
    }
  }

  afterTick(): void {
    // Someone else lifted the pause (a class session's start) before the player pressed Start:
    // the level's clock still waits for the player.
    if (this.phase === "briefing" && !this.session.state.paused) this.session.pause(BRIEFING_PAUSE);
    this.ingest();
    if (this.player?.pid) this.meter.pids.add(this.player.pid);
    this.meter.sample();
    if (this.phase === "playing") {
      for (const e of this.script.run(this.kernel.tick - this.startTick, this.player?.pid ?? 0)) log.warn({ level: this.level.id, err: e }, "level script step failed");
      this.judgeNow(false);
    }
    this.showMetrics();
  }

  // ---- the player's level messages ----

  private begin(): void {
    if (this.phase !== "briefing") return;
    this.phase = this.view.phase = "playing";
    this.startTick = this.kernel.tick;
    this.view.plan.clear();
    if (this.session.state.pauseReason === BRIEFING_PAUSE) this.session.resume();
  }

  private hint(player: Player): void {
    const hints = this.level.hints;
    if (this.hintsUsed >= hints.length) return this.notice(player, "info", `That was the last hint (${hints.length} of ${hints.length}).`);
    const text = hints[this.hintsUsed++];
    this.view.hints.push(text);
    this.send(player, { type: "hint", index: this.hintsUsed, text });
    log.info({ level: this.level.id, hint: this.hintsUsed }, "hint revealed");
  }

  private predict(player: Player, outcome: string): void {
    const choices = this.level.predictions;
    if (!choices) return this.notice(player, "error", "This level takes no predictions; just act.");
    if (this.phase === "won" || this.phase === "failed") return this.notice(player, "error", "This attempt is over.");
    if (!choices.includes(outcome)) return this.notice(player, "error", `Predict one of ${allowedText(choices).replace(/ and /, " or ")}.`);
    const busy = this.session.ownedPids(player.sessionId).some((pid) => {
      const p = this.kernel.proc(pid);
      return !!p && (p.queued > 0 || (p.state === "BLOCKED" && p.wchan !== "tty") || (this.prediction?.bound === true && p.state === "RUNNING"));
    });
    if (busy) return this.notice(player, "error", "Predict when your process is idle: wait until its queued action has run.");
    this.prediction = { outcome, bound: false };
    this.view.predicted = outcome;
    this.notice(player, "info", `Prediction noted: ${outcome}. Now make the call.`);
  }

  private finish(player: Player): void {
    if (this.phase === "briefing") return this.notice(player, "error", "Start the level first.");
    if (this.phase !== "playing") return;
    const j = this.judgeNow(true);
    if (j && !j.pass && this.phase === "playing") {
      const missing = j.objectives.filter((o) => !o.pass).map((o) => `${o.goal}${o.why ? ` (${o.why})` : ""}`);
      this.send(player, { type: "not-yet", missing });
    }
  }

  // ---- judging ----

  private judgeNow(final: boolean): Judgement | undefined {
    const p = this.player;
    if (!p || this.phase !== "playing") return undefined;
    const j = judge(this.level.check, this.log.facts, this.meter.state(p.pid, p.key));
    this.last = j;
    const objectives = objectivesOf(this.level.check);
    j.objectives.forEach((o, i) => {
      const v = this.view.objectives[i];
      // A level judged at Finish shows its end-state objectives as open until then.
      const done = o.pass && (final || !this.level.finish || !hasState(objectives[i]));
      if (v && v.done !== done) v.done = done;
      if (v && v.broken !== o.broken) v.broken = o.broken;
    });
    if (j.broken) this.fail(p, j.objectives.find((o) => o.broken)!);
    else if (j.pass && (final || !this.level.finish)) this.win(p, j);
    // Once the measured work is done its CPU share is final: a miss cannot be made good any more.
    else if (!j.pass && this.meter.measured) this.fail(p, j.objectives.find((o) => !o.pass)!);
    return j;
  }

  private win(p: Player, j: Judgement): void {
    this.phase = this.view.phase = "won";
    const metrics = this.metrics();
    const score = scoreOf(metrics, this.level.par);
    const debrief = this.debrief(j);
    this.view.score = score;
    this.view.outcome = "won";
    this.view.debrief = debrief.kernel;
    this.view.debriefLines.push(...debrief.lines);
    this.stopPlayer(p);
    const best = Math.max(this.opts.previousBest ?? 0, score);
    this.send(p, { type: "won", score, best, metrics, debrief });
    this.opts.onWin?.({ player: p, won: true, score, metrics });
  }

  private fail(p: Player, o: { goal: string; why: string }): void {
    this.phase = this.view.phase = "failed";
    this.view.outcome = `${o.goal}: ${o.why}`;
    this.stopPlayer(p);
    this.send(p, { type: "failed", reason: this.view.outcome });
  }

  /** The debrief: the level's story, this attempt's key audit lines, the source. */
  private debrief(j: Judgement): Debrief {
    const seen = new Set<number>();
    const facts = j.objectives.flatMap((o) => o.evidence).filter((f) => !seen.has(f.i) && seen.add(f.i)).sort((a, b) => a.i - b.i);
    const lines = facts.slice(0, 12).map((f) => `[pid ${f.pid}] ${f.line} — ${f.reason}`);
    for (const o of j.objectives) for (const n of o.notes ?? []) lines.push(`[state] ${n} — ${o.goal}`);
    return { kernel: this.level.debrief, lines, source: this.level.source };
  }

  /** The last verdict (tests and the room read it). */
  get judgement(): Judgement | undefined {
    return this.last;
  }

  // ---- helpers ----

  /** New audit entries: count the player's syscalls and turn their exits into facts. */
  private ingest(): void {
    for (const e of this.kernel.auditSince(this.auditSeq)) {
      this.auditSeq = e.seq;
      this.meter.noteAudit(e);
      if (this.meter.pids.has(e.pid)) this.log.add(syscallFact(e));
    }
  }

  private vmaAt(pid: number, addr: number): string {
    return this.kernel.vmas(pid).find((v) => addr >= v.start && addr < v.end)?.name ?? "";
  }

  /** The attempt is over: drop the player's queued actions. */
  private stopPlayer(p: Player): void {
    for (const pid of this.session.ownedPids(p.sessionId)) this.kernel.cancel(pid);
  }

  private initView(): void {
    const l = this.level;
    const v = this.view;
    v.id = l.id;
    v.order = l.order;
    v.title = l.title;
    v.idea = l.idea;
    v.briefing = l.briefing;
    v.source = l.source;
    v.allowed = allowedText(l.allowed);
    v.allowList.push(...l.allowed);
    v.phase = this.phase;
    v.clock = l.clock ?? "run";
    v.finish = l.finish ?? false;
    v.predictions.push(...(l.predictions ?? []));
    v.hintsTotal = l.hints.length;
    for (const o of objectivesOf(l.check)) v.objectives.push(new ObjectiveView({ goal: o.goal ?? "" }));
  }

  private showMetrics(): void {
    const m = this.metrics();
    const v = this.view;
    if (v.syscalls !== m.syscalls) v.syscalls = m.syscalls;
    if (v.cpuTicks !== m.cpuTicks) v.cpuTicks = m.cpuTicks;
    if (v.faults !== m.faults) v.faults = m.faults;
  }

  private send(p: Player, m: LevelMessage): void {
    this.session.post(p.sessionId, S2C.LEVEL, m);
  }

  private notice(p: Player, level: Notice["level"], message: string): void {
    this.session.post(p.sessionId, S2C.NOTICE, { level, message } satisfies Notice);
  }
}
