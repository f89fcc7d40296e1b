// Entering a class: join the hosted room with the code (the same browser id finds its process
// again), and keep the class context for the lobby, pause and end screens.

import type { JoinInfo } from "../../../shared/hosting.ts";
import { loadPlayerId, saveNickname } from "../logic/identity.ts";
import { joinClass } from "../net.ts";
import { session } from "../session.ts";
import { localStorageOrUndefined } from "../ui/menu.ts";
import { setClassContext } from "./context.ts";

/**
 * Join the class; rejects with the server's reason in words. Solo levels: nothing to join yet,
 * the student picks a level on the map ("levels"); otherwise the game screen ("game").
 */
export async function enterClass(info: JoinInfo, nickname: string): Promise<"game" | "levels"> {
  const store = localStorageOrUndefined();
  if (info.mode === "levels") {
    saveNickname(store, nickname);
    setClassContext({ info, nickname });
    return "levels";
  }
  const conn = await joinClass(info.room, info.code, nickname, loadPlayerId(store));
  saveNickname(store, nickname);
  setClassContext({ info, nickname });
  session.start(conn, nickname);
  return "game";
}
