// Shared helpers for kernel tests: a small machine with two users, and one-line ways to run a
// syscall or a memory access through the kernel's public API.

import { Kernel } from "../../server/kernel/index.ts";
import type { AccessResult, Arg, KernelConfig, ProcSpec, SyscallResult } from "../../server/kernel/index.ts";
import { SYS, type SyscallName } from "../../shared/abi/syscalls.ts";

export const ALICE = 1000;
export const BOB = 1001;

export const USERS = [
  { name: "alice", uid: ALICE, gid: ALICE },
  { name: "bob", uid: BOB, gid: BOB },
];

/** A machine with alice and bob (plus root); extra config merged in. */
export function boot(extra: Partial<KernelConfig> = {}): Kernel {
  return new Kernel({ seed: 7, users: USERS, ...extra });
}

/** Spawn and return the pid (throws if spawn fails: a test bug). */
export function spawn(k: Kernel, spec: Partial<ProcSpec> & { uid: number }): number {
  const r = k.spawn({ name: spec.uid === 0 ? "root" : "p", ...spec });
  if (!r.ok) throw new Error(r.error);
  return r.pid;
}

/** Run syscall `name` for pid to completion; throws unless it completed as a syscall. */
export function sys(k: Kernel, pid: number, name: SyscallName, ...args: Arg[]): SyscallResult {
  const r = k.run(pid, { kind: "syscall", nr: SYS[name], args });
  if (r.kind !== "syscall") throw new Error(`${name}: ${JSON.stringify(r)}`);
  return r;
}

/** Run a memory access for pid to completion. */
export function mem(k: Kernel, pid: number, op: "load" | "store" | "exec", addr: number, value?: number): AccessResult {
  const r = k.run(pid, { kind: "access", op, addr, ...(value === undefined ? {} : { value }) });
  if (r.kind !== "access") throw new Error(`${op}: ${JSON.stringify(r)}`);
  return r;
}

export const t = (text: string): Arg => ({ text });
export const buf = (space: number): Arg => ({ space });

/** Step until pred holds (at most n ticks); returns whether it did. */
export function stepUntil(k: Kernel, pred: () => boolean, n = 500): boolean {
  for (let i = 0; i < n; i++) {
    if (pred()) return true;
    k.step();
  }
  return pred();
}
