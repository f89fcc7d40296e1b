// Plain-data types the kernel produces and the client shows: process states, action results,
// kernel events, audit entries. The kernel (server/kernel/types.ts) re-exports them; the client
// imports them from here, never from server/.

import type { ErrnoName } from "./abi/errno.ts";
import type { SiCodeName } from "./abi/signals.ts";

export const ProcState = {
  RUNNABLE: "RUNNABLE",
  RUNNING: "RUNNING",
  BLOCKED: "BLOCKED",
  STOPPED: "STOPPED",
  ZOMBIE: "ZOMBIE",
} as const;
export type ProcState = (typeof ProcState)[keyof typeof ProcState];

export type Policy = "rr" | "mlfq" | "fair";

export type AccessOp = "load" | "store" | "exec";

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
