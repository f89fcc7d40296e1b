// Every level through the real room protocol: an @colyseus/sdk client in a level room on a booted
// server. For each level file, its solution (tests/rooms/level-solutions.ts) reaches the win and
// each wrong approach gets the expected errno or signal and does not win. Levels unlock in order,
// so one player plays them in order.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readLevels, type Level } from "../../server/levels/loader.ts";
import { bootGame, type TestGame } from "../helpers/game.ts";
import { LevelDriver } from "../helpers/levels.ts";
import { SOLUTIONS } from "./level-solutions.ts";

const loaded = readLevels();
if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
const LEVELS: Level[] = loaded.levels;

let game: TestGame;
const player = `level-tester-${process.pid}`;

beforeAll(async () => {
  game = await bootGame();
});
afterAll(async () => {
  await game.close();
});

test("every level file has a solution and at least one wrong approach", () => {
  for (const l of LEVELS) {
    expect(SOLUTIONS[l.id], `tests/rooms/level-solutions.ts has no entry for ${l.file}`).toBeDefined();
    expect(SOLUTIONS[l.id].wrong.length, `${l.id} needs a wrong approach`).toBeGreaterThan(0);
  }
  expect(LEVELS.length).toBeGreaterThanOrEqual(12);
});

describe.each(LEVELS.map((l) => [`${String(l.order).padStart(2, "0")} ${l.id}`, l] as const))("level %s", (_name, level) => {
  test("the solution wins, judged by the server", async () => {
    const d = await LevelDriver.open(game, level.id, player);
    try {
      await SOLUTIONS[level.id].win(d);
      const won = await d.message("won", 15000);
      await d.phase("won");
      // The reference solution plays at the level's par, so it scores full marks.
      expect(won.score, `metrics ${JSON.stringify(won.metrics)} vs par ${JSON.stringify(level.par)}`).toBe(1000);
      expect(won.debrief.lines.length).toBeGreaterThan(0);
      expect(won.debrief.source).toBe(level.source);
      expect(d.level.objectives.every((o) => o.done)).toBe(true);
    } finally {
      await d.leave();
    }
  });

  for (const [i, wrong] of SOLUTIONS[level.id]?.wrong.entries() ?? []) {
    test(`wrong approach ${i + 1}: ${wrong.name}`, async () => {
      const d = await LevelDriver.open(game, level.id, player);
      try {
        await wrong.play(d);
        await d.ticks(3);
        expect(d.level.phase).not.toBe("won");
        expect(d.messages.some((m) => m.type === "won")).toBe(false);
      } finally {
        await d.leave();
      }
    });
  }
});
