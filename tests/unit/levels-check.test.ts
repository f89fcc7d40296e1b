// The check language's evaluator on crafted facts: audit entries as the kernel writes them,
// access results, events and predictions, and a crafted kernel state.

import { describe, expect, test } from "vitest";
import { evaluate, judge, matches, type Check, type LevelState } from "../../server/levels/check.ts";
import { accessFact, eventFact, FactLog, predictionFact, splitCall, syscallFact, unquote, type Fact } from "../../server/levels/facts.ts";
import type { AccessResult, AuditEntry } from "../../shared/kernel.ts";

const STATE: LevelState = { alive: true, extra_fds: 0, mmaps: 0, heap_pages: 0, heap_present: 0, children: 0, zombies: 0, euid: 1000, ruid: 1000, rss: 3, work: 0, cpu_share: 0, window: 0 };

let seq = 0;
function exit(text: string, ret: number, errno?: string, pid = 3): AuditEntry {
  const name = text.slice(0, text.indexOf("("));
  return { seq: ++seq, tick: seq, pid, uid: 1000, kind: "exit", ring: 3, syscall: name, ret, ...(errno ? { errno: errno as never } : {}), text, reason: "because" };
}

function access(op: "load" | "store" | "exec", addr: number, ok: boolean, extra: Partial<AccessResult> = {}): AccessResult {
  return { kind: "access", ticket: 1, pid: 3, tick: ++seq, op, addr, ok, line: `${op} 0x${addr.toString(16)}`, reason: "r", ...extra };
}

function facts(...items: (ReturnType<typeof syscallFact> | undefined)[]): Fact[] {
  const log = new FactLog();
  for (const i of items) log.add(i);
  return log.facts;
}

describe("facts from strace text", () => {
  test("arguments are split at top-level commas, respecting quotes, braces and brackets", () => {
    expect(splitCall('write(1, "a, b\\"c)", 5) = 5')).toEqual(["1", '"a, b\\"c)"', "5"]);
    expect(splitCall("rt_sigaction(SIGKILL, {sa_handler=0x400000}) = -1 EINVAL (Invalid argument)")).toEqual(["SIGKILL", "{sa_handler=0x400000}"]);
    expect(splitCall("wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0) = 5")).toEqual(["-1", "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]", "0"]);
    expect(splitCall("getpid() = 3")).toEqual([]);
    expect(splitCall("not a call")).toBeUndefined();
    expect(unquote('"/etc/motd"')).toBe("/etc/motd");
    expect(unquote('"abc"...')).toBe("abc");
  });

  test("a syscall fact names its arguments by the syscall table and parses an addr argument", () => {
    const f = syscallFact(exit("mprotect(0x7efffffff000, 4096, PROT_READ|PROT_EXEC) = 0", 0))!;
    expect(f).toMatchObject({ kind: "syscall", name: "mprotect", ok: true, args: { addr: "0x7efffffff000", len: "4096", prot: "PROT_READ|PROT_EXEC" }, addr: 0x7efffffff000 });
    expect(syscallFact({ ...exit("write(1, \"x\", 1) = 1", 1), kind: "enter" })).toBeUndefined();
  });
});

describe("matches", () => {
  const [write, badWrite, open, mprotectRwx] = facts(
    syscallFact(exit('write(1, "hello", 5) = 5', 5)),
    syscallFact(exit('write(7, "hello", 5) = -1 EBADF (Bad file descriptor)', -1, "EBADF")),
    syscallFact(exit('open("/home/player1/door.txt", O_RDONLY) = 3', 3)),
    syscallFact(exit("mprotect(0x7f0000000000, 4096, PROT_READ|PROT_WRITE|PROT_EXEC) = 0", 0)),
  );
  test("by name, ok, errno, ret and printed arguments", () => {
    expect(matches({ syscall: "write", ok: true, args: { fd: 1 } }, write)).toBe(true);
    expect(matches({ syscall: "write", ok: true, args: { fd: 1 } }, badWrite)).toBe(false);
    expect(matches({ syscall: "write", errno: "EBADF" }, badWrite)).toBe(true);
    expect(matches({ syscall: ["open", "openat"], args: { pathname: "/home/player1/door.txt" } }, open)).toBe(true);
    expect(matches({ syscall: "open", ret: { min: 3, max: 3 } }, open)).toBe(true);
    expect(matches({ syscall: "*", ret: 4 }, open)).toBe(false);
    expect(matches({ access: "load" }, open)).toBe(false);
  });
  test("flag sets with has / lacks", () => {
    expect(matches({ syscall: "mprotect", args: { prot: { has: ["PROT_WRITE", "PROT_EXEC"] } } }, mprotectRwx)).toBe(true);
    expect(matches({ syscall: "mprotect", args: { prot: { has: ["PROT_EXEC"], lacks: ["PROT_WRITE"] } } }, mprotectRwx)).toBe(false);
  });
  test("ret ranges may be written as hex addresses", () => {
    const [brk] = facts(syscallFact(exit("brk(0x405000) = 0x405000", 0x405000)));
    expect(matches({ syscall: "brk", ret: { min: "0x405000" } }, brk)).toBe(true);
    expect(matches({ syscall: "brk", ret: { min: "0x406000" } }, brk)).toBe(false);
  });
  test("access facts: vma, minor fault, the fault's signal, code and bit", () => {
    const log = new FactLog();
    const ok = log.add(accessFact(access("store", 0x403000, true, { minorFault: true }), "heap"))!;
    const bad = log.add(accessFact(access("load", 0xffff81000000, false, { fault: { signal: "SIGSEGV", code: "SEGV_MAPERR", bit: "U/S" } }), ""))!;
    expect(matches({ access: "store", ok: true, vma: "heap", minor: true }, ok)).toBe(true);
    expect(matches({ access: "*", fault: "SIGSEGV", code: "SEGV_MAPERR", bit: "U/S" }, bad)).toBe(true);
    expect(matches({ access: "*", fault: "SIGSEGV" }, ok)).toBe(false);
  });
  test("event and prediction facts", () => {
    const log = new FactLog();
    const handled = log.add(eventFact({ type: "signal", tick: 9, pid: 3, sig: 15, from: 2, outcome: "handled" }))!;
    const exec = log.add(eventFact({ type: "exec", tick: 9, pid: 3, path: "/usr/bin/passwd", euid: 0 }))!;
    const wrong = log.add(predictionFact("EACCES", "EPERM", "kill", 9, 3, "kill(2, SIGTERM) = -1 EPERM"))!;
    expect(matches({ signal: "SIGTERM", outcome: "handled" }, handled)).toBe(true);
    expect(matches({ signal: "SIGKILL" }, handled)).toBe(false);
    expect(matches({ exec: "/usr/bin/passwd", euid: 0 }, exec)).toBe(true);
    expect(matches({ prediction: "*", correct: false }, wrong)).toBe(true);
    expect(matches({ prediction: "EPERM", call: "kill" }, wrong)).toBe(false);
  });
});

describe("evaluate and judge", () => {
  test("seen, never (breaks for good), count with min and max", () => {
    const fs = facts(syscallFact(exit("fork() = 4", 4)), syscallFact(exit("fork() = 5", 5)), syscallFact(exit("fork() = -1 EAGAIN (Resource temporarily unavailable)", -1, "EAGAIN")));
    expect(evaluate({ syscall: "fork", errno: "EAGAIN" }, fs, STATE).pass).toBe(true);
    expect(evaluate({ count: { syscall: "fork", ok: true }, min: 2 }, fs, STATE)).toMatchObject({ pass: true, broken: false });
    expect(evaluate({ count: { syscall: "fork", ok: true }, min: 3 }, fs, STATE)).toMatchObject({ pass: false, why: "2 of 3 so far" });
    expect(evaluate({ count: { syscall: "fork" }, max: 2 }, fs, STATE)).toMatchObject({ pass: false, broken: true });
    const never = evaluate({ never: { syscall: "fork", errno: "EAGAIN" } }, fs, STATE);
    expect(never).toMatchObject({ pass: false, broken: true });
    expect(never.evidence[0].errno).toBe("EAGAIN");
  });

  test("sequence keeps order, and samePage picks the chain that stays in one page", () => {
    const log = new FactLog();
    log.add(accessFact(access("store", 0x7f0000001000, true), "mmap"));
    log.add(accessFact(access("store", 0x7f0000002010, true), "mmap"));
    log.add(syscallFact(exit("mprotect(0x7f0000002000, 4096, PROT_READ|PROT_EXEC) = 0", 0)));
    log.add(accessFact(access("exec", 0x7f0000002000, true), "mmap"));
    const chain: Check = { sequence: [{ access: "store", ok: true, vma: "mmap" }, { syscall: "mprotect", ok: true, samePage: true }, { access: "exec", ok: true, samePage: true }] };
    const v = evaluate(chain, log.facts, STATE);
    expect(v.pass).toBe(true);
    expect(v.evidence.map((f) => f.i)).toEqual([1, 2, 3]);
    // Out of order: exec before mprotect does not count.
    const early = new FactLog();
    early.add(accessFact(access("store", 0x7f0000001000, true), "mmap"));
    early.add(accessFact(access("exec", 0x7f0000001000, true), "mmap"));
    early.add(syscallFact(exit("mprotect(0x7f0000001000, 4096, PROT_READ|PROT_EXEC) = 0", 0)));
    expect(evaluate(chain, early.facts, STATE)).toMatchObject({ pass: false, why: "step 3 of 3 not done yet" });
  });

  test("state checks read the kernel state, with readable misses", () => {
    const want: Check = { state: { extra_fds: { max: 0 }, children: { max: 0 }, alive: true } };
    expect(evaluate(want, [], STATE).pass).toBe(true);
    const v = evaluate(want, [], { ...STATE, extra_fds: 1, children: 2 });
    expect(v.pass).toBe(false);
    expect(v.why).toBe("open file descriptors beyond 0-2 is 1 (at most 0); children not yet reaped is 2 (at most 0)");
    expect(evaluate({ state: { cpu_share: { min: 0.9 } } }, [], { ...STATE, cpu_share: 0.41 }).why).toBe("your CPU share is 0.41 (at least 0.9)");
  });

  test("judge: one objective per child of the top-level all; any broken objective breaks the attempt", () => {
    const check: Check = {
      all: [
        { goal: "say hello", syscall: "write", ok: true, args: { fd: 1 } },
        { goal: "never guess wrong", never: { prediction: "*", correct: false } },
        { goal: "either", any: [{ syscall: "getpid" }, { syscall: "getuid" }] },
      ],
    };
    const log = new FactLog();
    log.add(syscallFact(exit('write(1, "hi", 2) = 2', 2)));
    let j = judge(check, log.facts, STATE);
    expect(j.objectives.map((o) => [o.goal, o.pass])).toEqual([["say hello", true], ["never guess wrong", true], ["either", false]]);
    expect(j).toMatchObject({ pass: false, broken: false });
    log.add(syscallFact(exit("getuid() = 1000", 1000)));
    expect(judge(check, log.facts, STATE).pass).toBe(true);
    log.add(predictionFact("ok", "EFAULT", "write", 1, 3, "write(1, 0xffffffff81000000, 8) = -1 EFAULT"));
    j = judge(check, log.facts, STATE);
    expect(j).toMatchObject({ pass: false, broken: true });
    expect(j.objectives[1].why).toMatch(/must never happen, but it did: prediction ok/);
  });
});
