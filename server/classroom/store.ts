// Recorded rounds in the project's store (PGlite by default, PostgreSQL with DATABASE_URL): the
// kernel's boot config and its input log up to the round's end — a round is its seed plus that
// log, so the replay viewer rebuilds the machine at any tick — with the final state hash and the
// results. Keyed by a round id; the room and the class session's code say where it came from.

import type { Db, Migration } from "../store/db.ts";
import type { InputRecord, KernelConfig } from "../kernel/types.ts";
import type { RoundResult, Variant } from "../../shared/classroom.ts";

export const CLASSROOM_MIGRATIONS: Migration[] = [
  {
    id: "classroom-001-rounds",
    sql: `
      CREATE TABLE classroom_rounds (
        id TEXT PRIMARY KEY,
        room_id TEXT NOT NULL,
        class_code TEXT,
        round INTEGER NOT NULL,
        variant TEXT NOT NULL,
        start_tick INTEGER NOT NULL,
        end_tick INTEGER NOT NULL,
        final_hash TEXT NOT NULL,
        config TEXT NOT NULL,
        input_log TEXT NOT NULL,
        teams TEXT NOT NULL,
        result TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE INDEX classroom_rounds_room ON classroom_rounds (room_id, round)`,
  },
];

/** One recorded round. */
export interface RoundRecord {
  id: string;
  roomId: string;
  classCode?: string;
  round: number;
  variant: Variant;
  startTick: number;
  endTick: number;
  finalHash: string;
  config: KernelConfig;
  log: InputRecord[];
  /** Who is who (nicknames are what the class saw in game): teams, and each player's process tag. */
  cast: Cast;
  result: RoundResult;
}

export interface Cast {
  teams: { name: string; color: string }[];
  players: { key: string; nick: string; team: number }[];
}

export async function saveRound(db: Db, r: RoundRecord): Promise<void> {
  await db.query(
    `INSERT INTO classroom_rounds (id, room_id, class_code, round, variant, start_tick, end_tick, final_hash, config, input_log, teams, result)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [r.id, r.roomId, r.classCode ?? null, r.round, r.variant, r.startTick, r.endTick, r.finalHash, JSON.stringify(r.config), JSON.stringify(r.log), JSON.stringify(r.cast), JSON.stringify(r.result)],
  );
}

/** A recorded round by id, or undefined. */
export async function loadRound(db: Db, id: string): Promise<RoundRecord | undefined> {
  const rows = await db.query<Record<string, unknown>>("SELECT * FROM classroom_rounds WHERE id = $1", [id]);
  const x = rows[0];
  if (!x) return undefined;
  const json = <T>(v: unknown): T => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));
  return {
    id: String(x.id), roomId: String(x.room_id), classCode: (x.class_code as string | null) ?? undefined, round: Number(x.round), variant: x.variant as Variant,
    startTick: Number(x.start_tick), endTick: Number(x.end_tick), finalHash: String(x.final_hash), config: json<KernelConfig>(x.config),
    log: json<InputRecord[]>(x.input_log), cast: json<Cast>(x.teams), result: json<RoundResult>(x.result),
  };
}

/** Rounds of one room, oldest first (id, round number, ticks). */
export async function roundsOfRoom(db: Db, roomId: string): Promise<{ id: string; round: number; startTick: number; endTick: number }[]> {
  const rows = await db.query<Record<string, unknown>>("SELECT id, round, start_tick, end_tick FROM classroom_rounds WHERE room_id = $1 ORDER BY round", [roomId]);
  return rows.map((x) => ({ id: String(x.id), round: Number(x.round), startTick: Number(x.start_tick), endTick: Number(x.end_tick) }));
}
