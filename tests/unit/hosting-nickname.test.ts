// Nicknames in class: friendly suggestions, and a filter for typed ones.

import { describe, expect, test } from "vitest";
import { NICKNAME_MAX } from "../../shared/protocol.ts";
import { checkNickname, joinSpelledOut, suggestNicknames, tidyNickname } from "../../server/hosting/nickname.ts";

describe("suggestions", () => {
  test("friendly, distinct, short enough, and they pass the filter", () => {
    const s = suggestNicknames(200);
    expect(new Set(s).size).toBe(200);
    for (const n of s) {
      expect(n.length).toBeLessThanOrEqual(NICKNAME_MAX);
      expect(n).toMatch(/^[A-Z][a-z]+[A-Z][a-z]+\d\d$/);
      expect(checkNickname(n).ok).toBe(true);
    }
  });
});

describe("the filter", () => {
  test.each(["fuck", "FvCK", "sh1thead", "b1tch", "a$$hole", "f u c k", "f.u.c.k", "s-h-i-t head"])("refuses %j with a reason and a suggestion", (nick) => {
    const r = checkNickname(nick);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/not a nickname for class.*for example/);
      expect(checkNickname(r.suggestion).ok).toBe(true);
    }
  });

  test.each(["Scunthorpe", "Assistant", "Cockatoo", "Dickens", "Tom O K", "<b>Bold</b>", "Zoë"])("accepts %j", (nick) => {
    expect(checkNickname(nick)).toEqual({ ok: true, nick });
  });

  test("tidies whitespace and invisible characters, refuses empty and too long", () => {
    expect(tidyNickname("  ann\u200b \t lee\u0007 ")).toBe("ann lee");
    expect(checkNickname("   ")).toMatchObject({ ok: false, error: expect.stringMatching(/Type a nickname/) });
    expect(checkNickname("x".repeat(NICKNAME_MAX + 1))).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`at most ${NICKNAME_MAX}`)) });
    expect(checkNickname(42)).toMatchObject({ ok: false });
    expect(joinSpelledOut("a b c def")).toBe("abc def");
  });
});
