// A simulated client follows its private channel as a browser does: decoding it is part of what
// a client costs, so the load generator pays it too. It takes every other message from the moment
// it joins (a browser handles them all; the SDK warns about any type nobody listens for).

import type { Room } from "@colyseus/sdk";
import { PrivateMirror, type BytesSource } from "../shared/private.ts";

export function follow(room: Room): Room {
  new PrivateMirror().listen(room as unknown as BytesSource);
  room.onMessage("*", () => undefined);
  return room;
}
