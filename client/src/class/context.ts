// The class session this page joined (if any): its code, name and room, kept while the student
// plays so the lobby, the pause and the end can be shown, and so they can rejoin.

import type { ClassSummary, JoinInfo } from "../../../shared/hosting.ts";

export interface ClassContext {
  info: JoinInfo;
  nickname: string;
  summary?: ClassSummary;
}

let current: ClassContext | undefined;

export function classContext(): ClassContext | undefined {
  return current;
}

export function setClassContext(c: ClassContext | undefined): void {
  current = c;
}

let addressRead = false;

/** A join code in the page's address (/join/CODE or ?join=CODE), the first time only; else undefined. */
export function codeFromAddress(): string | undefined {
  if (addressRead) return undefined;
  addressRead = true;
  const m = /^\/join\/([^/?#]*)/.exec(location.pathname);
  if (m) return decodeURIComponent(m[1]);
  const q = new URLSearchParams(location.search).get("join");
  return q ?? undefined;
}

/** What the server says about a code (GET /api/join/:code), or a readable error. */
export async function lookupCode(code: string): Promise<JoinInfo> {
  let res: Response;
  try {
    res = await fetch(`/api/join/${encodeURIComponent(code)}`);
  } catch {
    throw new Error("Cannot reach the game server. Check the connection and try again.");
  }
  const body = (await res.json().catch(() => ({}))) as JoinInfo | { error?: string };
  if (!res.ok || !("ok" in body) || !body.ok) throw new Error((body as { error?: string }).error ?? "That code did not work. Check it with your teacher.");
  return body;
}
