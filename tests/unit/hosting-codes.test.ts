// Join codes, host tokens and typed-code normalisation.

import { describe, expect, test } from "vitest";
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, normalizeJoinCode } from "../../shared/hosting.ts";
import { hashToken, HOST_TOKEN_LENGTH, newHostToken, newJoinCode, tokenMatches } from "../../server/hosting/codes.ts";

describe("join codes", () => {
  test("the alphabet has no look-alikes (0/O, 1/I/L)", () => {
    for (const c of "0O1IL") expect(JOIN_CODE_ALPHABET).not.toContain(c);
    expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
  });

  test("codes are 6 characters from the alphabet, and vary", () => {
    const codes = Array.from({ length: 500 }, newJoinCode);
    for (const c of codes) expect(c).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`));
    expect(new Set(codes).size).toBeGreaterThan(495);
  });

  test("what a student types is normalised, or refused", () => {
    expect(normalizeJoinCode("ab c-23")).toBeUndefined(); // five characters
    expect(normalizeJoinCode(" k7m-x2q ")).toBe("K7MX2Q");
    expect(normalizeJoinCode("k7mx2qz")).toBeUndefined();
    expect(normalizeJoinCode("K7MX2O")).toBeUndefined(); // O is not in the alphabet
    expect(normalizeJoinCode(42)).toBeUndefined();
  });
});

describe("host tokens", () => {
  test("long, random, and only their hash is compared (in constant time)", () => {
    const t = newHostToken();
    expect(t).toHaveLength(HOST_TOKEN_LENGTH);
    expect(newHostToken()).not.toBe(t);
    const h = hashToken(t);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenMatches(t, h)).toBe(true);
    expect(tokenMatches(t.slice(1), h)).toBe(false);
    expect(tokenMatches(undefined, h)).toBe(false);
    expect(tokenMatches("", h)).toBe(false);
    expect(tokenMatches({ toString: () => t }, h)).toBe(false);
  });
});
