// Hosted class sessions through their public boundaries: HTTP (create, join code, report, CSV),
// the teacher channel (socket.io) and the Colyseus protocol, as the teacher and student pages use them.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CLOSE, S2C } from "../../shared/protocol.ts";
import { CAP_ALL, capBit } from "../../shared/abi/caps.ts";
import { CLASS_SUMMARY, HOSTED_MODE, JOIN_CODE_ALPHABET, PAUSE_REASON, TEACHER_EV, type DashboardUpdate, type FeedItem, type RosterRow } from "../../shared/hosting.ts";
import { services } from "../../server/services.ts";
import type { GameSession } from "../../server/game/session.ts";
import { bootGame, joinOptions, waitForMessageWhere, waitForState, type TestGame } from "../helpers/game.ts";
import { baseUrl, createSession, joinClass, teacherSocket } from "../helpers/hosting.ts";

let game: TestGame;
beforeAll(async () => {
  game = await bootGame();
});
afterAll(async () => {
  await game.close();
});

const hosting = () => services().hosting!;
const machine = (id: string): GameSession => hosting().liveSession(id)!.mainBinding()!.session;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("creating and joining", () => {
  test("a session gets a 6-character join code, a QR of the join link and a host token; students land in the paused lobby", async () => {
    const { session, hostToken } = await createSession(game, { teamCount: 2 });
    expect(session.code).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{6}$`));
    expect(session.code).not.toMatch(/[01OIL]/);
    expect(session.joinUrl).toBe(`${baseUrl(game)}/join/${session.code}`);
    expect(session.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(hostToken.length).toBeGreaterThanOrEqual(32);

    const info = await (await fetch(`${baseUrl(game)}/api/join/${session.code.toLowerCase()}`)).json();
    expect(info).toMatchObject({ ok: true, code: session.code, name: "Period 3", room: HOSTED_MODE.sandbox.room, status: "lobby" });
    expect(info.suggestions).toHaveLength(4);

    const ann = await joinClass(game, session.code, "ann");
    const ben = await joinClass(game, session.code, "ben");
    expect(ben.roomId).toBe(ann.roomId);
    const s = await waitForState(ann, (st) => st.players.size === 2);
    expect(s.paused).toBe(true);
    expect(s.pauseReason).toBe(PAUSE_REASON.lobby);
    // Teams are auto-balanced as students arrive.
    expect([...s.players.values()].map((p) => p.team).sort()).toEqual([0, 1]);
    await ann.leave();
    await ben.leave();
  });

  test("an ordinary sandbox player never lands in a class room, and a student cannot open a class room", async () => {
    const { session } = await createSession(game);
    const sandbox = await game.colyseus.sdk.joinOrCreate("sandbox", joinOptions("wanderer"));
    expect(sandbox.roomId).not.toBe(machine(session.id) && hosting().liveSession(session.id)!.mainBinding()!.room.roomId);
    await sandbox.leave();
    await expect(game.colyseus.sdk.create(HOSTED_MODE.sandbox.room, joinOptions("sneaky", { joinCode: session.code }))).rejects.toThrow(/opened by the teacher/);
  });

  test("nicknames are filtered with a readable reason and a suggestion; markup is kept as plain text", async () => {
    const { session } = await createSession(game);
    await expect(joinClass(game, session.code, "sh1thead")).rejects.toThrow(/not a nickname for class.*for example [A-Z]/);
    await expect(joinClass(game, session.code, "f u c k")).rejects.toThrow(/not a nickname for class/);
    const tag = await joinClass(game, session.code, "<b>Bold</b>");
    const s = await waitForState(tag, (st) => st.players.size === 1);
    expect([...s.players.values()][0].nick).toBe("<b>Bold</b>");
    await expect(joinClass(game, session.code, "<B>bold</B>")).rejects.toThrow(/already called/);
    await tag.leave();
  });

  test("wrong join codes are throttled per address", async () => {
    const { session } = await createSession(game);
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) statuses.push((await fetch(`${baseUrl(game)}/api/join/ZZZZZ${JOIN_CODE_ALPHABET[i]}`)).status);
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses.at(-1)).toBe(429);
    // While blocked, even the matchmaker refuses, with the wait in words; the right code is refused too.
    await expect(joinClass(game, session.code, "late")).rejects.toThrow(/Too many wrong codes.*seconds/);
    const body = await (await fetch(`${baseUrl(game)}/api/join/${session.code}`)).json();
    expect(body.error).toMatch(/Too many wrong codes/);
    await hostingGuessReset();
  });
});

/** Forget the throttle's memory of this address (tests share 127.0.0.1). */
async function hostingGuessReset(): Promise<void> {
  await (hosting() as unknown as { guesses: { delete(k: string): Promise<boolean> } }).guesses.delete("127.0.0.1");
}

describe("who may do teacher actions", () => {
  test("only the host token's holder: a student's socket gets an error, and the attempt is logged", async () => {
    const { session, hostToken } = await createSession(game);
    const student = teacherSocket(game, session.id);
    expect((await student.first).event).toBe(TEACHER_EV.PROJECTOR);
    const before = hosting().security.length;
    for (const a of [{ type: "start" }, { type: "end" }, { type: "pressure", frames: 10 }, { type: "kick", player: "x" }]) {
      const ack = await student.act(a);
      expect(ack).toEqual({ ok: false, error: expect.stringMatching(/Only the teacher's host link/) });
    }
    expect(hosting().security.length - before).toBe(4);
    expect(hosting().security.at(-1)).toMatchObject({ sessionId: session.id, what: "kick", why: "no valid host token" });
    expect(hosting().liveSession(session.id)!.rec.status).toBe("lobby");

    const forger = teacherSocket(game, session.id, "x".repeat(32));
    const denied = new Promise<{ error: string }>((r) => forger.socket.once(TEACHER_EV.DENIED, r));
    expect((await denied).error).toMatch(/not valid/);
    expect(await forger.act({ type: "start" })).toMatchObject({ ok: false });

    const teacher = teacherSocket(game, session.id, hostToken);
    expect((await teacher.first).event).toBe(TEACHER_EV.SNAPSHOT);
    expect(await teacher.act({ type: "start" })).toEqual({ ok: true });
    expect(await teacher.act({ type: "start" })).toEqual({ ok: false, error: "The session has already started." });
    expect(await teacher.act({ type: "fly" })).toMatchObject({ ok: false, error: expect.stringMatching(/Not a teacher action/) });

    // The report and the CSV need the token too.
    expect((await fetch(`${baseUrl(game)}/api/hosting/sessions/${session.id}/report`)).status).toBe(403);
    expect((await fetch(`${baseUrl(game)}/api/hosting/sessions/${session.id}/report.csv`, { headers: { authorization: "Bearer nope" } })).status).toBe(403);
    expect((await fetch(`${baseUrl(game)}/api/hosting/sessions/${session.id}/report`, { headers: { authorization: `Bearer ${hostToken}` } })).status).toBe(200);
    for (const s of [student, forger, teacher]) s.close();
  });
});

describe("pacing", () => {
  test("the kernel does not tick in the lobby or while paused; start and resume let it run", async () => {
    const { session, hostToken } = await createSession(game);
    const teacher = teacherSocket(game, session.id, hostToken);
    await teacher.first;
    const ann = await joinClass(game, session.code, "ann");
    const k = machine(session.id).kernel;
    const t0 = k.tick;
    await sleep(700);
    expect(k.tick).toBe(t0);
    expect(await teacher.act({ type: "start" })).toEqual({ ok: true });
    await waitForState(ann, (st) => !st.paused);
    await expect.poll(() => k.tick, { timeout: 3000 }).toBeGreaterThan(t0 + 2);
    expect(await teacher.act({ type: "pause" })).toEqual({ ok: true });
    const s = await waitForState(ann, (st) => st.paused);
    expect(s.pauseReason).toBe("paused by teacher");
    const t1 = k.tick;
    await sleep(700);
    expect(k.tick).toBe(t1);
    expect(await teacher.act({ type: "resume" })).toEqual({ ok: true });
    await expect.poll(() => k.tick, { timeout: 3000 }).toBeGreaterThan(t1 + 2);
    await ann.leave();
    teacher.close();
  });

  test("late join: off refuses newcomers once started (returning students still get in); on lets them in", async () => {
    const { session, hostToken } = await createSession(game, { lateJoin: false });
    const teacher = teacherSocket(game, session.id, hostToken);
    await teacher.first;
    const early = joinOptions("early", { joinCode: session.code });
    const ann = await game.colyseus.sdk.join(HOSTED_MODE.sandbox.room, early);
    await teacher.act({ type: "start" });
    await expect(joinClass(game, session.code, "latecomer")).rejects.toThrow(/late joining off/);
    await ann.leave();
    const back = await game.colyseus.sdk.join(HOSTED_MODE.sandbox.room, early);
    await back.leave();
    expect(await teacher.act({ type: "settings", lateJoin: true })).toEqual({ ok: true });
    const late = await joinClass(game, session.code, "latecomer");
    await late.leave();
    teacher.close();
  });

  test("end: students see the end and get their own summary; nobody new may join", async () => {
    const { session, hostToken } = await createSession(game);
    const teacher = teacherSocket(game, session.id, hostToken);
    await teacher.first;
    const ann = await joinClass(game, session.code, "ann");
    await teacher.act({ type: "start" });
    const summary = waitForMessageWhere(ann, CLASS_SUMMARY);
    expect(await teacher.act({ type: "end" })).toEqual({ ok: true });
    expect(await summary).toMatchObject({ name: "Period 3", nick: "ann", counts: { granted: expect.any(Number) } });
    await waitForState(ann, (st) => st.paused && st.pauseReason === PAUSE_REASON.ended);
    await expect(joinClass(game, session.code, "after")).rejects.toThrow(/No class session has the code/);
    expect(await teacher.act({ type: "pause" })).toMatchObject({ ok: false, error: expect.stringMatching(/ended/) });
    await ann.leave();
    teacher.close();
    await hostingGuessReset();
  });
});

test("a session left idle for hours ends by itself; its results stay", async () => {
  const { session, hostToken } = await createSession(game);
  const ann = await joinClass(game, session.code, "ann");
  const live = hosting().liveSession(session.id)!;
  live.lastActivity = Date.now() - 13 * 3600_000;
  await expect.poll(() => hosting().liveSession(session.id), { timeout: 4000 }).toBeUndefined();
  await waitForState(ann, (st) => st.pauseReason === PAUSE_REASON.ended);
  const rep = await (await fetch(`${baseUrl(game)}/api/hosting/sessions/${session.id}/report`, { headers: { authorization: `Bearer ${hostToken}` } })).json();
  expect(rep).toMatchObject({ session: { status: "ended" }, students: [{ nick: "ann" }] });
  await ann.leave();
});

describe("the roster", () => {
  test("kick sticks to the browser: the same player id cannot rejoin, another one can", async () => {
    const { session, hostToken } = await createSession(game);
    const teacher = teacherSocket(game, session.id, hostToken);
    await teacher.first;
    const opts = joinOptions("mallory", { joinCode: session.code });
    const mallory = await game.colyseus.sdk.join(HOSTED_MODE.sandbox.room, opts);
    const pid = machine(session.id).players.get(mallory.sessionId)!.pid;
    const key = machine(session.id).players.get(mallory.sessionId)!.key;
    const left = new Promise<number>((r) => mallory.onLeave((code: number) => r(code)));
    expect(await teacher.act({ type: "kick", player: key })).toEqual({ ok: true });
    expect(await left).toBe(CLOSE.KICKED);
    await expect.poll(() => machine(session.id).kernel.proc(pid)?.state ?? "gone").toMatch(/ZOMBIE|gone/);
    await expect(game.colyseus.sdk.join(HOSTED_MODE.sandbox.room, opts)).rejects.toThrow(/removed you/);
    await expect(game.colyseus.sdk.join(HOSTED_MODE.sandbox.room, { ...opts, nickname: "mallory2" })).rejects.toThrow(/removed you/);
    const other = await joinClass(game, session.code, "mallory");
    await other.leave();
    expect(await teacher.act({ type: "kick", player: key })).toMatchObject({ ok: false });
    teacher.close();
  });

  test("rename (filtered) sticks across a rejoin; teams by hand and by auto-balance", async () => {
    const { session, hostToken } = await createSession(game, { teamCount: 3 });
    const teacher = teacherSocket(game, session.id, hostToken);
    await teacher.first;
    const opts = joinOptions("poopface", { joinCode: session.code });
    const a = await game.colyseus.sdk.join(HOSTED_MODE.sandbox.room, opts);
    const others = [await joinClass(game, session.code, "b"), await joinClass(game, session.code, "c"), await joinClass(game, session.code, "d")];
    const key = machine(session.id).players.get(a.sessionId)!.key;
    expect(await teacher.act({ type: "rename", player: key, nick: "b1tch" })).toMatchObject({ ok: false, error: expect.stringMatching(/not a nickname/) });
    expect(await teacher.act({ type: "rename", player: key, nick: "Student 1" })).toEqual({ ok: true });
    expect(machine(session.id).players.get(a.sessionId)!.nick).toBe("Student 1");
    await a.leave();
    const back = await game.colyseus.sdk.join(HOSTED_MODE.sandbox.room, opts);
    expect(machine(session.id).players.get(back.sessionId)!.nick).toBe("Student 1");

    // By hand: everyone into team 0, then auto-balance spreads them 2/1/1.
    const roster = () => hosting().liveSession(session.id)!.rosterRows().filter((r) => !r.kicked && r.connected);
    for (const r of roster()) expect(await teacher.act({ type: "team", player: r.key, team: 0 })).toEqual({ ok: true });
    expect(roster().map((r) => r.team)).toEqual([0, 0, 0, 0]);
    expect(machine(session.id).players.get(back.sessionId)!.team).toBe(0);
    expect(await teacher.act({ type: "team", player: key, team: 5 })).toMatchObject({ ok: false });
    expect(await teacher.act({ type: "balance" })).toEqual({ ok: true });
    expect(roster().map((r) => r.team).sort()).toEqual([0, 0, 1, 2]);
    for (const r of [back, ...others]) await r.leave();
    teacher.close();
  });
});

describe("injections", () => {
  test("memory pressure takes frames and wakes the OOM killer; students are told; the audit log shows it", async () => {
    const { session, hostToken } = await createSession(game);
    const teacher = teacherSocket(game, session.id, hostToken);
    await teacher.first;
    const ann = await joinClass(game, session.code, "ann");
    expect(await teacher.act({ type: "pressure", frames: 5 })).toMatchObject({ ok: false, error: expect.stringMatching(/Start the session/) });
    await teacher.act({ type: "start" });
    const k = machine(session.id).kernel;
    const kernelFrames = () => [...k.frames().owner].filter((o) => o === 0).length;
    const before = kernelFrames();
    const notice = waitForMessageWhere(ann, S2C.NOTICE, (n) => /Memory pressure/.test(n.message));
    expect(await teacher.act({ type: "pressure", frames: 10 })).toMatchObject({ ok: true, message: "The kernel took 10 frames." });
    expect(kernelFrames()).toBe(before + 10);
    await notice;
    expect(k.auditTail(50).some((e) => e.kind === "policy" && /memory pressure: 10 frames/.test(e.text))).toBe(true);
    // Asking for every frame leaves none: the OOM killer runs and picks a victim.
    const oom = waitForMessageWhere(ann, S2C.EVENT, (e) => e.type === "oom-kill");
    await teacher.act({ type: "pressure", frames: 512 });
    expect(await oom).toMatchObject({ type: "oom-kill" });
    expect(await teacher.act({ type: "release" })).toEqual({ ok: true });
    expect(kernelFrames()).toBe(before);
    await ann.leave();
    teacher.close();
  });

  test("revoking a capability clears it from the targeted students' processes only", async () => {
    const { session, hostToken } = await createSession(game, { teamCount: 2 });
    const teacher = teacherSocket(game, session.id, hostToken);
    await teacher.first;
    const a = await joinClass(game, session.code, "ann");
    const b = await joinClass(game, session.code, "ben");
    await teacher.act({ type: "start" });
    const m = machine(session.id);
    const pa = m.players.get(a.sessionId)!;
    const pb = m.players.get(b.sessionId)!;
    m.kernel.setCaps(pa.pid, CAP_ALL);
    m.kernel.setCaps(pb.pid, CAP_ALL);
    const notice = waitForMessageWhere(a, S2C.NOTICE, (n) => /CAP_KILL revoked/.test(n.message));
    expect(await teacher.act({ type: "revoke", cap: "CAP_KILL", target: { team: pa.team } })).toMatchObject({ ok: true, message: "1 processes had CAP_KILL." });
    await notice;
    expect(m.kernel.proc(pa.pid)!.caps & capBit("CAP_KILL")).toBe(0);
    expect(m.kernel.proc(pa.pid)!.caps & capBit("CAP_SETUID")).not.toBe(0);
    expect(m.kernel.proc(pb.pid)!.caps & capBit("CAP_KILL")).not.toBe(0);
    expect(await teacher.act({ type: "revoke", cap: "CAP_SETUID", target: { all: true } })).toMatchObject({ ok: true });
    expect(m.kernel.proc(pb.pid)!.caps & capBit("CAP_SETUID")).toBe(0);
    await a.leave();
    await b.leave();
    teacher.close();
  });

  test("freezing the scheduler keeps the same processes on the cores for N ticks", async () => {
    const { session, hostToken } = await createSession(game);
    const teacher = teacherSocket(game, session.id, hostToken);
    await teacher.first;
    const rooms = [await joinClass(game, session.code, "a"), await joinClass(game, session.code, "b"), await joinClass(game, session.code, "c")];
    for (const r of rooms) r.send("compute", { ticks: 20 });
    await teacher.act({ type: "start" });
    const k = machine(session.id).kernel;
    await expect.poll(() => k.tick, { timeout: 3000 }).toBeGreaterThan(3);
    expect(await teacher.act({ type: "freeze", ticks: 10 })).toEqual({ ok: true });
    const cores = k.cores().join(",");
    const t0 = k.tick;
    const seen = new Set<string>();
    while (k.tick < t0 + 8) {
      seen.add(k.cores().join(","));
      await sleep(50);
    }
    expect([...seen]).toEqual([cores]);
    expect(k.auditTail(100).some((e) => /scheduler frozen for 10 ticks/.test(e.text))).toBe(true);
    for (const r of rooms) await r.leave();
    teacher.close();
  });
});

describe("the live dashboard", () => {
  test("a denied syscall reaches the dashboard's feed and roster within one second", async () => {
    const { session, hostToken } = await createSession(game);
    const teacher = teacherSocket(game, session.id, hostToken);
    await teacher.first;
    const ann = await joinClass(game, session.code, "ann");
    await teacher.act({ type: "start" });
    const seen = new Promise<{ item: FeedItem; row?: RosterRow; at: number }>((resolve) => {
      let item: FeedItem | undefined;
      teacher.socket.on(TEACHER_EV.UPDATE, (u: DashboardUpdate) => {
        item ??= u.feed?.find((f) => f.errno === "EACCES");
        const row = u.roster?.find((r) => r.nick === "ann");
        if (item && row?.counts.denied.EACCES) resolve({ item, row, at: Date.now() });
      });
    });
    const result = waitForMessageWhere(ann, S2C.RESULT, (r) => r.name === "open");
    ann.send("syscall", { name: "open", args: ["/etc/shadow", "O_RDONLY", 0] });
    const r = await result;
    const resultAt = Date.now();
    const got = await seen;
    expect(r.errno).toBe("EACCES");
    expect(got.item).toMatchObject({ kind: "syscall", nick: "ann", ok: false, errno: "EACCES", text: 'open("/etc/shadow", O_RDONLY) = -1 EACCES (Permission denied)' });
    expect(got.row?.counts.denied).toEqual({ EACCES: 1 });
    console.log(`dashboard socket got the EACCES ${got.at - resultAt} ms after the student's socket`);
    expect(got.at - resultAt).toBeLessThan(1000);
    // A chart point and the machine at a glance arrive within a couple of seconds.
    const charted = await new Promise<DashboardUpdate>((resolve) => teacher.socket.on(TEACHER_EV.UPDATE, (u: DashboardUpdate) => u.chart && u.machine && resolve(u)));
    expect(Object.keys(charted.chart![0].rss)).toContain("students");
    expect(charted.machine!.cores.length).toBe(2);
    await ann.leave();
    teacher.close();
  });
});

describe("report and CSV", () => {
  test("one row per student with counts per errno and fault kind", async () => {
    const { session, hostToken } = await createSession(game);
    const teacher = teacherSocket(game, session.id, hostToken);
    await teacher.first;
    const ann = await joinClass(game, session.code, "=HYPERLINK(1)");
    const ben = await joinClass(game, session.code, "ben");
    await teacher.act({ type: "start" });
    const done = waitForMessageWhere(ann, S2C.RESULT, (r) => r.kind === "access");
    ann.send("syscall", { name: "open", args: ["/etc/shadow", "O_RDONLY", 0] });
    ann.send("access", { op: "store", addr: "0xffffffff81000000" });
    await done;
    await teacher.act({ type: "end" });
    const res = await fetch(`${baseUrl(game)}/api/hosting/sessions/${session.id}/report.csv`, { headers: { authorization: `Bearer ${hostToken}` } });
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="?ringzero-Period-3-/);
    const lines = (await res.text()).replace(/^\ufeff/, "").trim().split("\r\n");
    expect(lines[0]).toMatch(/^nickname,team,levels_done,levels,score,syscalls_granted,syscalls_denied,denied_EACCES,faults,fault_SEGV_MAPERR,kicked,joined_at,last_seen_at$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^'=HYPERLINK\(1\),no team,0,,0,\d+,1,1,1,1,no,/);
    expect(lines[2]).toMatch(/^ben,/);
    await ann.leave();
    await ben.leave();
    teacher.close();
  });
});
