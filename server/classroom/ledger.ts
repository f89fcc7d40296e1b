// What each team did in one round, measured by the server from the kernel: workload progress
// from action results (the kernel's answers, never a client's claim) and the kernel's state,
// process-ticks by scheduling state, faults, denials, OOM kills, waiting for the CPU, and the
// Ring Wars tallies. One ledger per round; the play (play.ts) feeds it.

import { PAGE_SIZE } from "../../shared/params.ts";
import type { TeamResult, TeamRole, TickShares } from "../../shared/classroom.ts";
import type { ActionResult, ProcInfo } from "../kernel/types.ts";
import { scoreParts, total, meanWait, type TeamTally } from "./score.ts";
import { inputPath, resultPath, teamName, type Workload } from "./world.ts";

/** Where a team stands in its workload. */
export interface Progress {
  filesRead: number;
  computed: number;
  pages: number;
  written: boolean;
  /** 0..1: the mean of the four parts. */
  fraction: number;
}

/** Progress from the parts (pure). */
export function progressOf(w: Workload, filesRead: number, computed: number, pages: number, written: boolean): Progress {
  const part = (n: number, of: number) => (of <= 0 ? 1 : Math.min(1, n / of));
  const fraction = (part(filesRead, w.inputs) + part(computed, w.computeTicks) + part(pages, w.pages) + (written ? 1 : 0)) / 4;
  return { filesRead: Math.min(filesRead, w.inputs), computed: Math.min(computed, w.computeTicks), pages: Math.min(pages, w.pages), written, fraction };
}

/** VMAs whose pages count as "allocated" memory: the heap (brk) and anonymous mmap regions. */
const ALLOCATED = new Set(["heap", "mmap"]);

export class TeamLedger {
  readonly team: number;
  readonly role: TeamRole;
  readonly filesRead = new Set<number>();
  computed = 0;
  /** Pages each live process filled; a process that dies takes its pages with it. */
  readonly pagesByPid = new Map<number, Set<number>>();
  written = false;
  finishedAt = 0;
  oomKills = 0;
  readonly faults: Record<string, number> = {};
  readonly denials: Record<string, number> = {};
  readonly ticks: TickShares = { running: 0, waiting: 0, blocked: 0, idle: 0, stopped: 0 };
  actions = 0;
  waitTicks = 0;
  readonly captures = new Set<string>();
  illegitimate = 0;
  blocked = 0;
  legitDenied = 0;
  /** Finished progress is kept once reached. */
  private done: Progress | undefined;

  constructor(team: number, role: TeamRole) {
    this.team = team;
    this.role = role;
  }

  pages(): number {
    let n = 0;
    for (const s of this.pagesByPid.values()) n += s.size;
    return n;
  }

  progress(w: Workload): Progress {
    return this.done ?? progressOf(w, this.filesRead.size, this.computed, this.pages(), this.written);
  }

  /** Mark the workload finished at `tick` if it is; true the first time. */
  checkFinished(w: Workload, tick: number): boolean {
    if (this.done || this.role === "policy") return false;
    const p = this.progress(w);
    if (p.fraction < 1) return false;
    this.done = p;
    this.finishedAt = tick;
    return true;
  }
}

/** How the ledger learns about the kernel's files and address spaces (a Kernel fits). */
export interface KernelLook {
  fds(pid: number): { fd: number; path: string }[];
  vmas(pid: number): { start: number; end: number; name: string }[];
}

/** The fd a read(2)/write(2) line names: `read(3, ...)`. */
export function fdOfLine(line: string): number | undefined {
  const m = /^(?:read|write)\((\d+),/.exec(line);
  return m ? Number(m[1]) : undefined;
}

/** The path an open(2)/openat(2)/execve(2) line names. */
export function pathOfLine(line: string): string | undefined {
  const m = /^(?:open|openat|execve|chmod)\((?:AT_FDCWD, )?"([^"]*)"/.exec(line);
  return m ? m[1] : undefined;
}

/** Count one action result of a team process toward the workload and the tallies. */
export function ingestResult(t: TeamLedger, w: Workload, r: ActionResult, k: KernelLook): void {
  t.actions++;
  if (r.kind === "compute") {
    t.computed += r.ticks;
    return;
  }
  if (r.kind === "access") {
    if (r.fault) t.faults[r.fault.code] = (t.faults[r.fault.code] ?? 0) + 1;
    else if (r.ok && r.op === "store") {
      const vma = k.vmas(r.pid).find((v) => r.addr >= v.start && r.addr < v.end);
      if (vma && ALLOCATED.has(vma.name)) {
        let s = t.pagesByPid.get(r.pid);
        if (!s) t.pagesByPid.set(r.pid, (s = new Set()));
        s.add(Math.floor(r.addr / PAGE_SIZE));
      }
    }
    return;
  }
  if (r.errno) {
    t.denials[r.errno] = (t.denials[r.errno] ?? 0) + 1;
    return;
  }
  const fd = fdOfLine(r.line);
  if (fd === undefined || r.ret <= 0) return;
  const path = k.fds(r.pid).find((f) => f.fd === fd)?.path;
  if (!path) return;
  if (r.name === "read") {
    for (let i = 0; i < w.inputs; i++) if (path === inputPath(t.team, i)) t.filesRead.add(i);
  } else if (r.name === "write" && path === resultPath(t.team)) t.written = true;
}

/** Add one tick of each team process's state to its team's shares and waiting time. */
export function sampleTick(t: TeamLedger, p: ProcInfo): void {
  switch (p.state) {
    case "RUNNING":
      t.ticks.running++;
      break;
    case "RUNNABLE":
      t.ticks.waiting++;
      if (p.queued > 0) t.waitTicks++;
      break;
    case "BLOCKED":
      if (p.wchan === "tty" && p.queued === 0) t.ticks.idle++;
      else t.ticks.blocked++;
      break;
    case "STOPPED":
      t.ticks.stopped++;
      break;
  }
}

/** The result rows of a round: tallies, score parts and totals. */
export function teamResults(ledgers: readonly TeamLedger[], w: Workload): TeamResult[] {
  const finishers = ledgers.filter((l) => l.finishedAt > 0).sort((a, b) => a.finishedAt - b.finishedAt || a.team - b.team);
  const attackers = ledgers.filter((l) => l.role === "attack");
  const othersProgress = attackers.length ? attackers.reduce((n, l) => n + l.progress(w).fraction, 0) / attackers.length : 0;
  const captured = attackers.reduce((n, l) => n + l.captures.size, 0);
  return ledgers.map((l) => {
    const p = l.progress(w);
    const order = finishers.indexOf(l);
    const tally: TeamTally = {
      role: l.role, progress: p.fraction, finishOrder: order >= 0 ? order : undefined, faults: sumOf(l.faults), oomKills: l.oomKills,
      actions: l.actions, waitTicks: l.waitTicks, captures: l.captures.size, illegitimate: l.illegitimate, blocked: l.blocked,
      legitDenied: l.legitDenied, capturedByOthers: l.role === "policy" ? captured : 0, othersProgress,
    };
    const parts = scoreParts(tally);
    return {
      team: l.team, name: teamName(l.team), role: l.role, score: total(parts), parts, progress: Math.round(100 * p.fraction), finishedAt: l.finishedAt,
      ticks: { ...l.ticks }, oomKills: l.oomKills, faults: { ...l.faults }, denials: { ...l.denials }, meanWait: Math.round(10 * meanWait(tally)) / 10,
      actions: l.actions, captures: l.captures.size, illegitimate: l.illegitimate, legitDenied: l.legitDenied, blocked: l.blocked,
    };
  });
}

export function sumOf(r: Record<string, number>): number {
  let n = 0;
  for (const v of Object.values(r)) n += v;
  return n;
}
