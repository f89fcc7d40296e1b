// Measuring an attempt: which processes are the player's, how many syscalls they made, the CPU
// ticks they used (remembered after they are reaped), the work and CPU share a scheduler level
// asks for, and the kernel state a check reads (LevelState).

import { PAGE_SIZE } from "../../shared/params.ts";
import type { AuditEntry, Kernel } from "../kernel/index.ts";
import type { LevelState } from "./check.ts";

/** VMAs every process has; anything else in an address space came from mmap. */
const BUILTIN_VMAS = new Set(["text", "rodata", "data", "heap", "stack"]);

interface Totals {
  tick: number;
  mine: number;
  all: number;
}

export class Meter {
  /** Every pid that was ever the player's (the first process, respawns, forked children). */
  readonly pids = new Set<number>();
  /** Syscalls the player's processes entered. */
  syscalls = 0;
  private readonly kernel: Kernel;
  private readonly workTarget: number | undefined;
  private readonly cpu = new Map<number, { user: number; sys: number }>();
  private prev: Totals;
  private base: Totals | undefined;
  private frozen: { share: number; window: number } | undefined;

  /** `workTarget`: measure the CPU share until the player has done this many ticks of work. */
  constructor(kernel: Kernel, workTarget?: number) {
    this.kernel = kernel;
    this.workTarget = workTarget;
    this.prev = this.totals();
  }

  /** Count a syscall trap of one of the player's processes. */
  noteAudit(e: AuditEntry): void {
    if (e.kind === "enter" && this.pids.has(e.pid)) this.syscalls++;
  }

  /** After each tick: remember CPU times; start and stop the work window. */
  sample(): void {
    const now = this.totals();
    const work = this.work();
    if (this.workTarget !== undefined) {
      if (!this.base && work > 0) this.base = this.prev;
      if (this.base && !this.frozen && work >= this.workTarget) this.frozen = this.share(now);
    }
    this.prev = now;
  }

  /** The work target was reached: the CPU share is final. */
  get measured(): boolean {
    return this.frozen !== undefined;
  }

  /** CPU ticks (user + kernel) the player's processes used. */
  cpuTicks(): number {
    let n = 0;
    for (const pid of this.pids) {
      const c = this.cpu.get(pid);
      if (c) n += c.user + c.sys;
    }
    return n;
  }

  /** Ticks of user-mode work the player's processes did. */
  work(): number {
    let n = 0;
    for (const pid of this.pids) n += this.cpu.get(pid)?.user ?? 0;
    return n;
  }

  /** The kernel state a check reads, for the player's current process `pid` (tagged `key`). */
  state(pid: number, key: string): LevelState {
    const k = this.kernel;
    const p = pid ? k.proc(pid) : undefined;
    const alive = !!p && p.state !== "ZOMBIE";
    const vmas = alive ? k.vmas(pid) : [];
    const ps = k.ps();
    const m = this.frozen ?? (this.base ? this.share(this.totals()) : { share: 0, window: 0 });
    return {
      alive,
      extra_fds: alive ? k.fds(pid).filter((f) => f.fd > 2).length : 0,
      mmaps: vmas.filter((v) => !BUILTIN_VMAS.has(v.name)).length,
      heap_pages: vmas.filter((v) => v.name === "heap").reduce((n, v) => n + (v.end - v.start) / PAGE_SIZE, 0),
      heap_present: alive ? k.pageTable(pid).filter((pg) => pg.vma === "heap" && pg.present).length : 0,
      children: pid ? ps.filter((q) => q.ppid === pid).length : 0,
      zombies: ps.filter((q) => q.tag === key && q.state === "ZOMBIE").length,
      euid: p?.euid ?? -1,
      ruid: p?.ruid ?? -1,
      rss: p?.rss ?? 0,
      work: this.work(),
      cpu_share: m.share,
      window: m.window,
    };
  }

  private share(now: Totals): { share: number; window: number } {
    const b = this.base!;
    const all = now.all - b.all;
    return { share: all > 0 ? (now.mine - b.mine) / all : 0, window: now.tick - b.tick };
  }

  /** Refresh the CPU times of every live process and sum them (the player's, everyone's). */
  private totals(): Totals {
    for (const p of this.kernel.ps()) if (p.pid !== 1) this.cpu.set(p.pid, { user: p.utime, sys: p.stime });
    let all = 0;
    for (const c of this.cpu.values()) all += c.user + c.sys;
    return { tick: this.kernel.tick, mine: this.cpuTicks(), all };
  }
}
