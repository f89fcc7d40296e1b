// Snapshot, restore, hash and replay: a session is its seed plus its input log.

import { describe, expect, test } from "vitest";
import { Kernel } from "../../server/kernel/index.ts";
import type { KernelConfig } from "../../server/kernel/index.ts";
import { MAP, PROT } from "../../shared/abi/flags.ts";
import { SIG } from "../../shared/abi/signals.ts";
import { SYS } from "../../shared/abi/syscalls.ts";
import { ALICE, BOB, USERS, mem, spawn, sys, t } from "./helpers.ts";

const CONFIG: KernelConfig = { seed: 42, users: USERS, cores: 2, sched: { policy: "mlfq" }, aslr: true };

function busy(config: KernelConfig = CONFIG): Kernel {
  const k = new Kernel(config);
  const a = spawn(k, { uid: ALICE });
  spawn(k, { uid: BOB, behavior: "cpu", nice: 3 });
  const m = sys(k, a, "mmap", 0, 8192, PROT.PROT_READ | PROT.PROT_WRITE, MAP.MAP_PRIVATE | MAP.MAP_ANONYMOUS, -1, 0).ret;
  mem(k, a, "store", m, 9);
  sys(k, a, "pipe", { space: 8 });
  const c = sys(k, a, "fork").ret;
  mem(k, c, "store", m + 1, 3);
  sys(k, a, "write", 4, t("queued bytes"), 12);
  k.submit(a, { kind: "syscall", nr: SYS.wait4, args: [-1, 0, 0] });
  k.submit(c, { kind: "compute", ticks: 4 });
  k.terminalInput(a, "typed");
  k.sendSignal(c, SIG.SIGSTOP, "away");
  for (let i = 0; i < 7; i++) k.step();
  return k;
}

describe("snapshot / restore / hash", () => {
  test("restore(snapshot(k)).hash() === k.hash(), and stepping both keeps them equal", () => {
    const k = busy();
    const r = Kernel.restore(k.snapshot());
    expect(r.hash()).toBe(k.hash());
    expect(r.ps()).toEqual(k.ps());
    for (let i = 0; i < 20; i++) {
      k.step();
      r.step();
      expect(r.hash()).toBe(k.hash());
    }
    const pid = k.ps()[1].pid;
    k.sendSignal(pid, SIG.SIGCONT, "back");
    r.sendSignal(pid, SIG.SIGCONT, "back");
    for (let i = 0; i < 10; i++) {
      k.step();
      r.step();
    }
    expect(r.hash()).toBe(k.hash());
  });

  test("the snapshot is plain JSON and carries frame contents", () => {
    const k = busy();
    const s = k.snapshot();
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(JSON.stringify(s)).toContain("09");
  });

  test("the hash is stable: same config and calls give the same hash", () => {
    expect(busy().hash()).toBe(busy().hash());
    expect(busy().hash()).toMatch(/^[0-9a-f]{16}$/);
    const other = new Kernel({ ...CONFIG, seed: 43 });
    expect(other.hash()).not.toBe(new Kernel(CONFIG).hash());
  });

  test("replaying the input log reproduces the hash, also up to a given tick", () => {
    const k = busy();
    const log = k.inputLog();
    expect(Kernel.replay(CONFIG, log).hash()).toBe(k.hash());
    const mid = new Kernel(CONFIG);
    const a = spawn(mid, { uid: ALICE });
    const early = Kernel.replay(CONFIG, mid.inputLog());
    expect(early.hash()).toBe(mid.hash());
    expect(early.proc(a)).toBeDefined();
    const upTo = Kernel.replay(CONFIG, log, 3);
    expect(upTo.tick).toBe(3);
  });

  test("with replayLog: false the machine runs the same but keeps no input log, also after restore", () => {
    const on = busy();
    const off = busy({ ...CONFIG, replayLog: false });
    expect(on.inputLog().length).toBeGreaterThan(5);
    expect(off.inputLog()).toEqual([]);
    expect(off.ps()).toEqual(on.ps());
    expect(off.auditTail(100)).toEqual(on.auditTail(100));
    expect(JSON.stringify(off.snapshot()).length).toBeLessThan(JSON.stringify(on.snapshot()).length);
    const restored = Kernel.restore(off.snapshot());
    restored.submit(restored.ps().find((p) => p.ruid === ALICE)!.pid, { kind: "compute", ticks: 1 });
    restored.step();
    expect(restored.inputLog()).toEqual([]);
  });

  test("replay covers trap() calls (compressed when repeated)", () => {
    const k = new Kernel(CONFIG);
    const p = spawn(k, { uid: ALICE, behavior: "cpu" });
    k.step();
    for (let i = 0; i < 100; i++) k.trap(p, SYS.getpid, []);
    k.trap(p, SYS.getuid, []);
    k.trap(p, SYS.kill, [p, 0]);
    expect(k.inputLog().filter((r) => r.op === "trap")).toHaveLength(1);
    expect(Kernel.replay(CONFIG, k.inputLog()).hash()).toBe(k.hash());
  });
});
