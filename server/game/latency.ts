// Syscall latency for the benchmark, measured the way the game defines waiting: a process acts only
// on a core, so "waiting" (submit -> result) includes the time it waits for the CPU, and "on a
// core" counts from the tick an action is first in line on a RUNNING process to the tick it ran.
// The second should always be 1: the server adds nothing beyond the next tick.

import type { Kernel } from "../kernel/index.ts";
import type { ActionResult } from "../kernel/types.ts";
import { metrics } from "../metrics.ts";

interface Pending {
  pid: number;
  /** kernel.tick when submitted: the tick the action could run in at the earliest. */
  tick: number;
  /** The tick in which it was first in line on a RUNNING process. */
  eligible?: number;
}

export class LatencyTracker {
  private readonly pending = new Map<number, Pending>();
  /** Each process's pending tickets in submission order (the kernel runs them in this order). */
  private readonly queues = new Map<number, number[]>();

  submitted(kernel: Kernel, pid: number, ticket: number): void {
    this.pending.set(ticket, { pid, tick: kernel.tick });
    const q = this.queues.get(pid) ?? [];
    q.push(ticket);
    this.queues.set(pid, q);
    this.markHead(kernel, pid, q);
  }

  /** The player dropped their queued actions. */
  cancelled(pid: number): void {
    for (const t of this.queues.get(pid) ?? []) this.pending.delete(t);
    this.queues.delete(pid);
  }

  /** After each tick (the cores are already refilled for the next one). */
  afterTick(kernel: Kernel): void {
    for (const [pid, q] of this.queues) {
      if (q.length === 0 || !kernel.stateOf(pid)) {
        for (const t of q) this.pending.delete(t);
        this.queues.delete(pid);
      } else this.markHead(kernel, pid, q);
    }
  }

  completed(r: ActionResult): void {
    const p = this.pending.get(r.ticket);
    if (!p) return;
    this.pending.delete(r.ticket);
    const q = this.queues.get(p.pid);
    if (q) q.splice(q.indexOf(r.ticket), 1);
    if (r.kind !== "syscall") return;
    // A result carries the tick it ran in: submitted before tick T and run in tick T is one tick.
    metrics.syscallTicksAll.add(r.tick - p.tick + 1);
    // Never seen first in line on a core between ticks: it got a free core at the start of the very
    // tick it ran in (a woken process on an idle core), so it ran in its first tick on a core.
    metrics.syscallTicksRunning.add(r.tick - (p.eligible ?? r.tick) + 1);
  }

  private markHead(kernel: Kernel, pid: number, q: number[]): void {
    const head = this.pending.get(q[0]);
    if (head && head.eligible === undefined && kernel.stateOf(pid) === "RUNNING") head.eligible = kernel.tick;
  }
}
