// Persistence of hosted sessions: the session (settings, status, timestamps), its students
// (nickname, team, counters, kicked) and the kernel snapshot of each running room. Results stay
// after the session ends; snapshots are dropped then. One SQL dialect for PGlite and PostgreSQL.

import type { Db, Migration } from "../store/db.ts";
import type { KernelSnapshot } from "../kernel/types.ts";
import type { HostedMode, SessionSettings, SessionStatus, StudentCounts } from "../../shared/hosting.ts";

export const HOSTING_MIGRATIONS: Migration[] = [
  {
    id: "hosting-001-sessions",
    sql: `
      CREATE TABLE hosted_sessions (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        host_hash TEXT NOT NULL,
        name TEXT NOT NULL,
        mode TEXT NOT NULL,
        settings JSONB NOT NULL,
        status TEXT NOT NULL,
        origin TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        started_at TIMESTAMPTZ,
        ended_at TIMESTAMPTZ
      );
      CREATE UNIQUE INDEX hosted_sessions_live_code ON hosted_sessions (code) WHERE status <> 'ended';
      CREATE INDEX hosted_sessions_host ON hosted_sessions (host_hash);
      CREATE TABLE hosted_players (
        session_id TEXT NOT NULL REFERENCES hosted_sessions (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        player_id TEXT NOT NULL,
        slot TEXT NOT NULL,
        nick TEXT NOT NULL,
        team INTEGER NOT NULL,
        uid INTEGER NOT NULL,
        pid INTEGER NOT NULL,
        kicked BOOLEAN NOT NULL DEFAULT false,
        counts JSONB NOT NULL,
        joined_at TIMESTAMPTZ NOT NULL,
        last_seen_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (session_id, key)
      );
      CREATE TABLE hosted_snapshots (
        session_id TEXT NOT NULL REFERENCES hosted_sessions (id) ON DELETE CASCADE,
        slot TEXT NOT NULL,
        tick INTEGER NOT NULL,
        kernel TEXT NOT NULL,
        saved_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (session_id, slot)
      )
    `,
  },
];

export interface SessionRecord {
  id: string;
  code: string;
  hostHash: string;
  name: string;
  mode: HostedMode;
  settings: SessionSettings;
  status: SessionStatus;
  /** Scheme, host and port the teacher created it on: the join link points there. */
  origin: string;
  createdAt: string;
  startedAt?: string;
  endedAt?: string;
}

export interface PlayerRecord {
  key: string;
  /** The browser's anonymous id: server-side only (kick sticks to it; rejoin finds the process). */
  playerId: string;
  /** Which room of the session holds the student's processes ("main", or their key per student). */
  slot: string;
  nick: string;
  team: number;
  uid: number;
  pid: number;
  kicked: boolean;
  counts: StudentCounts;
  joinedAt: string;
  lastSeenAt: string;
}

export interface SnapshotRecord {
  slot: string;
  tick: number;
  kernel: KernelSnapshot;
}

type Row = Record<string, unknown>;
const iso = (v: unknown): string | undefined => (v == null ? undefined : new Date(v as string).toISOString());
const json = <T>(v: unknown): T => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));

function sessionFrom(r: Row): SessionRecord {
  return {
    id: r.id as string,
    code: r.code as string,
    hostHash: r.host_hash as string,
    name: r.name as string,
    mode: r.mode as HostedMode,
    settings: json<SessionSettings>(r.settings),
    status: r.status as SessionStatus,
    origin: r.origin as string,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    endedAt: iso(r.ended_at),
  };
}

function playerFrom(r: Row): PlayerRecord {
  return {
    key: r.key as string,
    playerId: r.player_id as string,
    slot: r.slot as string,
    nick: r.nick as string,
    team: Number(r.team),
    uid: Number(r.uid),
    pid: Number(r.pid),
    kicked: Boolean(r.kicked),
    counts: json<StudentCounts>(r.counts),
    joinedAt: iso(r.joined_at)!,
    lastSeenAt: iso(r.last_seen_at)!,
  };
}

/** The hosting tables behind a few named queries. */
export class HostingStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  async insertSession(s: SessionRecord): Promise<void> {
    await this.db.query("INSERT INTO hosted_sessions (id, code, host_hash, name, mode, settings, status, origin, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", [
      s.id, s.code, s.hostHash, s.name, s.mode, JSON.stringify(s.settings), s.status, s.origin, s.createdAt,
    ]);
  }

  /** Is a code taken by a session that has not ended? */
  async codeInUse(code: string): Promise<boolean> {
    return (await this.db.query("SELECT 1 FROM hosted_sessions WHERE code = $1 AND status <> 'ended'", [code])).length > 0;
  }

  async updateSession(s: SessionRecord): Promise<void> {
    await this.db.query("UPDATE hosted_sessions SET name = $2, settings = $3, status = $4, started_at = $5, ended_at = $6 WHERE id = $1", [
      s.id, s.name, JSON.stringify(s.settings), s.status, s.startedAt ?? null, s.endedAt ?? null,
    ]);
  }

  /** Save students (insert or update), in one transaction. */
  async savePlayers(sessionId: string, players: readonly PlayerRecord[]): Promise<void> {
    if (players.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const p of players) {
        await tx.query(
          `INSERT INTO hosted_players (session_id, key, player_id, slot, nick, team, uid, pid, kicked, counts, joined_at, last_seen_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (session_id, key) DO UPDATE SET slot = $4, nick = $5, team = $6, uid = $7, pid = $8, kicked = $9, counts = $10, last_seen_at = $12`,
          [sessionId, p.key, p.playerId, p.slot, p.nick, p.team, p.uid, p.pid, p.kicked, JSON.stringify(p.counts), p.joinedAt, p.lastSeenAt],
        );
      }
    });
  }

  async saveSnapshot(sessionId: string, s: SnapshotRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO hosted_snapshots (session_id, slot, tick, kernel, saved_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (session_id, slot) DO UPDATE SET tick = $3, kernel = $4, saved_at = now()`,
      [sessionId, s.slot, s.tick, JSON.stringify(s.kernel)],
    );
  }

  async dropSnapshots(sessionId: string): Promise<void> {
    await this.db.query("DELETE FROM hosted_snapshots WHERE session_id = $1", [sessionId]);
  }

  async session(id: string): Promise<SessionRecord | undefined> {
    const rows = await this.db.query("SELECT * FROM hosted_sessions WHERE id = $1", [id]);
    return rows[0] ? sessionFrom(rows[0]) : undefined;
  }

  async players(sessionId: string): Promise<PlayerRecord[]> {
    return (await this.db.query("SELECT * FROM hosted_players WHERE session_id = $1 ORDER BY joined_at, key", [sessionId])).map(playerFrom);
  }

  async snapshots(sessionId: string): Promise<SnapshotRecord[]> {
    const rows = await this.db.query<Row>("SELECT slot, tick, kernel FROM hosted_snapshots WHERE session_id = $1", [sessionId]);
    return rows.map((r) => ({ slot: r.slot as string, tick: Number(r.tick), kernel: JSON.parse(r.kernel as string) as KernelSnapshot }));
  }

  /** Sessions that were not ended when the server stopped: they come back on boot. */
  async liveSessions(): Promise<SessionRecord[]> {
    return (await this.db.query("SELECT * FROM hosted_sessions WHERE status <> 'ended' ORDER BY created_at")).map(sessionFrom);
  }

  /** Sessions whose host token hashes are given, newest first, with their student counts. */
  async sessionsByHost(hashes: readonly string[]): Promise<(SessionRecord & { students: number })[]> {
    if (hashes.length === 0) return [];
    const rows = await this.db.query(
      `SELECT s.*, (SELECT count(*)::int FROM hosted_players p WHERE p.session_id = s.id AND NOT p.kicked) AS students
       FROM hosted_sessions s WHERE s.host_hash = ANY($1::text[]) ORDER BY s.created_at DESC`,
      [hashes],
    );
    return rows.map((r) => ({ ...sessionFrom(r), students: Number(r.students) }));
  }
}
