// The audit log: an enter (ring 0) and an exit (ring 3) entry for every syscall, strace-exact
// text, ENOSYS for unknown numbers, the ring buffer, and violations.

import { describe, expect, test } from "vitest";
import { MAP, O, PROT } from "../../shared/abi/flags.ts";
import { SIG } from "../../shared/abi/signals.ts";
import { SYS, SYSCALLS } from "../../shared/abi/syscalls.ts";
import { Kernel } from "../../server/kernel/index.ts";
import { ALICE, BOB, boot, spawn, sys, t } from "./helpers.ts";

describe("audit log", () => {
  test("every syscall leaves an enter entry (ring 0) and an exit entry (ring 3)", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const from = k.auditSeq;
    for (const s of SYSCALLS) {
      if (s.name === "exit" || s.name === "exit_group" || s.name === "execve" || s.name === "wait4" || s.name === "read") continue;
      k.run(p, { kind: "syscall", nr: s.nr, args: s.args.map(() => 0) });
    }
    const entries = k.auditSince(from).filter((e) => e.kind === "enter" || e.kind === "exit");
    for (let i = 0; i < entries.length; i += 2) {
      expect(entries[i]).toMatchObject({ kind: "enter", ring: 0, pid: p });
      expect(entries[i + 1]).toMatchObject({ kind: "exit", ring: 3, pid: p, syscall: entries[i].syscall });
      expect(entries[i + 1].seq).toBeGreaterThan(entries[i].seq);
    }
    expect(entries.length).toBeGreaterThan(40);
  });

  test("strace text for the examples teachers know", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const victim = spawn(k, { uid: ALICE });
    expect(sys(k, p, "open", t("/etc/shadow"), O.O_RDONLY, 0).line).toBe('open("/etc/shadow", O_RDONLY) = -1 EACCES (Permission denied)');
    expect(sys(k, p, "openat", -100, t("/etc/shadow"), O.O_RDONLY, 0).line).toBe('openat(AT_FDCWD, "/etc/shadow", O_RDONLY) = -1 EACCES (Permission denied)');
    expect(sys(k, p, "open", t("/tmp/n"), O.O_WRONLY | O.O_CREAT, 0o644).line).toBe('open("/tmp/n", O_WRONLY|O_CREAT, 0644) = 3');
    expect(sys(k, p, "mmap", 0, 4096, PROT.PROT_READ, MAP.MAP_PRIVATE | MAP.MAP_ANONYMOUS, -1, 0).line).toMatch(/^mmap\(NULL, 4096, PROT_READ, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = 0x7[0-9a-f]{11}$/);
    expect(sys(k, p, "write", 1, t("hello\n"), 6).line).toBe('write(1, "hello\\n", 6) = 6');
    expect(sys(k, p, "kill", victim, SIG.SIGTERM).line).toBe(`kill(${victim}, SIGTERM) = 0`);
    expect(sys(k, p, "getpid").line).toBe(`getpid() = ${p}`);
    expect(sys(k, p, "setuid", 0).line).toBe("setuid(0) = -1 EPERM (Operation not permitted)");
    expect(sys(k, p, "brk", 0).line).toBe("brk(NULL) = 0x403000");
  });

  test("reasons use user and group names", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const r = sys(k, p, "open", t("/etc/shadow"), O.O_RDONLY, 0);
    expect(r.reason).toContain("owner root");
    expect(r.reason).toContain("uid 1000 (alice)");
    expect(r.reason).toContain("not in group root");
    const bob = spawn(k, { uid: BOB });
    expect(sys(k, p, "kill", bob, SIG.SIGTERM).reason).toBe(`uid 1000 (alice) may not signal pid ${bob} (owned by uid 1001, bob) without CAP_KILL`);
    expect(sys(k, p, "close", 7).reason).toBe("fd 7 is not open");
  });

  test("an unknown syscall number is ENOSYS with both audit entries", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const r = k.run(p, { kind: "syscall", nr: 0x1c7, args: [1, 2] });
    expect(r).toMatchObject({ kind: "syscall", ret: -1, errno: "ENOSYS", line: "syscall_0x1c7(0x1, 0x2) = -1 ENOSYS (Function not implemented)" });
    const [enter, exit] = k.auditTail(2);
    expect(enter).toMatchObject({ kind: "enter", syscall: "syscall_0x1c7" });
    expect(exit).toMatchObject({ kind: "exit", errno: "ENOSYS", ret: -1 });
  });

  test("trap() on a running process uses the same path, and throws for a process not on a core", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE, behavior: "cpu" });
    expect(() => k.trap(p, SYS.getpid, [])).toThrow();
    k.step();
    const seq = k.auditSeq;
    expect(k.trap(p, SYS.getpid, [])).toMatchObject({ ret: p, line: `getpid() = ${p}` });
    expect(k.auditSince(seq).map((e) => e.kind)).toEqual(["enter", "exit"]);
    expect(k.trap(p, SYS.getpid, [{ bad: 1 } as never])).toMatchObject({ ret: -1, errno: "EINVAL" });
    expect(k.trap(p, 9999, [])).toMatchObject({ errno: "ENOSYS" });
  });

  test("the ring keeps the newest entries and seq keeps counting", () => {
    const k = boot({ auditCapacity: 16 });
    const p = spawn(k, { uid: ALICE });
    for (let i = 0; i < 20; i++) sys(k, p, "getpid");
    expect(k.auditSeq).toBeGreaterThan(40);
    const all = k.auditSince(0);
    expect(all).toHaveLength(16);
    expect(all[15].seq).toBe(k.auditSeq);
    expect(k.auditSince(k.auditSeq - 3).map((e) => e.seq)).toEqual([k.auditSeq - 2, k.auditSeq - 1, k.auditSeq]);
    expect(k.auditTail(2)).toHaveLength(2);
  });

  test("recordViolation logs a privilege violation", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const e = k.recordViolation(p, 'forged message {"pid": 1}', "a client tried to act as init");
    expect(e).toMatchObject({ kind: "violation", pid: p, uid: ALICE });
    expect(k.auditTail(1)[0].seq).toBe(e.seq);
  });

  test("submit refuses garbage with a readable error instead of throwing", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    expect(k.submit(p, { kind: "access", op: "poke", addr: 1 } as never)).toMatchObject({ ok: false });
    expect(k.submit(p, { kind: "syscall", nr: 1.5, args: [] })).toMatchObject({ ok: false });
    expect(k.submit(p, { kind: "syscall", nr: 1, args: [NaN] })).toMatchObject({ ok: false });
    expect(k.submit(999, { kind: "compute", ticks: 1 })).toMatchObject({ ok: false, error: "no process has pid 999" });
    expect(k.submit(1, { kind: "compute", ticks: 1 })).toMatchObject({ ok: false });
    for (let i = 0; i < 8; i++) expect(k.submit(p, { kind: "compute", ticks: 1 }).ok).toBe(true);
    expect(k.submit(p, { kind: "compute", ticks: 1 })).toMatchObject({ ok: false });
    expect(k.cancel(p)).toBe(8);
    expect(k.spawn({ name: "", uid: -1 })).toMatchObject({ ok: false });
    expect(k.sendSignal(999, 9, "x")).toMatchObject({ ok: false });
  });

  test("garbage configuration and replay input do not throw", () => {
    const k = new Kernel({ seed: 1.5, users: 7 as never, groups: [null] as never, files: "x" as never, cores: 99, frames: -3, sched: { policy: "lottery" as never } });
    expect(k.ps()).toHaveLength(1);
    expect(k.sched().policy).toBe("rr");
    const r = Kernel.replay({ seed: 1 }, [{ tick: 0, op: "trap", args: [2, 5] }, null as never, { tick: 0, op: "step", args: ["x"] }, { tick: 0, op: "nope", args: [] }]);
    expect(r.tick).toBe(0);
    k.writeFile("/tmp/g", "x", { uid: "root" as never, mode: "bad" });
    expect(k.readFile("/tmp/g")).toBe("x");
  });
});
