// Secrets and codes of a hosted session: the join code students type, the host token that the
// teacher's private link carries, and the session id. The store keeps only a hash of the token.

import { createHash, timingSafeEqual } from "node:crypto";
import { customAlphabet, nanoid } from "nanoid";
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from "../../shared/hosting.ts";

/** A fresh join code: JOIN_CODE_LENGTH characters from the unambiguous alphabet (~30 bits). */
export const newJoinCode: () => string = customAlphabet(JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH);

/** Host tokens: 32 URL-safe characters from a cryptographic source (192 bits). */
export const HOST_TOKEN_LENGTH = 32;

export function newHostToken(): string {
  return nanoid(HOST_TOKEN_LENGTH);
}

/** Session ids are public (the projector link has one) but unguessable. */
export function newSessionId(): string {
  return nanoid(16);
}

/** What the store keeps instead of the token: its SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Does `token` hash to `hash`? Constant time; false for anything that is not a string. */
export function tokenMatches(token: unknown, hash: string): boolean {
  if (typeof token !== "string" || token.length === 0 || token.length > 128) return false;
  const a = Buffer.from(hashToken(token), "hex");
  const b = Buffer.from(hash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
