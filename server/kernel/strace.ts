// strace-style text for the audit log: syscall arguments by their ArgSpec kind, return values,
// quoted buffers, signal and exit lines.

import { errnoName, STRERROR } from "../../shared/abi/errno.ts";
import { flagNames, mapFlagNames, octal, O, openFlagNames, protNames, REBOOT, WAIT, AT_FDCWD } from "../../shared/abi/flags.ts";
import { signalName, SIG_DFL, SIG_IGN } from "../../shared/abi/signals.ts";
import type { ArgKind } from "../../shared/abi/syscalls.ts";
import { formatAddr } from "../../shared/addr.ts";
import type { Arg } from "./types.ts";

/** strace's default string limit (-s 32). */
export const STRSIZE = 32;

/** Quote bytes the way strace does: C escapes, octal for other non-printables, "..." past max. */
export function quote(b: Uint8Array | string, max = STRSIZE): string {
  const len = typeof b === "string" ? b.length : b.length;
  const at = (i: number): number => (typeof b === "string" ? b.charCodeAt(i) & 0xff : b[i]);
  let s = '"';
  const n = Math.min(len, max);
  for (let i = 0; i < n; i++) {
    const c = at(i);
    if (c === 0x0a) s += "\\n";
    else if (c === 0x09) s += "\\t";
    else if (c === 0x0d) s += "\\r";
    else if (c === 0x22) s += '\\"';
    else if (c === 0x5c) s += "\\\\";
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else {
      const next = i + 1 < n ? at(i + 1) : -1;
      s += "\\" + (next >= 0x30 && next <= 0x37 ? c.toString(8).padStart(3, "0") : c.toString(8));
    }
  }
  return s + '"' + (len > max ? "..." : "");
}

/** " = 3", " = 0x7f0000000000", " = -1 EACCES (Permission denied)". */
export function retText(ret: number, hex: boolean): string {
  if (ret < 0) {
    const name = errnoName(-ret);
    return name ? ` = -1 ${name} (${STRERROR[name]})` : ` = -1 E${-ret} (Unknown error ${-ret})`;
  }
  return hex ? ` = ${formatAddr(ret)}` : ` = ${ret}`;
}

/** An address as strace prints a pointer: NULL or hex. */
export function ptrText(v: number): string {
  return v === 0 ? "NULL" : formatAddr(v);
}

const WHENCE = ["SEEK_SET", "SEEK_CUR", "SEEK_END"];
const WHICH = ["PRIO_PROCESS", "PRIO_PGRP", "PRIO_USER"];
const REBOOT_NAMES = new Map<number, string>(Object.entries(REBOOT).map(([k, v]) => [v, k]));

/** One argument by kind; `arg` is what user space passed, `reg` the register value (address for buffers). */
export function argText(kind: ArgKind, arg: Arg | undefined, reg: number): string {
  switch (kind) {
    case "path":
      return typeof arg === "object" && "text" in arg ? quote(arg.text, 4096) : ptrText(reg);
    case "inbuf":
      return typeof arg === "object" && "text" in arg ? quote(arg.text) : ptrText(reg);
    case "outbuf":
    case "addr":
    case "ptr":
      return ptrText(reg);
    case "dirfd":
      return reg === AT_FDCWD ? "AT_FDCWD" : String(reg);
    case "oflags":
      return openFlagNames(reg);
    case "mode":
      return octal(reg);
    case "prot":
      return protNames(reg);
    case "mapflags":
      return mapFlagNames(reg);
    case "waitopts":
      return flagNames(reg, WAIT, "0");
    case "signal":
      return reg === 0 ? "0" : signalName(reg);
    case "handler":
      return `{sa_handler=${reg === SIG_DFL ? "SIG_DFL" : reg === SIG_IGN ? "SIG_IGN" : formatAddr(reg)}}`;
    case "whence":
      return WHENCE[reg] ?? String(reg);
    case "which":
      return WHICH[reg] ?? String(reg);
    case "reboot":
      return REBOOT_NAMES.get(reg >>> 0) ?? (reg < 0 ? String(reg) : "0x" + reg.toString(16));
    default:
      return String(reg);
  }
}

/** strace's decoding of a wait status: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]. */
export function waitStatusText(st: number): string {
  if ((st & 0x7f) === 0) return `[{WIFEXITED(s) && WEXITSTATUS(s) == ${(st >> 8) & 0xff}}]`;
  if ((st & 0xff) === 0x7f) return `[{WIFSTOPPED(s) && WSTOPSIG(s) == ${signalName((st >> 8) & 0xff)}}]`;
  if (st === 0xffff) return "[{WIFCONTINUED(s)}]";
  return `[{WIFSIGNALED(s) && WTERMSIG(s) == ${signalName(st & 0x7f)}${st & 0x80 ? " && WCOREDUMP(s)" : ""}}]`;
}

/** open(2) prints its mode argument only when O_CREAT is given. */
export function openTakesMode(flags: number): boolean {
  return (flags & O.O_CREAT) !== 0;
}

/** "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_ACCERR, si_addr=0x400000} ---" */
export function sigLine(sig: number, code: string, detail: string): string {
  return `--- ${signalName(sig)} {si_signo=${signalName(sig)}, si_code=${code}, ${detail}} ---`;
}

/** "+++ exited with 0 +++" or "+++ killed by SIGSEGV (core dumped) +++". */
export function exitLine(code: number | undefined, sig: number | undefined, core: boolean): string {
  if (sig !== undefined) return `+++ killed by ${signalName(sig)}${core ? " (core dumped)" : ""} +++`;
  return `+++ exited with ${code ?? 0} +++`;
}

