// The level catalog over HTTP (GET /api/levels?player=<id>): the only level data the client
// fetches itself. Briefings, hints and debriefs come from the level room.

import { LEVELS_API, type LevelCatalog, type LevelSummary } from "../../../shared/levels/types.ts";

/** The level map for this browser's player id; rejects with a sentence a student can read. */
export async function fetchLevels(playerId: string): Promise<LevelSummary[]> {
  let res: Response;
  try {
    res = await fetch(`${LEVELS_API}?player=${encodeURIComponent(playerId)}`, { cache: "no-store" });
  } catch {
    throw new Error("Cannot reach the game server to load the levels. Check the connection and try again.");
  }
  const body = (await res.json().catch(() => ({}))) as Partial<LevelCatalog> & { error?: string };
  if (!res.ok || !Array.isArray(body.levels)) throw new Error(body.error ?? "The level map could not be loaded; try again in a moment.");
  return body.levels;
}

let cached: LevelSummary[] = [];

/** The catalog last fetched (for "next level" after a win). */
export function lastCatalog(): readonly LevelSummary[] {
  return cached;
}

export function rememberCatalog(levels: LevelSummary[]): void {
  cached = levels;
}

/** The level after `id` on the path, if any. */
export function nextLevel(id: string): LevelSummary | undefined {
  const i = cached.findIndex((l) => l.id === id);
  return i >= 0 ? cached[i + 1] : undefined;
}
