// Why joining (or staying in) a room failed, in words a student can act on.

import { CLOSE } from "../../../shared/protocol.ts";

export interface JoinFailure {
  /** What to show. */
  message: string;
  /** Reloading the page is the fix (the page is older than the server). */
  reload: boolean;
}

/**
 * Map an error from the SDK (MatchMakeError / ServerError with a numeric or network code, or a
 * close code with a reason) to words. The protocol's own codes (CLOSE, 4100+) are distinct from
 * Colyseus's 4000-4010; the reason text is still read, for errors that carry no code.
 */
export function describeJoinError(err: { code?: unknown; message?: string } | undefined): JoinFailure {
  const code = typeof err?.code === "number" ? err.code : undefined;
  const msg = (err?.message ?? "").toString();
  if (/protocol|out of date|version/i.test(msg) || code === CLOSE.PROTOCOL_MISMATCH) {
    return { message: "This page is out of date - reload it to play.", reload: true };
  }
  if (/full/i.test(msg) || code === CLOSE.ROOM_FULL) {
    return { message: "The sandbox is full right now. Try again in a minute.", reload: false };
  }
  if (code === CLOSE.KICKED || /kick/i.test(msg)) {
    return { message: "You were removed from the room.", reload: false };
  }
  if (/fetch|network|ECONNREFUSED|Failed to|unreachable|NetworkError|Load failed/i.test(msg) || (typeof err?.code === "string" && /ECONN|ENOTFOUND/.test(err.code))) {
    return { message: "Cannot reach the game server. Check the connection and try again.", reload: false };
  }
  if (/nickname|at most|pick a/i.test(msg)) {
    return { message: `Nickname not accepted: ${msg}`, reload: false };
  }
  return { message: msg ? `Could not join: ${msg}` : "Could not join the game.", reload: false };
}
