// Scheduling policies (OSTEP ch. 7-8, sched(7)): round-robin shares, MLFQ rules 4 and 5 and the
// yield-gaming trick, nice-weighted fair share, policy changes at run time, freeze.

import { describe, expect, test } from "vitest";
import { SYS } from "../../shared/abi/syscalls.ts";
import { NICE_TO_WEIGHT, NICE_MIN } from "../../shared/params.ts";
import type { Kernel, SchedConfig } from "../../server/kernel/index.ts";
import { ALICE, boot, spawn } from "./helpers.ts";

function cpuTime(k: Kernel, pid: number): number {
  const p = k.proc(pid)!;
  return p.utime + p.stime;
}

function runnableSet(k: Kernel): number[] {
  return k.ps().filter((p) => p.state === "RUNNABLE").map((p) => p.pid).sort((a, b) => a - b);
}

/** Keep a process's queue topped up with sched_yield calls (a scheduler gamer). */
function keepYielding(k: Kernel, pid: number): void {
  while ((k.proc(pid)?.queued ?? 8) < 4) k.submit(pid, { kind: "syscall", nr: SYS.sched_yield, args: [] });
}

function machine(sched: SchedConfig, cores = 1): Kernel {
  return boot({ cores, sched });
}

describe("round-robin", () => {
  test("CPU hogs get equal shares", () => {
    const k = machine({ policy: "rr" });
    const hogs = [0, 1, 2].map(() => spawn(k, { uid: ALICE, behavior: "cpu" }));
    for (let i = 0; i < 300; i++) {
      k.step();
      expect(k.runQueue().slice().sort((a, b) => a - b)).toEqual(runnableSet(k));
    }
    for (const h of hogs) expect(Math.abs(cpuTime(k, h) - 100)).toBeLessThanOrEqual(3);
  });

  test("the quantum bounds a slice: a hog is preempted after `quantum` ticks", () => {
    const k = machine({ policy: "rr", quantum: 2 });
    const a = spawn(k, { uid: ALICE, behavior: "cpu" });
    const b = spawn(k, { uid: ALICE, behavior: "cpu" });
    const seq: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = cpuTime(k, a);
      k.step();
      seq.push(cpuTime(k, a) > before ? a : b);
    }
    expect(seq).toEqual([a, a, b, b, a, a]);
  });
});

describe("MLFQ (OSTEP ch. 8)", () => {
  test("an interactive job stays at the top level while a CPU hog sinks (rules 4a/4b)", () => {
    const k = machine({ policy: "mlfq", allotment: false, boost: false });
    const hog = spawn(k, { uid: ALICE, behavior: "cpu" });
    const shell = spawn(k, { uid: ALICE });
    for (let i = 0; i < 100; i++) {
      if (i % 5 === 0) k.submit(shell, { kind: "syscall", nr: SYS.getpid, args: [] });
      k.step();
    }
    expect(k.proc(hog)!.level).toBe(2);
    expect(k.proc(shell)!.level).toBe(0);
  });

  test("yielding just before the quantum ends games MLFQ without the allotment rule", () => {
    const share = (allotment: boolean): number => {
      const k = machine({ policy: "mlfq", allotment, boost: false });
      const hog = spawn(k, { uid: ALICE, behavior: "cpu" });
      const gamer = spawn(k, { uid: ALICE, behavior: "cpu" });
      for (let i = 0; i < 300; i++) {
        keepYielding(k, gamer);
        k.step();
      }
      return cpuTime(k, gamer) / (cpuTime(k, gamer) + cpuTime(k, hog));
    };
    const gamed = share(false);
    const fair = share(true);
    expect(gamed).toBeGreaterThan(0.9);
    expect(fair).toBeLessThan(0.7);
  });

  test("with the allotment rule the gamer is demoted too", () => {
    const k = machine({ policy: "mlfq", allotment: true, boost: false });
    const gamer = spawn(k, { uid: ALICE, behavior: "cpu" });
    spawn(k, { uid: ALICE, behavior: "cpu" });
    for (let i = 0; i < 60; i++) {
      keepYielding(k, gamer);
      k.step();
    }
    expect(k.proc(gamer)!.level).toBe(2);
  });

  test("the priority boost (rule 5) lifts a starved job", () => {
    const hogTime = (boost: boolean): number => {
      const k = machine({ policy: "mlfq", allotment: false, boost });
      const hog = spawn(k, { uid: ALICE, behavior: "cpu" });
      const gamer = spawn(k, { uid: ALICE, behavior: "cpu" });
      for (let i = 0; i < 40; i++) {
        keepYielding(k, gamer);
        k.step();
      }
      const before = cpuTime(k, hog);
      for (let i = 0; i < 200; i++) {
        keepYielding(k, gamer);
        k.step();
      }
      return cpuTime(k, hog) - before;
    };
    expect(hogTime(false)).toBe(0);
    expect(hogTime(true)).toBeGreaterThan(5);
  });
});

describe("fair share (sched(7) nice, CFS weights)", () => {
  test("nice 0 vs nice 5 CPU shares follow the weight ratio 1024/335", () => {
    const k = machine({ policy: "fair" });
    const a = spawn(k, { uid: ALICE, behavior: "cpu", nice: 0 });
    const b = spawn(k, { uid: ALICE, behavior: "cpu", nice: 5 });
    for (let i = 0; i < 1200; i++) k.step();
    const ratio = cpuTime(k, a) / cpuTime(k, b);
    const want = NICE_TO_WEIGHT[0 - NICE_MIN] / NICE_TO_WEIGHT[5 - NICE_MIN];
    expect(Math.abs(ratio - want) / want).toBeLessThan(0.1);
  });

  test("equal nice values share equally; the run queue is ordered by vruntime", () => {
    const k = machine({ policy: "fair" });
    const ps = [0, 1, 2, 3].map(() => spawn(k, { uid: ALICE, behavior: "cpu" }));
    for (let i = 0; i < 400; i++) {
      k.step();
      expect(k.runQueue().slice().sort((x, y) => x - y)).toEqual(runnableSet(k));
    }
    for (const p of ps) expect(Math.abs(cpuTime(k, p) - 100)).toBeLessThanOrEqual(4);
  });
});

describe("run-time changes", () => {
  test("a policy change keeps every runnable process queued, in order", () => {
    const k = machine({ policy: "rr" }, 2);
    [0, 1, 2, 3, 4].forEach(() => spawn(k, { uid: ALICE, behavior: "cpu" }));
    for (let i = 0; i < 7; i++) k.step();
    const before = k.runQueue();
    k.setSched({ policy: "mlfq" });
    expect(k.sched()).toMatchObject({ policy: "mlfq", allotment: true, boost: true });
    expect(k.runQueue()).toEqual(before);
    for (let i = 0; i < 50; i++) k.step();
    k.setSched({ policy: "fair" });
    expect(k.runQueue().slice().sort((x, y) => x - y)).toEqual(runnableSet(k));
    for (let i = 0; i < 50; i++) k.step();
    k.setSched({ policy: "rr", quantum: 5 });
    expect(k.runQueue().slice().sort((x, y) => x - y)).toEqual(runnableSet(k));
    expect(k.auditTail(1)[0].kind).toBe("policy");
  });

  test("freeze: no dispatch and no preemption for N ticks, but time passes", () => {
    const k = machine({ policy: "rr", quantum: 1 });
    const a = spawn(k, { uid: ALICE, behavior: "cpu" });
    k.step();
    const b = spawn(k, { uid: ALICE, behavior: "cpu" });
    k.freeze(5);
    const t0 = k.tick;
    for (let i = 0; i < 5; i++) k.step();
    expect(k.tick).toBe(t0 + 5);
    expect(k.cores()[0]).toBe(a);
    expect(cpuTime(k, b)).toBe(0);
    k.step();
    k.step();
    expect(cpuTime(k, b)).toBeGreaterThan(0);
  });

  test("an idle interactive process sleeps on tty and wakes when an action is submitted", () => {
    const k = machine({ policy: "rr" });
    const p = spawn(k, { uid: ALICE });
    expect(k.proc(p)).toMatchObject({ state: "BLOCKED", wchan: "tty", ring: 3 });
    k.submit(p, { kind: "compute", ticks: 3 });
    expect(k.proc(p)!.state).toBe("RUNNABLE");
    const r = k.run(p, { kind: "compute", ticks: 1 });
    expect(r.kind).toBe("compute");
    expect(k.proc(p)!.utime).toBe(4);
    k.step();
    expect(k.proc(p)).toMatchObject({ state: "BLOCKED", wchan: "tty" });
  });
});
