// Process syscalls: the id getters, fork, execve, exit, wait4, sched_yield, getpriority and
// setpriority.

import { O, PRIO, WAIT } from "../../shared/abi/flags.ts";
import { SIG_DFL, SIG_IGN } from "../../shared/abi/signals.ts";
import { NICE_MAX, NICE_MIN } from "../../shared/params.ts";
import type { KState } from "./kstate.ts";
import type { Proc } from "./proc.ts";
import { BLOCK, fail, int32, int32Bytes, reg, userPath, userWrite, type Call } from "./ucall.ts";
import { capable, execCreds, MAY_EXEC, permission } from "./cred.ts";
import { closeFd, exitProcess, forkProcess, freshAddressSpace, reap, releaseSpace, waitStatus } from "./lifecycle.ts";
import { waitStatusText } from "./strace.ts";

/** getpid(2). */
export function sysGetpid(_ks: KState, c: Call): number {
  c.reason = "your process id";
  return c.p.pid;
}

/** getppid(2). */
export function sysGetppid(_ks: KState, c: Call): number {
  c.reason = c.p.ppid === 1 ? "your parent is init (pid 1)" : "your parent's process id";
  return c.p.ppid;
}

/** getuid(2): the real user id. */
export function sysGetuid(ks: KState, c: Call): number {
  c.reason = `real uid (${ks.user(c.p.cred.ruid)})`;
  return c.p.cred.ruid;
}

/** geteuid(2): the effective user id (the one permission checks use). */
export function sysGeteuid(ks: KState, c: Call): number {
  c.reason = `effective uid (${ks.user(c.p.cred.euid)})`;
  return c.p.cred.euid;
}

/** getgid(2). */
export function sysGetgid(ks: KState, c: Call): number {
  c.reason = `real gid (${ks.group(c.p.cred.rgid)})`;
  return c.p.cred.rgid;
}

/** getegid(2). */
export function sysGetegid(ks: KState, c: Call): number {
  c.reason = `effective gid (${ks.group(c.p.cred.egid)})`;
  return c.p.cred.egid;
}

/** fork(2): the child's pid in the parent (the child sees 0); EAGAIN at RLIMIT_NPROC. */
export function sysFork(ks: KState, c: Call): number {
  const r = forkProcess(ks, c.p);
  if (!r.ok) return fail(c, r.errno, r.reason);
  const child = r.child;
  ks.log("proc", child, 3, "fork() = 0", `child ${child.pid} of ${c.p.pid}: a copy of its creds, fds and handlers; every private page is now shared copy-on-write`);
  ks.post({
    kind: "syscall", ticket: 0, pid: child.pid, tick: ks.tick, nr: c.nr, name: "fork", ret: 0,
    line: "fork() = 0", reason: `you are the child of ${c.p.pid}`,
  });
  c.reason = `child ${child.pid} created; its private pages are shared copy-on-write with yours`;
  return child.pid;
}

/**
 * execve(2) (pathname only): ENOENT, EACCES (no execute permission, not a regular file, no
 * search permission), EFAULT. Success: a fresh address space, caught handlers reset, set-user-ID
 * applied; ret 0 (the old program is gone).
 */
export function sysExecve(ks: KState, c: Call): number {
  const p = c.p;
  const path = userPath(ks, c, reg(c, 0));
  if (typeof path === "number") return path;
  const w = ks.vfs.walk(p.cred, path, ks);
  if (!w.ok) return fail(c, w.errno, w.reason);
  const node = w.inode;
  if (!node) return fail(c, "ENOENT", `${w.path} does not exist`);
  if (node.type !== "file") return fail(c, "EACCES", `${w.path} is ${node.type === "dir" ? "a directory" : "a device"}, not a regular file`);
  const perm = permission(p.cred, { uid: node.uid, gid: node.gid, mode: node.mode, isDir: false }, MAY_EXEC, w.path, ks);
  if (!perm.ok) return fail(c, "EACCES", perm.reason);
  const mm = freshAddressSpace(ks, p.pid, node.ino);
  if (!mm) {
    if (p.state === "ZOMBIE") {
      c.noReturn = true;
      c.reason = "the OOM killer chose this process while exec needed frames";
      return 0;
    }
    return fail(c, "ENOMEM", "no frame for the new program's text and stack");
  }
  releaseSpace(ks, p.mm, p.pid);
  p.mm = mm;
  const before = p.cred;
  p.cred = execCreds(before, node.uid, node.gid, node.mode);
  p.name = w.name.slice(0, 15);
  p.sigaction = p.sigaction.map((h) => (h === SIG_IGN ? SIG_IGN : SIG_DFL));
  p.fds.forEach((f, fd) => {
    if (f && f.flags & O.O_CLOEXEC) closeFd(ks, p, fd);
  });
  ks.emit({ type: "exec", tick: ks.tick, pid: p.pid, path: w.path, euid: p.cred.euid });
  const suid = (node.mode & 0o4000) !== 0 && before.euid !== p.cred.euid;
  c.reason = suid
    ? `${w.path} is set-user-ID ${ks.user(node.uid)}: effective and saved uid are now ${p.cred.euid}${p.cred.euid === 0 ? "; euid 0 brings the full capability set" : ""} (real uid stays ${p.cred.ruid})`
    : `now running ${w.path} in a fresh address space; caught signal handlers were reset to SIG_DFL`;
  return 0;
}

/** exit(2) / exit_group(2): the process becomes a zombie until its parent reaps it. Never returns. */
export function sysExit(ks: KState, c: Call): number {
  const code = reg(c, 0) & 0xff;
  c.noReturn = true;
  c.reason = `exit status ${code}; a zombie until the parent reaps it with wait4`;
  exitProcess(ks, c.p, code, undefined, false);
  return 0;
}

function matches(p: Proc, q: Proc, pid: number): boolean {
  if (q.ppid !== p.pid) return false;
  if (pid > 0) return q.pid === pid;
  if (pid === -1) return true;
  if (pid === 0) return q.pgid === p.pgid;
  return q.pgid === -pid;
}

/**
 * wait4(2): reap a zombie child and return its pid (status to *wstatus). ECHILD if no child
 * matches; 0 with WNOHANG when none has exited yet; otherwise sleeps (wchan "wait4").
 * WUNTRACED / WCONTINUED report stopped / continued children.
 */
export function sysWait4(ks: KState, c: Call): number {
  const p = c.p;
  const pid = int32(reg(c, 0));
  const wstatus = reg(c, 1);
  const opts = reg(c, 2);
  const known = WAIT.WNOHANG | WAIT.WUNTRACED | WAIT.WCONTINUED;
  if (opts & ~known) return fail(c, "EINVAL", `options 0x${opts.toString(16)} has unknown bits`);
  const kids: Proc[] = [];
  for (const q of ks.procs.values()) if (matches(p, q, pid)) kids.push(q);
  if (kids.length === 0) return fail(c, "ECHILD", pid > 0 ? `pid ${pid} is not your child (or was already reaped)` : "you have no child processes to wait for");
  const report = (q: Proc, status: number, what: string): number => {
    if (wstatus !== 0) {
      const e = userWrite(ks, c, wstatus, int32Bytes(status), "wstatus");
      if (e < 0) return e;
    }
    c.argText = `${pid}, ${wstatus === 0 ? "NULL" : waitStatusText(status)}, ${opts === 0 ? "0" : "WNOHANG"}`;
    c.reason = what;
    return q.pid;
  };
  const z = kids.find((q) => q.state === "ZOMBIE");
  if (z) {
    const status = waitStatus(z);
    reap(ks, p, z);
    return report(z, status, `child ${z.pid} reaped (${z.termSignal !== undefined ? "killed by a signal" : `exit status ${z.exitStatus}`}); it is gone from the process table`);
  }
  if (opts & WAIT.WUNTRACED) {
    const s = kids.find((q) => q.state === "STOPPED" && q.stopReport);
    if (s) {
      const sig = s.stopReport;
      s.stopReport = 0;
      return report(s, (sig << 8) | 0x7f, `child ${s.pid} is stopped`);
    }
  }
  if (opts & WAIT.WCONTINUED) {
    const s = kids.find((q) => q.contReport);
    if (s) {
      s.contReport = false;
      return report(s, 0xffff, `child ${s.pid} was continued`);
    }
  }
  if (opts & WAIT.WNOHANG) {
    c.reason = "WNOHANG: no child has exited yet";
    return 0;
  }
  c.wchan = "wait4";
  c.reason = "no child has exited yet: sleeping until one does";
  return BLOCK;
}

/** sched_yield(2): give up the core; back of the run queue. Never fails. */
export function sysSchedYield(_ks: KState, c: Call): number {
  c.p.yielded = true;
  c.reason = "the core is given up; you go to the back of the run queue";
  return 0;
}

function prioTargets(ks: KState, p: Proc, which: number, who: number): Proc[] | undefined {
  const all = [...ks.procs.values()].filter((q) => q.state !== "ZOMBIE");
  if (which === PRIO.PRIO_PROCESS) {
    const q = who === 0 ? p : ks.procs.get(who);
    return q && q.state !== "ZOMBIE" ? [q] : [];
  }
  if (which === PRIO.PRIO_PGRP) return all.filter((q) => q.pgid === (who === 0 ? p.pgid : who));
  if (which === PRIO.PRIO_USER) return all.filter((q) => q.cred.ruid === (who === 0 ? p.cred.ruid : who));
  return undefined;
}

/** getpriority(2): the raw call returns 20 - nice (1..40) of the highest-priority target; ESRCH, EINVAL. */
export function sysGetpriority(ks: KState, c: Call): number {
  const ts = prioTargets(ks, c.p, reg(c, 0), int32(reg(c, 1)));
  if (!ts) return fail(c, "EINVAL", `which ${reg(c, 0)} is not PRIO_PROCESS, PRIO_PGRP or PRIO_USER`);
  if (ts.length === 0) return fail(c, "ESRCH", `no process matches who=${int32(reg(c, 1))}`);
  const nice = Math.min(...ts.map((q) => q.nice));
  c.reason = `nice ${nice}; the raw syscall returns 20 - nice = ${20 - nice} (the C library converts it back)`;
  return 20 - nice;
}

/**
 * setpriority(2): EPERM if the target is another user's (its real or effective uid differs from
 * your effective uid) without CAP_SYS_NICE; EACCES lowering nice (raising priority) without
 * CAP_SYS_NICE; ESRCH if nothing matches.
 */
export function sysSetpriority(ks: KState, c: Call): number {
  const p = c.p;
  const ts = prioTargets(ks, p, reg(c, 0), int32(reg(c, 1)));
  if (!ts) return fail(c, "EINVAL", `which ${reg(c, 0)} is not PRIO_PROCESS, PRIO_PGRP or PRIO_USER`);
  if (ts.length === 0) return fail(c, "ESRCH", `no process matches who=${int32(reg(c, 1))}`);
  const nice = Math.max(NICE_MIN, Math.min(NICE_MAX, int32(reg(c, 2))));
  const nicecap = capable(p.cred, "CAP_SYS_NICE");
  let err = 0;
  let done = 0;
  for (const t of ts) {
    if (t.cred.ruid !== p.cred.euid && t.cred.euid !== p.cred.euid && !nicecap) {
      err = fail(c, "EPERM", `pid ${t.pid} belongs to uid ${t.cred.ruid} (${ks.user(t.cred.ruid)}), not to you (euid ${p.cred.euid}), and you lack CAP_SYS_NICE`);
      continue;
    }
    if (nice < t.nice && !nicecap) {
      err = fail(c, "EACCES", `lowering nice from ${t.nice} to ${nice} raises priority, which needs CAP_SYS_NICE (RLIMIT_NICE is 0) — EACCES here, not EPERM`);
      continue;
    }
    t.nice = nice;
    done++;
  }
  if (done > 0 && ts.length === 1) {
    c.reason = `nice is now ${nice}`;
    return 0;
  }
  if (err < 0) return err;
  c.reason = `nice is now ${nice} for ${done} process${done === 1 ? "" : "es"}`;
  return 0;
}
