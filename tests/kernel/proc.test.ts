// Processes and signals: fork/wait4 reaping, orphans, set-user-ID execve, setuid, stop/continue,
// SIGKILL, init, blocking calls (wait4, read on the terminal and pipes).

import { describe, expect, test } from "vitest";
import { CAP_ALL, capBit } from "../../shared/abi/caps.ts";
import { SIG } from "../../shared/abi/signals.ts";
import { SYS } from "../../shared/abi/syscalls.ts";
import { LAYOUT } from "../../shared/params.ts";
import { ALICE, BOB, boot, buf, mem, spawn, stepUntil, sys, t } from "./helpers.ts";

describe("fork(2) and wait4(2)", () => {
  test("the child starts asleep on its terminal; its fork result is an event with 0", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    k.drainEvents();
    const child = sys(k, p, "fork").ret;
    expect(k.proc(child)).toMatchObject({ ppid: p, state: "BLOCKED", wchan: "tty", ruid: ALICE });
    const ev = k.drainEvents();
    expect(ev).toContainEqual({ type: "fork", tick: expect.any(Number), parent: p, child });
    expect(ev.some((e) => e.type === "result" && e.result.pid === child && e.result.kind === "syscall" && e.result.ret === 0)).toBe(true);
  });

  test("wait4 blocks in ring 0 until the child exits, then reaps it with its status", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const child = sys(k, p, "fork").ret;
    const w = k.run(p, { kind: "syscall", nr: SYS.wait4, args: [-1, buf(4), 0] }, 10);
    expect(w).toMatchObject({ kind: "pending", wchan: "wait4" });
    expect(k.proc(p)).toMatchObject({ state: "BLOCKED", wchan: "wait4", ring: 0 });
    sys(k, child, "exit", 3);
    expect(k.proc(child)?.state).toBe("ZOMBIE");
    expect(stepUntil(k, () => k.auditTail(5).some((e) => e.kind === "exit" && e.syscall === "wait4"))).toBe(true);
    const exit = k.auditTail(5).find((e) => e.kind === "exit" && e.syscall === "wait4")!;
    expect(exit.text).toBe(`wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0) = ${child}`);
    expect(k.proc(child)).toBeUndefined();
    expect(k.proc(p)?.ring).toBe(3);
    expect(sys(k, p, "wait4", -1, 0, 0).errno).toBe("ECHILD");
  });

  test("wait4 reports a child killed by a signal (sig | 0x80 when it dumped core)", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const child = sys(k, p, "fork").ret;
    mem(k, child, "store", LAYOUT.TEXT);
    const r = sys(k, p, "wait4", child, buf(4), 0);
    expect(r.ret).toBe(child);
    expect(r.line).toContain("WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)");
  });

  test("orphans are reparented to init, which reaps them when they exit", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const child = sys(k, p, "fork").ret;
    sys(k, p, "exit", 0);
    expect(k.proc(p)).toBeUndefined(); // init reaped the parent at once
    expect(k.proc(child)?.ppid).toBe(1);
    sys(k, child, "exit", 0);
    expect(k.proc(child)).toBeUndefined();
    expect(k.drainEvents()).toContainEqual({ type: "reaped", tick: expect.any(Number), pid: child, by: 1 });
  });

  test("a parent ignoring SIGCHLD never sees zombies (auto-reap)", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    sys(k, p, "rt_sigaction", SIG.SIGCHLD, 1);
    const child = sys(k, p, "fork").ret;
    sys(k, child, "exit", 0);
    expect(k.proc(child)).toBeUndefined();
    expect(sys(k, p, "wait4", -1, 0, 0).errno).toBe("ECHILD");
  });

  test("RLIMIT_NPROC counts zombies until they are reaped", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE, rlimits: { nproc: 2 } });
    const c = sys(k, p, "fork").ret;
    expect(sys(k, p, "fork").errno).toBe("EAGAIN");
    sys(k, c, "exit", 0);
    expect(sys(k, p, "fork").errno).toBe("EAGAIN");
    sys(k, p, "wait4", c, 0, 0);
    expect(sys(k, p, "fork").ret).toBeGreaterThan(0);
  });

  test("root is exempt from RLIMIT_NPROC", () => {
    const k = boot();
    const p = spawn(k, { uid: 0, rlimits: { nproc: 1 } });
    expect(sys(k, p, "fork").ret).toBeGreaterThan(0);
  });
});

describe("execve(2), setuid(2) and capabilities(7)", () => {
  test("set-user-ID /usr/bin/passwd gives euid 0, saved uid 0 and the full capability set", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    expect(sys(k, p, "setuid", 0).errno).toBe("EPERM");
    const r = sys(k, p, "execve", t("/usr/bin/passwd"));
    expect(r.ret).toBe(0);
    expect(k.proc(p)).toMatchObject({ ruid: ALICE, euid: 0, suid: 0, caps: CAP_ALL, name: "passwd" });
    expect(sys(k, p, "geteuid").ret).toBe(0);
    expect(sys(k, p, "open", t("/etc/shadow"), 0, 0).ret).toBe(3);
  });

  test("a setuid drop to a non-zero uid is permanent", () => {
    const k = boot();
    const p = spawn(k, { uid: 0 });
    expect(sys(k, p, "setuid", ALICE).ret).toBe(0);
    expect(k.proc(p)).toMatchObject({ ruid: ALICE, euid: ALICE, suid: ALICE, caps: 0 });
    const back = sys(k, p, "setuid", 0);
    expect(back.errno).toBe("EPERM");
    expect(sys(k, p, "open", t("/etc/shadow"), 0, 0).errno).toBe("EACCES");
  });

  test("after the set-user-ID exec, setuid(ruid) keeps the saved uid 0 only without CAP_SETUID", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    sys(k, p, "execve", t("/usr/bin/passwd"));
    // With CAP_SETUID (euid 0): all three uids become alice's and the capabilities go.
    expect(sys(k, p, "setuid", ALICE).ret).toBe(0);
    expect(k.proc(p)).toMatchObject({ ruid: ALICE, euid: ALICE, suid: ALICE, caps: 0 });
  });

  test("execve resets caught handlers to SIG_DFL and keeps ignored ones", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    sys(k, p, "rt_sigaction", SIG.SIGTERM, LAYOUT.TEXT);
    sys(k, p, "rt_sigaction", SIG.SIGUSR1, 1);
    sys(k, p, "execve", t("/bin/sh"));
    sys(k, p, "kill", p, SIG.SIGUSR1);
    expect(k.proc(p)).toBeDefined();
    sys(k, p, "kill", p, SIG.SIGTERM);
    expect(k.proc(p)).toBeUndefined();
  });

  test("a revoked capability no longer bypasses its check (setCaps)", () => {
    const k = boot();
    const p = spawn(k, { uid: 0 });
    const victim = spawn(k, { uid: BOB });
    k.setCaps(p, CAP_ALL & ~capBit("CAP_KILL"));
    expect(sys(k, p, "kill", victim, SIG.SIGTERM).errno).toBe("EPERM");
    expect(k.auditTail(5).some((e) => e.kind === "policy" && e.reason.includes("CAP_KILL"))).toBe(true);
  });
});

describe("signals (signal(7), kill(2))", () => {
  test("SIGSTOP takes a process off the run queue; SIGCONT puts it back", () => {
    const k = boot();
    const hog = spawn(k, { uid: ALICE, behavior: "cpu" });
    k.step();
    expect(k.proc(hog)?.state).toBe("RUNNING");
    k.sendSignal(hog, SIG.SIGSTOP, "player disconnected");
    expect(k.proc(hog)?.state).toBe("STOPPED");
    expect(k.cores()).not.toContain(hog);
    const u = k.proc(hog)!.utime;
    for (let i = 0; i < 5; i++) k.step();
    expect(k.proc(hog)!.utime).toBe(u);
    k.sendSignal(hog, SIG.SIGCONT, "player is back");
    expect(k.proc(hog)?.state).toBe("RUNNABLE");
    k.step();
    expect(k.proc(hog)!.utime).toBe(u + 1);
  });

  test("SIGCONT returns a process stopped inside wait4 to BLOCKED, not RUNNABLE", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    sys(k, p, "fork");
    k.run(p, { kind: "syscall", nr: SYS.wait4, args: [-1, 0, 0] }, 5);
    k.sendSignal(p, SIG.SIGSTOP, "test");
    expect(k.proc(p)?.state).toBe("STOPPED");
    k.sendSignal(p, SIG.SIGCONT, "test");
    expect(k.proc(p)).toMatchObject({ state: "BLOCKED", wchan: "wait4", ring: 0 });
  });

  test("SIGTERM to a stopped process waits for SIGCONT, then kills", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE, behavior: "cpu" });
    k.sendSignal(p, SIG.SIGSTOP, "t");
    k.sendSignal(p, SIG.SIGTERM, "t");
    for (let i = 0; i < 3; i++) k.step();
    expect(k.proc(p)?.state).toBe("STOPPED");
    k.sendSignal(p, SIG.SIGCONT, "t");
    k.step();
    expect(k.proc(p)).toBeUndefined();
    expect(k.auditTail(1)[0].text).toBe("+++ killed by SIGTERM +++");
  });

  test("SIGKILL kills a stopped process", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    k.sendSignal(p, SIG.SIGSTOP, "t");
    k.sendSignal(p, SIG.SIGKILL, "t");
    expect(k.proc(p)).toBeUndefined();
  });

  test("SIGKILL cannot be caught: the handler install is EINVAL and the kill still kills", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const killer = spawn(k, { uid: ALICE });
    expect(sys(k, p, "rt_sigaction", SIG.SIGKILL, LAYOUT.TEXT).errno).toBe("EINVAL");
    expect(sys(k, killer, "kill", p, SIG.SIGKILL).ret).toBe(0);
    expect(k.proc(p)).toBeUndefined();
  });

  test("a caught SIGTERM runs the handler; the process lives", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const killer = spawn(k, { uid: ALICE });
    sys(k, p, "rt_sigaction", SIG.SIGTERM, LAYOUT.TEXT);
    sys(k, killer, "kill", p, SIG.SIGTERM);
    expect(k.proc(p)).toBeDefined();
    stepUntil(k, () => k.auditTail(3).some((e) => e.kind === "signal" && e.reason.includes("handler at 0x400000")), 10);
    expect(k.auditTail(3).some((e) => e.kind === "signal" && e.reason.includes("handler at 0x400000"))).toBe(true);
    expect(k.proc(p)).toBeDefined();
  });

  test("a caught signal interrupts a sleeping wait4 with EINTR", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    sys(k, p, "rt_sigaction", SIG.SIGUSR1, LAYOUT.TEXT);
    sys(k, p, "fork");
    const w = k.run(p, { kind: "syscall", nr: SYS.wait4, args: [-1, 0, 0] }, 5);
    expect(w.kind).toBe("pending");
    k.sendSignal(p, SIG.SIGUSR1, "t");
    expect(stepUntil(k, () => k.auditTail(4).some((e) => e.syscall === "wait4" && e.errno === "EINTR"), 10)).toBe(true);
  });

  test("init ignores SIGKILL from user space (root) and from the kernel", () => {
    const k = boot();
    const r = spawn(k, { uid: 0 });
    expect(sys(k, r, "kill", 1, SIG.SIGKILL).ret).toBe(0);
    expect(k.proc(1)?.state).not.toBe("ZOMBIE");
    k.sendSignal(1, SIG.SIGKILL, "t");
    expect(k.proc(1)).toBeDefined();
    const a = spawn(k, { uid: ALICE });
    expect(sys(k, a, "kill", 1, SIG.SIGKILL).errno).toBe("EPERM");
  });

  test("kill(-1) signals everyone you may signal except init and yourself", () => {
    const k = boot();
    const me = spawn(k, { uid: ALICE });
    const mine = spawn(k, { uid: ALICE });
    const bobs = spawn(k, { uid: BOB });
    expect(sys(k, me, "kill", -1, SIG.SIGKILL).ret).toBe(0);
    expect(k.proc(mine)).toBeUndefined();
    expect(k.proc(bobs)).toBeDefined();
    expect(k.proc(me)).toBeDefined();
  });

  test("kill(0) signals your own process group (fork keeps the group)", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const child = sys(k, p, "fork").ret;
    sys(k, p, "rt_sigaction", SIG.SIGTERM, 1);
    expect(sys(k, p, "kill", 0, SIG.SIGTERM).ret).toBe(0);
    expect(k.proc(child)?.state).toBe("ZOMBIE");
    expect(k.proc(p)).toBeDefined();
  });

  test("writing to a pipe with no reader: EPIPE, then SIGPIPE kills on return to user mode", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    sys(k, p, "pipe", buf(8));
    sys(k, p, "close", 3);
    const w = sys(k, p, "write", 4, t("x"), 1);
    expect(w.errno).toBe("EPIPE");
    expect(k.proc(p)).toBeUndefined();
    expect(k.auditTail(1)[0].text).toBe("+++ killed by SIGPIPE +++");
  });
});

describe("blocking I/O: the terminal and pipes (read(2), pipe(7))", () => {
  test("read(0) sleeps on the tty until the player types", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const r = k.run(p, { kind: "syscall", nr: SYS.read, args: [0, buf(64), 64] }, 5);
    expect(r).toMatchObject({ kind: "pending", wchan: "tty" });
    expect(k.proc(p)).toMatchObject({ state: "BLOCKED", ring: 0 });
    k.terminalInput(p, "hi\n");
    expect(k.proc(p)?.state).toBe("RUNNABLE");
    stepUntil(k, () => k.auditTail(2).some((e) => e.syscall === "read" && e.kind === "exit"), 5);
    expect(k.auditTail(3).find((e) => e.syscall === "read" && e.kind === "exit")?.text).toBe('read(0, "hi\\n", 64) = 3');
  });

  test("write(1) shows on the terminal", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const r = sys(k, p, "write", 1, t("hello\n"), 6);
    expect(r.line).toBe('write(1, "hello\\n", 6) = 6');
    expect((r as { output?: string }).output).toBe("hello\n");
    expect(k.terminalOutput(p)).toBe("hello\n");
  });

  test("a pipe carries bytes from a child to its parent; EOF after the writer closes", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    expect(sys(k, p, "pipe", buf(8)).line).toBe("pipe([3, 4]) = 0");
    const child = sys(k, p, "fork").ret;
    sys(k, p, "close", 4);
    const pending = k.run(p, { kind: "syscall", nr: SYS.read, args: [3, buf(16), 16] }, 5);
    expect(pending).toMatchObject({ kind: "pending", wchan: "pipe" });
    expect(sys(k, child, "write", 4, t("ping"), 4).ret).toBe(4);
    stepUntil(k, () => k.auditTail(3).some((e) => e.syscall === "read" && e.kind === "exit"), 5);
    sys(k, child, "exit", 0);
    const eof = sys(k, p, "read", 3, buf(16), 16);
    expect(eof.ret).toBe(0);
  });

  test("files: write then lseek then read returns the bytes (offsets shared by dup)", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    expect(sys(k, p, "open", t("/tmp/x"), 0o102, 0o666).ret).toBe(3);
    expect(k.fds(p).find((f) => f.fd === 3)?.path).toBe("/tmp/x");
    sys(k, p, "write", 3, t("abcdef"), 6);
    expect(sys(k, p, "dup", 3).ret).toBe(4);
    expect(sys(k, p, "lseek", 4, 2, 0).ret).toBe(2);
    const r = sys(k, p, "read", 3, buf(3), 3);
    expect(r.data).toBe("cde");
    expect(k.readFile("/tmp/x")).toBe("abcdef");
  });

  test("O_CREAT applies umask 022 and makes the caller the owner", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const r = sys(k, p, "open", t("/tmp/mine"), 0o101, 0o666);
    expect(r.ret).toBe(3);
    expect(r.reason).toContain("0644");
    expect(sys(k, p, "chmod", t("/tmp/mine"), 0o600).ret).toBe(0);
  });
});
