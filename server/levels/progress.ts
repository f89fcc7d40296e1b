// Level progress in the project's store (PGlite by default, PostgreSQL with DATABASE_URL): every
// attempt with its metrics, and per player and level the best score of a win. A player is the
// anonymous id their browser keeps; nothing personal is stored.

import type { Db, Migration } from "../store/db.ts";
import type { AttemptMetrics } from "../../shared/levels/types.ts";

export const LEVEL_MIGRATIONS: Migration[] = [
  {
    id: "levels-001-attempts-and-progress",
    sql: `
      CREATE TABLE level_attempts (
        id BIGSERIAL PRIMARY KEY,
        player_id TEXT NOT NULL,
        level_id TEXT NOT NULL,
        won BOOLEAN NOT NULL,
        score INTEGER NOT NULL,
        syscalls INTEGER NOT NULL,
        cpu_ticks INTEGER NOT NULL,
        faults INTEGER NOT NULL,
        hints INTEGER NOT NULL,
        class_code TEXT,
        started_at TIMESTAMPTZ NOT NULL,
        ended_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE INDEX level_attempts_player ON level_attempts (player_id, level_id);
      CREATE TABLE level_progress (
        player_id TEXT NOT NULL,
        level_id TEXT NOT NULL,
        best_score INTEGER NOT NULL,
        first_won_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (player_id, level_id)
      )`,
  },
];

export interface Attempt {
  playerId: string;
  levelId: string;
  won: boolean;
  /** 0 for an attempt that was not won. */
  score: number;
  metrics: AttemptMetrics;
  startedAt: Date;
  /** The class session's join code when the attempt was played in one. */
  classCode?: string;
}

/** Best scores of the levels this player has won, by level id. */
export async function bestScores(db: Pick<Db, "query">, playerId: string): Promise<Map<string, number>> {
  const rows = await db.query<{ level_id: string; best_score: number }>("SELECT level_id, best_score FROM level_progress WHERE player_id = $1", [playerId]);
  return new Map(rows.map((r) => [r.level_id, Number(r.best_score)]));
}

/** Record an attempt; a win also raises the player's best score for the level. Returns that best (null if never won). */
export async function recordAttempt(db: Db, a: Attempt): Promise<number | null> {
  return db.transaction(async (tx) => {
    const m = a.metrics;
    await tx.query(
      "INSERT INTO level_attempts (player_id, level_id, won, score, syscalls, cpu_ticks, faults, hints, class_code, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      [a.playerId, a.levelId, a.won, a.score, m.syscalls, m.cpuTicks, m.faults, m.hints, a.classCode ?? null, a.startedAt.toISOString()],
    );
    if (a.won) {
      await tx.query(
        "INSERT INTO level_progress (player_id, level_id, best_score) VALUES ($1, $2, $3) ON CONFLICT (player_id, level_id) DO UPDATE SET best_score = GREATEST(level_progress.best_score, EXCLUDED.best_score)",
        [a.playerId, a.levelId, a.score],
      );
    }
    const rows = await tx.query<{ best_score: number }>("SELECT best_score FROM level_progress WHERE player_id = $1 AND level_id = $2", [a.playerId, a.levelId]);
    return rows.length ? Number(rows[0].best_score) : null;
  });
}
