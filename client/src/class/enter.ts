// Entering a class: join the hosted room with the code (the same browser id finds its process
// again), and keep the class context for the lobby, pause and end screens.

import type { JoinInfo } from "../../../shared/hosting.ts";
import { loadPlayerId, saveNickname } from "../logic/identity.ts";
import { joinClass } from "../net.ts";
import { session } from "../session.ts";
import { localStorageOrUndefined } from "../ui/menu.ts";
import { setClassContext } from "./context.ts";

/** Join the class; rejects with the server's reason in words. */
export async function enterClass(info: JoinInfo, nickname: string): Promise<void> {
  if (info.mode === "levels") throw new Error("This class plays solo levels, which this page cannot open in a class yet. Ask your teacher to host a sandbox session.");
  const store = localStorageOrUndefined();
  const conn = await joinClass(info.room, info.code, nickname, loadPlayerId(store));
  saveNickname(store, nickname);
  setClassContext({ info, nickname });
  session.start(conn, nickname);
}
