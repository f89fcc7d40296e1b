// Process lifecycle: pid allocation, a fresh address space, spawn, fork, the state changes
// (runnable, sleep, wake, stop, continue), exit and reaping. Like xv6's proc.c.

import { MAP, PROT, O } from "../../shared/abi/flags.ts";
import { SIG, SIG_IGN } from "../../shared/abi/signals.ts";
import { parseAddr } from "../../shared/addr.ts";
import {
  ASLR_MMAP_PAGES, DEFAULT_RLIMITS, KERNEL_DATA_PAGES, KERNEL_TEXT_PAGES, LAYOUT, MAX_PROCESSES, NICE_MAX, NICE_MIN, OOM_SCORE_ADJ_MAX, OOM_SCORE_ADJ_MIN, PAGE_SIZE, PID_MAX,
} from "../../shared/params.ts";
import { CAP, type CapName } from "../../shared/abi/caps.ts";
import type { ProcSpec, Rlimits } from "./types.ts";
import type { KState } from "./kstate.ts";
import { Proc } from "./proc.ts";
import { AddressSpace, forkSpace, touch, unmapPages } from "./vm.ts";
import type { Vma } from "./vma.ts";
import { installFd, removeFd, type OpenFile } from "./fd.ts";
import { newCreds, capable } from "./cred.ts";
import { exitLine } from "./strace.ts";
import { sendSignal } from "./signal.ts";
import { KERNEL_OWNER } from "./frames.ts";

/** Reserve the kernel's frames and build the kernel half every address space shares. */
export function bootKernelHalf(ks: KState, reserved: number): void {
  for (let i = 0; i < reserved; i++) ks.frames.alloc(KERNEL_OWNER);
  const text = parseAddr(LAYOUT.KERNEL_TEXT)!;
  const data = parseAddr(LAYOUT.KERNEL_DATA)!;
  const direct = parseAddr(LAYOUT.KERNEL_DIRECT_MAP)!;
  let f = 0;
  for (let i = 0; i < KERNEL_TEXT_PAGES; i++, f++) ks.kernelPages.push({ addr: text + i * PAGE_SIZE, frame: f % reserved, writable: false, nx: false, name: "kernel text" });
  for (let i = 0; i < KERNEL_DATA_PAGES; i++, f++) ks.kernelPages.push({ addr: data + i * PAGE_SIZE, frame: f % reserved, writable: true, nx: true, name: "kernel data" });
  for (let i = 0; i < reserved; i++) ks.kernelPages.push({ addr: direct + i * PAGE_SIZE, frame: i, writable: true, nx: true, name: "direct map" });
  const stamp = (frame: number, text: string): void => {
    const b = ks.frames.bytes(frame);
    for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i);
  };
  for (let i = 0; i < reserved; i++) stamp(i, i < KERNEL_TEXT_PAGES ? `ring0 kernel text ${i}` : `ring0 kernel data ${i}`);
}

/** The next free pid (wrapping at PID_MAX), or 0 when the process table is full. */
export function allocPid(ks: KState): number {
  if (ks.procs.size >= MAX_PROCESSES) return 0;
  for (let n = 0; n < PID_MAX; n++) {
    const pid = ks.nextPid;
    ks.nextPid = ks.nextPid >= PID_MAX ? 2 : ks.nextPid + 1;
    if (!ks.procs.has(pid)) return pid;
  }
  return 0;
}

const vma = (start: number, pages: number, prot: number, name: string, ino = 0): Vma => ({
  start, end: start + pages * PAGE_SIZE, prot, flags: MAP.MAP_PRIVATE | (ino ? 0 : MAP.MAP_ANONYMOUS), name, ino, offset: 0, mayWrite: true,
});

/**
 * A fresh address space (the layout of shared/params LAYOUT): text (backed by the program file
 * `exeIno`), rodata, data, an empty heap at LAYOUT.HEAP, the stack below STACK_TOP. The text page
 * and the top stack page are present; the rest is demand-paged. Undefined if no frame was found.
 */
export function freshAddressSpace(ks: KState, pid: number, exeIno: number): AddressSpace | undefined {
  const mm = new AddressSpace();
  const stackBase = LAYOUT.STACK_TOP - LAYOUT.STACK_PAGES * PAGE_SIZE;
  mm.vmas = [
    vma(LAYOUT.TEXT, 1, PROT.PROT_READ | PROT.PROT_EXEC, "text", exeIno),
    vma(LAYOUT.RODATA, 1, PROT.PROT_READ, "rodata"),
    vma(LAYOUT.DATA, 1, PROT.PROT_READ | PROT.PROT_WRITE, "data"),
    vma(stackBase, LAYOUT.STACK_PAGES, PROT.PROT_READ | PROT.PROT_WRITE, "stack"),
  ];
  mm.startBrk = mm.brk = LAYOUT.HEAP;
  mm.mmapBase = LAYOUT.MMAP_BASE - (ks.config.aslr ? ks.rng.below(ASLR_MMAP_PAGES) * PAGE_SIZE : 0);
  for (const a of [LAYOUT.TEXT, LAYOUT.STACK_TOP - PAGE_SIZE]) {
    const t = touch(ks, mm, pid, a, "load");
    if (!t.ok) {
      releaseSpace(ks, mm, pid);
      return undefined;
    }
  }
  return mm;
}

/** Unmap everything in an address space, giving still-shared frames new owners. */
export function releaseSpace(ks: KState, mm: AddressSpace, pid: number): void {
  const survivors = unmapPages(ks.frames, mm, pid, 0, 2 ** 48);
  for (const f of survivors) ks.reown(f, pid);
  mm.vmas = [];
}

function clampInt(v: unknown, lo: number, hi: number, dflt: number): number {
  return typeof v === "number" && Number.isInteger(v) ? Math.max(lo, Math.min(hi, v)) : dflt;
}

/** Create a process for a player or workload (ProcSpec); see Kernel.spawn. */
export function spawnProcess(ks: KState, spec: ProcSpec): { ok: true; pid: number } | { ok: false; error: string } {
  if (!spec || typeof spec !== "object") return { ok: false, error: "spawn: the spec must be an object" };
  if (typeof spec.name !== "string" || spec.name.length === 0 || spec.name.length > 64) return { ok: false, error: "spawn: name must be 1..64 characters" };
  if (!Number.isInteger(spec.uid) || spec.uid < 0 || spec.uid > 0xfffffffe) return { ok: false, error: `spawn: uid ${String(spec.uid)} is not a valid user id` };
  const ppid = spec.ppid ?? 1;
  const parent = ks.procs.get(ppid);
  if (!parent || parent.state === "ZOMBIE") return { ok: false, error: `spawn: parent pid ${ppid} does not exist` };
  const behavior = spec.behavior ?? "interactive";
  if (behavior !== "interactive" && behavior !== "cpu") return { ok: false, error: `spawn: behavior must be "interactive" or "cpu"` };
  let caps: number | undefined;
  if (spec.caps !== undefined) {
    if (!Array.isArray(spec.caps) || !spec.caps.every((c) => typeof c === "string" && Object.prototype.hasOwnProperty.call(CAP, c))) {
      return { ok: false, error: "spawn: caps must be capability names like CAP_KILL" };
    }
    caps = spec.caps.reduce((m, c) => m | (1 << CAP[c as CapName]), 0);
  }
  const pid = allocPid(ks);
  if (!pid) return { ok: false, error: `spawn: the process table is full (${MAX_PROCESSES} processes)` };
  const user = ks.users.find((u) => u.uid === spec.uid);
  const gid = Number.isInteger(spec.gid) && spec.gid! >= 0 ? spec.gid! : (user?.gid ?? spec.uid);
  const groups = Array.isArray(spec.groups) ? spec.groups.filter((g) => Number.isInteger(g) && g >= 0) : (user?.groups ?? [gid]);
  const p = new Proc();
  p.pid = pid;
  p.ppid = ppid;
  p.pgid = pid;
  p.tty = pid;
  p.name = spec.name;
  p.tag = typeof spec.tag === "string" ? spec.tag : "";
  p.behavior = behavior;
  p.cred = newCreds(spec.uid, gid, groups, caps);
  p.nice = clampInt(spec.nice, NICE_MIN, NICE_MAX, 0);
  p.oomScoreAdj = clampInt(spec.oomScoreAdj, OOM_SCORE_ADJ_MIN, OOM_SCORE_ADJ_MAX, 0);
  p.rlimits = { ...DEFAULT_RLIMITS };
  for (const k of Object.keys(DEFAULT_RLIMITS) as (keyof Rlimits)[]) {
    const v = spec.rlimits?.[k];
    if (typeof v === "number" && Number.isInteger(v) && v >= 0) p.rlimits[k] = v;
  }
  const sh = ks.vfs.lookup("/bin/sh");
  const mm = freshAddressSpace(ks, pid, sh?.ino ?? 0);
  if (!mm) return { ok: false, error: "spawn: out of memory (no frame for the new process's text and stack)" };
  p.mm = mm;
  ks.procs.set(pid, p);
  ks.terminals.set(pid, { id: pid, input: "", output: "" });
  const tty: OpenFile = { id: ks.nextFile++, kind: "tty", ino: ks.vfs.lookup("/dev/tty")?.ino ?? 0, path: "/dev/tty", flags: O.O_RDWR, offset: 0, refs: 0, pipe: 0, end: "", tty: pid };
  for (let i = 0; i < 3; i++) installFd(p, tty);
  ks.log("proc", p, 3, `spawn("${p.name}") = ${pid}`, `new process ${pid} "${p.name}" for uid ${p.cred.ruid} (${ks.user(p.cred.ruid)}), child of ${ppid}; fds 0, 1, 2 are the terminal`);
  if (behavior === "interactive") sleepOn(ks, p, "tty");
  else makeRunnable(ks, p, true);
  return { ok: true, pid };
}

/** Leave the core, if on one. */
export function leaveCore(ks: KState, p: Proc): void {
  if (p.core >= 0) {
    if (ks.cores[p.core] === p.pid) ks.cores[p.core] = 0;
    p.core = -1;
  }
}

/** Make p RUNNABLE and queue it (isNew: a new process, placed at min_vruntime under fair). */
export function makeRunnable(ks: KState, p: Proc, isNew = false): void {
  leaveCore(ks, p);
  if (p.state === "RUNNABLE") ks.sched.remove(p.pid);
  p.state = "RUNNABLE";
  p.wchan = "";
  ks.sched.enqueue(p, isNew);
}

/** Put p to sleep on wchan (leaving its core or the run queue). */
export function sleepOn(ks: KState, p: Proc, wchan: string): void {
  if (p.state === "RUNNABLE") ks.sched.remove(p.pid);
  if (p.state === "RUNNING") ks.sched.gaveUp(p);
  leaveCore(ks, p);
  p.state = "BLOCKED";
  p.wchan = wchan;
}

/** Wake a sleeping process (a stopped one remembers the wake-up for SIGCONT). */
export function wake(ks: KState, p: Proc): void {
  if (p.state === "BLOCKED") makeRunnable(ks, p);
  else if (p.state === "STOPPED" && p.blocked) p.blocked.ready = true;
}

/** SIGSTOP: leave the core or run queue; remember a sleep in progress. */
export function stopProcess(ks: KState, p: Proc, sig: number): void {
  if (p.state === "ZOMBIE" || p.state === "STOPPED") return;
  if (p.state === "RUNNABLE") ks.sched.remove(p.pid);
  if (p.state === "RUNNING") ks.sched.gaveUp(p);
  leaveCore(ks, p);
  p.state = "STOPPED";
  p.stopReport = sig;
  p.contReport = false;
}

/** SIGCONT: back to sleep if it was blocked in a syscall (or idle on its terminal), else runnable. */
export function continueProcess(ks: KState, p: Proc): void {
  if (p.state !== "STOPPED") return;
  p.stopReport = 0;
  p.contReport = true;
  if (p.blocked && !p.blocked.ready && p.pending.length === 0) {
    p.state = "BLOCKED";
    p.wchan = p.blocked.wchan;
  } else if (p.idle && p.pending.length === 0) {
    p.state = "BLOCKED";
    p.wchan = "tty";
  } else {
    if (p.blocked && p.pending.length > 0) p.blocked.interrupted = true;
    makeRunnable(ks, p);
  }
}

/** wait4 status word: exited (code << 8) or killed (signal, 0x80 if it dumped core). */
export function waitStatus(p: Proc): number {
  if (p.termSignal !== undefined) return p.termSignal | (p.coreDumped ? 0x80 : 0);
  return ((p.exitStatus ?? 0) & 0xff) << 8;
}

/**
 * The process ends: it becomes a zombie, its frames are freed, its fds closed (pipe peers notice),
 * its children go to init, and its parent gets SIGCHLD (init, or a parent ignoring SIGCHLD,
 * reaps it at once).
 */
export function exitProcess(ks: KState, p: Proc, code: number, sig: number | undefined, core: boolean, why = ""): void {
  if (p.state === "ZOMBIE" || p.pid === 1) return;
  if (p.state === "RUNNABLE") ks.sched.remove(p.pid);
  leaveCore(ks, p);
  p.state = "ZOMBIE";
  p.wchan = "";
  p.blocked = null;
  p.computing = null;
  p.queue = [];
  p.pending = [];
  p.stall = 0;
  if (sig !== undefined) {
    p.termSignal = sig;
    p.coreDumped = core;
  } else p.exitStatus = code & 0xff;
  releaseSpace(ks, p.mm, p.pid);
  p.mm = new AddressSpace();
  for (let fd = p.fds.length - 1; fd >= 0; fd--) closeFd(ks, p, fd);
  const init = ks.procs.get(1)!;
  for (const c of [...ks.procs.values()]) {
    if (c.ppid !== p.pid || c === p) continue;
    c.ppid = 1;
    if (c.state === "ZOMBIE") reap(ks, init, c);
  }
  ks.log("proc", p, 3, exitLine(p.exitStatus, p.termSignal, p.coreDumped), why || (sig !== undefined ? `terminated by ${sig === SIG.SIGKILL ? "SIGKILL" : "a signal"}` : `exit status ${code & 0xff}`));
  ks.emit({ type: "exit", tick: ks.tick, pid: p.pid, status: waitStatus(p), ...(sig !== undefined ? { signal: sig, core } : {}) });
  const parent = ks.procs.get(p.ppid);
  if (!parent || parent.pid === 1 || parent.sigaction[SIG.SIGCHLD] === SIG_IGN) {
    reap(ks, parent ?? init, p);
    return;
  }
  sendSignal(ks, parent, SIG.SIGCHLD, p, `child ${p.pid} exited`);
  if (parent.blocked?.wchan === "wait4") wake(ks, parent);
}

/** Remove a zombie child from the process table (its parent collected it). */
export function reap(ks: KState, parent: Proc, child: Proc): void {
  ks.procs.delete(child.pid);
  let used = false;
  for (const q of ks.procs.values()) if (q.tty === child.tty) used = true;
  if (!used) ks.terminals.delete(child.tty);
  ks.emit({ type: "reaped", tick: ks.tick, pid: child.pid, by: parent.pid });
}

/** Close descriptor fd; on the last reference to a pipe end, wake the other side. False if fd was not open. */
export function closeFd(ks: KState, p: Proc, fd: number): boolean {
  const r = removeFd(p, fd, ks.pipes);
  if (!r) return false;
  if (r.last && r.file.kind === "pipe") wakePipe(ks, r.file.pipe);
  return true;
}

/** Wake every process sleeping on pipe `id` (readers for data or EOF, writers for room or EPIPE). */
export function wakePipe(ks: KState, id: number): void {
  for (const q of ks.procs.values()) {
    if (q.blocked?.wchan !== "pipe") continue;
    const f = q.fds[q.blocked.regs[0]];
    if (!f || f.pipe === id) wake(ks, q);
  }
}

/**
 * fork(): a copy of the parent (creds, fds sharing offsets, dispositions, tag) with a
 * copy-on-write address space. EAGAIN at RLIMIT_NPROC (root and CAP_SYS_RESOURCE are exempt) or
 * when the process table is full.
 */
export function forkProcess(ks: KState, parent: Proc): { ok: true; child: Proc } | { ok: false; errno: "EAGAIN"; reason: string } {
  const c = parent.cred;
  if (c.ruid !== 0 && !capable(c, "CAP_SYS_RESOURCE") && !capable(c, "CAP_SYS_ADMIN")) {
    let n = 0;
    for (const q of ks.procs.values()) if (q.cred.ruid === c.ruid) n++;
    if (n >= parent.rlimits.nproc) {
      return { ok: false, errno: "EAGAIN", reason: `uid ${c.ruid} (${ks.user(c.ruid)}) already owns ${n} processes (zombies count until reaped); RLIMIT_NPROC is ${parent.rlimits.nproc}` };
    }
  }
  const pid = allocPid(ks);
  if (!pid) return { ok: false, errno: "EAGAIN", reason: `the process table is full (${MAX_PROCESSES} processes, like threads-max)` };
  const p = new Proc();
  p.pid = pid;
  p.ppid = parent.pid;
  p.pgid = parent.pgid;
  p.tty = parent.tty;
  p.name = parent.name;
  p.tag = parent.tag;
  p.behavior = parent.behavior;
  p.cred = { ...parent.cred, groups: [...parent.cred.groups] };
  p.nice = parent.nice;
  p.rlimits = { ...parent.rlimits };
  p.oomScoreAdj = parent.oomScoreAdj;
  p.iopl = parent.iopl;
  p.seccomp = parent.seccomp ? [...parent.seccomp] : null;
  p.sigaction = [...parent.sigaction];
  p.mm = forkSpace(ks.frames, parent.mm);
  p.fds = parent.fds.map((f) => {
    if (f) f.refs++;
    return f;
  });
  ks.procs.set(pid, p);
  if (p.behavior === "interactive") sleepOn(ks, p, "tty");
  else makeRunnable(ks, p, true);
  ks.emit({ type: "fork", tick: ks.tick, parent: parent.pid, child: pid });
  return { ok: true, child: p };
}

