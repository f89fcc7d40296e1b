// The process structure (xv6's struct proc): identity, credentials, scheduling state, the
// address space, open files, signal state and the actions its player queued.

import { SIG_MAX } from "../../shared/abi/signals.ts";
import type { Action, Arg, Behavior, ProcState, Rlimits } from "./types.ts";
import { AddressSpace, type Pte } from "./vm.ts";
import type { Vma } from "./vma.ts";
import type { OpenFile } from "./fd.ts";

/** Credentials (struct cred): the three uids and gids plus the capability sets of capabilities(7). */
export interface Creds {
  ruid: number;
  euid: number;
  suid: number;
  rgid: number;
  egid: number;
  sgid: number;
  groups: number[];
  /** Effective, permitted, bounding and ambient capability sets (bitmasks over shared CAP). */
  capEff: number;
  capPrm: number;
  capBnd: number;
  capAmb: number;
}

export interface Queued {
  ticket: number;
  action: Action;
}

/** A syscall that went to sleep in ring 0; it is retried when the process next runs. */
export interface BlockedCall {
  ticket: number;
  nr: number;
  args: Arg[];
  regs: number[];
  wchan: string;
  /** The wake-up arrived while the process was stopped. */
  ready: boolean;
  /** A caught signal arrived: the call returns -EINTR. */
  interrupted: boolean;
  /** strace text of the arguments, printed again on completion. */
  argText: string;
}

export interface PendingSignal {
  sig: number;
  /** Sending pid (0: the kernel) and its real uid, for siginfo. */
  pid: number;
  uid: number;
}

/** One process (struct proc). */
export class Proc {
  pid = 0;
  ppid = 0;
  pgid = 0;
  name = "";
  tag = "";
  state: ProcState = "RUNNABLE";
  wchan = "";
  behavior: Behavior = "interactive";
  cred: Creds = { ruid: 0, euid: 0, suid: 0, rgid: 0, egid: 0, sgid: 0, groups: [], capEff: 0, capPrm: 0, capBnd: 0, capAmb: 0 };
  nice = 0;
  rlimits: Rlimits = { nproc: 0, nofile: 0, as: 0, data: 0 };
  oomScoreAdj = 0;
  /** Terminal (session) this process reads and writes: the pid that was spawned for it. */
  tty = 0;
  iopl = 0;
  core = -1;
  utime = 0;
  stime = 0;
  minorFaults = 0;
  queue: Queued[] = [];
  /** A compute action in progress: its ticket and the ticks still to run. */
  computing: { ticket: number; left: number; ticks: number } | null = null;
  blocked: BlockedCall | null = null;
  /** Ticks owed to a minor fault before the next action (first touch of a fresh page). */
  stall = 0;
  /** MLFQ: level (0 highest) and ticks used at this level (rule 4 allotment). */
  level = 0;
  levelUsed = 0;
  /** Ticks used in the current slice; the slice length fixed at dispatch (fair policy). */
  sliceUsed = 0;
  slice = 0;
  vruntime = 0;
  /** sched_yield was called during this unit. */
  yielded = false;
  mm = new AddressSpace();
  fds: (OpenFile | null)[] = [];
  /** Per signal: SIG_DFL (0), SIG_IGN (1) or a handler address. */
  sigaction: number[] = new Array<number>(SIG_MAX + 1).fill(0);
  /** Pending signals, ascending by number (standard signals do not queue twice), with the sender. */
  pending: PendingSignal[] = [];
  exitStatus?: number;
  termSignal?: number;
  coreDumped = false;
  /** wait4 WUNTRACED / WCONTINUED reports not yet collected by the parent. */
  stopReport = 0;
  contReport = false;
  /** Syscall allow-list (policy.ts, like a seccomp filter); null: every call may run. */
  seccomp: number[] | null = null;
  /** Quarter-ticks of hardening cost not yet charged as a stall (policy.ts). */
  mitigationDebt = 0;

  get ring(): 0 | 3 {
    return this.blocked && this.state !== "ZOMBIE" ? 0 : 3;
  }

  /** True if the process is asleep waiting for its player (an idle interactive process). */
  get idleOnTty(): boolean {
    return this.state === "BLOCKED" && !this.blocked && this.wchan === "tty";
  }

  /** True if it has nothing to do: an interactive process with no queued or running action. */
  get idle(): boolean {
    return this.behavior === "interactive" && this.queue.length === 0 && !this.computing && !this.blocked && this.stall === 0;
  }
}

/** Plain-data form of a process for snapshots; open files are referenced by id. */
export function procToJSON(p: Proc): Record<string, unknown> {
  return {
    pid: p.pid, ppid: p.ppid, pgid: p.pgid, name: p.name, tag: p.tag, state: p.state, wchan: p.wchan,
    behavior: p.behavior, cred: { ...p.cred, groups: [...p.cred.groups] }, nice: p.nice, rlimits: { ...p.rlimits },
    oomScoreAdj: p.oomScoreAdj, tty: p.tty, iopl: p.iopl, core: p.core, utime: p.utime, stime: p.stime,
    minorFaults: p.minorFaults, queue: p.queue, computing: p.computing, blocked: p.blocked, stall: p.stall,
    level: p.level, levelUsed: p.levelUsed, sliceUsed: p.sliceUsed, slice: p.slice, vruntime: p.vruntime,
    yielded: p.yielded,
    mm: { vmas: p.mm.vmas, ptes: [...p.mm.ptes], startBrk: p.mm.startBrk, brk: p.mm.brk, mmapBase: p.mm.mmapBase },
    fds: p.fds.map((f) => (f ? f.id : null)),
    sigaction: p.sigaction, pending: p.pending, exitStatus: p.exitStatus ?? null, termSignal: p.termSignal ?? null,
    coreDumped: p.coreDumped, stopReport: p.stopReport, contReport: p.contReport,
    // Policy fields only when set, so machines that never use them keep their snapshot and hash.
    ...(p.seccomp ? { seccomp: [...p.seccomp] } : {}),
    ...(p.mitigationDebt ? { mitigationDebt: p.mitigationDebt } : {}),
  };
}

/** Rebuild a process from procToJSON output; `file(id)` resolves shared open files. */
export function procFromJSON(j: Record<string, any>, file: (id: number) => OpenFile): Proc {
  const p = new Proc();
  const copy = structuredCloneJSON(j);
  Object.assign(p, {
    pid: copy.pid, ppid: copy.ppid, pgid: copy.pgid, name: copy.name, tag: copy.tag, state: copy.state, wchan: copy.wchan,
    behavior: copy.behavior, cred: copy.cred, nice: copy.nice, rlimits: copy.rlimits, oomScoreAdj: copy.oomScoreAdj,
    tty: copy.tty, iopl: copy.iopl, core: copy.core, utime: copy.utime, stime: copy.stime, minorFaults: copy.minorFaults,
    queue: copy.queue, computing: copy.computing, blocked: copy.blocked, stall: copy.stall, level: copy.level,
    levelUsed: copy.levelUsed, sliceUsed: copy.sliceUsed, slice: copy.slice, vruntime: copy.vruntime, yielded: copy.yielded,
    sigaction: copy.sigaction, pending: copy.pending, coreDumped: copy.coreDumped, stopReport: copy.stopReport,
    contReport: copy.contReport,
  });
  if (copy.exitStatus !== null) p.exitStatus = copy.exitStatus;
  if (copy.termSignal !== null) p.termSignal = copy.termSignal;
  if (Array.isArray(copy.seccomp)) p.seccomp = copy.seccomp;
  if (typeof copy.mitigationDebt === "number") p.mitigationDebt = copy.mitigationDebt;
  const mm = new AddressSpace();
  mm.vmas = copy.mm.vmas as Vma[];
  mm.ptes = new Map<number, Pte>(copy.mm.ptes as [number, Pte][]);
  mm.startBrk = copy.mm.startBrk;
  mm.brk = copy.mm.brk;
  mm.mmapBase = copy.mm.mmapBase;
  p.mm = mm;
  p.fds = (copy.fds as (number | null)[]).map((id) => (id === null ? null : file(id)));
  return p;
}

function structuredCloneJSON(v: unknown): any {
  return JSON.parse(JSON.stringify(v));
}
