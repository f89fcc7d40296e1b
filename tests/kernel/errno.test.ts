// One named case per errno rule of DESIGN.md section 2, run through the syscall boundary, each
// citing the man page a teacher would check.

import { describe, expect, test } from "vitest";
import type { Kernel, SyscallResult } from "../../server/kernel/index.ts";
import { AT_FDCWD, MAP, O, PRIO, PROT, REBOOT, WAIT } from "../../shared/abi/flags.ts";
import { SIG } from "../../shared/abi/signals.ts";
import { parseAddr } from "../../shared/addr.ts";
import { LAYOUT } from "../../shared/params.ts";
import { ALICE, BOB, boot, buf, spawn, sys, t } from "./helpers.ts";

const KTEXT = parseAddr(LAYOUT.KERNEL_TEXT)!;
const ANON = MAP.MAP_PRIVATE | MAP.MAP_ANONYMOUS;

interface World {
  k: Kernel;
  alice: number;
  bob: number;
  root: number;
}

function world(): World {
  const k = boot({ files: [{ path: "/tmp/ro.txt", uid: ALICE, gid: ALICE, mode: "0644", data: "hello" }] });
  return { k, alice: spawn(k, { uid: ALICE, name: "alice" }), bob: spawn(k, { uid: BOB, name: "bob" }), root: spawn(k, { uid: 0, name: "root" }) };
}

type Case = [name: string, run: (w: World) => SyscallResult, expected: string | number];

const cases: Case[] = [
  // open(2) / openat(2)
  ["open(2): EACCES when mode bits deny read", (w) => sys(w.k, w.alice, "open", t("/etc/shadow"), O.O_RDONLY, 0), "EACCES"],
  ["openat(2): EACCES when mode bits deny read (AT_FDCWD)", (w) => sys(w.k, w.alice, "openat", AT_FDCWD, t("/etc/shadow"), O.O_RDONLY, 0), "EACCES"],
  ["open(2): EACCES without search permission on a directory in the path", (w) => sys(w.k, w.alice, "open", t("/home/bob/notes"), O.O_RDONLY, 0), "EACCES"],
  ["open(2): EACCES creating a file in a directory you cannot write", (w) => sys(w.k, w.alice, "open", t("/etc/evil"), O.O_WRONLY | O.O_CREAT, 0o644), "EACCES"],
  ["open(2): EACCES for O_TRUNC without write permission", (w) => sys(w.k, w.alice, "open", t("/etc/passwd"), O.O_RDONLY | O.O_TRUNC, 0), "EACCES"],
  ["open(2): ENOENT for a missing file", (w) => sys(w.k, w.alice, "open", t("/tmp/nope"), O.O_RDONLY, 0), "ENOENT"],
  ["open(2): ENOENT for a missing directory component", (w) => sys(w.k, w.alice, "open", t("/nope/file"), O.O_RDONLY, 0), "ENOENT"],
  ["open(2): ENOENT for an empty path", (w) => sys(w.k, w.alice, "open", t(""), O.O_RDONLY, 0), "ENOENT"],
  ["open(2): ENOTDIR when a file is used as a directory", (w) => sys(w.k, w.alice, "open", t("/etc/passwd/x"), O.O_RDONLY, 0), "ENOTDIR"],
  ["open(2): ENOTDIR for O_DIRECTORY on a file", (w) => sys(w.k, w.alice, "open", t("/etc/passwd"), O.O_RDONLY | O.O_DIRECTORY, 0), "ENOTDIR"],
  ["open(2): EISDIR opening a directory for writing", (w) => sys(w.k, w.alice, "open", t("/tmp"), O.O_WRONLY, 0), "EISDIR"],
  ["open(2): EEXIST for O_CREAT|O_EXCL on an existing file", (w) => sys(w.k, w.alice, "open", t("/tmp/ro.txt"), O.O_WRONLY | O.O_CREAT | O.O_EXCL, 0o644), "EEXIST"],
  ["open(2): EFAULT for a bad pathname pointer", (w) => sys(w.k, w.alice, "open", KTEXT, O.O_RDONLY, 0), "EFAULT"],
  ["open(2): EMFILE at RLIMIT_NOFILE", (w) => {
    const p = spawn(w.k, { uid: ALICE, rlimits: { nofile: 3 } });
    return sys(w.k, p, "open", t("/etc/passwd"), O.O_RDONLY, 0);
  }, "EMFILE"],
  ["open(2): success returns the lowest free fd", (w) => sys(w.k, w.alice, "open", t("/etc/passwd"), O.O_RDONLY, 0), 3],
  ["open(2): root reads /etc/shadow (CAP_DAC_OVERRIDE)", (w) => sys(w.k, w.root, "open", t("/etc/shadow"), O.O_RDONLY, 0), 3],
  ["open(2): relative paths resolve against / (the cwd)", (w) => sys(w.k, w.alice, "open", t("etc/passwd"), O.O_RDONLY, 0), 3],
  ["openat(2): EBADF for a bad dirfd with a relative path", (w) => sys(w.k, w.alice, "openat", 9, t("passwd"), O.O_RDONLY, 0), "EBADF"],
  ["openat(2): ENOTDIR when dirfd is not a directory", (w) => sys(w.k, w.alice, "openat", 0, t("passwd"), O.O_RDONLY, 0), "ENOTDIR"],
  ["openat(2): a relative path resolves against dirfd", (w) => {
    sys(w.k, w.alice, "open", t("/etc"), O.O_RDONLY | O.O_DIRECTORY, 0);
    return sys(w.k, w.alice, "openat", 3, t("passwd"), O.O_RDONLY, 0);
  }, 4],
  // read(2) / write(2) / close(2) / lseek(2) / dup(2) / pipe(2)
  ["read(2): EBADF for an fd that is not open", (w) => sys(w.k, w.alice, "read", 7, buf(8), 8), "EBADF"],
  ["read(2): EBADF for an fd opened O_WRONLY", (w) => {
    sys(w.k, w.alice, "open", t("/tmp/ro.txt"), O.O_WRONLY, 0);
    return sys(w.k, w.alice, "read", 3, buf(8), 8);
  }, "EBADF"],
  ["read(2): EISDIR reading a directory", (w) => {
    sys(w.k, w.alice, "open", t("/tmp"), O.O_RDONLY, 0);
    return sys(w.k, w.alice, "read", 3, buf(8), 8);
  }, "EISDIR"],
  ["read(2): EFAULT for a buffer in the kernel half", (w) => {
    sys(w.k, w.alice, "open", t("/etc/passwd"), O.O_RDONLY, 0);
    return sys(w.k, w.alice, "read", 3, KTEXT, 8);
  }, "EFAULT"],
  ["write(2): EBADF for an fd opened O_RDONLY", (w) => {
    sys(w.k, w.alice, "open", t("/etc/passwd"), O.O_RDONLY, 0);
    return sys(w.k, w.alice, "write", 3, t("x"), 1);
  }, "EBADF"],
  ["write(2): EFAULT for a bad buffer (kernel address)", (w) => sys(w.k, w.alice, "write", 1, KTEXT, 6), "EFAULT"],
  ["write(2): EFAULT for an unmapped buffer", (w) => sys(w.k, w.alice, "write", 1, 0x1000, 6), "EFAULT"],
  ["write(2): returns the byte count on the terminal", (w) => sys(w.k, w.alice, "write", 1, t("hello\n"), 6), 6],
  ["write(2): EPIPE when no process has the pipe open for reading", (w) => {
    sys(w.k, w.alice, "pipe", buf(8));
    sys(w.k, w.alice, "rt_sigaction", SIG.SIGPIPE, 1);
    sys(w.k, w.alice, "close", 3);
    return sys(w.k, w.alice, "write", 4, t("x"), 1);
  }, "EPIPE"],
  ["close(2): EBADF for an fd that is not open", (w) => sys(w.k, w.alice, "close", 9), "EBADF"],
  ["lseek(2): ESPIPE on a pipe", (w) => {
    sys(w.k, w.alice, "pipe", buf(8));
    return sys(w.k, w.alice, "lseek", 3, 0, 0);
  }, "ESPIPE"],
  ["lseek(2): EINVAL for a bad whence", (w) => {
    sys(w.k, w.alice, "open", t("/etc/passwd"), O.O_RDONLY, 0);
    return sys(w.k, w.alice, "lseek", 3, 0, 9);
  }, "EINVAL"],
  ["dup(2): EBADF for an fd that is not open", (w) => sys(w.k, w.alice, "dup", 12), "EBADF"],
  ["dup(2): the lowest free descriptor", (w) => sys(w.k, w.alice, "dup", 1), 3],
  ["pipe(2): EFAULT for a bad pipefd pointer", (w) => sys(w.k, w.alice, "pipe", KTEXT), "EFAULT"],
  // mmap(2) / mprotect(2) / munmap(2) / brk(2)
  ["mmap(2): EINVAL for length 0", (w) => sys(w.k, w.alice, "mmap", 0, 0, PROT.PROT_READ, ANON, -1, 0), "EINVAL"],
  ["mmap(2): EINVAL for an unaligned MAP_FIXED address", (w) => sys(w.k, w.alice, "mmap", 0x10000001, 4096, PROT.PROT_READ, ANON | MAP.MAP_FIXED, -1, 0), "EINVAL"],
  ["mmap(2): EINVAL for an unaligned offset", (w) => sys(w.k, w.alice, "mmap", 0, 4096, PROT.PROT_READ, ANON, -1, 100), "EINVAL"],
  ["mmap(2): EINVAL with neither MAP_PRIVATE nor MAP_SHARED", (w) => sys(w.k, w.alice, "mmap", 0, 4096, PROT.PROT_READ, MAP.MAP_ANONYMOUS, -1, 0), "EINVAL"],
  ["mmap(2): EINVAL for unknown prot bits", (w) => sys(w.k, w.alice, "mmap", 0, 4096, 0x40, ANON, -1, 0), "EINVAL"],
  ["mmap(2): EBADF for a bad fd without MAP_ANONYMOUS", (w) => sys(w.k, w.alice, "mmap", 0, 4096, PROT.PROT_READ, MAP.MAP_PRIVATE, 9, 0), "EBADF"],
  ["mmap(2): EACCES when the fd is not open for reading", (w) => {
    sys(w.k, w.alice, "open", t("/tmp/ro.txt"), O.O_WRONLY, 0);
    return sys(w.k, w.alice, "mmap", 0, 4096, PROT.PROT_READ, MAP.MAP_PRIVATE, 3, 0);
  }, "EACCES"],
  ["mmap(2): EACCES for MAP_SHARED+PROT_WRITE on an O_RDONLY fd", (w) => {
    sys(w.k, w.alice, "open", t("/tmp/ro.txt"), O.O_RDONLY, 0);
    return sys(w.k, w.alice, "mmap", 0, 4096, PROT.PROT_READ | PROT.PROT_WRITE, MAP.MAP_SHARED, 3, 0);
  }, "EACCES"],
  ["mmap(2): ENODEV for the terminal", (w) => sys(w.k, w.alice, "mmap", 0, 4096, PROT.PROT_READ, MAP.MAP_PRIVATE, 0, 0), "ENODEV"],
  ["mmap(2): ENOMEM beyond RLIMIT_AS", (w) => {
    const p = spawn(w.k, { uid: ALICE, rlimits: { as: 64 * 1024 } });
    return sys(w.k, p, "mmap", 0, 64 * 1024, PROT.PROT_READ, ANON, -1, 0);
  }, "ENOMEM"],
  ["mmap(2): EPERM for MAP_FIXED below mmap_min_addr", (w) => sys(w.k, w.alice, "mmap", 0, 4096, PROT.PROT_READ, ANON | MAP.MAP_FIXED, -1, 0), "EPERM"],
  ["mprotect(2): EINVAL for an unaligned address", (w) => sys(w.k, w.alice, "mprotect", LAYOUT.DATA + 1, 4096, PROT.PROT_READ), "EINVAL"],
  ["mprotect(2): EINVAL for bad prot bits", (w) => sys(w.k, w.alice, "mprotect", LAYOUT.DATA, 4096, 0x10), "EINVAL"],
  ["mprotect(2): ENOMEM for an unmapped range", (w) => sys(w.k, w.alice, "mprotect", 0x10000000, 4096, PROT.PROT_READ), "ENOMEM"],
  ["mprotect(2): EACCES adding PROT_WRITE to a shared mapping of a read-only fd", (w) => {
    sys(w.k, w.alice, "open", t("/tmp/ro.txt"), O.O_RDONLY, 0);
    const m = sys(w.k, w.alice, "mmap", 0, 4096, PROT.PROT_READ, MAP.MAP_SHARED, 3, 0);
    return sys(w.k, w.alice, "mprotect", m.ret, 4096, PROT.PROT_READ | PROT.PROT_WRITE);
  }, "EACCES"],
  ["munmap(2): EINVAL for an unaligned address", (w) => sys(w.k, w.alice, "munmap", 0x10000001, 4096), "EINVAL"],
  ["munmap(2): EINVAL for length 0", (w) => sys(w.k, w.alice, "munmap", 0x10000000, 0), "EINVAL"],
  ["munmap(2): unmapping nothing is not an error", (w) => sys(w.k, w.alice, "munmap", 0x10000000, 4096), 0],
  ["brk(2): brk(0) returns the current break", (w) => sys(w.k, w.alice, "brk", 0), LAYOUT.HEAP],
  ["brk(2): a request past RLIMIT_DATA returns the current break, not -1", (w) => sys(w.k, w.alice, "brk", LAYOUT.HEAP + 64 * 1024 * 1024), LAYOUT.HEAP],
  // signals
  ["sigaction(2): EINVAL installing a handler for SIGKILL", (w) => sys(w.k, w.alice, "rt_sigaction", SIG.SIGKILL, LAYOUT.TEXT), "EINVAL"],
  ["sigaction(2): EINVAL ignoring SIGSTOP", (w) => sys(w.k, w.alice, "rt_sigaction", SIG.SIGSTOP, 1), "EINVAL"],
  ["sigaction(2): EINVAL for signal 0", (w) => sys(w.k, w.alice, "rt_sigaction", 0, 1), "EINVAL"],
  ["sigaction(2): EINVAL for signal 65", (w) => sys(w.k, w.alice, "rt_sigaction", 65, 1), "EINVAL"],
  ["kill(2): EPERM signalling another user's process without CAP_KILL", (w) => sys(w.k, w.alice, "kill", w.bob, SIG.SIGTERM), "EPERM"],
  ["kill(2): ESRCH for a pid with no process", (w) => sys(w.k, w.alice, "kill", 999, SIG.SIGTERM), "ESRCH"],
  ["kill(2): EINVAL for an invalid signal", (w) => sys(w.k, w.alice, "kill", w.alice, 99), "EINVAL"],
  ["kill(2): signal 0 only checks permission and existence", (w) => sys(w.k, w.alice, "kill", w.alice, 0), 0],
  ["kill(2): signal 0 to another user's process is EPERM", (w) => sys(w.k, w.alice, "kill", w.root, 0), "EPERM"],
  ["kill(2): root may signal anyone (CAP_KILL)", (w) => sys(w.k, w.root, "kill", w.bob, SIG.SIGTERM), 0],
  ["kill(2): a zombie still exists, so kill succeeds", (w) => {
    const child = sys(w.k, w.alice, "fork").ret;
    sys(w.k, child, "exit", 0);
    return sys(w.k, w.alice, "kill", child, SIG.SIGTERM);
  }, 0],
  ["kill(2): -1 with no other process at all is ESRCH", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    return sys(k, p, "kill", -1, SIG.SIGTERM);
  }, "ESRCH"],
  // processes
  ["fork(2): EAGAIN at RLIMIT_NPROC", (w) => {
    const p = spawn(w.k, { uid: BOB, rlimits: { nproc: 2 } });
    return sys(w.k, p, "fork");
  }, "EAGAIN"],
  ["execve(2): ENOENT for a missing file", (w) => sys(w.k, w.alice, "execve", t("/bin/nope")), "ENOENT"],
  ["execve(2): EACCES for a file without execute permission", (w) => sys(w.k, w.alice, "execve", t("/etc/passwd")), "EACCES"],
  ["execve(2): EACCES for a directory", (w) => sys(w.k, w.alice, "execve", t("/tmp")), "EACCES"],
  ["execve(2): EACCES without search permission on a directory", (w) => sys(w.k, w.alice, "execve", t("/home/bob/a.out")), "EACCES"],
  ["execve(2): EFAULT for a bad pathname pointer", (w) => sys(w.k, w.alice, "execve", KTEXT), "EFAULT"],
  ["execve(2): success returns 0 in the result", (w) => sys(w.k, w.alice, "execve", t("/bin/sh")), 0],
  ["wait4(2): ECHILD with no children", (w) => sys(w.k, w.alice, "wait4", -1, 0, 0), "ECHILD"],
  ["wait4(2): ECHILD for a pid that is not your child", (w) => sys(w.k, w.alice, "wait4", w.bob, 0, 0), "ECHILD"],
  ["wait4(2): WNOHANG returns 0 while children run", (w) => {
    sys(w.k, w.alice, "fork");
    return sys(w.k, w.alice, "wait4", -1, 0, WAIT.WNOHANG);
  }, 0],
  ["wait4(2): EINVAL for unknown options", (w) => sys(w.k, w.alice, "wait4", -1, 0, 0x4000000), "EINVAL"],
  ["chmod(2): EPERM when you do not own the file", (w) => sys(w.k, w.alice, "chmod", t("/etc/passwd"), 0o666), "EPERM"],
  ["chmod(2): ENOENT for a missing file", (w) => sys(w.k, w.alice, "chmod", t("/tmp/none"), 0o600), "ENOENT"],
  ["chmod(2): the owner may change the mode", (w) => sys(w.k, w.alice, "chmod", t("/tmp/ro.txt"), 0o600), 0],
  ["setuid(2): EPERM becoming root without CAP_SETUID", (w) => sys(w.k, w.alice, "setuid", 0), "EPERM"],
  ["setuid(2): EPERM for another user's uid", (w) => sys(w.k, w.alice, "setuid", BOB), "EPERM"],
  ["setuid(2): your own uid is allowed", (w) => sys(w.k, w.alice, "setuid", ALICE), 0],
  ["setpriority(2): EACCES lowering nice without CAP_SYS_NICE", (w) => sys(w.k, w.alice, "setpriority", PRIO.PRIO_PROCESS, 0, -5), "EACCES"],
  ["setpriority(2): EPERM for another user's process", (w) => sys(w.k, w.alice, "setpriority", PRIO.PRIO_PROCESS, w.bob, 5), "EPERM"],
  ["setpriority(2): ESRCH for no such process", (w) => sys(w.k, w.alice, "setpriority", PRIO.PRIO_PROCESS, 999, 5), "ESRCH"],
  ["setpriority(2): raising your own nice is allowed", (w) => sys(w.k, w.alice, "setpriority", PRIO.PRIO_PROCESS, 0, 5), 0],
  ["getpriority(2): the raw call returns 20 - nice", (w) => {
    sys(w.k, w.alice, "setpriority", PRIO.PRIO_PROCESS, 0, 5);
    return sys(w.k, w.alice, "getpriority", PRIO.PRIO_PROCESS, 0);
  }, 15],
  // privileged
  ["init_module(2): EPERM without CAP_SYS_MODULE", (w) => sys(w.k, w.alice, "init_module", t("rootkit"), 7), "EPERM"],
  ["init_module(2): EFAULT for a bad image pointer (root)", (w) => sys(w.k, w.root, "init_module", KTEXT, 7), "EFAULT"],
  ["init_module(2): root loads a module", (w) => sys(w.k, w.root, "init_module", t("module"), 6), 0],
  ["reboot(2): EPERM without CAP_SYS_BOOT (before the magic is checked)", (w) => sys(w.k, w.alice, "reboot", 1, 2, 3), "EPERM"],
  ["reboot(2): EINVAL for bad magic numbers (root)", (w) => sys(w.k, w.root, "reboot", 1, 2, REBOOT.LINUX_REBOOT_CMD_CAD_ON), "EINVAL"],
  ["reboot(2): root may switch Ctrl-Alt-Del off", (w) => sys(w.k, w.root, "reboot", REBOOT.LINUX_REBOOT_MAGIC1, REBOOT.LINUX_REBOOT_MAGIC2, REBOOT.LINUX_REBOOT_CMD_CAD_OFF), 0],
  ["iopl(2): EPERM raising the level without CAP_SYS_RAWIO", (w) => sys(w.k, w.alice, "iopl", 3), "EPERM"],
  ["iopl(2): EINVAL for a level above 3", (w) => sys(w.k, w.root, "iopl", 4), "EINVAL"],
  ["syscall(2): ENOSYS for an unknown number", (w) => {
    const r = w.k.run(w.alice, { kind: "syscall", nr: 455, args: [] });
    return r as SyscallResult;
  }, "ENOSYS"],
];

describe("errno rules through the syscall boundary", () => {
  test.each(cases)("%s", (_name, run, expected) => {
    const w = world();
    const r = run(w);
    if (typeof expected === "string") {
      expect(r.ret, r.line).toBe(-1);
      expect(r.errno, r.reason).toBe(expected);
      expect(r.reason.length).toBeGreaterThan(5);
      expect(r.line).toContain(`= -1 ${expected} (`);
    } else {
      expect(r.errno, r.reason).toBeUndefined();
      expect(r.ret, r.line).toBe(expected);
    }
  });
});
