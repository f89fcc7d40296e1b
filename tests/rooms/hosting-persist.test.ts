// Hosted sessions in the store, against both backends: embedded PGlite (a temp folder) and a real
// PostgreSQL server. The restart test stops the server mid-session and starts it again on the
// same store: finished results are there, and the running session comes back with its students'
// processes.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { S2C } from "../../shared/protocol.ts";
import { HOSTED_MODE, PAUSE_REASON } from "../../shared/hosting.ts";
import { services } from "../../server/services.ts";
import type { DbOptions } from "../../server/store/db.ts";
import { startPostgres, type PgServer } from "../helpers/postgres.ts";
import { bootGame, joinOptions, waitForMessageWhere, waitForState, type TestGame } from "../helpers/game.ts";
import { baseUrl, createSession, teacherSocket } from "../helpers/hosting.ts";
import { MachineState } from "../../shared/state.ts";

let pg: PgServer;
let tmp: string;
beforeAll(async () => {
  pg = await startPostgres();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ringzero-hosting-"));
}, 60_000);
afterAll(() => {
  pg?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const backends: [string, () => DbOptions][] = [
  ["PGlite in a folder", () => ({ dataDir: path.join(tmp, "db") })],
  ["PostgreSQL server", () => ({ url: pg.url })],
];

const hosting = () => services().hosting!;

async function report(game: TestGame, id: string, token: string) {
  const res = await fetch(`${baseUrl(game)}/api/hosting/sessions/${id}/report`, { headers: { authorization: `Bearer ${token}` } });
  return res.json();
}

describe.each(backends)("%s", (_name, db) => {
  test("a restart mid-session keeps finished results and brings the running session back", async () => {
    let game = await bootGame({ db: db() });
    // A finished session: one student, one denied call, ended.
    const done = await createSession(game, { name: "Monday" });
    const t1 = teacherSocket(game, done.session.id, done.hostToken);
    await t1.first;
    const zoe = await game.colyseus.sdk.join(HOSTED_MODE.sandbox.room, joinOptions("zoe", { joinCode: done.session.code }), MachineState);
    await t1.act({ type: "start" });
    const r0 = waitForMessageWhere(zoe, S2C.RESULT, (r) => r.name === "open");
    zoe.send("syscall", { name: "open", args: ["/etc/shadow", "O_RDONLY", 0] });
    await r0;
    expect(await t1.act({ type: "end" })).toEqual({ ok: true });
    await zoe.leave();
    t1.close();

    // A running session: two students (teams), one denied call, then the server stops.
    const live = await createSession(game, { name: "Tuesday", teamCount: 2, policy: "mlfq" });
    const t2 = teacherSocket(game, live.session.id, live.hostToken);
    await t2.first;
    const annOpts = joinOptions("ann", { joinCode: live.session.code });
    const benOpts = joinOptions("ben", { joinCode: live.session.code });
    const ann = await game.colyseus.sdk.join(HOSTED_MODE.sandbox.room, annOpts, MachineState);
    const ben = await game.colyseus.sdk.join(HOSTED_MODE.sandbox.room, benOpts, MachineState);
    await t2.act({ type: "start" });
    const r1 = waitForMessageWhere(ann, S2C.RESULT, (r) => r.name === "open");
    ann.send("syscall", { name: "open", args: ["/etc/shadow", "O_RDONLY", 0] });
    await r1;
    const m = hosting().liveSession(live.session.id)!.mainBinding()!.session;
    const annPid = m.players.get(ann.sessionId)!.pid;
    const benPid = m.players.get(ben.sessionId)!.pid;
    const annKey = m.players.get(ann.sessionId)!.key;
    const tickBefore = m.kernel.tick;
    t2.close();
    // Stop the server as SIGTERM does (rooms and all), without the test harness's own cleanup first.
    await game.server.close();

    // The same store, a new server process.
    game = await bootGame({ db: db() });
    try {
      const back = hosting().liveSession(live.session.id);
      expect(back?.rec).toMatchObject({ code: live.session.code, status: "running", name: "Tuesday" });
      expect(back!.rec.settings).toMatchObject({ teamCount: 2, policy: "mlfq" });
      const m2 = back!.mainBinding()!.session;
      expect(m2.kernel.tick).toBeGreaterThanOrEqual(tickBefore);
      expect(m2.kernel.sched().policy).toBe("mlfq");
      // Both students' processes are there, stopped until their browsers return.
      expect(m2.kernel.proc(annPid)?.state).toBe("STOPPED");
      expect(m2.kernel.proc(benPid)?.state).toBe("STOPPED");
      expect(back!.roster.get(annKey)?.rec.counts.denied).toEqual({ EACCES: 1 });

      // The teacher's dashboard opens with the same host link and shows the roster.
      const t3 = teacherSocket(game, live.session.id, live.hostToken);
      const snap = (await t3.first).body;
      expect(snap.session.status).toBe("running");
      expect(snap.roster.map((r: { nick: string }) => r.nick).sort()).toEqual(["ann", "ben"]);

      // Ann rejoins with the same browser: same process, running again, her nickname and team kept.
      const ann2 = await game.colyseus.sdk.join(HOSTED_MODE.sandbox.room, annOpts, MachineState);
      const s = await waitForState(ann2, (st) => st.players.get(ann2.sessionId)?.pid === annPid && !st.paused);
      expect(s.players.get(ann2.sessionId)?.nick).toBe("ann");
      await expect.poll(() => m2.kernel.proc(annPid)?.state).not.toBe("STOPPED");
      const r2 = waitForMessageWhere(ann2, S2C.RESULT, (r) => r.name === "getpid");
      ann2.send("syscall", { name: "getpid", args: [] });
      expect((await r2).ret).toBe(annPid);

      // Pause is saved at once, and survives as the status.
      expect(await t3.act({ type: "pause" })).toEqual({ ok: true });
      await waitForState(ann2, (st) => st.pauseReason === PAUSE_REASON.teacher);

      // The finished session's results are in the store, and in "my past sessions".
      const rep = await report(game, done.session.id, done.hostToken);
      expect(rep.session).toMatchObject({ name: "Monday", status: "ended" });
      expect(rep.students).toHaveLength(1);
      expect(rep.students[0]).toMatchObject({ nick: "zoe", counts: { denied: { EACCES: 1 } } });
      const past = await (await fetch(`${baseUrl(game)}/api/hosting/past`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tokens: [done.hostToken, live.hostToken, "not-a-token"] }) })).json();
      expect(past.sessions.map((p: { name: string; status: string; students: number }) => [p.name, p.status, p.students])).toEqual([
        ["Tuesday", "paused", 2],
        ["Monday", "ended", 1],
      ]);
      await ann2.leave();
      t3.close();
    } finally {
      await game.close();
    }
  }, 90_000);
});
