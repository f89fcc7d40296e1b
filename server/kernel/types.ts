// The kernel's public contract: what a room, the scenario runner and the tests may rely on.
// Everything here is plain data (JSON-safe) so it can be snapshotted, hashed, logged and sent.

import type { CapName } from "../../shared/abi/caps.ts";
import type { AccessOp, AccessResult, Policy, ProcState, SyscallResult } from "../../shared/kernel.ts";

// Data the client also reads (states, results, events, audit entries) lives in shared/kernel.ts.
export * from "../../shared/kernel.ts";

export interface SchedConfig {
  policy: Policy;
  /** Round-robin quantum in ticks (default RR_QUANTUM_TICKS). */
  quantum?: number;
  /** MLFQ rule 4 (allotment: demote after using the level's allotment, however often it yielded). */
  allotment?: boolean;
  /** MLFQ rule 5 (priority boost every MLFQ_BOOST_TICKS). */
  boost?: boolean;
}

export interface UserSpec {
  name: string;
  uid: number;
  gid: number;
  /** Supplementary groups (the primary gid is always a member). */
  groups?: number[];
}

export interface GroupSpec {
  name: string;
  gid: number;
}

export interface FileSpec {
  path: string;
  uid?: number;
  gid?: number;
  /** Permission bits, as a number or an octal string ("0600", "4755"). Default 0644 (0755 for dirs). */
  mode?: number | string;
  type?: "file" | "dir";
  data?: string;
}

export interface Rlimits {
  nproc: number;
  nofile: number;
  /** RLIMIT_AS in bytes. */
  as: number;
  /** RLIMIT_DATA in bytes (limits brk). */
  data: number;
}

/**
 * How a process behaves when it has no queued action:
 * - interactive: it sleeps (BLOCKED, waiting on its terminal) until an action is submitted;
 * - cpu: it computes in user mode whenever it is on a core (a CPU hog, a workload).
 */
export type Behavior = "interactive" | "cpu";

export interface ProcSpec {
  name: string;
  uid: number;
  gid?: number;
  groups?: number[];
  rlimits?: Partial<Rlimits>;
  nice?: number;
  /** Capabilities; default: all for uid 0, none otherwise. */
  caps?: CapName[];
  behavior?: Behavior;
  /** Parent pid (default 1, init). */
  ppid?: number;
  /** Opaque label a room uses to map processes to players or teams; children inherit it. */
  tag?: string;
  oomScoreAdj?: number;
}

export interface KernelConfig {
  seed: number;
  cores?: number;
  frames?: number;
  sched?: SchedConfig;
  users?: UserSpec[];
  groups?: GroupSpec[];
  files?: FileSpec[];
  /** Randomise the mmap base from the seed (ASLR). Default false so levels are predictable. */
  aslr?: boolean;
  /** Audit entries kept in memory (a ring; seq numbers keep counting). */
  auditCapacity?: number;
  /**
   * Keep every input for Kernel.replay and inputLog() (default true). A machine nobody replays
   * turns it off: the log grows with every action for as long as the machine runs, and rides
   * along in every snapshot.
   */
  replayLog?: boolean;
}

/**
 * A syscall argument as the process's own user-space code prepared it before the trap:
 * - a number (an integer, or a folded address, see shared/addr.ts);
 * - { text }: the C library wrote these bytes (NUL-terminated) on the process's stack and passes
 *   their address: a path for open, the bytes for write. Writing them is a user-mode store to
 *   the stack, so a process that unmapped its own stack faults right there;
 * - { space }: an n-byte zeroed buffer on the stack (read's buffer, wait4's status, pipe's fds).
 */
export type Arg = number | { text: string } | { space: number };

export type Action =
  | { kind: "syscall"; nr: number; args: Arg[] }
  | { kind: "access"; op: AccessOp; addr: number; value?: number }
  | { kind: "compute"; ticks: number };

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  name: string;
  tag: string;
  state: ProcState;
  /** What a BLOCKED process waits for ("tty", "wait4", "pipe", "fault"). */
  wchan: string;
  ring: 0 | 3;
  ruid: number;
  euid: number;
  suid: number;
  rgid: number;
  egid: number;
  sgid: number;
  groups: number[];
  caps: number;
  nice: number;
  rlimits: Rlimits;
  behavior: Behavior;
  /** Core index while RUNNING, else -1. */
  core: number;
  /** Ticks in user mode / kernel mode. */
  utime: number;
  stime: number;
  /** Resident pages (frames this process maps; a shared COW frame counts for each sharer). */
  rss: number;
  /** Queued actions not yet run. */
  queued: number;
  /** MLFQ level (0 = highest) under MLFQ, else 0. */
  level: number;
  /** OOM badness as oom_badness() computes it. */
  badness: number;
  oomScoreAdj: number;
  minorFaults: number;
  exitStatus?: number;
  termSignal?: number;
}

export interface VmaInfo {
  start: number;
  end: number;
  prot: number;
  /** MAP_PRIVATE / MAP_SHARED / MAP_ANONYMOUS bits. */
  flags: number;
  /** "text", "rodata", "data", "heap", "stack", "mmap", or the mapped file's path. */
  name: string;
}

export interface PageInfo {
  /** Virtual address of the page (folded). */
  addr: number;
  present: boolean;
  writable: boolean;
  user: boolean;
  nx: boolean;
  cow: boolean;
  /** Physical frame number when present, else -1. */
  frame: number;
  vma: string;
}

export interface FdInfo {
  fd: number;
  path: string;
  flags: number;
  offset: number;
}

/** Per frame: -1 free, 0 the kernel, otherwise the owning pid (the first mapper of a shared frame). */
export interface FrameInfo {
  owner: Int32Array;
  refcount: Uint8Array;
}

/** `full`: refused only because the process already has MAX_QUEUED_ACTIONS waiting. */
export type SubmitResult = { ok: true; ticket: number } | { ok: false; error: string; full?: true };

/** A kernel snapshot is plain JSON; restore() rebuilds an identical kernel. */
export type KernelSnapshot = { version: number } & Record<string, unknown>;

/** Every call from outside that changes kernel state, with the tick it arrived on (for replay). */
export interface InputRecord {
  tick: number;
  op: string;
  args: unknown[];
}

/**
 * Extra fields some syscall results carry (added with the kernel; SyscallResult itself is unchanged):
 * - output: text a write(2) put on the terminal (what the room shows in the player's console);
 * - blocked: from trap(), the wait channel of a call that went to sleep (its result comes later as
 *   an event with the same ticket);
 * - fault: from trap(), the SIGSEGV the C library took while staging an argument on a broken stack.
 */
export type SyscallResultExtra = SyscallResult & {
  output?: string;
  blocked?: string;
  fault?: AccessResult["fault"];
};
