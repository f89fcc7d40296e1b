// The syscall table: Linux x86-64 numbers (arch/x86/entry/syscalls/syscall_64.tbl), once.
// Each entry also says what its arguments are, so the client can offer a picker per argument and
// the audit log can print them the way strace does.

/**
 * How an argument is picked and printed:
 * - fd, int, count, len, pid, uid, nice, which: integers
 * - path: a string the process's C library puts in its own memory before the trap
 * - inbuf: a buffer holding text the process wrote (write); outbuf: room for the kernel to fill (read)
 * - addr: a user (or kernel, or bad) address; ptr: an address the kernel writes to (wait4 status)
 * - oflags / mode / prot / mapflags / waitopts / signal / handler / reboot: symbolic constants
 */
export type ArgKind =
  | "fd"
  | "dirfd"
  | "int"
  | "count"
  | "len"
  | "pid"
  | "uid"
  | "nice"
  | "which"
  | "path"
  | "inbuf"
  | "outbuf"
  | "addr"
  | "ptr"
  | "oflags"
  | "mode"
  | "prot"
  | "mapflags"
  | "waitopts"
  | "signal"
  | "handler"
  | "whence"
  | "reboot";

export interface ArgSpec {
  readonly name: string;
  readonly kind: ArgKind;
}

export interface SyscallSpec {
  readonly nr: number;
  readonly name: string;
  readonly args: readonly ArgSpec[];
  /** One line for the palette: what the call does, in the man page's words. */
  readonly summary: string;
  /** The man page a student should read. */
  readonly man: string;
}

const a = (name: string, kind: ArgKind): ArgSpec => ({ name, kind });

export const SYSCALLS = [
  { nr: 0, name: "read", args: [a("fd", "fd"), a("buf", "outbuf"), a("count", "count")], summary: "read from a file descriptor", man: "read(2)" },
  { nr: 1, name: "write", args: [a("fd", "fd"), a("buf", "inbuf"), a("count", "count")], summary: "write to a file descriptor", man: "write(2)" },
  { nr: 2, name: "open", args: [a("pathname", "path"), a("flags", "oflags"), a("mode", "mode")], summary: "open and possibly create a file", man: "open(2)" },
  { nr: 3, name: "close", args: [a("fd", "fd")], summary: "close a file descriptor", man: "close(2)" },
  { nr: 8, name: "lseek", args: [a("fd", "fd"), a("offset", "int"), a("whence", "whence")], summary: "reposition read/write file offset", man: "lseek(2)" },
  { nr: 9, name: "mmap", args: [a("addr", "addr"), a("length", "len"), a("prot", "prot"), a("flags", "mapflags"), a("fd", "fd"), a("offset", "int")], summary: "map pages into the address space", man: "mmap(2)" },
  { nr: 10, name: "mprotect", args: [a("addr", "addr"), a("len", "len"), a("prot", "prot")], summary: "set protection on a region of memory", man: "mprotect(2)" },
  { nr: 11, name: "munmap", args: [a("addr", "addr"), a("length", "len")], summary: "unmap pages", man: "munmap(2)" },
  { nr: 12, name: "brk", args: [a("addr", "addr")], summary: "change the program break (heap end)", man: "brk(2)" },
  { nr: 13, name: "rt_sigaction", args: [a("signum", "signal"), a("handler", "handler")], summary: "examine and change a signal action", man: "sigaction(2)" },
  { nr: 22, name: "pipe", args: [a("pipefd", "ptr")], summary: "create a pipe", man: "pipe(2)" },
  { nr: 24, name: "sched_yield", args: [], summary: "yield the processor", man: "sched_yield(2)" },
  { nr: 32, name: "dup", args: [a("oldfd", "fd")], summary: "duplicate a file descriptor", man: "dup(2)" },
  { nr: 39, name: "getpid", args: [], summary: "get process id", man: "getpid(2)" },
  { nr: 57, name: "fork", args: [], summary: "create a child process", man: "fork(2)" },
  { nr: 59, name: "execve", args: [a("pathname", "path")], summary: "execute a program", man: "execve(2)" },
  { nr: 60, name: "exit", args: [a("status", "int")], summary: "terminate the calling process", man: "exit(2)" },
  { nr: 61, name: "wait4", args: [a("pid", "pid"), a("wstatus", "ptr"), a("options", "waitopts")], summary: "wait for a child to change state", man: "wait4(2)" },
  { nr: 62, name: "kill", args: [a("pid", "pid"), a("sig", "signal")], summary: "send a signal to a process", man: "kill(2)" },
  { nr: 90, name: "chmod", args: [a("pathname", "path"), a("mode", "mode")], summary: "change permissions of a file", man: "chmod(2)" },
  { nr: 102, name: "getuid", args: [], summary: "get real user id", man: "getuid(2)" },
  { nr: 104, name: "getgid", args: [], summary: "get real group id", man: "getgid(2)" },
  { nr: 105, name: "setuid", args: [a("uid", "uid")], summary: "set user identity", man: "setuid(2)" },
  { nr: 107, name: "geteuid", args: [], summary: "get effective user id", man: "geteuid(2)" },
  { nr: 108, name: "getegid", args: [], summary: "get effective group id", man: "getegid(2)" },
  { nr: 110, name: "getppid", args: [], summary: "get parent process id", man: "getppid(2)" },
  { nr: 140, name: "getpriority", args: [a("which", "which"), a("who", "pid")], summary: "get scheduling priority (nice)", man: "getpriority(2)" },
  { nr: 141, name: "setpriority", args: [a("which", "which"), a("who", "pid"), a("prio", "nice")], summary: "set scheduling priority (nice)", man: "setpriority(2)" },
  { nr: 169, name: "reboot", args: [a("magic", "reboot"), a("magic2", "reboot"), a("cmd", "reboot")], summary: "reboot the machine", man: "reboot(2)" },
  { nr: 172, name: "iopl", args: [a("level", "int")], summary: "change I/O privilege level", man: "iopl(2)" },
  { nr: 175, name: "init_module", args: [a("module_image", "addr"), a("len", "len")], summary: "load a kernel module", man: "init_module(2)" },
  { nr: 231, name: "exit_group", args: [a("status", "int")], summary: "exit all threads of a process", man: "exit_group(2)" },
  { nr: 257, name: "openat", args: [a("dirfd", "dirfd"), a("pathname", "path"), a("flags", "oflags"), a("mode", "mode")], summary: "open a file relative to a directory", man: "openat(2)" },
] as const satisfies readonly SyscallSpec[];

export type SyscallName = (typeof SYSCALLS)[number]["name"];

/** Syscall numbers by name: SYS.openat === 257. */
export const SYS = Object.fromEntries(SYSCALLS.map((s) => [s.name, s.nr])) as { readonly [K in SyscallName]: number };

const BY_NR = new Map<number, SyscallSpec>(SYSCALLS.map((s) => [s.nr, s]));
const BY_NAME = new Map<string, SyscallSpec>(SYSCALLS.map((s) => [s.name, s]));

export function syscallByNr(nr: number): SyscallSpec | undefined {
  return BY_NR.get(nr);
}

export function syscallByName(name: string): SyscallSpec | undefined {
  return BY_NAME.get(name);
}

/** Name for strace-like output; unknown numbers print as syscall_0x1c7 like strace does. */
export function syscallName(nr: number): string {
  return BY_NR.get(nr)?.name ?? `syscall_0x${nr.toString(16)}`;
}
