// The per-student counters and the CSV rows built from them.

import { describe, expect, test } from "vitest";
import { emptyCounts, type RosterRow } from "../../shared/hosting.ts";
import { countEvent, countResult, Feed, OOM_KILL } from "../../server/hosting/counters.ts";
import { reportCsv, reportTable } from "../../server/hosting/csv.ts";
import type { AccessResult, SyscallResult } from "../../shared/kernel.ts";

const sys = (errno?: string): SyscallResult => ({ kind: "syscall", ticket: 1, pid: 3, tick: 5, nr: 2, name: "open", ret: errno ? -1 : 3, errno: errno as SyscallResult["errno"], line: "open(...)", reason: "" });
const fault = (code: "SEGV_MAPERR" | "SEGV_ACCERR"): AccessResult => ({ kind: "access", ticket: 2, pid: 3, tick: 6, op: "store", addr: 0, ok: false, fault: { signal: "SIGSEGV", code, bit: "U/S" }, line: "", reason: "" });

describe("counters", () => {
  test("granted, denied by errno, faults by kind, OOM kills", () => {
    const c = emptyCounts();
    for (const r of [sys(), sys(), sys("EACCES"), sys("EPERM"), sys("EACCES"), fault("SEGV_MAPERR"), fault("SEGV_ACCERR")]) countResult(c, r);
    countEvent(c, { type: "oom-kill", tick: 9, victim: 3, badness: 500, trigger: 0 });
    expect(c).toEqual({ granted: 2, denied: { EACCES: 2, EPERM: 1 }, faults: { SEGV_MAPERR: 1, SEGV_ACCERR: 1, [OOM_KILL]: 1 }, levels: [], score: 0 });
  });

  test("the feed keeps the newest items with increasing sequence numbers", () => {
    const f = new Feed(3);
    for (let i = 0; i < 5; i++) f.push({ at: i, tick: i, kind: "syscall", key: "k", nick: "n", team: -1, ok: true, text: `t${i}`, reason: "" });
    expect(f.tail(10).map((x) => x.text)).toEqual(["t2", "t3", "t4"]);
    expect(f.since(4).map((x) => x.seq)).toEqual([5]);
  });
});

const row = (nick: string, counts: Partial<RosterRow["counts"]>, team = -1): RosterRow => ({
  key: nick, nick, team, connected: true, kicked: false, pid: 3, counts: { ...emptyCounts(), ...counts }, joinedAt: "2026-01-01T09:00:00.000Z", lastSeenAt: "2026-01-01T09:40:00.000Z",
});

describe("CSV", () => {
  test("one row per student, a column per errno and fault kind seen in the class", () => {
    const t = reportTable([row("ann", { granted: 4, denied: { EACCES: 2 } }, 0), row("ben", { denied: { EPERM: 1 }, faults: { SEGV_MAPERR: 1 }, levels: ["hello-kernel"], score: 120 }, 1)]);
    expect(t[0]).toEqual(["nickname", "team", "levels_done", "levels", "score", "syscalls_granted", "syscalls_denied", "denied_EACCES", "denied_EPERM", "faults", "fault_SEGV_MAPERR", "kicked", "joined_at", "last_seen_at"]);
    expect(t[1]).toEqual(["ann", "Orange", "0", "", "0", "4", "2", "2", "0", "0", "0", "no", "2026-01-01T09:00:00.000Z", "2026-01-01T09:40:00.000Z"]);
    expect(t[2].slice(0, 11)).toEqual(["ben", "Sky", "1", "hello-kernel", "120", "0", "1", "0", "1", "1", "1"]);
  });

  test("quotes what needs quoting, and a nickname is never a spreadsheet formula", () => {
    const csv = reportCsv([row('=cmd|"/c calc"!A1', {}), row("Smith, Jo", {}), row("-2+3", {})]);
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[1].startsWith(`"'=cmd|""/c calc""!A1"`)).toBe(true);
    expect(lines[2].startsWith('"Smith, Jo"')).toBe(true);
    expect(lines[3].startsWith("'-2+3,")).toBe(true);
  });
});
