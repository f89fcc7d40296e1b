// Level progress in the store, against both backends: embedded PGlite (a folder) and a real
// PostgreSQL server. Attempts are kept, the best score only goes up, and it survives reopening.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../../server/store/db.ts";
import { MIGRATIONS } from "../../server/store/migrations.ts";
import { bestScores, recordAttempt, type Attempt } from "../../server/levels/progress.ts";
import { catalogFor, isUnlocked } from "../../server/levels/catalog.ts";
import { readLevels } from "../../server/levels/loader.ts";
import { startPostgres, type PgServer } from "../helpers/postgres.ts";

let pg: PgServer;
let tmp: string;
beforeAll(async () => {
  pg = await startPostgres();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ringzero-progress-"));
}, 60_000);
afterAll(() => {
  pg?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const metrics = { syscalls: 3, cpuTicks: 4, faults: 0, hints: 1 };
const attempt = (playerId: string, levelId: string, won: boolean, score: number): Attempt => ({ playerId, levelId, won, score, metrics, startedAt: new Date() });

describe.each([
  ["PGlite in a folder", () => ({ dataDir: path.join(tmp, "db") })],
  ["PostgreSQL server", () => ({ url: pg.url })],
])("%s", (_name, options) => {
  test("attempts are stored; the best score only goes up; progress survives reopening", async () => {
    let db = await openDb(options(), MIGRATIONS);
    const who = `player-${Math.random().toString(36).slice(2, 10)}`;
    expect(await recordAttempt(db, attempt(who, "hello-kernel", false, 0))).toBeNull();
    expect((await bestScores(db, who)).size).toBe(0);
    expect(await recordAttempt(db, attempt(who, "hello-kernel", true, 700))).toBe(700);
    expect(await recordAttempt(db, attempt(who, "hello-kernel", true, 550))).toBe(700);
    expect(await recordAttempt(db, attempt(who, "hello-kernel", true, 900))).toBe(900);
    await db.close();
    db = await openDb(options(), MIGRATIONS);
    expect(await bestScores(db, who)).toEqual(new Map([["hello-kernel", 900]]));
    expect(await bestScores(db, "someone-else")).toEqual(new Map());
    const rows = await db.query<{ n: number; hints: number }>("SELECT count(*)::int AS n, sum(hints)::int AS hints FROM level_attempts WHERE player_id = $1", [who]);
    expect(rows[0]).toEqual({ n: 4, hints: 4 });
    await db.close();
  }, 30_000);
});

test("levels unlock in order; a class session's list replaces the path", () => {
  const r = readLevels();
  if (!r.ok) throw new Error(r.errors.join("\n"));
  const levels = r.levels;
  const [first, second, third] = levels;
  const none = new Map<string, number>();
  expect(catalogFor(levels, none).map((l) => l.status).slice(0, 3)).toEqual(["unlocked", "locked", "locked"]);
  const won1 = new Map([[first.id, 800]]);
  const map = catalogFor(levels, won1);
  expect(map.slice(0, 3).map((l) => [l.status, l.best])).toEqual([["completed", 800], ["unlocked", null], ["locked", null]]);
  expect(isUnlocked(levels, won1, third.id)).toBe(false);
  expect(isUnlocked(levels, none, third.id, [third.id])).toBe(true);
  expect(isUnlocked(levels, won1, second.id, [third.id])).toBe(false);
  expect(isUnlocked(levels, none, levels[levels.length - 1].id, "all")).toBe(true);
  expect(isUnlocked(levels, none, levels[levels.length - 1].id, [])).toBe(true);
  expect(isUnlocked(levels, none, "no-such-level", "all")).toBe(false);
});
