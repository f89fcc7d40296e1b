// The scheduler's policies: round-robin (one FIFO queue and a quantum), MLFQ (OSTEP ch. 8: levels,
// per-level quanta, rule 4 allotment or the old gameable rules 4a/4b, rule 5 boost), and a
// CFS-like fair share (vruntime weighted by nice). The run queue holds exactly the RUNNABLE pids.

import {
  FAIR_LATENCY_TICKS, FAIR_MIN_GRANULARITY_TICKS, MLFQ_ALLOTMENT_TICKS, MLFQ_LEVELS, MLFQ_QUANTA, NICE_MIN, NICE_TO_WEIGHT, RR_QUANTUM_TICKS,
} from "../../shared/params.ts";
import type { SchedConfig } from "./types.ts";
import type { Proc } from "./proc.ts";

/** Weight of nice 0 (NICE_0_LOAD). */
export const NICE_0_WEIGHT = NICE_TO_WEIGHT[-NICE_MIN];

/** CFS load weight for a nice value. */
export function weightOf(nice: number): number {
  const i = Math.max(0, Math.min(NICE_TO_WEIGHT.length - 1, nice - NICE_MIN));
  return NICE_TO_WEIGHT[i];
}

/** A config with every field filled in. */
export function fullSchedConfig(c: SchedConfig | undefined): Required<SchedConfig> {
  const policy = c?.policy === "mlfq" || c?.policy === "fair" ? c.policy : "rr";
  const q = c?.quantum;
  return {
    policy,
    quantum: typeof q === "number" && Number.isInteger(q) && q >= 1 ? Math.min(q, 1000) : RR_QUANTUM_TICKS,
    allotment: c?.allotment ?? true,
    boost: c?.boost ?? true,
  };
}

export type Lookup = (pid: number) => Proc | undefined;

/** The run queues of the three policies and the rules that move processes between them. */
export class Scheduler {
  cfg: Required<SchedConfig>;
  /** rr: FIFO of pids. */
  rr: number[] = [];
  /** mlfq: one FIFO per level, 0 = highest priority. */
  levels: number[][] = Array.from({ length: MLFQ_LEVELS }, () => []);
  /** fair: the runnable pids (picked by smallest vruntime, then pid). */
  fair: number[] = [];
  minVruntime = 0;

  constructor(cfg: SchedConfig | undefined) {
    this.cfg = fullSchedConfig(cfg);
  }

  /** Put a RUNNABLE process at the back of its queue. A new one starts at min_vruntime (fair). */
  enqueue(p: Proc, isNew: boolean): void {
    p.sliceUsed = 0;
    switch (this.cfg.policy) {
      case "rr":
        this.rr.push(p.pid);
        break;
      case "mlfq":
        this.levels[Math.min(p.level, MLFQ_LEVELS - 1)].push(p.pid);
        break;
      case "fair":
        p.vruntime = isNew ? this.minVruntime : Math.max(p.vruntime, this.minVruntime);
        this.fair.push(p.pid);
        break;
    }
  }

  /** Take pid out of the run queue (it was killed or stopped while RUNNABLE). */
  remove(pid: number): void {
    const drop = (q: number[]): void => {
      const i = q.indexOf(pid);
      if (i >= 0) q.splice(i, 1);
    };
    drop(this.rr);
    drop(this.fair);
    for (const q of this.levels) drop(q);
  }

  /** Pop the process the policy runs next. */
  pick(get: Lookup): Proc | undefined {
    let pid: number | undefined;
    if (this.cfg.policy === "rr") pid = this.rr.shift();
    else if (this.cfg.policy === "mlfq") pid = this.levels.find((q) => q.length > 0)?.shift();
    else {
      let best = -1;
      for (let i = 0; i < this.fair.length; i++) {
        if (best < 0 || before(get(this.fair[i])!, get(this.fair[best])!)) best = i;
      }
      if (best >= 0) pid = this.fair.splice(best, 1)[0];
    }
    return pid === undefined ? undefined : get(pid);
  }

  /** Highest-priority non-empty MLFQ level, or -1. */
  bestLevel(): number {
    return this.levels.findIndex((q) => q.length > 0);
  }

  /** RUNNABLE pids in the order they would be picked. */
  order(get: Lookup): number[] {
    if (this.cfg.policy === "rr") return [...this.rr];
    if (this.cfg.policy === "mlfq") return this.levels.flat();
    return [...this.fair].sort((a, b) => (before(get(a)!, get(b)!) ? -1 : 1));
  }

  get size(): number {
    return this.rr.length + this.fair.length + this.levels.reduce((n, q) => n + q.length, 0);
  }

  /** Fix the slice length at dispatch; sumWeight is the load of runnable + running processes. */
  startSlice(p: Proc, sumWeight: number): void {
    p.sliceUsed = 0;
    if (this.cfg.policy === "fair") {
      p.slice = Math.max(FAIR_MIN_GRANULARITY_TICKS, Math.floor((FAIR_LATENCY_TICKS * weightOf(p.nice)) / Math.max(1, sumWeight)));
    } else if (this.cfg.policy === "mlfq") p.slice = MLFQ_QUANTA[p.level];
    else p.slice = this.cfg.quantum;
  }

  /** Charge one tick on a core. */
  charge(p: Proc): void {
    p.sliceUsed++;
    p.levelUsed++;
    p.vruntime += NICE_0_WEIGHT / weightOf(p.nice);
  }

  /**
   * After a tick on a core: should the process leave it? MLFQ demotes here (rule 4: allotment
   * used up; rules 4a/4b without allotment: a whole quantum used).
   */
  expired(p: Proc): boolean {
    if (this.cfg.policy !== "mlfq") return p.sliceUsed >= (p.slice || this.cfg.quantum);
    const allot = MLFQ_ALLOTMENT_TICKS[p.level];
    if (this.cfg.allotment && p.levelUsed >= allot) {
      this.demote(p);
      return true;
    }
    if (p.sliceUsed >= MLFQ_QUANTA[p.level]) {
      if (!this.cfg.allotment) this.demote(p);
      return true;
    }
    return false;
  }

  /** The process gave up its core (blocked, yielded, stopped) before its slice ended. */
  gaveUp(p: Proc): void {
    if (this.cfg.policy === "mlfq") {
      if (this.cfg.allotment) {
        if (p.levelUsed >= MLFQ_ALLOTMENT_TICKS[p.level]) this.demote(p);
      } else p.levelUsed = 0;
    }
    p.sliceUsed = 0;
  }

  private demote(p: Proc): void {
    if (p.level < MLFQ_LEVELS - 1) p.level++;
    p.levelUsed = 0;
  }

  /** Rule 5: every process back to the top level. */
  boost(all: Iterable<Proc>): void {
    for (const p of all) {
      p.level = 0;
      p.levelUsed = 0;
    }
    this.levels = [this.levels.flat(), ...Array.from({ length: MLFQ_LEVELS - 1 }, () => [])];
  }

  /** Raise min_vruntime to the smallest vruntime of running and runnable processes (never back). */
  updateMinVruntime(running: Proc[], get: Lookup): void {
    let m = Infinity;
    for (const p of running) m = Math.min(m, p.vruntime);
    for (const pid of this.fair) m = Math.min(m, get(pid)!.vruntime);
    if (m !== Infinity && m > this.minVruntime) this.minVruntime = m;
  }

  /**
   * Switch policy at run time: runnable processes keep their relative order; under MLFQ they all
   * start at the top level; under fair they all start at the current min_vruntime.
   */
  migrate(cfg: SchedConfig, all: Proc[], get: Lookup): void {
    const order = this.order(get);
    const next = fullSchedConfig(cfg);
    const changed = next.policy !== this.cfg.policy;
    this.cfg = next;
    this.rr = [];
    this.fair = [];
    this.levels = Array.from({ length: MLFQ_LEVELS }, () => []);
    if (changed) {
      for (const p of all) {
        p.level = 0;
        p.levelUsed = 0;
        p.vruntime = this.minVruntime;
      }
    }
    for (const pid of order) {
      const p = get(pid)!;
      this.enqueue(p, false);
    }
  }

  toJSON(): unknown {
    return { cfg: this.cfg, rr: this.rr, levels: this.levels, fair: this.fair, minVruntime: this.minVruntime };
  }

  static fromJSON(j: { cfg: Required<SchedConfig>; rr: number[]; levels: number[][]; fair: number[]; minVruntime: number }): Scheduler {
    const s = new Scheduler(j.cfg);
    s.cfg = { ...j.cfg };
    s.rr = [...j.rr];
    s.levels = j.levels.map((q) => [...q]);
    s.fair = [...j.fair];
    s.minVruntime = j.minVruntime;
    return s;
  }
}

function before(a: Proc, b: Proc): boolean {
  return a.vruntime < b.vruntime || (a.vruntime === b.vruntime && a.pid < b.pid);
}
