// Classroom team play through the Colyseus protocol, with many simulated students: teams and
// their Unix groups, the workload measured from the kernel, scoring and the end-of-round
// explanation, the OOM killer's choice told to everyone, fork bombs, cross-team denials, and
// the recorded round replaying to the same final state hash.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { S2C } from "../../shared/protocol.ts";
import { LAYOUT } from "../../shared/params.ts";
import { services } from "../../server/services.ts";
import { loadRound } from "../../server/classroom/store.ts";
import { replayHash, RoundReplay } from "../../server/classroom/replay.ts";
import { TEAM_GID_BASE } from "../../server/classroom/world.ts";
import { bootGame, waitForMessageWhere, waitForState, type TestGame } from "../helpers/game.ts";
import {
  access, call, classroomMessage, compute, createClassroom, dirOf, doWorkload, fillPages, joinClassroom, myPid, myTeam, playOf, sessionOf, SMALL_WORKLOAD, type StudentRoom,
} from "./classroom-helpers.ts";

let game: TestGame;
beforeAll(async () => {
  game = await bootGame();
});
afterAll(async () => {
  await game.close();
});

async function classOf(n: number, options: Record<string, unknown> = {}): Promise<StudentRoom[]> {
  const first = await createClassroom(game, "s0", { teams: 2, roundTicks: 2000, workload: SMALL_WORKLOAD, ...options });
  const rest = await Promise.all(Array.from({ length: n - 1 }, (_, i) => joinClassroom(game, first.roomId, `s${i + 1}`)));
  const all = [first, ...rest];
  await waitForState(first, (s) => s.players.size === n && [...s.players.values()].every((p) => p.team >= 0) && s.classroom.phase === "playing");
  return all;
}

async function leaveAll(rooms: StudentRoom[]): Promise<void> {
  await Promise.all(rooms.map((r) => r.leave().catch(() => undefined)));
}

describe("teams and their machine", () => {
  test("30 students are balanced over the teams, each process in its team's Unix group with RLIMIT_NPROC", async () => {
    const rooms = await classOf(30, { teams: 3 });
    const s = rooms[0].state;
    const sizes = [0, 0, 0];
    for (const p of s.players.values()) sizes[p.team]++;
    expect(sizes).toEqual([10, 10, 10]);
    expect(s.classroom.teams.map((t) => t.name)).toEqual(["Orange", "Sky", "Green"]);
    await waitForState(rooms[0], (st) => st.classroom.teams.map((t) => t.members).join() === "10,10,10");
    const k = sessionOf(game, rooms[0]).kernel;
    for (const r of rooms.slice(0, 5)) {
      const info = k.proc(myPid(r))!;
      expect(info.groups).toContain(TEAM_GID_BASE + myTeam(r));
      expect(info.rlimits.nproc).toBe(6);
    }
    await leaveAll(rooms);
  });

  test("another team's files are EACCES, killing their process is EPERM, touching their frame is SIGSEGV", async () => {
    const [ann, ben] = await classOf(2);
    expect(myTeam(ann)).not.toBe(myTeam(ben));
    const open = await call(ben, "open", [`${dirOf(ann)}/input-1.txt`, "O_RDONLY", 0]);
    expect(open.errno).toBe("EACCES");
    expect(open.reason).toMatch(/no search permission on directory \/teams\/orange.*mode 0770/);
    const kill = await call(ben, "kill", [myPid(ann), "SIGKILL"]);
    expect(kill.errno).toBe("EPERM");
    // Ann's memory is reachable only through the kernel's direct map of physical memory: supervisor-only.
    await fillPages(ann, 1);
    const frame = [...ann.state.frames].findIndex((o) => o === myPid(ann));
    expect(frame).toBeGreaterThan(0);
    const addr = "0x" + (0xffff888000000000n + BigInt(frame * 4096)).toString(16);
    const peek = await access(ben, "load", addr);
    expect(peek.ok).toBe(false);
    expect(peek.fault).toMatchObject({ signal: "SIGSEGV", code: "SEGV_MAPERR", bit: "U/S" });
    await leaveAll([ann, ben]);
  });

  test("a fork bomb stops at RLIMIT_NPROC with EAGAIN and its reason", async () => {
    const [ann, ben] = await classOf(2);
    const rets: any[] = [];
    for (let i = 0; i < 6; i++) rets.push(await call(ann, "fork", []));
    expect(rets.slice(0, 5).every((r) => r.ret > 0)).toBe(true);
    expect(rets[5].errno).toBe("EAGAIN");
    expect(rets[5].reason).toMatch(/RLIMIT_NPROC is 6/);
    await leaveAll([ann, ben]);
  });
});

describe("a round: workload, scoring, explanation, replay", () => {
  test("progress comes from the kernel, the first team to finish wins, the round is explained and replays to the same hash", async () => {
    const rooms = await classOf(4);
    const [a, b] = [rooms.find((r) => myTeam(r) === 0)!, rooms.find((r) => myTeam(r) === 1)!];
    const ended = classroomMessage(rooms[0], "round-end", 25_000);
    await doWorkload(a);
    const s = await waitForState(a, (st) => st.classroom.teams[0].finishedAt > 0);
    expect(s.classroom.teams[0]).toMatchObject({ progress: 100, filesRead: 1, computed: 4, pages: 2, written: true });
    // Team Sky faults on the way: it costs points.
    const segv = await access(b, "load", LAYOUT.KERNEL_TEXT);
    expect(segv.fault?.signal).toBe("SIGSEGV");
    // The scoreboard is live during the round, in each player's PlayerView.score too.
    await waitForState(b, (st) => st.classroom.teams[1].faults === 1 && st.classroom.teams[0].score > st.classroom.teams[1].score);
    const bAgain = rooms.filter((r) => myTeam(r) === 1)[1];
    await doWorkload(bAgain);
    const { result } = await ended;
    expect(result.winner).toBe(0);
    expect(result.headline).toMatch(/^Team Orange won with \d+ points: it finished its workload first/);
    expect(result.lines.join("\n")).toMatch(/Team Sky .*SIGSEGV/);
    expect(result.teams[1].parts.faults).toBe(-25);
    expect(result.teams[0].ticks.running).toBeGreaterThan(0);
    const st = await waitForState(a, (x) => x.classroom.phase === "ended" && x.classroom.replayId !== "");
    expect(st.classroom.headline).toBe(result.headline);
    expect(st.players.get(a.sessionId)!.score).toBe(result.teams[0].score);
    // After the end, actions are refused with a reason.
    const notice = waitForMessageWhere(a, S2C.NOTICE, (n) => /Round 1 is over/.test(n.message));
    a.send("compute", { ticks: 1 });
    await notice;

    // The recorded round replays from its boot config and input log to the same final hash.
    let rec = await loadRound(services().db, result.replayId);
    for (let i = 0; !rec && i < 20; i++) rec = await new Promise((r) => setTimeout(r, 100)).then(() => loadRound(services().db, result.replayId));
    expect(rec).toBeDefined();
    expect(replayHash(rec!)).toBe(rec!.finalHash);
    const replay = new RoundReplay(rec!);
    expect(replay.kernelAt(rec!.endTick).hash()).toBe(rec!.finalHash);
    // Scrubbing back and forth lands on the same states.
    const mid = Math.floor((rec!.startTick + rec!.endTick) / 2);
    const h1 = replay.kernelAt(mid).hash();
    replay.kernelAt(rec!.endTick);
    expect(replay.kernelAt(mid).hash()).toBe(h1);
    // Over HTTP, as the replay viewer asks.
    const base = `http://127.0.0.1:${game.server.port}/api/classroom/rounds/${result.replayId}`;
    const meta = await (await fetch(base)).json();
    expect(meta).toMatchObject({ round: 1, endTick: rec!.endTick, teams: [{ name: "Orange" }, { name: "Sky" }] });
    const frame = await (await fetch(`${base}/at/${mid}`)).json();
    expect(frame.tick).toBe(mid);
    expect(frame.cores).toHaveLength(4);
    expect(frame.frames.some((t: number) => t === 0)).toBe(true);

    // Without a teacher, any player starts the next round.
    const started = classroomMessage(b, "round-start");
    b.send("round", {});
    expect((await started).round).toBe(2);
    await waitForState(a, (x) => x.classroom.phase === "playing" && x.classroom.teams[0].progress === 0);
    await leaveAll(rooms);
  });

  test("the round ends on its timer; a team whose processes were OOM-killed hears why, and so does everyone", async () => {
    const rooms = await classOf(3, { roundTicks: 60 });
    const [hog, other] = [rooms.find((r) => myTeam(r) === 1)!, rooms.find((r) => myTeam(r) === 0)!];
    await fillPages(hog, 12);
    const theirs = classroomMessage(hog, "oom");
    const mine = classroomMessage(other, "oom");
    // The teacher's memory pressure: the kernel takes every free frame, and more.
    const k = sessionOf(game, hog).kernel;
    k.memoryPressure(k.frames().owner.filter((o) => o < 0).length + 2);
    const [m1, m2] = await Promise.all([theirs, mine]);
    expect(m1).toEqual(m2);
    expect(m1.victim).toBe(myPid(hog));
    expect(m1.reason).toMatch(/highest badness/);
    expect(m1.team).toBe(1);
    k.releasePressure();
    const end = await classroomMessage(other, "round-end", 20_000);
    expect(end.result.teams[1].oomKills).toBe(1);
    expect(end.result.teams[1].parts.oom).toBe(-150);
    expect(end.result.lines.join(" ")).toMatch(/OOM-killed once/);
    await leaveAll(rooms);
  });
});

describe("forged classroom messages", () => {
  test("a policy message outside Ring Wars is refused with a reason; a malformed one is a violation", async () => {
    const [ann, ben] = await classOf(2);
    const n1 = waitForMessageWhere(ann, S2C.NOTICE, (n) => /belong to Ring Wars/.test(n.message));
    ann.send("policy", { kind: "mitigation", name: "kpti", on: true });
    await n1;
    const n2 = waitForMessageWhere(ann, S2C.NOTICE, (n) => /was not understood/.test(n.message));
    ann.send("policy", { kind: "chmod", path: "/etc/shadow", mode: "rwxrwxrwx" });
    await n2;
    expect(sessionOf(game, ann).kernel.auditTail(20).some((e) => e.kind === "violation")).toBe(true);
    expect(playOf(game, ann).playing).toBe(true);
    void compute;
    await leaveAll([ann, ben]);
  });
});
