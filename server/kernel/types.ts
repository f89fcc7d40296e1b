// The kernel's public contract: what a room, the scenario runner and the tests may rely on.
// Everything here is plain data (JSON-safe) so it can be snapshotted, hashed, logged and sent.

import type { ErrnoName } from "../../shared/abi/errno.ts";
import type { CapName } from "../../shared/abi/caps.ts";
import type { SiCodeName } from "../../shared/abi/signals.ts";

export const ProcState = {
  RUNNABLE: "RUNNABLE",
  RUNNING: "RUNNING",
  BLOCKED: "BLOCKED",
  STOPPED: "STOPPED",
  ZOMBIE: "ZOMBIE",
} as const;
export type ProcState = (typeof ProcState)[keyof typeof ProcState];

export type Policy = "rr" | "mlfq" | "fair";

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

export type AccessOp = "load" | "store" | "exec";

export type Action =
  | { kind: "syscall"; nr: number; args: Arg[] }
  | { kind: "access"; op: AccessOp; addr: number; value?: number }
  | { kind: "compute"; ticks: number };

/** Which page-table bit (or CPU rule) refused an access. */
export type FaultBit = "P" | "U/S" | "R/W" | "NX" | "canonical";

export interface SyscallResult {
  kind: "syscall";
  ticket: number;
  pid: number;
  tick: number;
  nr: number;
  name: string;
  ret: number;
  errno?: ErrnoName;
  /** strace-like: open("/etc/shadow", O_RDONLY) = -1 EACCES (Permission denied) */
  line: string;
  /** The explanation a student reads: "mode 0600 owner root; you are uid 1000, not in group root". */
  reason: string;
  /** Bytes a successful read returned, as text. */
  data?: string;
}

export interface AccessResult {
  kind: "access";
  ticket: number;
  pid: number;
  tick: number;
  op: AccessOp;
  addr: number;
  ok: boolean;
  /** The byte loaded (load) or stored (store). */
  value?: number;
  /** Silent kernel work that made the access succeed. */
  minorFault?: boolean;
  cow?: boolean;
  fault?: { signal: "SIGSEGV"; code: SiCodeName; bit: FaultBit };
  line: string;
  reason: string;
}

export interface ComputeResult {
  kind: "compute";
  ticket: number;
  pid: number;
  tick: number;
  ticks: number;
  line: string;
  reason: string;
}

export type ActionResult = SyscallResult | AccessResult | ComputeResult;

export type KernelEvent =
  | { type: "result"; result: ActionResult }
  | { type: "signal"; tick: number; pid: number; sig: number; from: number; outcome: "handled" | "ignored" | "killed" | "stopped" | "continued" | "pending" }
  | { type: "exit"; tick: number; pid: number; status: number; signal?: number; core?: boolean }
  | { type: "reaped"; tick: number; pid: number; by: number }
  | { type: "fork"; tick: number; parent: number; child: number }
  | { type: "exec"; tick: number; pid: number; path: string; euid: number }
  | { type: "oom-kill"; tick: number; victim: number; badness: number; trigger: number }
  | { type: "reboot"; tick: number; pid: number; cmd: number };

export type AuditKind = "enter" | "exit" | "fault" | "signal" | "oom" | "proc" | "violation" | "policy";

export interface AuditEntry {
  seq: number;
  tick: number;
  pid: number;
  /** Effective uid of the process at the time (0 for the kernel's own entries). */
  uid: number;
  kind: AuditKind;
  /** Ring the CPU is in after this entry: 0 on trap entry, 3 on return. */
  ring: 0 | 3;
  /** Syscall name for enter/exit. */
  syscall?: string;
  ret?: number;
  errno?: ErrnoName;
  signal?: string;
  code?: SiCodeName;
  /** The strace-like first part. */
  text: string;
  /** The explanation in words. */
  reason: string;
}

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

export type SubmitResult = { ok: true; ticket: number } | { ok: false; error: string };

/** A kernel snapshot is plain JSON; restore() rebuilds an identical kernel. */
export type KernelSnapshot = { version: number } & Record<string, unknown>;

/** Every call from outside that changes kernel state, with the tick it arrived on (for replay). */
export interface InputRecord {
  tick: number;
  op: string;
  args: unknown[];
}
