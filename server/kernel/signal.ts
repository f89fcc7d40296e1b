// Signals (signal(7)): generation (kill, the kernel, faults), dispositions, and delivery when a
// process returns to user mode. SIGKILL and SIGSTOP cannot be caught or ignored; init ignores
// every signal it has no handler for.

import { defaultAction, isUncatchable, SIG, SIG_DFL, SIG_IGN, signalName } from "../../shared/abi/signals.ts";
import { formatAddr } from "../../shared/addr.ts";
import type { KState } from "./kstate.ts";
import type { Proc } from "./proc.ts";
import { continueProcess, exitProcess, stopProcess, wake } from "./lifecycle.ts";
import { sigLine } from "./strace.ts";
import { touch, type Fault } from "./vm.ts";

export type Disposition = "handler" | "ign" | "term" | "core" | "stop" | "cont";

/** What receiving sig would do to p now. */
export function disposition(p: Proc, sig: number): Disposition {
  const act = isUncatchable(sig) ? SIG_DFL : p.sigaction[sig];
  if (act === SIG_IGN) return "ign";
  if (act === SIG_DFL) return defaultAction(sig);
  return "handler";
}

function senderText(from: Proc | undefined): string {
  return from ? `si_pid=${from.pid}, si_uid=${from.cred.ruid}` : "si_pid=0, si_uid=0";
}

/**
 * Generate sig for target t. Acts at once for SIGKILL, stop and continue signals and signals
 * whose default action terminates (as the kernel's complete_signal does); an ignored signal is
 * discarded; a caught one becomes pending (waking a sleeper: a syscall it sleeps in returns EINTR)
 * and runs when t next returns to user mode.
 */
export function sendSignal(ks: KState, t: Proc, sig: number, from: Proc | undefined, why: string): void {
  if (t.state === "ZOMBIE" || sig === 0) return;
  const d = disposition(t, sig);
  const name = signalName(sig);
  const src = from ? `from pid ${from.pid}` : "from the kernel";
  const line = sigLine(sig, from ? "SI_USER" : "SI_KERNEL", senderText(from));
  if (t.pid === 1 && d !== "handler") {
    ks.log("signal", t, 3, line, `init ignores ${name} ${src}: it has no handler, and init never takes a default action`, { signal: name });
    ks.emit({ type: "signal", tick: ks.tick, pid: t.pid, sig, from: from?.pid ?? 0, outcome: "ignored" });
    return;
  }
  const event = (outcome: "handled" | "ignored" | "killed" | "stopped" | "continued" | "pending"): void =>
    ks.emit({ type: "signal", tick: ks.tick, pid: t.pid, sig, from: from?.pid ?? 0, outcome });
  if (t.pid === ks.current && t.state === "RUNNING" && sig !== SIG.SIGCONT && d !== "ign") {
    // The target is the process running this very unit: the signal is acted on when it returns
    // to user mode (after the syscall that raised it has returned).
    if (!t.pending.some((s) => s.sig === sig)) {
      t.pending.push({ sig, pid: from?.pid ?? 0, uid: from?.cred.ruid ?? 0 });
      t.pending.sort((a, b) => a.sig - b.sig);
    }
    event("pending");
    return;
  }
  if (t.state === "STOPPED" && sig !== SIG.SIGKILL && sig !== SIG.SIGCONT && d !== "ign" && d !== "stop") {
    // A stopped process takes no signal but SIGKILL and SIGCONT; this one waits for SIGCONT.
    if (!t.pending.some((s) => s.sig === sig)) {
      t.pending.push({ sig, pid: from?.pid ?? 0, uid: from?.cred.ruid ?? 0 });
      t.pending.sort((a, b) => a.sig - b.sig);
    }
    ks.log("signal", t, 3, line, `${name} ${src} stays pending: a stopped process acts on nothing but SIGKILL and SIGCONT`, { signal: name });
    event("pending");
    return;
  }
  if (sig === SIG.SIGCONT) {
    t.pending = t.pending.filter((s) => disposition(t, s.sig) !== "stop");
    if (t.state === "STOPPED") {
      continueProcess(ks, t);
      ks.log("signal", t, 3, line, `${name} ${src}: the stopped process resumes`, { signal: name });
      event("continued");
    }
    if (d !== "handler") return;
  } else if (d === "stop") {
    t.pending = t.pending.filter((s) => s.sig !== SIG.SIGCONT);
    ks.log("signal", t, 3, line, `${name} ${src}: the process stops (it leaves the CPU and the run queue until SIGCONT)${sig === SIG.SIGSTOP ? "; SIGSTOP cannot be caught or ignored" : ""}`, { signal: name });
    stopProcess(ks, t, sig);
    event("stopped");
    return;
  } else if (d === "ign") {
    if (sig !== SIG.SIGCHLD) {
      ks.log("signal", t, 3, line, `${name} ${src} is ignored (${t.sigaction[sig] === SIG_IGN ? "SIG_IGN" : "its default action is to ignore it"})`, { signal: name });
      event("ignored");
    }
    return;
  } else if (d === "term" || d === "core") {
    ks.log("signal", t, 3, line, `${name} ${src}: ${why}; no handler, so the default action ${d === "core" ? "terminates the process and dumps core" : "terminates the process"}${sig === SIG.SIGKILL ? " (SIGKILL cannot be caught, blocked or ignored)" : ""}`, { signal: name });
    exitProcess(ks, t, 0, sig, d === "core");
    event("killed");
    return;
  }
  if (!t.pending.some((s) => s.sig === sig)) {
    t.pending.push({ sig, pid: from?.pid ?? 0, uid: from?.cred.ruid ?? 0 });
    t.pending.sort((a, b) => a.sig - b.sig);
  }
  event("pending");
  if (t.state === "BLOCKED") {
    if (t.blocked) t.blocked.interrupted = true;
    wake(ks, t);
  }
}

/**
 * Deliver pending signals as p returns to user mode: run handlers (a handler address that is not
 * executable user memory turns into SIGSEGV), or apply the default action.
 */
export function deliverPending(ks: KState, p: Proc): void {
  while (p.pending.length > 0 && p.state === "RUNNING") {
    const ps = p.pending.shift()!;
    const d = disposition(p, ps.sig);
    const name = signalName(ps.sig);
    const line = sigLine(ps.sig, ps.pid ? "SI_USER" : "SI_KERNEL", `si_pid=${ps.pid}, si_uid=${ps.uid}`);
    if (d === "handler") {
      runHandler(ks, p, ps.sig, line);
    } else if (d === "term" || d === "core") {
      ks.log("signal", p, 3, line, `${name}: no handler any more, so the default action terminates the process`, { signal: name });
      exitProcess(ks, p, 0, ps.sig, d === "core");
      ks.emit({ type: "signal", tick: ks.tick, pid: p.pid, sig: ps.sig, from: ps.pid, outcome: "killed" });
    } else if (d === "stop") {
      stopProcess(ks, p, ps.sig);
      ks.emit({ type: "signal", tick: ks.tick, pid: p.pid, sig: ps.sig, from: ps.pid, outcome: "stopped" });
    }
  }
}

function runHandler(ks: KState, p: Proc, sig: number, line: string): void {
  const addr = p.sigaction[sig];
  const t = touch(ks, p.mm, p.pid, addr, "exec");
  const name = signalName(sig);
  if (t.ok) {
    ks.log("signal", p, 3, line, `${name} delivered: your handler at ${formatAddr(addr)} runs in user mode (ring 3)`, { signal: name });
    ks.emit({ type: "signal", tick: ks.tick, pid: p.pid, sig, from: 0, outcome: "handled" });
    return;
  }
  if ("oom" in t) return;
  ks.log("signal", p, 3, line, `${name}: the handler address ${formatAddr(addr)} is not executable user memory, so jumping there faults`, { signal: name });
  segvFault(ks, p, addr, t.fault, sig === SIG.SIGSEGV);
}

/**
 * A user-mode access faulted: SIGSEGV with si_code and si_addr. A valid handler runs (the access
 * is abandoned); otherwise — no handler, SIG_IGN, or a second fault while delivering SIGSEGV — the
 * process is killed and dumps core. Returns true if the process survived.
 */
export function segvFault(ks: KState, p: Proc, addr: number, fault: Fault, nested = false): boolean {
  const siAddr = fault.code === "SI_KERNEL" ? "si_addr=NULL" : `si_addr=${formatAddr(addr)}`;
  const line = sigLine(SIG.SIGSEGV, fault.code, siAddr);
  const h = p.sigaction[SIG.SIGSEGV];
  if (!nested && h !== SIG_DFL && h !== SIG_IGN) {
    const t = touch(ks, p.mm, p.pid, h, "exec");
    if (t.ok) {
      ks.log("signal", p, 3, line, `${fault.reason}; your SIGSEGV handler at ${formatAddr(h)} runs and the access is abandoned (a real handler that returns would re-run the faulting instruction and fault again)`, { signal: "SIGSEGV", code: fault.code });
      ks.emit({ type: "signal", tick: ks.tick, pid: p.pid, sig: SIG.SIGSEGV, from: 0, outcome: "handled" });
      return true;
    }
  }
  const why = nested ? "the SIGSEGV handler itself is not executable" : h === SIG_IGN ? "SIGSEGV from a fault cannot be ignored (the kernel resets it to SIG_DFL)" : "no SIGSEGV handler";
  ks.log("signal", p, 3, line, `${fault.reason}; ${why}, so the process is killed and dumps core`, { signal: "SIGSEGV", code: fault.code });
  exitProcess(ks, p, 0, SIG.SIGSEGV, true, `${fault.reason}`);
  ks.emit({ type: "signal", tick: ks.tick, pid: p.pid, sig: SIG.SIGSEGV, from: 0, outcome: "killed" });
  return false;
}
