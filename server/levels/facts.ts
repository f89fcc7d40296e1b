// Facts: what a level's check reads. One ordered list per attempt, built from the kernel's audit
// log (every syscall's exit entry, with its strace text split back into named arguments), the
// player's memory-access results, the kernel's events (signals, exec, fork, exit) and the
// player's predictions. Pure: the level session feeds it, the evaluator (check.ts) reads it.

import { signalName } from "../../shared/abi/signals.ts";
import { parseAddr } from "../../shared/addr.ts";
import { syscallByName } from "../../shared/abi/syscalls.ts";
import type { AccessResult, ActionResult, AuditEntry, KernelEvent } from "../kernel/types.ts";

export type FactKind = "syscall" | "access" | "signal" | "exec" | "fork" | "exit" | "prediction";

export interface Fact {
  /** Position in the attempt (0-based, in the order things happened). */
  i: number;
  kind: FactKind;
  tick: number;
  pid: number;
  /** syscall name, access op, signal name, exec path, or the predicted outcome. */
  name: string;
  ok?: boolean;
  ret?: number;
  errno?: string;
  /** syscall: argument text by the argument's name in the syscall table (as strace printed it). */
  args?: Record<string, string>;
  /** access: the address; syscall: its "addr" argument when it has one. */
  addr?: number;
  /** access: the mapping the address fell in ("mmap", "heap", "stack", "text", ... or "" for none). */
  vma?: string;
  minor?: boolean;
  /** access: the signal a fault raised; exit: the killing signal. */
  fault?: string;
  code?: string;
  bit?: string;
  /** signal: handled / ignored / killed / stopped / continued / pending. */
  outcome?: string;
  euid?: number;
  /** prediction: what really happened ("ok", an errno or a signal) and on which call. */
  actual?: string;
  call?: string;
  correct?: boolean;
  /** strace-like text and the kernel's reason, for the debrief. */
  line: string;
  reason: string;
}

type NewFact = Omit<Fact, "i">;

/** A syscall fact from an audit "exit" entry (undefined for other entries). */
export function syscallFact(e: AuditEntry): NewFact | undefined {
  if (e.kind !== "exit" || !e.syscall) return undefined;
  const f: NewFact = { kind: "syscall", tick: e.tick, pid: e.pid, name: e.syscall, ok: e.errno === undefined, ret: e.ret ?? 0, line: e.text, reason: e.reason };
  if (e.errno) f.errno = e.errno;
  const spec = syscallByName(e.syscall);
  const printed = splitCall(e.text);
  if (spec && printed) {
    f.args = {};
    spec.args.forEach((a, i) => {
      if (printed[i] !== undefined) f.args![a.name] = printed[i];
    });
    const addr = f.args.addr !== undefined ? parseNumber(f.args.addr) : undefined;
    if (addr !== undefined) f.addr = addr;
  }
  return f;
}

/** An access fact; `vma` is the name of the mapping the address was in when it ran. */
export function accessFact(r: AccessResult, vma: string): NewFact {
  const f: NewFact = { kind: "access", tick: r.tick, pid: r.pid, name: r.op, ok: r.ok, addr: r.addr, vma, minor: !!r.minorFault, line: r.line, reason: r.reason };
  if (r.fault) {
    f.fault = r.fault.signal;
    f.code = r.fault.code;
    f.bit = r.fault.bit;
  }
  return f;
}

/** A fact from a kernel event about one of the player's processes (undefined if not interesting). */
export function eventFact(e: KernelEvent): NewFact | undefined {
  switch (e.type) {
    case "signal": {
      const name = signalName(e.sig);
      return { kind: "signal", tick: e.tick, pid: e.pid, name, outcome: e.outcome, line: `--- ${name} to ${e.pid} ${e.from ? `from pid ${e.from}` : "from the kernel"}: ${e.outcome} ---`, reason: SIGNAL_OUTCOME[e.outcome] ?? e.outcome };
    }
    case "exec":
      return { kind: "exec", tick: e.tick, pid: e.pid, name: e.path, euid: e.euid, ok: true, line: `execve("${e.path}") = 0`, reason: `now running ${e.path} with effective uid ${e.euid}` };
    case "fork":
      return { kind: "fork", tick: e.tick, pid: e.parent, name: "fork", ret: e.child, line: `fork() = ${e.child}`, reason: `child ${e.child} created` };
    case "exit": {
      const sig = e.signal ? signalName(e.signal) : undefined;
      const f: NewFact = { kind: "exit", tick: e.tick, pid: e.pid, name: sig ?? "exit", ret: e.status, line: sig ? `+++ killed by ${sig} +++` : `+++ exited with ${(e.status >> 8) & 0xff} +++`, reason: sig ? `process ${e.pid} was killed by ${sig}` : `process ${e.pid} exited` };
      if (sig) f.fault = sig;
      return f;
    }
    default:
      return undefined;
  }
}

const SIGNAL_OUTCOME: Record<string, string> = {
  handled: "a handler was installed, so the process ran it and lives on",
  ignored: "the signal was ignored",
  killed: "no handler: the default action terminated the process",
  stopped: "the process stopped",
  continued: "the process continued",
  pending: "the signal waits until the process returns to user mode",
};

/** A resolved prediction: what the player said would happen, and what the kernel did. */
export function predictionFact(predicted: string, actual: string, call: string, tick: number, pid: number, line: string): NewFact {
  const correct = predicted === actual;
  return {
    kind: "prediction", tick, pid, name: predicted, actual, call, correct, line: `prediction ${predicted}: ${line}`,
    reason: correct ? `you predicted ${predicted}, and the kernel answered ${actual}` : `you predicted ${predicted}, but the kernel answered ${actual}`,
  };
}

/** What a result means for a prediction: "ok", the errno name, or the signal of a fault. */
export function actualOutcome(r: ActionResult): string {
  if (r.kind === "syscall") return r.errno ?? "ok";
  if (r.kind === "access") return r.fault?.signal ?? (r.ok ? "ok" : "killed");
  return "ok";
}

/** Append-only list of facts with their positions. */
export class FactLog {
  readonly facts: Fact[] = [];

  add(f: NewFact | undefined): Fact | undefined {
    if (!f) return undefined;
    const fact = { ...f, i: this.facts.length } as Fact;
    this.facts.push(fact);
    return fact;
  }
}

/**
 * The printed arguments of a strace line `name(a, "b, c", {x=1}) = 3`, split at top-level commas
 * (quotes, braces, brackets and parentheses respected). Undefined if the text is not a call.
 */
export function splitCall(text: string): string[] | undefined {
  const open = text.indexOf("(");
  if (open < 0) return undefined;
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  let quoted = false;
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      cur += ch;
      if (ch === "\\" && i + 1 < text.length) cur += text[++i];
      else if (ch === '"') quoted = false;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === "(" || ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") depth--;
    else if (ch === ")") {
      if (depth === 0) {
        if (cur.trim() !== "" || out.length > 0) out.push(cur.trim());
        return out;
      }
      depth--;
    } else if (ch === "," && depth === 0) {
      out.push(cur.trim());
      cur = "";
      continue;
    }
    cur += ch;
  }
  return undefined;
}

/** A printed integer (decimal, negative) or address (hex, NULL; folded as shared/addr.ts does), else undefined. */
export function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (/^-?\d{1,15}$/.test(t)) return Number(t);
  return /^(0x[0-9a-f]+|NULL)$/i.test(t) ? parseAddr(t) : undefined;
}

/** The text inside a printed string argument ("\"/etc/motd\"" -> "/etc/motd"), else the text itself. */
export function unquote(s: string): string {
  const m = /^"((?:[^"\\]|\\.)*)"(\.\.\.)?$/.exec(s);
  if (!m) return s;
  return m[1].replace(/\\n/g, "\n").replace(/\\t/g, "\t").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
}
