// The syscall palette's model: for each argument of a syscall, which picker to show, its choices,
// its default, and how the picked values become the message's `args` (checked with resolveArgs
// from shared/args.ts before anything is sent). Framework-free: the DOM palette only renders this.

import { SYSCALLS, type ArgKind, type ArgSpec, type SyscallSpec } from "../../../shared/abi/syscalls.ts";
import { MAP, O, PROT, WAIT, SEEK, PRIO, REBOOT } from "../../../shared/abi/flags.ts";
import { SIG } from "../../../shared/abi/signals.ts";
import { resolveArgs, type ArgInput } from "../../../shared/args.ts";
import { LAYOUT } from "../../../shared/params.ts";
import { formatAddr, parseAddr } from "../../../shared/addr.ts";
import type { FdSnap, VmaSnap } from "./snapshot.ts";

export interface Choice {
  value: string;
  label: string;
}

export type ArgControl =
  /** Free text with suggestions (a datalist). */
  | { type: "text"; suggestions: Choice[]; mono: boolean }
  /** Whole numbers, typed (negative allowed where it means something). */
  | { type: "number"; suggestions: Choice[] }
  /** One of a fixed list. */
  | { type: "select"; options: Choice[] }
  /** A set of flag names ORed together; `exclusive` ones form a radio group (access mode, map type). */
  | { type: "flags"; exclusive: string[]; others: string[]; zero: string };

export interface ArgField {
  name: string;
  kind: ArgKind;
  /** "flags (oflags)" */
  label: string;
  help: string;
  control: ArgControl;
  default: string;
}

/** What the palette knows about me and the machine when it opens. */
export interface PaletteContext {
  myPid: number;
  myPids: number[];
  others: { pid: number; nick: string }[];
  fds: FdSnap[];
  vmas: VmaSnap[];
  /** The page my cursor is on in the MMU view (hex). */
  selectedAddr?: string;
  brk: string;
  nick: string;
  /** Only these syscalls may be picked (a level's allowed list); every one when absent. */
  allowed?: readonly string[];
}

export const RAW_SYSCALL = "(raw number)";

/** Every syscall the palette offers (or those in `allowed`), in number order. */
export function paletteSyscalls(allowed?: readonly string[]): readonly SyscallSpec[] {
  return [...SYSCALLS].filter((s) => !allowed || allowed.includes(s.name)).sort((a, b) => a.nr - b.nr);
}

const INTEGER_KINDS: ReadonlySet<ArgKind> = new Set(["fd", "dirfd", "int", "count", "len", "pid", "uid", "nice"]);
const c = (value: string, label = value): Choice => ({ value, label });

const HELP: Record<ArgKind, string> = {
  fd: "0 stdin (reading it waits until you type a line: press T), 1 stdout, 2 stderr, 3+ files you opened",
  dirfd: "directory fd; AT_FDCWD means the current directory",
  int: "a whole number",
  count: "how many bytes",
  len: "length in bytes (a page is 4096)",
  pid: "a process id; -1 means any child (wait4)",
  uid: "a user id; 0 is root",
  nice: "nice value, -20 (greedy) to 19 (polite)",
  which: "PRIO_PROCESS: one process",
  path: "a file path, e.g. /etc/passwd",
  inbuf: "the bytes to write (your process copies them into its memory first)",
  outbuf: "a buffer size for the kernel to fill, or a raw pointer like 0x0 to see EFAULT",
  addr: "a virtual address in hex, or NULL",
  ptr: "where the kernel writes a result; NULL for none",
  oflags: "one access mode plus options",
  mode: "permission bits in octal, used with O_CREAT",
  prot: "what the pages allow",
  mapflags: "private or shared, plus options",
  waitopts: "options; none means block until a child changes state",
  signal: "a signal; 0 only checks that the process exists",
  handler: "what happens on the signal",
  whence: "where the offset counts from",
  reboot: "magic numbers the kernel checks, then a command",
};

/** The picker for one argument of `spec`. */
export function argField(spec: SyscallSpec, arg: ArgSpec, ctx: PaletteContext): ArgField {
  const base = { name: arg.name, kind: arg.kind, label: `${arg.name}`, help: HELP[arg.kind] };
  const fdChoices = (): Choice[] => [
    c("0", "0 stdin (read waits for a line you type: T)"),
    c("1", "1 stdout"),
    c("2", "2 stderr"),
    ...ctx.fds.filter((f) => f.fd > 2).map((f) => c(String(f.fd), `${f.fd} ${f.path}`)),
  ];
  const pidChoices = (): Choice[] => [
    ...ctx.myPids.map((p) => c(String(p), `${p} (mine${p === ctx.myPid ? ", this one" : ""})`)),
    ...ctx.others.map((o) => c(String(o.pid), `${o.pid} ${o.nick || "system"}`)),
    c("-1", "-1 any child / every process"),
    c("0", "0 myself / my group"),
  ];
  const addrChoices = (): Choice[] => {
    const out: Choice[] = [];
    if (ctx.selectedAddr) out.push(c(ctx.selectedAddr, `${ctx.selectedAddr} (selected page)`));
    for (const v of ctx.vmas) out.push(c(v.start, `${v.start} ${v.name}`));
    out.push(c("NULL", "NULL"), c(LAYOUT.KERNEL_TEXT, `${LAYOUT.KERNEL_TEXT} kernel text`));
    return dedupe(out);
  };
  switch (arg.kind) {
    case "fd": {
      const def = spec.name === "read" ? "0" : spec.name === "write" || spec.name === "dup" ? "1" : spec.name === "mmap" ? "-1" : lastFd(ctx.fds);
      return { ...base, control: { type: "number", suggestions: spec.name === "mmap" ? [c("-1", "-1 anonymous"), ...fdChoices()] : fdChoices() }, default: def };
    }
    case "dirfd":
      return { ...base, control: { type: "text", suggestions: [c("AT_FDCWD"), ...fdChoices()], mono: true }, default: "AT_FDCWD" };
    case "path": {
      const home = `/home/${ctx.nick || "me"}`;
      const paths = ["/etc/passwd", "/etc/shadow", "/tmp/x", home, `${home}/notes.txt`, "/usr/bin/passwd", "/dev/null", "/dev/tty", "/bin/sh"];
      const def = spec.name === "execve" ? "/usr/bin/passwd" : spec.name === "chmod" ? "/tmp/x" : "/etc/passwd";
      return { ...base, control: { type: "text", suggestions: paths.map((p) => c(p)), mono: true }, default: def };
    }
    case "inbuf":
      return { ...base, control: { type: "text", suggestions: [c("hello, kernel\n"), c("0x0", "0x0 (a bad pointer: EFAULT)")], mono: true }, default: "hello, kernel\n" };
    case "outbuf":
      return {
        ...base,
        control: { type: "text", suggestions: [c("64", "64 bytes"), c("4096", "4096 bytes"), c("0x0", "0x0 NULL pointer (EFAULT)"), c(LAYOUT.KERNEL_TEXT, "kernel pointer (EFAULT)")], mono: true },
        default: "64",
      };
    case "count":
      return { ...base, control: { type: "number", suggestions: [c("14"), c("64"), c("4096")] }, default: spec.name === "write" ? "14" : "64" };
    case "len":
      return { ...base, control: { type: "number", suggestions: [c("4096", "4096 (one page)"), c("8192", "8192 (two pages)"), c("0")] }, default: "4096" };
    case "int": {
      const def = spec.name === "iopl" ? "3" : "0";
      return { ...base, control: { type: "number", suggestions: [c("0"), c("1"), c("-1")] }, default: def };
    }
    case "pid": {
      const other = ctx.others.find((o) => o.nick)?.pid ?? ctx.others[0]?.pid;
      const def = spec.name === "wait4" ? "-1" : spec.name === "kill" ? String(other ?? ctx.myPid) : "0";
      return { ...base, control: { type: "number", suggestions: pidChoices() }, default: def };
    }
    case "uid":
      return { ...base, control: { type: "number", suggestions: [c("0", "0 root"), c("1000"), c("1001")] }, default: "0" };
    case "nice":
      return { ...base, control: { type: "number", suggestions: [c("-5", "-5 (greedier: needs CAP_SYS_NICE)"), c("0"), c("10"), c("19")] }, default: "10" };
    case "which":
      return { ...base, control: { type: "select", options: Object.keys(PRIO).map((k) => c(k)) }, default: "PRIO_PROCESS" };
    case "addr": {
      const def =
        spec.name === "brk"
          ? nextBrk(ctx.brk)
          : spec.name === "mmap" || spec.name === "init_module"
            ? "NULL"
            : spec.name === "munmap"
              ? (ctx.vmas.find((v) => /mmap|anon/i.test(v.name))?.start ?? ctx.selectedAddr ?? "NULL")
              : (ctx.selectedAddr ?? ctx.vmas.find((v) => /mmap|anon/i.test(v.name))?.start ?? "NULL");
      return { ...base, control: { type: "text", suggestions: addrChoices(), mono: true }, default: def };
    }
    case "ptr":
      return { ...base, control: { type: "text", suggestions: [c("NULL"), c("buf:8", "an 8-byte buffer")], mono: true }, default: spec.name === "pipe" ? "buf:8" : "NULL" };
    case "oflags":
      return {
        ...base,
        control: { type: "flags", exclusive: ["O_RDONLY", "O_WRONLY", "O_RDWR"], others: Object.keys(O).filter((k) => !/^O_(RDONLY|WRONLY|RDWR)$/.test(k)), zero: "O_RDONLY" },
        default: "O_RDONLY",
      };
    case "mode":
      return { ...base, control: { type: "text", suggestions: ["0644", "0600", "0755", "0777", "04755"].map((m) => c(m)), mono: true }, default: "0644" };
    case "prot":
      return {
        ...base,
        control: { type: "flags", exclusive: [], others: ["PROT_READ", "PROT_WRITE", "PROT_EXEC"], zero: "PROT_NONE" },
        default: spec.name === "mmap" ? "PROT_READ|PROT_WRITE" : "PROT_READ",
      };
    case "mapflags":
      return {
        ...base,
        control: { type: "flags", exclusive: ["MAP_PRIVATE", "MAP_SHARED"], others: ["MAP_ANONYMOUS", "MAP_FIXED", "MAP_POPULATE", "MAP_FIXED_NOREPLACE"], zero: "0" },
        default: "MAP_PRIVATE|MAP_ANONYMOUS",
      };
    case "waitopts":
      return { ...base, control: { type: "flags", exclusive: [], others: Object.keys(WAIT), zero: "0" }, default: "0" };
    case "signal": {
      const names = Object.keys(SIG);
      return {
        ...base,
        control: { type: "select", options: [c("0", "0 (just check)"), ...names.map((n) => c(n, `${n} (${SIG[n as keyof typeof SIG]})`))] },
        default: spec.name === "kill" ? "SIGTERM" : "SIGINT",
      };
    }
    case "handler":
      return { ...base, control: { type: "select", options: [c("handler", "my handler function"), c("SIG_DFL", "SIG_DFL (default action)"), c("SIG_IGN", "SIG_IGN (ignore)")] }, default: "handler" };
    case "whence":
      return { ...base, control: { type: "select", options: Object.keys(SEEK).map((k) => c(k)) }, default: "SEEK_SET" };
    case "reboot": {
      const idx = spec.args.indexOf(arg);
      const def = idx === 0 ? "LINUX_REBOOT_MAGIC1" : idx === 1 ? "LINUX_REBOOT_MAGIC2" : "LINUX_REBOOT_CMD_RESTART";
      return { ...base, control: { type: "text", suggestions: Object.keys(REBOOT).map((k) => c(k)), mono: true }, default: def };
    }
    default:
      return { ...base, control: { type: "text", suggestions: [], mono: true }, default: "0" };
  }
}

/** All argument pickers of a syscall, with their defaults. */
export function paletteFields(spec: SyscallSpec, ctx: PaletteContext): ArgField[] {
  return spec.args.map((a) => argField(spec, a, ctx));
}

export function defaultValues(fields: readonly ArgField[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.name, f.default]));
}

/** UTF-8 length of a write buffer, which is what `count` should be for the whole text. */
export function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

/**
 * Keep derived fields in step: when the write buffer changes and the student has not typed a count
 * of their own, count follows the buffer's length.
 */
export function deriveValues(spec: SyscallSpec, values: Record<string, string>, changed: string, touched: ReadonlySet<string>): Record<string, string> {
  const out = { ...values };
  const bufArg = spec.args.find((a) => a.kind === "inbuf");
  const countArg = spec.args.find((a) => a.kind === "count");
  if (bufArg && countArg && changed === bufArg.name && !touched.has(countArg.name)) {
    const v = out[bufArg.name] ?? "";
    out[countArg.name] = /^0x[0-9a-f]+$/i.test(v) ? out[countArg.name] : String(byteLength(v));
  }
  return out;
}

/** Flag names currently chosen in a flags value ("O_WRONLY|O_CREAT" -> ["O_WRONLY", "O_CREAT"]). */
export function splitFlags(value: string): string[] {
  return value
    .split("|")
    .map((s) => s.trim())
    .filter((s) => s !== "" && s !== "0" && s !== "PROT_NONE");
}

/** Join chosen flag names, exclusive one first: ["O_CREAT"] with O_RDONLY -> "O_RDONLY|O_CREAT". */
export function joinFlags(control: Extract<ArgControl, { type: "flags" }>, chosen: readonly string[]): string {
  const ex = control.exclusive.filter((e) => chosen.includes(e)).slice(-1);
  if (control.exclusive.length && ex.length === 0 && control.zero !== "0") ex.push(control.zero);
  const rest = control.others.filter((o) => chosen.includes(o));
  const all = [...ex, ...rest];
  return all.length ? all.join("|") : control.zero;
}

/** The message `args` for the chosen values: integers as numbers, everything else as text. */
export function argInputs(spec: SyscallSpec, values: Record<string, string>): ArgInput[] {
  return spec.args.map((a) => {
    const v = (values[a.name] ?? "").trim();
    if (INTEGER_KINDS.has(a.kind) && /^-?\d+$/.test(v)) return Number(v);
    // Buffers keep their spaces and newlines; a literal "\n" typed by the student means a newline.
    if (a.kind === "inbuf") return (values[a.name] ?? "").replace(/\\n/g, "\n");
    return v;
  });
}

/** Check the chosen values the way the server will; the error names the argument. */
export function validateValues(spec: SyscallSpec, values: Record<string, string>): { ok: true; args: ArgInput[] } | { ok: false; error: string } {
  const args = argInputs(spec, values);
  for (let i = 0; i < spec.args.length; i++) {
    if (args[i] === "" && spec.args[i].kind !== "inbuf") return { ok: false, error: `${spec.name}: ${spec.args[i].name} is empty` };
  }
  const r = resolveArgs(spec, args);
  return r.ok ? { ok: true, args } : { ok: false, error: r.error };
}

/** strace-like preview of the call being built: open("/etc/shadow", O_RDONLY, 0644). */
export function previewCall(spec: SyscallSpec, values: Record<string, string>): string {
  const parts = spec.args.map((a) => {
    const v = values[a.name] ?? "";
    if (a.kind === "path" || (a.kind === "inbuf" && !/^0x[0-9a-f]+$/i.test(v))) return JSON.stringify(v.replace(/\\n/g, "\n"));
    return v === "" ? "?" : v;
  });
  return `${spec.name}(${parts.join(", ")})`;
}

/** Parse the raw-number form: "450" and "1, 2, 0x10" -> { nr, args }. */
export function parseRaw(nrText: string, argsText: string): { ok: true; nr: number; args: ArgInput[] } | { ok: false; error: string } {
  const nr = Number(nrText.trim());
  if (!/^\d+$/.test(nrText.trim()) || nr > 1023) return { ok: false, error: "syscall number must be a whole number 0..1023" };
  const parts = argsText.trim() === "" ? [] : argsText.split(",").map((s) => s.trim());
  if (parts.length > 6) return { ok: false, error: "at most 6 arguments (x86-64 passes them in rdi, rsi, rdx, r10, r8, r9)" };
  const args: ArgInput[] = parts.map((p) => (/^-?\d+$/.test(p) ? Number(p) : p));
  return { ok: true, nr, args };
}

function lastFd(fds: readonly FdSnap[]): string {
  const mine = fds.filter((f) => f.fd > 2).map((f) => f.fd);
  return mine.length ? String(Math.max(...mine)) : "3";
}

function nextBrk(brk: string): string {
  const a = parseAddr(brk);
  return a === undefined || a === 0 ? formatAddr(LAYOUT.HEAP + 0x1000) : formatAddr(a + 0x1000);
}

function dedupe(xs: Choice[]): Choice[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(x.value) ? false : (seen.add(x.value), true)));
}

// Exported for tests: the constants each flags picker offers exist in the shared tables.
export const FLAG_TABLES = { O, PROT, MAP, WAIT } as const;
