// The replay viewer's HTTP API: GET /api/classroom/rounds/:id (the round's metadata and results,
// for the timeline) and GET /api/classroom/rounds/:id/at/:tick (the machine at that tick). Public
// data only (nicknames, teams, the audit lines the class saw), like the projector. Replays stay
// in memory a while so scrubbing reuses their checkpoints.

import express from "express";
import { CLASSROOM_API, type ReplayMeta } from "../../shared/classroom.ts";
import { services } from "../services.ts";
import { log } from "../log.ts";
import { loadRound } from "./store.ts";
import { RoundReplay } from "./replay.ts";

/** Replays kept in memory, most recently used last. */
const KEPT = 4;
const cache = new Map<string, Promise<RoundReplay | undefined>>();

function replayOf(id: string): Promise<RoundReplay | undefined> {
  let r = cache.get(id);
  if (r) cache.delete(id);
  else r = loadRound(services().db, id).then((rec) => (rec ? new RoundReplay(rec) : undefined));
  cache.set(id, r);
  while (cache.size > KEPT) cache.delete(cache.keys().next().value as string);
  return r;
}

const ID = /^[A-Za-z0-9_-]{6,32}$/;

export function classroomRouter(): express.Router {
  const router = express.Router();
  router.get(`${CLASSROOM_API}/rounds/:id`, async (req, res) => {
    try {
      if (!ID.test(req.params.id)) return void res.status(400).json({ error: "That is not a round id." });
      const r = await replayOf(req.params.id);
      if (!r) return void res.status(404).json({ error: "No recorded round has that id. Rounds are recorded when they end." });
      const x = r.rec;
      const meta: ReplayMeta = { id: x.id, round: x.round, variant: x.variant, startTick: x.startTick, endTick: x.endTick, finalHash: x.finalHash, teams: x.cast.teams, result: x.result };
      res.json(meta);
    } catch (err) {
      log.error({ err }, "replay metadata failed");
      res.status(500).json({ error: "The replay could not be loaded." });
    }
  });
  router.get(`${CLASSROOM_API}/rounds/:id/at/:tick`, async (req, res) => {
    try {
      const tick = Number(req.params.tick);
      if (!ID.test(req.params.id) || !Number.isInteger(tick) || tick < 0) return void res.status(400).json({ error: "Ask for a round id and a whole tick number." });
      const r = await replayOf(req.params.id);
      if (!r) return void res.status(404).json({ error: "No recorded round has that id." });
      res.json(r.frameAt(Math.max(r.rec.startTick, tick)));
    } catch (err) {
      log.error({ err }, "replay frame failed");
      res.status(500).json({ error: "The replay could not be computed at that tick." });
    }
  });
  return router;
}
