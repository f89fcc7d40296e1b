// The level map: which levels a player may open and their best scores. Levels unlock in order
// (winning level N unlocks N+1); a class session may instead pass its own list. Served over HTTP
// as GET /api/levels?player=<playerId> (shared/levels/types.ts LEVELS_API).

import express from "express";
import { JoinOptions } from "../../shared/protocol.ts";
import type { LevelSummary } from "../../shared/levels/types.ts";
import { services } from "../services.ts";
import { levels as loadedLevels, type Level } from "./loader.ts";
import { bestScores } from "./progress.ts";
import { log } from "../log.ts";

/**
 * Which levels a class session lets its students play: a list of level ids, or "all".
 * An empty list also means every level (the hosting settings' convention). Undefined: the path.
 */
export type Unlocked = readonly string[] | "all" | undefined;

/** May this player open level `id` (given their best scores and a class session's list)? */
export function isUnlocked(levels: readonly Level[], best: ReadonlyMap<string, number>, id: string, unlocked?: Unlocked): boolean {
  const i = levels.findIndex((l) => l.id === id);
  if (i < 0) return false;
  if (unlocked !== undefined) return unlocked === "all" || unlocked.length === 0 || unlocked.includes(id);
  return i === 0 || best.has(id) || best.has(levels[i - 1].id);
}

/** The level map for one player. */
export function catalogFor(levels: readonly Level[], best: ReadonlyMap<string, number>, unlocked?: Unlocked): LevelSummary[] {
  return levels.map((l) => ({
    id: l.id,
    order: l.order,
    title: l.title,
    idea: l.idea,
    source: l.source,
    status: !isUnlocked(levels, best, l.id, unlocked) ? "locked" : best.has(l.id) ? "completed" : "unlocked",
    best: best.get(l.id) ?? null,
  }));
}

/** The level map for a player id, reading their progress from the store. */
export async function levelCatalog(playerId: string | undefined, unlocked?: Unlocked): Promise<LevelSummary[]> {
  const best = playerId ? await bestScores(services().db, playerId) : new Map<string, number>();
  return catalogFor(loadedLevels(), best, unlocked);
}

/** GET / ?player=<id>: { levels: LevelSummary[] }. A malformed id is a 400 with the reason. */
export function levelRouter(): express.Router {
  const r = express.Router();
  r.get("/", async (req, res) => {
    const raw = req.query.player;
    let playerId: string | undefined;
    if (raw !== undefined) {
      const p = JoinOptions.shape.playerId.safeParse(raw);
      if (!p.success) {
        res.status(400).json({ error: "player must be the anonymous id your browser keeps (8-64 letters, digits, - or _)" });
        return;
      }
      playerId = p.data;
    }
    try {
      res.set("Cache-Control", "no-store").json({ levels: await levelCatalog(playerId) });
    } catch (err) {
      log.error({ err }, "level catalog failed");
      res.status(503).json({ error: "The level map is not available right now; try again in a moment." });
    }
  });
  return r;
}
