// The database layer against both backends it supports: embedded PGlite and a real PostgreSQL.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { openDb, redact, type Db, type Migration } from "../../server/store/db.ts";
import { LOCK_FILE } from "../../server/store/lock.ts";
import { startPostgres, type PgServer } from "../helpers/postgres.ts";

const MIGRATIONS: Migration[] = [
  { id: "test-001", sql: "CREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT NOT NULL)" },
  { id: "test-002", sql: "ALTER TABLE notes ADD COLUMN author TEXT; CREATE INDEX notes_author ON notes (author)" },
];

let pg: PgServer;
let tmp: string;
beforeAll(async () => {
  pg = await startPostgres();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ringzero-pglite-"));
}, 60_000);
afterAll(() => {
  pg?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const backends: [string, () => { url?: string; dataDir?: string }][] = [
  ["PGlite in a folder", () => ({ dataDir: path.join(tmp, "db") })],
  ["PostgreSQL server", () => ({ url: pg.url })],
];

describe.each(backends)("%s", (_name, options) => {
  test("migrations apply once; data survives closing and reopening", async () => {
    let db: Db = await openDb(options(), MIGRATIONS);
    await db.query("INSERT INTO notes (body, author) VALUES ($1, $2)", ["hello", "ann"]);
    await db.close();
    db = await openDb(options(), MIGRATIONS);
    const rows = await db.query<{ body: string; author: string }>("SELECT body, author FROM notes");
    expect(rows).toEqual([{ body: "hello", author: "ann" }]);
    const applied = await db.query<{ id: string }>("SELECT id FROM schema_migrations ORDER BY id");
    expect(applied.map((r) => r.id)).toEqual(["test-001", "test-002"]);
    await db.close();
  }, 30_000);

  test("a failing transaction leaves nothing behind", async () => {
    const db = await openDb(options(), MIGRATIONS);
    const before = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM notes"))[0].n;
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO notes (body) VALUES ($1)", ["half"]);
        await tx.query("INSERT INTO notes (body) VALUES (NULL)");
      }),
    ).rejects.toThrow();
    expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM notes"))[0].n).toBe(before);
    await db.close();
  }, 30_000);
});

test("one PGlite folder is one server's: a second open is refused until the first closes, a stale lock is taken over", async () => {
  const dir = path.join(tmp, "locked");
  const db = await openDb({ dataDir: dir }, MIGRATIONS);
  expect(fs.readFileSync(path.join(dir, LOCK_FILE), "utf8").trim()).toBe(String(process.pid));
  await expect(openDb({ dataDir: dir }, MIGRATIONS)).rejects.toThrow(`The data folder ${dir} is in use by this same server`);
  await db.close();
  expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  // A server that died without closing left its pid behind: no process has it any more.
  const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
  fs.writeFileSync(path.join(dir, LOCK_FILE), `${dead}\n`);
  const again = await openDb({ dataDir: dir }, MIGRATIONS);
  expect((await again.query<{ id: string }>("SELECT id FROM schema_migrations ORDER BY id")).map((r) => r.id)).toEqual(["test-001", "test-002"]);
  await again.close();
}, 30_000);

test("an unreachable DATABASE_URL gives an error naming the server, without the password", async () => {
  await expect(openDb({ url: "postgres://ringzero:s3cret@127.0.0.1:1/none" }, [])).rejects.toThrow(/Cannot reach the PostgreSQL server.*ringzero:\*\*\*@127\.0\.0\.1:1/);
  expect(redact("postgres://u:p@h/db")).toBe("postgres://u:***@h/db");
});
