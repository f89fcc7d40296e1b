// Level progress through the real server: the catalog over HTTP, locks, hints and the score, a
// restart with the same data (PGlite folder and a PostgreSQL server), class-session locks, and a
// client that tries to claim a win it did not earn.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { matchMaker } from "@colyseus/core";
import type { LevelCatalog, LevelSummary } from "../../shared/levels/types.ts";
import { LEVELS_API } from "../../shared/levels/types.ts";
import { ROOM } from "../../shared/protocol.ts";
import { LEVEL_LOCKED, LEVEL_LOCKED_HTTP, LEVEL_LOCKS, LevelRoom, type LevelRoomOptions } from "../../server/rooms/LevelRoom.ts";
import { SCORE } from "../../server/levels/score.ts";
import type { GameSession } from "../../server/game/session.ts";
import { bootGame, joinOptions, type TestGame } from "../helpers/game.ts";
import { LevelDriver } from "../helpers/levels.ts";
import { startPostgres, type PgServer } from "../helpers/postgres.ts";
import { SOLUTIONS } from "./level-solutions.ts";

let pg: PgServer;
let tmp: string;
beforeAll(async () => {
  pg = await startPostgres();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ringzero-levels-restart-"));
}, 60_000);
afterAll(() => {
  pg?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function catalog(game: TestGame, player: string): Promise<LevelSummary[]> {
  const res = await fetch(`http://127.0.0.1:${game.server.port}${LEVELS_API}?player=${player}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as LevelCatalog).levels;
}

const byId = (levels: LevelSummary[], id: string) => levels.find((l) => l.id === id)!;

describe.each([
  ["PGlite in a data folder", () => ({ dataDir: path.join(tmp, "data") })],
  ["PostgreSQL server", () => ({ url: pg.url })],
])("progress survives a server restart (%s)", (_name, db) => {
  test("win level 1 with a hint; after a restart the map shows it completed with its best score", async () => {
    const player = `restart-${Math.random().toString(36).slice(2, 10)}`;
    let game = await bootGame({ db: db() });
    try {
      let map = await catalog(game, player);
      expect(map.slice(0, 2).map((l) => l.status)).toEqual(["unlocked", "locked"]);
      expect(byId(map, "hello-kernel")).toMatchObject({ order: 1, title: "Hello, kernel", best: null });
      // Level 2 is locked until level 1 is won.
      await expect(game.colyseus.sdk.create(ROOM.LEVEL, joinOptions("early", { playerId: player, levelId: "closed-door" }))).rejects.toMatchObject({
        code: LEVEL_LOCKED_HTTP,
        message: expect.stringMatching(/"The closed door" is locked: win "Hello, kernel" first/),
      });
      const d = await LevelDriver.open(game, "hello-kernel", player);
      expect(await d.hint()).toMatch(/palette/);
      await expect.poll(() => d.level.hints.length).toBe(1);
      await SOLUTIONS["hello-kernel"].win(d);
      const won = await d.message("won");
      expect(won.score).toBe(SCORE.MAX - SCORE.PER_HINT);
      await d.leave();
      await expect.poll(async () => byId(await catalog(game, player), "hello-kernel").status, { timeout: 10_000 }).toBe("completed");
      await game.close();

      game = await bootGame({ db: db() });
      map = await catalog(game, player);
      expect(byId(map, "hello-kernel")).toMatchObject({ status: "completed", best: SCORE.MAX - SCORE.PER_HINT });
      expect(byId(map, "closed-door").status).toBe("unlocked");
      expect(byId(map, "dont-touch").status).toBe("locked");
      // A better attempt raises the best score; the room reports the personal best.
      const again = await LevelDriver.open(game, "hello-kernel", player);
      await SOLUTIONS["hello-kernel"].win(again);
      expect(await again.message("won")).toMatchObject({ score: SCORE.MAX, best: SCORE.MAX });
      await again.leave();
      await expect.poll(async () => byId(await catalog(game, player), "hello-kernel").best, { timeout: 10_000 }).toBe(SCORE.MAX);
    } finally {
      await game.close();
    }
  });
});

describe("one server", () => {
  let game: TestGame;
  beforeAll(async () => {
    game = await bootGame();
  });
  afterAll(async () => {
    await game.close();
  });

  test("a client cannot claim a win: forged messages are refused and audited, and only the check decides", async () => {
    const player = `forger-${process.pid}`;
    const d = await LevelDriver.open(game, "hello-kernel", player);
    d.begin();
    d.send("win", { levelId: "hello-kernel", score: 1000 });
    d.send("level", { type: "won", score: 1000 });
    d.send("finish", { won: true, score: 1000 });
    const notYet = await d.message("not-yet");
    expect(notYet.missing.join(" ")).toMatch(/Write to your terminal through fd 1 \(not seen yet\)/);
    await expect.poll(() => d.notices.map((n) => n.message).join(" | ")).toMatch(/no "win" message.*no "level" message|no "level" message.*no "win" message/);
    await d.ticks(3);
    expect(d.level.phase).toBe("playing");
    const session = (game.colyseus.getRoomById(d.room.roomId) as unknown as { session: GameSession }).session;
    expect(session.kernel.auditTail(100).filter((e) => e.kind === "violation").length).toBeGreaterThanOrEqual(2);
    // A client's own "unlocked" option does not open levels.
    await expect(game.colyseus.sdk.create(ROOM.LEVEL, joinOptions("sneaky", { playerId: player, levelId: "legit-root", unlocked: "all" }))).rejects.toMatchObject({ code: LEVEL_LOCKED_HTTP });
    await d.leave();
    expect(byId(await catalog(game, player), "hello-kernel").status).toBe("unlocked");
  });

  test("the catalog refuses a malformed player id, and an unknown level is a readable error", async () => {
    const res = await fetch(`http://127.0.0.1:${game.server.port}${LEVELS_API}?player=${encodeURIComponent("<script>")}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/anonymous id/);
    await expect(game.colyseus.sdk.create(ROOM.LEVEL, joinOptions("x", { levelId: "no-such-level" }))).rejects.toThrow(/There is no level "no-such-level"/);
  });

  test("a class session's list (LEVEL_LOCKS, set by server code) replaces the player's progress", async () => {
    class ClassLevelRoom extends LevelRoom {
      static override async onAuth(): Promise<boolean> {
        return true; // the hosting layer checks its join code instead of the player's progress
      }
      override onCreate(options: LevelRoomOptions = {}): void {
        super.onCreate({ levelId: options.levelId, [LEVEL_LOCKS]: () => ["thick-skin"] });
      }
    }
    matchMaker.defineRoomType("test-class-level", ClassLevelRoom);
    const player = `student-${process.pid}`;
    const room = await game.colyseus.sdk.create("test-class-level", joinOptions("student", { playerId: player, levelId: "thick-skin" }));
    expect(room.roomId).toBeTruthy();
    await room.leave();
    await expect(game.colyseus.sdk.create("test-class-level", joinOptions("student", { playerId: player, levelId: "hello-kernel" }))).rejects.toMatchObject({
      code: LEVEL_LOCKED,
      message: expect.stringMatching(/locked in this class session/),
    });
    matchMaker.removeRoomType("test-class-level");
  });
});
