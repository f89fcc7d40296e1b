// Starting a level from the level map or from a win screen: a fresh room of my own, the session
// started on it, then the game screen.

import { joinLevel } from "../net.ts";
import { session } from "../session.ts";
import { loadNickname, loadPlayerId, generateNickname } from "../logic/identity.ts";
import { localStorageOrUndefined } from "../ui/menu.ts";
import { classLevels, startClassLevel } from "../class/levels.ts";

/** Join a new room for `levelId`; rejects with a readable Error (locked level, network). */
export async function startLevel(levelId: string): Promise<void> {
  const inClass = classLevels();
  if (inClass) return startClassLevel(inClass, levelId);
  const store = localStorageOrUndefined();
  const nickname = loadNickname(store) ?? generateNickname();
  const conn = await joinLevel(levelId, nickname, loadPlayerId(store));
  session.start(conn, nickname);
}
