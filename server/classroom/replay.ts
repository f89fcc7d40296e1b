// Replaying a recorded round: the kernel rebuilt from its boot config and input log, at any tick
// of the round, with checkpoints (snapshots) every CHECKPOINT_TICKS so scrubbing back and forth
// does not replay from boot each time. The machine at a tick is public data only: cores, run
// queue, frames by team, processes, and the audit lines of the last ticks.

import { Kernel, type InputRecord, type KernelSnapshot } from "../kernel/index.ts";
import { FRAME_FREE, FRAME_KERNEL, FRAME_OTHER, type ReplayFrame } from "../../shared/classroom.ts";
import type { Mitigation } from "../../shared/params.ts";
import type { RoundRecord } from "./store.ts";

/** Ticks between checkpoints. */
export const CHECKPOINT_TICKS = 50;
/** Audit lines a frame carries (the ones of the last FEED_TICKS ticks, at most FEED_LINES). */
const FEED_TICKS = 30;
const FEED_LINES = 14;

interface Checkpoint {
  tick: number;
  index: number;
  pendingSteps: number;
  snap: KernelSnapshot;
}

/**
 * A kernel moving forward through an input log: records are re-applied in order; a "step" record
 * of n ticks is taken one tick at a time, so the cursor can stop at any tick. The machine "at
 * tick t" is after t steps and every input that arrived before tick t.
 */
export class ReplayCursor {
  kernel: Kernel;
  private index = 0;
  private pendingSteps = 0;
  private readonly log: readonly InputRecord[];

  constructor(kernel: Kernel, log: readonly InputRecord[], index = 0, pendingSteps = 0) {
    this.kernel = kernel;
    this.log = log;
    this.index = index;
    this.pendingSteps = pendingSteps;
  }

  /** Go forward to tick `target` (or as far as the log goes). */
  advance(target: number): void {
    const k = this.kernel;
    for (;;) {
      if (this.pendingSteps > 0) {
        if (k.tick >= target) return;
        k.step();
        this.pendingSteps--;
        continue;
      }
      const r = this.log[this.index];
      if (!r) return;
      if (r.op === "step") {
        this.pendingSteps = Number((r.args as unknown[])[0]) || 0;
        this.index++;
        continue;
      }
      if (r.tick >= target) return;
      k.replayInput(r);
      this.index++;
    }
  }

  /** Run every remaining record (the end of the log). */
  finish(): void {
    this.advance(Number.MAX_SAFE_INTEGER);
  }

  checkpoint(): Checkpoint {
    const snap = this.kernel.snapshot();
    (snap as Record<string, unknown>).inputLog = [];
    return { tick: this.kernel.tick, index: this.index, pendingSteps: this.pendingSteps, snap };
  }

  static from(c: Checkpoint, log: readonly InputRecord[]): ReplayCursor {
    return new ReplayCursor(Kernel.restore(c.snap), log, c.index, c.pendingSteps);
  }
}

/** A recorded round ready to scrub: checkpoints are made on the way, the first time a tick is passed. */
export class RoundReplay {
  readonly rec: RoundRecord;
  private readonly checkpoints: Checkpoint[] = [];
  private cursor: ReplayCursor;
  private readonly tagTeam: Map<string, { team: number; nick: string }>;

  constructor(rec: RoundRecord) {
    this.rec = rec;
    this.cursor = new ReplayCursor(new Kernel(rec.config), rec.log);
    this.checkpoints.push(this.cursor.checkpoint());
    this.tagTeam = new Map(rec.cast.players.map((p) => [p.key, { team: p.team, nick: p.nick }]));
  }

  /** The kernel at tick t (clamped to the round), reached from the nearest checkpoint. */
  kernelAt(t: number): Kernel {
    const target = Math.max(0, Math.min(Math.floor(t), this.rec.endTick));
    let best = this.checkpoints[0];
    for (const c of this.checkpoints) if (c.tick <= target && c.tick > best.tick) best = c;
    if (this.cursor.kernel.tick > target || best.tick > this.cursor.kernel.tick) this.cursor = ReplayCursor.from(best, this.rec.log);
    while (this.cursor.kernel.tick < target) {
      const next = Math.min(target, (Math.floor(this.cursor.kernel.tick / CHECKPOINT_TICKS) + 1) * CHECKPOINT_TICKS);
      const before = this.cursor.kernel.tick;
      this.cursor.advance(next);
      if (this.cursor.kernel.tick === before) break;
      const at = this.cursor.kernel.tick;
      if (at % CHECKPOINT_TICKS === 0 && !this.checkpoints.some((c) => c.tick === at)) this.checkpoints.push(this.cursor.checkpoint());
    }
    return this.cursor.kernel;
  }

  /** The machine at tick t, as the replay viewer draws it. */
  frameAt(t: number): ReplayFrame {
    const k = this.kernelAt(t);
    const ps = k.ps();
    const byPid = new Map(ps.map((p) => [p.pid, p]));
    const who = (pid: number) => {
      const p = byPid.get(pid);
      const owner = p?.tag ? this.tagTeam.get(p.tag) : undefined;
      return { pid, team: owner?.team ?? -1, nick: owner?.nick ?? p?.name ?? "" };
    };
    const frames = Array.from(k.frames().owner, (o) => (o < 0 ? FRAME_FREE : o === 0 ? FRAME_KERNEL : (this.tagTeam.get(byPid.get(o)?.tag ?? "")?.team ?? FRAME_OTHER)));
    const since = k.tick - FEED_TICKS;
    const feed = k.auditTail(200).filter((e) => e.tick >= since && e.kind !== "enter").slice(-FEED_LINES).map((e) => ({ tick: e.tick, pid: e.pid, text: e.text, reason: e.reason, ...(e.errno ? { errno: e.errno } : {}) }));
    const m = k.mitigations();
    return {
      tick: k.tick,
      policy: k.sched().policy,
      cores: k.cores().map(who),
      runQueue: k.runQueue().map(who),
      frames,
      procs: ps.filter((p) => p.pid !== 1 && p.state !== "ZOMBIE").map((p) => ({ ...who(p.pid), state: p.state })),
      feed,
      mitigations: (Object.keys(m) as Mitigation[]).filter((x) => m[x]),
    };
  }
}

/** Replay a whole recorded round and return the final state hash (what the test compares). */
export function replayHash(rec: Pick<RoundRecord, "config" | "log">): string {
  return Kernel.replay(rec.config, rec.log).hash();
}
