// Integration point for solo levels (issue 4): a level room reports a finished level here, and
// the teacher's roster, report and CSV count it. The level room needs nothing else from hosting.

import type { GameSession } from "../game/session.ts";
import { services } from "../services.ts";

/**
 * A player finished a level in a hosted room. `session` is the room's GameSession, `playerKey`
 * the Player.key. Does nothing outside a hosted session. Returns true if it was counted.
 */
export function reportLevelDone(session: GameSession, playerKey: string, levelId: string, score?: number): boolean {
  const live = services().hosting?.sessionOf(session);
  const s = live?.student(playerKey);
  if (!live || !s) return false;
  if (!s.rec.counts.levels.includes(levelId)) s.rec.counts.levels.push(levelId);
  if (typeof score === "number" && Number.isFinite(score)) s.rec.counts.score = Math.max(s.rec.counts.score, Math.round(score));
  live.touch(s.rec.key);
  return true;
}
