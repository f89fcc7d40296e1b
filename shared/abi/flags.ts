// Symbolic constants a syscall takes, with their Linux x86-64 values, and the parser that turns
// "MAP_PRIVATE|MAP_ANONYMOUS" into a number. One table for the kernel, the client's pickers and
// the scenario runner.

export const O = {
  O_RDONLY: 0,
  O_WRONLY: 0o1,
  O_RDWR: 0o2,
  O_CREAT: 0o100,
  O_EXCL: 0o200,
  O_NOCTTY: 0o400,
  O_TRUNC: 0o1000,
  O_APPEND: 0o2000,
  O_NONBLOCK: 0o4000,
  O_DIRECTORY: 0o200000,
  O_NOFOLLOW: 0o400000,
  O_CLOEXEC: 0o2000000,
} as const;
export const O_ACCMODE = 0o3;

export const PROT = { PROT_NONE: 0, PROT_READ: 1, PROT_WRITE: 2, PROT_EXEC: 4 } as const;
export const PROT_MASK = 7;

export const MAP = {
  MAP_SHARED: 0x01,
  MAP_PRIVATE: 0x02,
  MAP_SHARED_VALIDATE: 0x03,
  MAP_FIXED: 0x10,
  MAP_ANONYMOUS: 0x20,
  MAP_POPULATE: 0x8000,
  MAP_FIXED_NOREPLACE: 0x100000,
} as const;
export const MAP_TYPE = 0x0f;

export const WAIT = { WNOHANG: 1, WUNTRACED: 2, WCONTINUED: 8 } as const;
export const PRIO = { PRIO_PROCESS: 0, PRIO_PGRP: 1, PRIO_USER: 2 } as const;
export const SEEK = { SEEK_SET: 0, SEEK_CUR: 1, SEEK_END: 2 } as const;
export const AT_FDCWD = -100;

/** reboot(2) magic numbers and commands (linux/reboot.h). */
export const REBOOT = {
  LINUX_REBOOT_MAGIC1: 0xfee1dead,
  LINUX_REBOOT_MAGIC2: 672274793,
  LINUX_REBOOT_MAGIC2A: 85072278,
  LINUX_REBOOT_MAGIC2B: 369367448,
  LINUX_REBOOT_MAGIC2C: 537993216,
  LINUX_REBOOT_CMD_CAD_OFF: 0,
  LINUX_REBOOT_CMD_CAD_ON: 0x89abcdef,
  LINUX_REBOOT_CMD_HALT: 0xcdef0123,
  LINUX_REBOOT_CMD_POWER_OFF: 0x4321fedc,
  LINUX_REBOOT_CMD_RESTART: 0x01234567,
} as const;

/** File type and mode bits (inode(7)). */
export const S = {
  S_IFMT: 0o170000,
  S_IFREG: 0o100000,
  S_IFDIR: 0o040000,
  S_IFCHR: 0o020000,
  S_IFIFO: 0o010000,
  S_ISUID: 0o4000,
  S_ISGID: 0o2000,
  S_ISVTX: 0o1000,
} as const;

// Other scalar constants a scenario or palette may name.
const MISC = { NULL: 0, AT_FDCWD, SIG_DFL: 0, SIG_IGN: 1 } as const;

import { SIG } from "./signals.ts";
import { CAP } from "./caps.ts";

/** Every symbolic constant by name. */
export const CONSTANTS: Readonly<Record<string, number>> = Object.freeze({
  ...O,
  ...PROT,
  ...MAP,
  ...WAIT,
  ...PRIO,
  ...SEEK,
  ...REBOOT,
  ...SIG,
  ...CAP,
  ...MISC,
});

/**
 * Parse "A|B|C" where each part is a constant name or an integer literal (decimal, 0x hex, 0o or
 * leading-0 octal). Returns the bitwise OR, or an error string naming the unknown part.
 */
export function parseFlags(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const parts = text.split("|").map((p) => p.trim());
  const values: number[] = [];
  for (const part of parts) {
    if (part === "") return { ok: false, error: `empty part in "${text}"` };
    const n = CONSTANTS[part] ?? parseInteger(part);
    if (n === undefined) return { ok: false, error: `unknown constant "${part}"` };
    values.push(n);
  }
  // A single value keeps its full range (AT_FDCWD is -100, reboot magic is 0xfee1dead); flags OR.
  if (values.length === 1) return { ok: true, value: values[0] };
  return { ok: true, value: values.reduce((a, b) => (a | b) >>> 0, 0) };
}

/** Parse an integer literal: 42, -1, 0x1f, 0o644, 0644. Undefined if it is not one. */
export function parseInteger(text: string): number | undefined {
  const t = text.trim();
  if (/^-?\d+$/.test(t)) return /^-?0\d+$/.test(t) ? parseInt(t, 8) : Number(t);
  if (/^0x[0-9a-f]+$/i.test(t)) return Number(t);
  if (/^0o[0-7]+$/i.test(t)) return parseInt(t.slice(2), 8);
  return undefined;
}

/** Names of the set bits of `value` from the given table (for strace-like output), e.g. "O_WRONLY|O_CREAT". */
export function flagNames(value: number, table: Readonly<Record<string, number>>, zeroName?: string): string {
  if (value === 0 && zeroName) return zeroName;
  const parts: string[] = [];
  let rest = value;
  for (const [name, bit] of Object.entries(table)) {
    if (bit !== 0 && (value & bit) === bit && (rest & bit) !== 0) {
      parts.push(name);
      rest &= ~bit;
    }
  }
  if (rest !== 0) parts.push("0x" + (rest >>> 0).toString(16));
  return parts.join("|") || "0";
}

/** strace's rendering of open flags: access mode first, then the other bits. */
export function openFlagNames(flags: number): string {
  const acc = flags & O_ACCMODE;
  const mode = acc === O.O_WRONLY ? "O_WRONLY" : acc === O.O_RDWR ? "O_RDWR" : acc === 0 ? "O_RDONLY" : "O_ACCMODE";
  const rest = flags & ~O_ACCMODE;
  if (rest === 0) return mode;
  const { O_RDONLY: _r, O_WRONLY: _w, O_RDWR: _rw, ...others } = O;
  return mode + "|" + flagNames(rest, others);
}

export function protNames(prot: number): string {
  return flagNames(prot, PROT, "PROT_NONE");
}

export function mapFlagNames(flags: number): string {
  const type = flags & MAP_TYPE;
  const typeName = type === 1 ? "MAP_SHARED" : type === 2 ? "MAP_PRIVATE" : type === 3 ? "MAP_SHARED_VALIDATE" : type === 0 ? "" : "0x" + type.toString(16);
  const { MAP_SHARED: _s, MAP_PRIVATE: _p, MAP_SHARED_VALIDATE: _v, ...others } = MAP;
  const rest = flags & ~MAP_TYPE;
  const restNames = rest ? flagNames(rest, others) : "";
  return [typeName, restNames].filter(Boolean).join("|") || "0";
}

/** Mode bits in octal as strace prints them: 0644, 04755. */
export function octal(mode: number): string {
  return "0" + mode.toString(8);
}
