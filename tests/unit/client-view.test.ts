import { CLOSE } from "../../shared/protocol.ts";
import { describe, expect, test } from "vitest";
import type { ActionResult } from "../../shared/kernel.ts";
import { announcements, diffMachines } from "../../client/src/logic/diff.ts";
import { deathSentence, describeProc, errnoInLine, eventSentence, floatText, isFailure, poseFor, resultSentence, wchanLabel } from "../../client/src/logic/format.ts";
import { describeJoinError } from "../../client/src/logic/joinError.ts";
import { commandForKey, FIRST_KEYS_HINT, KEY_HELP } from "../../client/src/logic/keymap.ts";
import { floatLane, frameCell, layoutMap, REGION } from "../../client/src/logic/layout.ts";
import { emptyMachine, normalizeMachine, type MachineSnap, type ProcSnap } from "../../client/src/logic/snapshot.ts";

function proc(pid: number, over: Partial<ProcSnap> = {}): ProcSnap {
  return {
    pid, ppid: 1, name: "sh", owner: `o${pid}`, nick: `p${pid}`, team: -1, state: "RUNNABLE", wchan: "", ring: 3, uid: 1000, euid: 1000,
    nice: 0, core: -1, utime: 0, stime: 0, rss: 3, level: 0, badness: 0, queued: 0, lastCall: "", lastOutcome: "", lastTick: 0, exit: "",
    ...over,
  };
}

function machine(procs: ProcSnap[], over: Partial<MachineSnap> = {}): MachineSnap {
  return { ...emptyMachine(), cores: [0, 0], frames: Array(128).fill(-1), frameRefs: Array(128).fill(0), procs: Object.fromEntries(procs.map((p) => [String(p.pid), p])), ...over };
}

describe("format", () => {
  const eacces: ActionResult = { kind: "syscall", ticket: 1, pid: 7, tick: 10, nr: 2, name: "open", ret: -13, errno: "EACCES", line: 'open("/etc/shadow", O_RDONLY) = -1 EACCES (Permission denied)', reason: "mode 0600 owner root; you are uid 1000" };
  const segv: ActionResult = { kind: "access", ticket: 2, pid: 7, tick: 11, op: "store", addr: 0xffff81000000, ok: false, fault: { signal: "SIGSEGV", code: "SEGV_MAPERR", bit: "U/S" }, line: "store 0xffffffff81000000", reason: "kernel page" };
  test("floating text", () => {
    expect(floatText(eacces)).toBe("-1 EACCES");
    expect(floatText(segv)).toBe("SIGSEGV (U/S)");
    expect(floatText({ ...eacces, errno: undefined, ret: 3 })).toBe("= 3");
    expect(floatText({ kind: "syscall", ticket: 1, pid: 7, tick: 1, nr: 9, name: "mmap", ret: 0x7f0000000000, line: "", reason: "" })).toBe("= 0x7f0000000000");
    expect(isFailure(eacces) && isFailure(segv)).toBe(true);
  });
  test("sentences for the live region", () => {
    expect(resultSentence(eacces)).toContain("EACCES");
    expect(resultSentence(eacces)).toContain("you are uid 1000");
    expect(resultSentence(segv)).toBe("Killed by SIGSEGV (SEGV_MAPERR) on store at 0xffffffff81000000: kernel page");
    expect(resultSentence({ ...segv, reason: "" })).toMatch(/supervisor-only \(U\/S=0\)/);
    expect(describeProc(proc(7, { state: "RUNNING", core: 1 }), { mine: true })).toBe("Your process 7 is running on core 1");
    expect(describeProc(proc(7, { state: "BLOCKED", wchan: "tty" }), { mine: true })).toBe("Your process 7 is asleep, tty: waiting for you");
    expect(deathSentence(proc(9, { nick: "bob", state: "ZOMBIE", exit: "killed by SIGSEGV" }), false)).toBe("Process 9 (bob) was killed by SIGSEGV");
    expect(wchanLabel("wait4")).toBe("wait4: waiting for a child");
    expect(errnoInLine(eacces.line)).toEqual({ errno: "EACCES", text: "Permission denied" });
    expect(errnoInLine("getpid() = 7")).toBeUndefined();
  });
  test("kernel events in words", () => {
    const nick = (pid: number) => (pid === 9 ? "bob" : "");
    expect(eventSentence({ type: "signal", tick: 1, pid: 7, sig: 15, from: 9, outcome: "handled" }, nick)).toBe("SIGTERM to process 7 from process 9 (bob): its handler ran");
    expect(eventSentence({ type: "oom-kill", tick: 1, victim: 9, badness: 300, trigger: 7 }, nick)).toMatch(/OOM killer chose process 9 \(bob\)/);
    expect(eventSentence({ type: "exit", tick: 1, pid: 7, status: 0 })).toBeUndefined();
  });
  test("poses", () => {
    expect(poseFor({ state: "ZOMBIE", exit: "killed by SIGSEGV" })).toBe("killed");
    expect(poseFor({ state: "ZOMBIE", exit: "exited 0" })).toBe("zombie");
    expect(poseFor({ state: "RUNNING", exit: "" })).toBe("running");
  });
});

describe("layout", () => {
  test("result floats that would overlap stack in lanes; apart ones share the lowest", () => {
    expect(floatLane({ left: 0, right: 100 }, [])).toBe(0);
    expect(floatLane({ left: 50, right: 150 }, [{ left: 0, right: 100, lane: 0 }])).toBe(1);
    expect(floatLane({ left: 100, right: 200 }, [{ left: 0, right: 100, lane: 0 }])).toBe(0); // touching is not overlapping
    expect(floatLane({ left: 50, right: 150 }, [{ left: 0, right: 100, lane: 0 }, { left: 120, right: 300, lane: 1 }])).toBe(2);
    // A lane freed below is taken again before going higher.
    expect(floatLane({ left: 50, right: 150 }, [{ left: 0, right: 100, lane: 1 }])).toBe(0);
  });

  test("running on cores, queue in order, sleepers grouped by wait channel", () => {
    const m = machine(
      [proc(1, { state: "RUNNING", core: 0, owner: "" }), proc(7, { state: "RUNNABLE" }), proc(8, { state: "RUNNABLE" }), proc(9, { state: "BLOCKED", wchan: "tty" }), proc(10, { state: "ZOMBIE", exit: "killed by SIGSEGV" })],
      { cores: [1, 0], runQueue: [8, 7] },
    );
    const l = layoutMap(m);
    expect(l.places.get(1)!.area).toBe("core");
    expect(l.places.get(8)!.x).toBeLessThan(l.places.get(7)!.x);
    expect(l.places.get(9)!.area).toBe("offcpu");
    expect(l.groups.map((g) => g.text)).toEqual(["asleep - tty: waiting for you", "zombies - exited, not yet reaped"]);
    for (const p of l.places.values()) {
      expect(p.x).toBeGreaterThan(REGION.user.x);
      expect(p.x).toBeLessThan(REGION.user.x + REGION.user.w);
    }
  });
  test("a process in ring 0 stands in the kernel", () => {
    const l = layoutMap(machine([proc(7, { state: "RUNNING", core: 0, ring: 0 })], { cores: [7, 0] }));
    expect(l.places.get(7)!.area).toBe("kernel");
  });
  test("30 sleepers all fit on the map", () => {
    const procs = Array.from({ length: 30 }, (_, i) => proc(i + 2, { state: "BLOCKED", wchan: "tty" }));
    const l = layoutMap(machine(procs));
    expect(l.places.size).toBe(30);
    for (const p of l.places.values()) expect(p.y).toBeLessThan(REGION.memory.y);
  });
  test("in a full room the few zombies and stopped processes stay visible", () => {
    const procs = [
      ...Array.from({ length: 30 }, (_, i) => proc(i + 2, { state: "BLOCKED", wchan: "tty" })),
      proc(90, { state: "ZOMBIE", exit: "exited 0" }),
      proc(91, { state: "STOPPED" }),
    ];
    const l = layoutMap(machine(procs));
    expect(l.places.has(90)).toBe(true);
    expect(l.places.has(91)).toBe(true);
    const tty = l.groups.find((g) => g.text.startsWith("asleep"))!;
    expect(l.places.size + Number(/\+(\d+) more/.exec(tty.text)?.[1] ?? 0)).toBe(32);
    expect(layoutMap(machine(procs), new Set([31])).places.has(31)).toBe(true);
  });
  test("128 frames fit in the memory panel", () => {
    const last = frameCell(127, 128);
    expect(last.x + last.size).toBeLessThanOrEqual(REGION.memory.x + REGION.memory.w);
    expect(last.y + last.size).toBeLessThanOrEqual(REGION.memory.y + REGION.memory.h);
  });
});

describe("diff and announcements", () => {
  test("a crossing, a death, a removal", () => {
    const a = machine([proc(7, { state: "RUNNING", core: 0 }), proc(9)]);
    const b = machine([proc(7, { state: "ZOMBIE", exit: "killed by SIGSEGV", lastCall: "store", lastOutcome: "SIGSEGV", lastTick: 5 })]);
    const ev = diffMachines(a, b);
    expect(ev).toContainEqual({ type: "crossing", pid: 7, call: "store", outcome: "SIGSEGV", tick: 5 });
    expect(ev).toContainEqual({ type: "died", pid: 7, exit: "killed by SIGSEGV" });
    expect(ev).toContainEqual({ type: "gone", pid: 9 });
    expect(announcements(ev, b, a, new Set([7]))).toContain("Your process 7 was killed by SIGSEGV");
  });
  test("normalize fills missing collections", () => {
    const m = normalizeMachine({ tick: 3, privates: { s1: { pid: 7 } } });
    expect(m.cores).toEqual([]);
    expect(m.privates.s1.vmas).toEqual([]);
  });
});

describe("join errors and keys", () => {
  test("join failures in words", () => {
    expect(describeJoinError({ code: CLOSE.PROTOCOL_MISMATCH, message: "protocol version 0, server speaks 1" }).reload).toBe(true);
    expect(describeJoinError({ message: "Failed to fetch" }).message).toMatch(/Cannot reach the game server/);
    expect(describeJoinError({ code: CLOSE.ROOM_FULL, message: "room is full" }).message).toMatch(/full/);
  });
  test("keys", () => {
    expect(commandForKey({ key: "p" })).toEqual({ type: "access", op: "store" });
    expect(commandForKey({ key: "ArrowLeft" })).toEqual({ type: "move", dir: "left" });
    // WASD walks too (issue 3: arrow keys / WASD to move).
    expect(["w", "a", "s", "d"].map((key) => commandForKey({ key }))).toEqual([
      { type: "move", dir: "up" },
      { type: "move", dir: "left" },
      { type: "move", dir: "down" },
      { type: "move", dir: "right" },
    ]);
    expect(commandForKey({ key: "s", ctrlKey: true })).toBeUndefined();
    expect(KEY_HELP.length).toBeGreaterThan(8);
  });
  test("the greeting names keys that do what it says (it once said S for store, which walks down)", () => {
    const m = FIRST_KEYS_HINT.match(/^Keys: (\S) system call \u00b7 (\S) (\S) (\S) load, put, exec \u00b7 (\S) help$/);
    expect(m).not.toBeNull();
    const [, palette, load, store, exec, help] = m!;
    expect([palette, load, store, exec, help].map((key) => commandForKey({ key }))).toEqual([
      { type: "palette" },
      { type: "access", op: "load" },
      { type: "access", op: "store" },
      { type: "access", op: "exec" },
      { type: "help" },
    ]);
  });
});
