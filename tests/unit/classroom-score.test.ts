// Classroom scoring and workload progress (server/classroom/score.ts, ledger.ts): pure functions.

import { describe, expect, test } from "vitest";
import { CLASS_SCORE, responsiveness, scoreParts, total, winnerOf, type TeamTally } from "../../server/classroom/score.ts";
import { fdOfLine, ingestResult, pathOfLine, progressOf, TeamLedger } from "../../server/classroom/ledger.ts";
import { inputPath, resultPath } from "../../server/classroom/world.ts";
import type { ActionResult } from "../../server/kernel/types.ts";

const tally = (t: Partial<TeamTally> = {}): TeamTally => ({
  role: "race", progress: 0, faults: 0, oomKills: 0, actions: 0, waitTicks: 0, captures: 0, illegitimate: 0, blocked: 0, legitDenied: 0, capturedByOthers: 0, othersProgress: 0, ...t,
});

describe("scoring", () => {
  test("work scales with progress; finishing first earns the most; faults and OOM kills cost", () => {
    expect(scoreParts(tally({ progress: 0.5 })).work).toBe(500);
    expect(scoreParts(tally({ progress: 1, finishOrder: 0 })).finishBonus).toBe(CLASS_SCORE.FINISH + 2 * CLASS_SCORE.FINISH_ORDER_STEP);
    expect(scoreParts(tally({ progress: 1, finishOrder: 2 })).finishBonus).toBe(CLASS_SCORE.FINISH);
    const p = scoreParts(tally({ progress: 1, faults: 2, oomKills: 1 }));
    expect(p.faults).toBe(-50);
    expect(p.oom).toBe(-150);
    expect(total(p)).toBe(1000 - 50 - 150);
  });

  test("responsiveness: full without waiting, half at RESPONSIVE_HALF_TICKS, nothing without actions", () => {
    expect(responsiveness({ actions: 0, waitTicks: 0 })).toBe(0);
    expect(responsiveness({ actions: 10, waitTicks: 0 })).toBe(CLASS_SCORE.RESPONSIVE_MAX);
    expect(responsiveness({ actions: 10, waitTicks: 10 * CLASS_SCORE.RESPONSIVE_HALF_TICKS })).toBe(CLASS_SCORE.RESPONSIVE_MAX / 2);
  });

  test("Ring Wars: attackers gain by captures and lose by illegitimate attempts; the policy team the other way round", () => {
    expect(scoreParts(tally({ role: "attack", captures: 2, illegitimate: 3 })).ringWars).toBe(2 * 300 - 3 * 30);
    const pol = scoreParts(tally({ role: "policy", blocked: 5, legitDenied: 2, capturedByOthers: 1, othersProgress: 0.5 }));
    expect(pol.ringWars).toBe(5 * 10 - 2 * 40 - 200 + 300);
    expect(pol.work).toBe(0);
    expect(pol.responsiveness).toBe(0);
  });

  test("the winner is the single highest score; a tie at the top has none", () => {
    expect(winnerOf([10, 30, 20])).toBe(1);
    expect(winnerOf([30, 30, 20])).toBe(-1);
    expect(winnerOf([])).toBe(-1);
  });
});

describe("workload progress from kernel results", () => {
  const w = { inputs: 2, computeTicks: 10, pages: 4 };
  const base = { ticket: 1, pid: 5, tick: 3 };
  const look = {
    fds: () => [{ fd: 3, path: inputPath(0, 1) }, { fd: 4, path: resultPath(0) }, { fd: 5, path: inputPath(1, 0) }],
    vmas: () => [{ start: 0x7f0000000000 - 0x4000, end: 0x7f0000000000, name: "mmap" }, { start: 0x7ffffffed000, end: 0x7ffffffff000, name: "stack" }],
  };
  const sys = (name: string, line: string, ret: number, errno?: string): ActionResult => ({ ...base, kind: "syscall", nr: 0, name, ret, line, reason: "", ...(errno ? { errno: errno as never } : {}) });

  test("the four parts, each counted from what the kernel answered", () => {
    const t = new TeamLedger(0, "race");
    ingestResult(t, w, sys("read", 'read(3, "Orange...", 64) = 20', 20), look);
    ingestResult(t, w, sys("read", 'read(5, "Sky...", 64) = 20', 20), look);
    ingestResult(t, w, { ...base, kind: "compute", ticks: 6, line: "compute(6)", reason: "" }, look);
    ingestResult(t, w, { ...base, kind: "access", op: "store", addr: 0x7f0000000000 - 0x1000, ok: true, line: "", reason: "" }, look);
    ingestResult(t, w, { ...base, kind: "access", op: "store", addr: 0x7f0000000000 - 0x1000 + 8, ok: true, line: "", reason: "" }, look);
    ingestResult(t, w, { ...base, kind: "access", op: "store", addr: 0x7ffffffff000 - 8, ok: true, line: "", reason: "" }, look);
    ingestResult(t, w, sys("write", 'write(4, "done", 4) = 4', 4), look);
    ingestResult(t, w, sys("open", 'open("/teams/sky/input-1.txt", O_RDONLY) = -1 EACCES (Permission denied)', -1, "EACCES"), look);
    const p = t.progress(w);
    // Only its own team's input counts; one distinct heap/mmap page (the stack does not count).
    expect(p).toMatchObject({ filesRead: 1, computed: 6, pages: 1, written: true });
    expect(p.fraction).toBeCloseTo((0.5 + 0.6 + 0.25 + 1) / 4);
    expect(t.denials).toEqual({ EACCES: 1 });
    // A process that dies takes its pages with it.
    t.pagesByPid.delete(5);
    expect(t.progress(w).pages).toBe(0);
  });

  test("finished is kept once reached", () => {
    const t = new TeamLedger(1, "race");
    t.filesRead.add(0).add(1);
    t.computed = 10;
    t.pagesByPid.set(9, new Set([1, 2, 3, 4]));
    t.written = true;
    expect(t.checkFinished(w, 77)).toBe(true);
    expect(t.finishedAt).toBe(77);
    t.pagesByPid.clear();
    expect(t.progress(w).fraction).toBe(1);
    expect(t.checkFinished(w, 80)).toBe(false);
  });

  test("parts over their target are capped", () => {
    expect(progressOf(w, 5, 50, 9, true)).toMatchObject({ filesRead: 2, computed: 10, pages: 4, fraction: 1 });
  });

  test("strace lines name the fd and the path", () => {
    expect(fdOfLine('read(3, "x", 64) = 1')).toBe(3);
    expect(fdOfLine("getpid() = 4")).toBeUndefined();
    expect(pathOfLine('open("/srv/vault/flag.txt", O_RDONLY) = 3')).toBe("/srv/vault/flag.txt");
    expect(pathOfLine('openat(AT_FDCWD, "/teams/sky/result.txt", O_WRONLY) = -1 EACCES (Permission denied)')).toBe("/teams/sky/result.txt");
  });
});
