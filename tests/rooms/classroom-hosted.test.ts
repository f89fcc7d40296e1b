// Classroom team play in a teacher's class session: the room is "hosted-classroom", students
// join with the code into the paused lobby, the teacher's teams become Unix groups, the first
// round starts with the session, the teacher changes the scheduler mid-round and starts the
// next round, and the team score reaches the dashboard and the projector.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Room as ClientRoom } from "@colyseus/sdk";
import { MachineState } from "../../shared/state.ts";
import { HOSTED_MODE, PAUSE_REASON, type ProjectorView } from "../../shared/hosting.ts";
import { services } from "../../server/services.ts";
import { classroomOf } from "../../server/classroom/play.ts";
import { TEAM_GID_BASE } from "../../server/classroom/world.ts";
import type { GameSession } from "../../server/game/session.ts";
import { bootGame, joinOptions, waitForState, type TestGame } from "../helpers/game.ts";
import { createSession, teacherSocket } from "../helpers/hosting.ts";
import { compute, myPid, myTeam, type StudentRoom } from "./classroom-helpers.ts";

let game: TestGame;
beforeAll(async () => {
  game = await bootGame();
});
afterAll(async () => {
  await game.close();
});

async function joinCode(code: string, nick: string): Promise<StudentRoom> {
  const room = await game.colyseus.sdk.join(HOSTED_MODE.classroom.room, joinOptions(nick, { joinCode: code }), MachineState);
  await room.waitForInitialState?.();
  return room as ClientRoom<any, MachineState>;
}

const machine = (id: string): GameSession => services().hosting!.liveSession(id)!.mainBinding()!.session;

describe("hosted classroom", () => {
  test("lobby, the teacher's teams as Unix groups, rounds, the scheduler changed mid-round, scores on the projector", async () => {
    const { session, hostToken } = await createSession(game, { mode: "classroom", teamCount: 2, policy: "rr" });
    const teacher = teacherSocket(game, session.id, hostToken);
    await teacher.first;
    const rooms = [await joinCode(session.code, "ann"), await joinCode(session.code, "ben"), await joinCode(session.code, "cat")];
    const [ann, ben, cat] = rooms;
    let s = await waitForState(ann, (st) => st.players.size === 3);
    expect(s.mode).toBe("classroom");
    expect(s.paused).toBe(true);
    expect(s.pauseReason).toBe(PAUSE_REASON.lobby);
    expect(s.classroom.phase).toBe("waiting");
    expect(s.classroom.teams.length).toBe(2);

    // The teacher moves cat to ann's team; cat's process joins that team's group before it runs anything.
    const annTeam = myTeam(ann);
    expect((await teacher.act({ type: "team", player: s.players.get(cat.sessionId)!.id, team: annTeam })).ok).toBe(true);
    await waitForState(cat, () => myTeam(cat) === annTeam);
    expect((await teacher.act({ type: "start" })).ok).toBe(true);
    s = await waitForState(ann, (st) => !st.paused && st.classroom.phase === "playing" && st.classroom.round === 1);
    await compute(cat, 2);
    const k = machine(session.id).kernel;
    expect(k.proc(myPid(cat))!.groups).toContain(TEAM_GID_BASE + annTeam);
    expect(k.proc(myPid(cat))!.groups).not.toContain(TEAM_GID_BASE + myTeam(ben));

    // Mid-round, the teacher switches the scheduler: the kernel and every student see it.
    expect((await teacher.act({ type: "policy", policy: "mlfq" })).ok).toBe(true);
    await waitForState(ben, (st) => st.policy === "mlfq");
    expect(k.sched().policy).toBe("mlfq");
    expect(k.auditTail(50).some((e) => e.kind === "policy" && e.text === "sched: rr -> mlfq")).toBe(true);

    // Next round: refused while one runs; after the end it starts.
    expect(await teacher.act({ type: "round" })).toMatchObject({ ok: false, error: /still running/ });
    await compute(ann, 3);
    classroomOf(machine(session.id))!.endRoundNow();
    s = await waitForState(ann, (st) => st.classroom.phase === "ended" && st.players.get(ann.sessionId)!.score > 0);
    const annScore = s.players.get(ann.sessionId)!.score;
    // The dashboard samples scores once a second; the projector shows the team totals.
    const viewer = teacherSocket(game, session.id);
    await new Promise((r) => setTimeout(r, 1300));
    const pv = await new Promise<ProjectorView>((resolve) => viewer.socket.once("projector", resolve));
    expect(pv.teams.find((t) => t.team === annTeam)!.score).toBe(annScore * 2);
    viewer.close();
    expect((await teacher.act({ type: "round" })).ok).toBe(true);
    await waitForState(ann, (st) => st.classroom.phase === "playing" && st.classroom.round === 2);

    teacher.close();
    await Promise.all(rooms.map((r) => r.leave()));
  });
});
