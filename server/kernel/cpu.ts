// What a process does with one tick on a core: pay for a minor fault, finish a syscall it slept
// in, run its next queued action (a syscall, a memory access, compute), or compute on its own
// (a CPU hog). Then, returning to user mode, it takes its pending signals.

import { formatAddr } from "../../shared/addr.ts";
import { PAGE_SIZE } from "../../shared/params.ts";
import type { AccessOp, AccessResult, Action } from "./types.ts";
import type { KState } from "./kstate.ts";
import type { Proc, Queued } from "./proc.ts";
import { resumeSyscall, syscall, validArgs } from "./syscall.ts";
import { deliverPending, disposition, segvFault } from "./signal.ts";
import { touch } from "./vm.ts";
import { findVma, isShared } from "./vma.ts";
import { exitProcess } from "./lifecycle.ts";
import { sigLine } from "./strace.ts";
import { SIG } from "../../shared/abi/signals.ts";
import { kptiFault } from "./policy.ts";

/** Largest compute action, in ticks. */
export const MAX_COMPUTE_TICKS = 1000;
/** Folded addresses are below 2^49 (non-canonical ones carry 2^48 + low bits). */
const ADDR_LIMIT = 2 ** 49;

/** A reason the action is malformed, or "" if it is fine. */
export function checkAction(a: unknown): string {
  if (!a || typeof a !== "object") return "the action must be an object";
  const x = a as Record<string, unknown>;
  switch (x.kind) {
    case "syscall":
      if (!Number.isSafeInteger(x.nr)) return "nr must be an integer";
      if (!validArgs(x.args)) return "args must be at most 6 integers, {text} or {space} buffers";
      return "";
    case "access":
      if (x.op !== "load" && x.op !== "store" && x.op !== "exec") return 'op must be "load", "store" or "exec"';
      if (!Number.isSafeInteger(x.addr) || (x.addr as number) < 0 || (x.addr as number) >= ADDR_LIMIT) return "addr must be a folded address (see shared/addr.ts)";
      if (x.value !== undefined && (!Number.isInteger(x.value) || (x.value as number) < 0 || (x.value as number) > 255)) return "value must be a byte (0..255)";
      return "";
    case "compute":
      if (!Number.isInteger(x.ticks) || (x.ticks as number) < 1 || (x.ticks as number) > MAX_COMPUTE_TICKS) return `ticks must be 1..${MAX_COMPUTE_TICKS}`;
      return "";
    default:
      return 'kind must be "syscall", "access" or "compute"';
  }
}

/** Run one tick of p on its core. */
export function runUnit(ks: KState, p: Proc): void {
  ks.current = p.pid;
  if (p.pending.some((s) => disposition(p, s.sig) !== "handler")) {
    // A pending signal that kills or stops (one that arrived while it was stopped) acts first.
    deliverPending(ks, p);
    if (p.state !== "RUNNING") {
      ks.current = 0;
      return;
    }
  }
  if (p.stall > 0) {
    p.stall--;
    p.stime++;
  } else if (p.blocked) {
    p.stime++;
    resumeSyscall(ks, p);
  } else if (p.computing) {
    p.utime++;
    if (--p.computing.left <= 0) {
      const c = p.computing;
      p.computing = null;
      postCompute(ks, p, c.ticket, c.ticks);
    }
  } else if (p.queue.length > 0) {
    perform(ks, p, p.queue.shift()!);
  } else if (p.behavior === "cpu" || p.pending.length > 0) {
    p.utime++;
  }
  if (p.state === "RUNNING") deliverPending(ks, p);
  ks.current = 0;
}

function perform(ks: KState, p: Proc, q: Queued): void {
  const a: Action = q.action;
  if (a.kind === "syscall") {
    p.stime++;
    syscall(ks, p, a.nr, a.args, q.ticket);
  } else if (a.kind === "access") {
    p.utime++;
    access(ks, p, q.ticket, a.op, a.addr, a.value ?? 0);
  } else {
    p.utime++;
    if (a.ticks <= 1) postCompute(ks, p, q.ticket, a.ticks);
    else p.computing = { ticket: q.ticket, left: a.ticks - 1, ticks: a.ticks };
  }
}

function postCompute(ks: KState, p: Proc, ticket: number, ticks: number): void {
  ks.post({ kind: "compute", ticket, pid: p.pid, tick: ks.tick, ticks, line: `compute(${ticks})`, reason: `${ticks} tick${ticks === 1 ? "" : "s"} of user-mode work done` });
}

/**
 * A user-mode load, store or instruction fetch through the MMU. Demand paging and copy-on-write
 * are silent (a minor fault: the next action waits a tick); anything else is SIGSEGV.
 */
export function access(ks: KState, p: Proc, ticket: number, op: AccessOp, addr: number, value: number): AccessResult {
  const t = touch(ks, p.mm, p.pid, addr, op);
  const base = { kind: "access" as const, ticket, pid: p.pid, tick: ks.tick, op, addr };
  let r: AccessResult;
  if (t.ok) {
    let v: number | undefined;
    if (op === "store") {
      ks.frames.bytes(t.frame)[t.off] = value & 0xff;
      v = value & 0xff;
      const vma = findVma(p.mm.vmas, addr);
      if (vma && vma.ino && isShared(vma)) writeThrough(ks, vma.ino, vma.offset + (addr - vma.start), v);
    } else if (op === "load") v = ks.frames.load(t.frame, t.off);
    const vma = findVma(p.mm.vmas, addr)!;
    let reason = op === "store" ? `stored 0x${v!.toString(16)} in "${vma.name}" (frame ${t.frame})` : op === "load" ? `loaded 0x${v!.toString(16)} from "${vma.name}" (frame ${t.frame})` : `executed code in "${vma.name}"`;
    if (t.minor || t.cow) {
      p.minorFaults++;
      p.stall = 1;
      const what = t.cow
        ? `copy-on-write: the page was shared after fork; this store gave it its own frame ${t.frame}, now writable`
        : `demand paging: first touch of a page in "${vma.name}"; frame ${t.frame} was allocated${vma.ino ? " and filled from the file" : ", zero-filled"}`;
      ks.log("fault", p, 3, `page fault at ${formatAddr(addr)} (${t.cow ? "COW" : "minor"})`, `${what}; no signal — it costs a tick`);
      reason = `${what}; then ${reason}`;
    }
    const line = op === "store" ? `store ${formatAddr(addr)} <- 0x${v!.toString(16)}` : op === "load" ? `load ${formatAddr(addr)} = 0x${v!.toString(16)}` : `exec ${formatAddr(addr)}`;
    r = { ...base, ok: true, line, reason };
    if (v !== undefined) r.value = v;
    if (t.minor) r.minorFault = true;
    if (t.cow) r.cow = true;
  } else if ("oom" in t) {
    const alive = p.state !== "ZOMBIE";
    if (alive) exitProcess(ks, p, 0, SIG.SIGKILL, false, "out of memory and no other process could be killed");
    r = { ...base, ok: false, line: `${op} ${formatAddr(addr)}`, reason: alive ? "no frame left and nothing else could be killed: the faulting process is killed" : "the OOM killer chose this very process while its page fault waited for a frame" };
  } else {
    const f = kptiFault(ks, t.fault);
    ks.log("fault", p, 0, `page fault at ${formatAddr(addr)} (${op})`, f.reason, { code: f.code });
    r = { ...base, ok: false, fault: { signal: "SIGSEGV", code: f.code, bit: f.bit }, line: sigLine(SIG.SIGSEGV, f.code, f.code === "SI_KERNEL" ? "si_addr=NULL" : `si_addr=${formatAddr(addr)}`), reason: f.reason };
    ks.post(r);
    segvFault(ks, p, addr, f);
    return r;
  }
  ks.post(r);
  return r;
}

function writeThrough(ks: KState, ino: number, off: number, v: number): void {
  const node = ks.vfs.get(ino);
  if (!node || off >= node.data.length || off >= node.data.length + PAGE_SIZE) return;
  node.data = node.data.slice(0, off) + String.fromCharCode(v) + node.data.slice(off + 1);
}
