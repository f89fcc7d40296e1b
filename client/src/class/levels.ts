// Solo levels in a class: the level map shows the teacher's locks instead of the student's own
// progress, and a level opens as the student's own room under the class code (the server
// enforces the locks; this only keeps the map honest).

import type { LevelSummary } from "../../../shared/levels/types.ts";
import { loadPlayerId } from "../logic/identity.ts";
import { joinClass } from "../net.ts";
import { session } from "../session.ts";
import { localStorageOrUndefined } from "../ui/menu.ts";
import { classContext, type ClassContext } from "./context.ts";

/** The class context when this page plays a class's solo levels. */
export function classLevels(): ClassContext | undefined {
  const c = classContext();
  return c?.info.mode === "levels" ? c : undefined;
}

/** The level map as the class sees it: open = the teacher's list (or all), won levels stay won. */
export function withClassLocks(levels: LevelSummary[]): LevelSummary[] {
  const c = classLevels();
  if (!c) return levels;
  const open = (id: string) => c.info.unlocked.length === 0 || c.info.unlocked.includes(id);
  return levels.map((l) => ({ ...l, status: !open(l.id) ? "locked" : l.status === "completed" ? "completed" : "unlocked" }));
}

/** Open a level of the class; rejects with the server's reason (locked by the teacher, ended). */
export async function startClassLevel(c: ClassContext, levelId: string): Promise<void> {
  const conn = await joinClass(c.info.room, c.info.code, c.nickname, loadPlayerId(localStorageOrUndefined()), levelId);
  session.start(conn, c.nickname);
}
