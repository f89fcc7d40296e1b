// The project's database behind one tiny interface (Colyseus' habit: a side effect behind an
// interface with a local default). Default: PGlite, an embedded PostgreSQL whose data lives in a
// folder (DATA_DIR, default ./data). With DATABASE_URL set: a PostgreSQL server through `pg`.
// Both speak the same SQL, so every query is written once.

import fs from "node:fs";
import path from "node:path";
import { lockDataDir } from "./lock.ts";

export interface Db {
  /** Run one parameterised statement ($1, $2...) and return its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Run statements inside one transaction; rolls back if fn throws. */
  transaction<T>(fn: (tx: Pick<Db, "query">) => Promise<T>): Promise<T>;
  /** "pglite" or "postgres", for logs and the README's status line. */
  readonly kind: "pglite" | "postgres";
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres://... to use a PostgreSQL server. */
  url?: string;
  /** Folder for the embedded database; ignored when url is set. "memory://" keeps it in memory. */
  dataDir?: string;
}

/** A named schema change. Ids are applied once each, in the order given. */
export interface Migration {
  id: string;
  sql: string;
}

export const DEFAULT_DATA_DIR = path.resolve(process.cwd(), "data");

/** Open the database and apply any migrations it has not seen. */
export async function openDb(opts: DbOptions, migrations: readonly Migration[]): Promise<Db> {
  const db = opts.url ? await openPostgres(opts.url) : await openPglite(opts.dataDir ?? DEFAULT_DATA_DIR);
  try {
    await migrate(db, migrations);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}

async function migrate(db: Db, migrations: readonly Migration[]): Promise<void> {
  await db.query("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
  const done = new Set((await db.query<{ id: string }>("SELECT id FROM schema_migrations")).map((r) => r.id));
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    await db.transaction(async (tx) => {
      for (const stmt of splitStatements(m.sql)) await tx.query(stmt);
      await tx.query("INSERT INTO schema_migrations (id) VALUES ($1)", [m.id]);
    });
  }
}

/** Split a migration into statements (our migrations never put ";" inside literals). */
function splitStatements(sql: string): string[] {
  return sql
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
}

async function openPglite(dataDir: string): Promise<Db> {
  const { PGlite } = await import("@electric-sql/pglite");
  if (dataDir !== "memory://") {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
    } catch (err) {
      throw new Error(`Cannot create the data folder ${dataDir}: ${(err as Error).message}. Set DATA_DIR to a folder this user may write.`);
    }
  }
  const release = dataDir === "memory://" ? () => undefined : lockDataDir(dataDir);
  let pg: InstanceType<typeof PGlite>;
  try {
    pg = await PGlite.create(dataDir === "memory://" ? undefined : dataDir);
  } catch (err) {
    release();
    throw new Error(`The database in ${dataDir} could not be opened (${(err as Error).message}). If this is not a Ring Zero data folder, set DATA_DIR to another one; if it is, restore it from a backup, or move it aside to start afresh.`);
  }
  let queue: Promise<unknown> = Promise.resolve();
  // PGlite runs one statement at a time; chaining keeps a transaction's statements together.
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const query = async <T>(sql: string, params: unknown[] = []) => (await pg.query<T>(sql, params)).rows;
  return {
    kind: "pglite",
    query: (sql, params) => serial(() => query(sql, params)),
    transaction: (fn) => serial(() => pg.transaction((tx) => fn({ query: async (sql, params = []) => (await tx.query(sql, params)).rows as never }))),
    close: () => serial(() => pg.close()).finally(release),
  };
}

async function openPostgres(url: string): Promise<Db> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  try {
    await pool.query("SELECT 1");
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`Cannot reach the PostgreSQL server in DATABASE_URL (${redact(url)}): ${(err as Error).message}`);
  }
  return {
    kind: "postgres",
    query: async (sql, params = []) => (await pool.query(sql, params)).rows,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const out = await fn({ query: async (sql, params = []) => (await client.query(sql, params)).rows });
        await client.query("COMMIT");
        return out;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** A connection string with its password hidden, for error messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
