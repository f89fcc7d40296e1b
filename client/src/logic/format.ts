// Words and short labels the client shows: what floats above a character after a kernel
// crossing, what the live region says, how a process's state and wait channel read.

import type { ActionResult, FaultBit, KernelEvent } from "../../../shared/kernel.ts";
import { signalName } from "../../../shared/abi/signals.ts";
import { formatAddr } from "../../../shared/addr.ts";
import { STRERROR, isErrnoName } from "../../../shared/abi/errno.ts";
import type { ProcSnap } from "./snapshot.ts";

export type Pose = "running" | "waiting" | "blocked" | "stopped" | "zombie" | "killed";

/** The pose a character takes for its process state. */
export function poseFor(p: Pick<ProcSnap, "state" | "exit">): Pose {
  switch (p.state) {
    case "RUNNING":
      return "running";
    case "BLOCKED":
      return "blocked";
    case "STOPPED":
      return "stopped";
    case "ZOMBIE":
    case "EXITED":
      return /killed|signal|SIG/i.test(p.exit) ? "killed" : "zombie";
    default:
      return /killed/i.test(p.exit) ? "killed" : "waiting";
  }
}

const WCHAN: Record<string, string> = {
  tty: "waiting for you",
  read: "waiting for input",
  wait4: "waiting for a child",
  pipe: "waiting on a pipe",
  pipe_read: "waiting on a pipe",
  pipe_write: "pipe is full",
  disk: "waiting for the disk",
  net: "waiting for the network",
  sleep: "sleeping",
};

/** "tty: waiting for you" - what a sleeping process waits for, in words. */
export function wchanLabel(wchan: string): string {
  if (!wchan) return "asleep";
  const words = WCHAN[wchan] ?? WCHAN[wchan.split(/[:_ ]/)[0]];
  return words ? `${wchan}: ${words}` : wchan;
}

const ADDRESS_RETURNING = new Set(["mmap", "brk"]);

/** The short text that floats above a character: "= 3", "-1 EACCES", "SIGSEGV (U/S)". */
export function floatText(r: ActionResult): string {
  switch (r.kind) {
    case "syscall":
      if (r.errno) return `-1 ${r.errno}`;
      return ADDRESS_RETURNING.has(r.name) && r.ret > 0xffff ? `= ${formatAddr(r.ret)}` : `= ${r.ret}`;
    case "access":
      if (r.fault) return `${r.fault.signal} (${r.fault.bit})`;
      if (r.cow) return `${r.op} ok (COW copy)`;
      if (r.minorFault) return `${r.op} ok (page fault)`;
      return r.op === "load" && r.value !== undefined ? `load = ${r.value}` : `${r.op} ok`;
    case "compute":
      return `+${r.ticks} tick${r.ticks === 1 ? "" : "s"}`;
    default:
      return assertNever(r);
  }
}

/** Is this result bad news (errno or fault)? Drives the colour and the icon, never alone. */
export function isFailure(r: ActionResult): boolean {
  return (r.kind === "syscall" && !!r.errno) || (r.kind === "access" && !!r.fault);
}

/** Which page-table bit (or CPU rule) refused an access, in words a student can act on. */
export function faultBitWords(bit: FaultBit): string {
  switch (bit) {
    case "P":
      return "nothing is mapped there (no page-table entry: P=0 and no region)";
    case "U/S":
      return "the page is supervisor-only (U/S=0): kernel memory, ring 0 only";
    case "R/W":
      return "the page is read-only (R/W=0)";
    case "NX":
      return "the page is not executable (NX=1)";
    case "canonical":
      return "the address is non-canonical (bits 63-47 must all be equal)";
    default:
      return assertNever(bit);
  }
}

/** One sentence for the live region about one of my results. */
export function resultSentence(r: ActionResult): string {
  const reason = r.reason ? `: ${r.reason}` : "";
  if (r.kind === "access" && r.fault) {
    return `Killed by ${r.fault.signal} (${r.fault.code}) on ${r.op} at ${formatAddr(r.addr)}: ${r.reason || faultBitWords(r.fault.bit)}`;
  }
  return `${r.line}${reason}`;
}

/** "EACCES (Permission denied)" for a log line's errno; undefined if the line has none. */
export function errnoInLine(line: string): { errno: string; text: string } | undefined {
  const m = /= -1 ([A-Z][A-Z0-9]+)/.exec(line) ?? /\b(SIGSEGV|SIGKILL|SIGBUS)\b/.exec(line);
  if (!m) return undefined;
  const name = m[1];
  return { errno: name, text: isErrnoName(name) ? STRERROR[name] : "signal" };
}

/** "Your process 7 is running on core 1" and friends. */
export function describeProc(p: ProcSnap, opts: { mine: boolean; queuePos?: number }): string {
  const who = opts.mine ? `Your process ${p.pid}` : `Process ${p.pid}${p.nick ? ` (${p.nick})` : ""}`;
  switch (p.state) {
    case "RUNNING":
      return `${who} is running on core ${p.core}${p.ring === 0 ? ", inside the kernel (ring 0)" : ""}`;
    case "RUNNABLE":
      return opts.queuePos !== undefined ? `${who} is waiting for a CPU, number ${opts.queuePos + 1} in the queue` : `${who} is waiting for a CPU`;
    case "BLOCKED":
      return `${who} is asleep, ${wchanLabel(p.wchan)}`;
    case "STOPPED":
      return `${who} is stopped`;
    case "ZOMBIE":
      return `${who} ${p.exit ? `has ${deathWords(p.exit)}` : "has exited"} and is a zombie until its parent reaps it`;
    case "EXITED":
      return `${who} is gone (${p.exit ? deathWords(p.exit) : "exited"})`;
    default:
      return `${who} is ${p.state.toLowerCase()}`;
  }
}

/** "killed by SIGSEGV" stays as is; "exited 0" becomes "exited with status 0". */
export function deathWords(exit: string): string {
  const m = /^exited (?:with )?(-?\d+)$/.exec(exit);
  return m ? `exited with status ${m[1]}` : exit;
}

/** "Process 9 (bob) was killed by SIGSEGV". */
export function deathSentence(p: ProcSnap, mine: boolean): string {
  const who = mine ? `Your process ${p.pid}` : `Process ${p.pid}${p.nick ? ` (${p.nick})` : ""}`;
  if (/killed/i.test(p.exit)) return `${who} was ${p.exit}`;
  return `${who} ${p.exit ? deathWords(p.exit) : "exited"}`;
}

/** CPU time in ticks, as the HUD shows it. */
export function cpuTicks(p: Pick<ProcSnap, "utime" | "stime">): string {
  return `${p.utime + p.stime} (${p.utime} user + ${p.stime} kernel)`;
}

/**
 * A sentence for a kernel event about my processes (or, for the OOM killer, anyone's), or
 * undefined when the map and the results already say it (results, exits, reaps).
 */
export function eventSentence(e: KernelEvent, nickOf: (pid: number) => string = () => ""): string | undefined {
  const who = (pid: number) => `process ${pid}${nickOf(pid) ? ` (${nickOf(pid)})` : ""}`;
  switch (e.type) {
    case "signal": {
      const from = e.from > 0 ? ` from ${who(e.from)}` : " from the kernel";
      const what =
        e.outcome === "handled" ? "its handler ran" : e.outcome === "ignored" ? "it was ignored" : e.outcome === "killed" ? "it was killed" : e.outcome === "stopped" ? "it stopped" : e.outcome === "continued" ? "it continues" : "it is pending";
      return `${signalName(e.sig)} to ${who(e.pid)}${from}: ${what}`;
    }
    case "oom-kill":
      return `Out of memory: the OOM killer chose ${who(e.victim)} (badness ${e.badness}), after ${who(e.trigger)} asked for a frame`;
    case "fork":
      return `${who(e.parent)} forked: child ${e.child}`;
    case "exec":
      return `${who(e.pid)} now runs ${e.path} (effective uid ${e.euid})`;
    case "reboot":
      return `${who(e.pid)} asked the kernel to reboot`;
    default:
      return undefined;
  }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}
