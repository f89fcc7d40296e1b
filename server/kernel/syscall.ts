// The syscall gate: ONE handler table indexed by Linux x86-64 number (like xv6's syscalls[]),
// argument staging and decoding, the audit entries on entry (ring 0) and exit (ring 3), and the
// result. An unknown number is -ENOSYS plus an audit entry; nothing here throws.

import { ERRNO, errnoName } from "../../shared/abi/errno.ts";
import { SYS, syscallByNr, syscallName } from "../../shared/abi/syscalls.ts";
import { formatAddr } from "../../shared/addr.ts";
import { LAYOUT, PAGE_SIZE } from "../../shared/params.ts";
import type { AccessResult, Arg, AuditEntry, SyscallResultExtra } from "./types.ts";
import type { KState } from "./kstate.ts";
import type { Proc } from "./proc.ts";
import { BLOCK, type Call } from "./ucall.ts";
import { argText, openTakesMode, retText } from "./strace.ts";
import { touch } from "./vm.ts";
import { utf8 } from "./bytes.ts";
import { segvFault } from "./signal.ts";
import { sleepOn } from "./lifecycle.ts";
import { sysChmod, sysClose, sysDup, sysLseek, sysOpen, sysOpenat, sysPipe, sysRead, sysWrite } from "./sys_file.ts";
import { sysBrk, sysMmap, sysMprotect, sysMunmap } from "./sys_mem.ts";
import {
  sysExecve, sysExit, sysFork, sysGetegid, sysGeteuid, sysGetgid, sysGetpid, sysGetppid, sysGetpriority, sysGetuid, sysSchedYield, sysSetpriority, sysWait4,
} from "./sys_proc.ts";
import { sysKill, sysRtSigaction } from "./sys_signal.ts";
import { sysInitModule, sysIopl, sysReboot, sysSetuid } from "./sys_priv.ts";
import { chargeMitigations, filterDenies } from "./policy.ts";

export type Handler = (ks: KState, c: Call) => number;

/** The syscall table, indexed by number. */
const table: (Handler | undefined)[] = [];
table[SYS.read] = sysRead;
table[SYS.write] = sysWrite;
table[SYS.open] = sysOpen;
table[SYS.close] = sysClose;
table[SYS.lseek] = sysLseek;
table[SYS.mmap] = sysMmap;
table[SYS.mprotect] = sysMprotect;
table[SYS.munmap] = sysMunmap;
table[SYS.brk] = sysBrk;
table[SYS.rt_sigaction] = sysRtSigaction;
table[SYS.pipe] = sysPipe;
table[SYS.sched_yield] = sysSchedYield;
table[SYS.dup] = sysDup;
table[SYS.getpid] = sysGetpid;
table[SYS.fork] = sysFork;
table[SYS.execve] = sysExecve;
table[SYS.exit] = sysExit;
table[SYS.wait4] = sysWait4;
table[SYS.kill] = sysKill;
table[SYS.chmod] = sysChmod;
table[SYS.getuid] = sysGetuid;
table[SYS.getgid] = sysGetgid;
table[SYS.setuid] = sysSetuid;
table[SYS.geteuid] = sysGeteuid;
table[SYS.getegid] = sysGetegid;
table[SYS.getppid] = sysGetppid;
table[SYS.getpriority] = sysGetpriority;
table[SYS.setpriority] = sysSetpriority;
table[SYS.reboot] = sysReboot;
table[SYS.iopl] = sysIopl;
table[SYS.init_module] = sysInitModule;
table[SYS.exit_group] = sysExit;
table[SYS.openat] = sysOpenat;

/** Largest {text} or {space} argument accepted (bytes). */
export const MAX_ARG_BYTES = 1 << 16;

/** True if args is a well-formed argument list (at most 6 integers or buffers). */
export function validArgs(args: unknown): args is Arg[] {
  if (!Array.isArray(args) || args.length > 6) return false;
  for (const a of args) {
    if (typeof a === "number") {
      if (!Number.isSafeInteger(a)) return false;
    } else if (a && typeof a === "object") {
      if ("text" in a) {
        if (typeof a.text !== "string" || a.text.length > MAX_ARG_BYTES) return false;
      } else if ("space" in a) {
        if (!Number.isInteger(a.space) || a.space < 0 || a.space > MAX_ARG_BYTES) return false;
      } else return false;
    } else return false;
  }
  return true;
}

/** The strace text of a call's arguments (before it runs). */
function formatArgs(c: Call): string {
  const spec = syscallByNr(c.nr);
  if (!spec) return c.regs.map((r) => (r < 0 ? String(r) : "0x" + r.toString(16))).join(", ");
  const n = spec.args.length;
  if (n === 0) return "";
  let shown = n;
  if (c.nr === SYS.open && !openTakesMode(c.regs[1] ?? 0)) shown = 2;
  if (c.nr === SYS.openat && !openTakesMode(c.regs[2] ?? 0)) shown = 3;
  const parts: string[] = [];
  for (let i = 0; i < shown; i++) {
    const kind = spec.args[i].kind;
    let a = c.args[i];
    if (c.nr === SYS.write && i === 1 && typeof a === "object" && "text" in a) {
      const b = utf8(a.text);
      const count = c.regs[2] ?? 0;
      a = { text: String.fromCharCode(...b.subarray(0, Math.max(0, Math.min(count, 64)))) };
    }
    parts.push(argText(kind, a, c.regs[i] ?? 0));
  }
  return parts.join(", ");
}

type Staged = { ok: true; regs: number[] } | { ok: false; result: AccessResult };

/**
 * The C library's half of the call, in user mode: write each {text} (NUL-terminated) and zero
 * each {space} on the caller's stack, below STACK_TOP, and pass their addresses. These are user
 * stores: an unmapped or read-only stack faults here with SIGSEGV, before any trap.
 */
function stage(ks: KState, p: Proc, args: Arg[], ticket: number): Staged {
  const regs: number[] = new Array(args.length);
  let sp = LAYOUT.STACK_TOP;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a === "number") {
      regs[i] = a;
      continue;
    }
    const bytes = "text" in a ? concatNul(utf8(a.text)) : new Uint8Array(a.space);
    sp -= Math.ceil(Math.max(bytes.length, 1) / 16) * 16;
    regs[i] = sp;
    let done = 0;
    do {
      const addr = sp + done;
      const t = touch(ks, p.mm, p.pid, addr, "store");
      if (!t.ok) {
        const fault = "fault" in t ? t.fault : { code: "SEGV_MAPERR" as const, bit: "P" as const, reason: "out of memory" };
        const r: AccessResult = {
          kind: "access", ticket, pid: p.pid, tick: ks.tick, op: "store", addr, ok: false,
          fault: { signal: "SIGSEGV", code: fault.code, bit: fault.bit },
          line: `store to ${formatAddr(addr)} (the C library putting a syscall argument on the stack)`,
          reason: `${fault.reason} — the C library was writing a syscall argument onto your stack; the fault happens in user mode, before the trap`,
        };
        ks.post(r);
        if (p.state !== "ZOMBIE") segvFault(ks, p, addr, fault);
        return { ok: false, result: r };
      }
      if (t.minor || t.cow) {
        p.minorFaults++;
        p.stall = 1;
      }
      const n = Math.min(bytes.length - done, PAGE_SIZE - t.off);
      if (n > 0) ks.frames.bytes(t.frame).set(bytes.subarray(done, done + n), t.off);
      done += Math.max(n, 1);
    } while (done < bytes.length);
  }
  return { ok: true, regs };
}

function concatNul(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  return out;
}

export type SyscallOutcome = { done: SyscallResultExtra | AccessResult } | { blocked: string };

/**
 * Run one syscall for process p (RUNNING, in ring 3): stage buffers, trap (audit "enter", ring
 * 0), run the handler from the table, return (audit "exit", ring 3) — or sleep (BLOCKED in ring
 * 0) when the handler must wait. Unknown numbers give -ENOSYS.
 */
export function syscall(ks: KState, p: Proc, nr: number, args: Arg[], ticket: number): SyscallOutcome {
  let regs: number[];
  if (args.length === 0) regs = [];
  else {
    const s = stage(ks, p, args, ticket);
    if (!s.ok) return { done: s.result };
    regs = s.regs;
  }
  const c: Call = { p, nr, args, regs, reason: "" };
  const name = syscallName(nr);
  const at = formatArgs(c);
  ks.audit.write({ seq: 0, tick: ks.tick, pid: p.pid, uid: p.cred.euid, kind: "enter", ring: 0, syscall: name, text: `${name}(${at})`, reason: "trap: ring 3 -> ring 0" });
  const cost = chargeMitigations(ks, p, args);
  const denied = filterDenies(p, nr);
  if (denied) c.reason = denied.reason;
  const out = finish(ks, p, c, name, at, ticket, denied ? denied.ret : run(ks, c));
  if (cost > 0 && "done" in out) out.done.reason += ` (hardening: ${cost} extra kernel tick${cost === 1 ? "" : "s"} for SMEP/SMAP/KPTI)`;
  return out;
}

/** Run again a syscall p slept in (it was woken, or a signal interrupted it). */
export function resumeSyscall(ks: KState, p: Proc): SyscallOutcome {
  const b = p.blocked!;
  const c: Call = { p, nr: b.nr, args: b.args, regs: b.regs, reason: "" };
  const name = syscallName(b.nr);
  let ret: number;
  if (b.interrupted) {
    ret = -ERRNO.EINTR;
    c.reason = "a signal with a handler arrived while the call was sleeping: it returns EINTR and the handler runs";
  } else ret = run(ks, c);
  return finish(ks, p, c, name, b.argText, b.ticket, ret);
}

function run(ks: KState, c: Call): number {
  const h = table[c.nr];
  if (!h) {
    c.reason = `there is no syscall number ${c.nr} in this kernel's table`;
    return -ERRNO.ENOSYS;
  }
  return h(ks, c);
}

function finish(ks: KState, p: Proc, c: Call, name: string, at: string, ticket: number, ret: number): SyscallOutcome {
  if (ret === BLOCK && p.state !== "ZOMBIE") {
    p.blocked = { ticket, nr: c.nr, args: c.args, regs: c.regs, wchan: c.wchan ?? "wait", ready: false, interrupted: false, argText: at };
    sleepOn(ks, p, c.wchan ?? "wait");
    return { blocked: c.wchan ?? "wait" };
  }
  p.blocked = null;
  if (ret === BLOCK) ret = -ERRNO.EINTR;
  const text = `${name}(${c.argText ?? at})`;
  const err = ret < 0 ? errnoName(-ret) : undefined;
  const line = c.noReturn ? `${text} = ?` : text + retText(ret, c.hex === true && ret >= 0);
  if (!c.noReturn) {
    const e: AuditEntry = { seq: 0, tick: ks.tick, pid: p.pid, uid: p.cred.euid, kind: "exit", ring: 3, syscall: name, ret: ret < 0 ? -1 : ret, text: line, reason: c.reason };
    if (err) e.errno = err;
    ks.audit.write(e);
  }
  const r: SyscallResultExtra = { kind: "syscall", ticket, pid: p.pid, tick: ks.tick, nr: c.nr, name, ret: ret < 0 ? -1 : ret, line, reason: c.reason };
  if (err) r.errno = err;
  if (c.data !== undefined) r.data = c.data;
  if (c.output !== undefined) r.output = c.output;
  ks.post(r);
  return { done: r };
}

/** A trap whose arguments cannot be decoded: EINVAL, with both audit entries. */
export function malformedCall(ks: KState, p: Proc, nr: number, ticket: number): SyscallResultExtra {
  const name = Number.isSafeInteger(nr) ? syscallName(nr) : "syscall";
  const base = { seq: 0, tick: ks.tick, pid: p.pid, uid: p.cred.euid, syscall: name };
  ks.audit.write({ ...base, kind: "enter", ring: 0, text: `${name}(?)`, reason: "trap: ring 3 -> ring 0" });
  const line = `${name}(?) = -1 EINVAL (Invalid argument)`;
  const reason = "the arguments could not be decoded (each must be an integer, {text} or {space}, at most 6)";
  ks.audit.write({ ...base, kind: "exit", ring: 3, ret: -1, errno: "EINVAL", text: line, reason });
  const r: SyscallResultExtra = { kind: "syscall", ticket, pid: p.pid, tick: ks.tick, nr: Number.isSafeInteger(nr) ? nr : -1, name, ret: -1, errno: "EINVAL", line, reason };
  ks.post(r);
  return r;
}
