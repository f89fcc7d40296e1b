// What a syscall handler works with: the call (process, number, decoded registers, the reason it
// will report) and checked access to the caller's memory (copyin/copyout: EFAULT, never SIGSEGV).

import { ERRNO, type ErrnoName } from "../../shared/abi/errno.ts";
import type { Arg } from "./types.ts";
import type { KState } from "./kstate.ts";
import type { Proc } from "./proc.ts";
import { copyin, copyinString, copyout, type Copy } from "./vm.ts";
import { fromUtf8 } from "./bytes.ts";
import { PATH_MAX } from "./vfs.ts";

/** Returned by a handler that must sleep; it is run again when the process is woken. */
export const BLOCK = -0x7fff_ffff;

export interface Call {
  p: Proc;
  nr: number;
  /** Arguments as user space prepared them, and as register values (buffers become addresses). */
  args: Arg[];
  regs: number[];
  /** The explanation reported with the result. */
  reason: string;
  /** Bytes read, as text (read). */
  data?: string;
  /** Text written to the terminal (write to the tty). */
  output?: string;
  /** Where the process sleeps, when the handler returns BLOCK. */
  wchan?: string;
  /** Print the return value in hex (mmap, brk). */
  hex?: boolean;
  /** Replacement strace text for the arguments, known only after the call (read, pipe, wait4). */
  argText?: string;
  /** The call does not return (exit). */
  noReturn?: boolean;
}

/** Set the reason and return -errno. */
export function fail(c: Call, e: ErrnoName, reason: string): number {
  c.reason = reason;
  return -ERRNO[e];
}

function note(c: Call, r: Copy<unknown>): void {
  if (r.ok && r.minor) {
    c.p.minorFaults++;
    c.p.stall = 1;
  }
}

/** Register i as an integer (missing arguments read as 0). */
export function reg(c: Call, i: number): number {
  return c.regs[i] ?? 0;
}

/** Fetch a NUL-terminated path from user memory; a string, or -errno with c.reason set. */
export function userPath(ks: KState, c: Call, addr: number): string | number {
  const r = copyinString(ks, c.p.mm, c.p.pid, addr, PATH_MAX);
  note(c, r);
  if (!r.ok) return fail(c, r.oom ? "ENOMEM" : "EFAULT", `the path pointer: ${r.reason}`);
  if (r.value.length >= PATH_MAX) return fail(c, "ENAMETOOLONG", `the path is longer than PATH_MAX (${PATH_MAX})`);
  return fromUtf8(r.value);
}

/** Read len bytes of user memory; the bytes, or -EFAULT with c.reason set. */
export function userRead(ks: KState, c: Call, addr: number, len: number, what: string): Uint8Array | number {
  const r = copyin(ks, c.p.mm, c.p.pid, addr, len);
  note(c, r);
  if (!r.ok) return fail(c, r.oom ? "ENOMEM" : "EFAULT", `${what}: ${r.reason}`);
  return r.value;
}

/** Write bytes to user memory; 0, or -EFAULT with c.reason set. */
export function userWrite(ks: KState, c: Call, addr: number, bytes: Uint8Array, what: string): number {
  const r = copyout(ks, c.p.mm, c.p.pid, addr, bytes);
  note(c, r);
  if (!r.ok) return fail(c, r.oom ? "ENOMEM" : "EFAULT", `${what}: ${r.reason}`);
  return 0;
}

/** A 32-bit little-endian int as bytes (status words, pipe fds). */
export function int32Bytes(...vals: number[]): Uint8Array {
  const b = new Uint8Array(4 * vals.length);
  vals.forEach((v, i) => {
    b[4 * i] = v & 0xff;
    b[4 * i + 1] = (v >>> 8) & 0xff;
    b[4 * i + 2] = (v >>> 16) & 0xff;
    b[4 * i + 3] = (v >>> 24) & 0xff;
  });
  return b;
}

/** Sign-extend the low 32 bits (int arguments such as fd and pid are C ints). */
export function int32(v: number): number {
  return v | 0;
}
