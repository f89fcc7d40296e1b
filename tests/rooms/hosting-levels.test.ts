// Solo levels in a class, server side: each student opens their own level room with the class
// code; it waits in the lobby until the teacher starts; the teacher's locks replace the student's
// own progress; a won level counts in the roster.

import { afterAll, beforeAll, expect, test } from "vitest";
import { S2C } from "../../shared/protocol.ts";
import { HOSTED_MODE, PAUSE_REASON } from "../../shared/hosting.ts";
import { MachineState } from "../../shared/state.ts";
import { services } from "../../server/services.ts";
import { bootGame, joinOptions, waitForMessageWhere, waitForState, type TestGame } from "../helpers/game.ts";
import { createSession, teacherSocket } from "../helpers/hosting.ts";

let game: TestGame;

beforeAll(async () => {
  game = await bootGame();
});
afterAll(async () => {
  await game.close();
});

test("each student plays their own level room under the teacher's locks; a won level is counted", async () => {
  expect(services().hosting!.modes.has("levels")).toBe(true);
  const { session, hostToken } = await createSession(game, { mode: "levels", unlocked: ["hello-kernel", "dont-touch"] });
  const teacher = teacherSocket(game, session.id, hostToken);
  await teacher.first;
  const opts = joinOptions("ann", { joinCode: session.code });
  const room = HOSTED_MODE.levels.room;

  // Locked by the teacher, even though it is the second level; open by the teacher though the
  // student has never won the levels before it.
  await expect(game.colyseus.sdk.create(room, { ...opts, levelId: "closed-door" })).rejects.toThrow(/locked in this class session/);
  const dont = await game.colyseus.sdk.create(room, { ...opts, levelId: "dont-touch" }, MachineState);
  const s = await waitForState(dont, (st) => st.players.size === 1);
  expect(s.paused).toBe(true);
  expect(s.pauseReason).toBe(PAUSE_REASON.lobby);
  await dont.leave();

  // Without the code of a levels session, no room.
  await expect(game.colyseus.sdk.create(room, { ...opts, joinCode: "ZZZZZZ", levelId: "hello-kernel" })).rejects.toThrow(/No class session/);

  expect(await teacher.act({ type: "start" })).toEqual({ ok: true });
  const hello = await game.colyseus.sdk.create(room, { ...opts, levelId: "hello-kernel" }, MachineState);
  await waitForState(hello, (st) => st.players.size === 1 && !st.paused);
  hello.send("begin", {});
  const done = waitForMessageWhere(hello, S2C.RESULT, (r) => r.name === "write");
  hello.send("syscall", { name: "write", args: [1, "hello, kernel\n", 14] });
  expect((await done).ret).toBe(14);
  const live = services().hosting!.liveSession(session.id)!;
  await expect.poll(() => live.rosterRows().find((r) => r.nick === "ann")?.counts.levels, { timeout: 8000 }).toEqual(["hello-kernel"]);
  expect(live.rosterRows()).toHaveLength(1);

  // The teacher's change of locks applies to the next level a student opens.
  expect(await teacher.act({ type: "settings", unlocked: ["hello-kernel"] })).toEqual({ ok: true });
  await hello.leave();
  await expect(game.colyseus.sdk.create(room, { ...opts, levelId: "dont-touch" })).rejects.toThrow(/locked in this class session/);
  teacher.close();
});
