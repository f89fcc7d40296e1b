import { describe, expect, test } from "vitest";
import {
  accessoryFor,
  ACCESSORY_KEYS,
  cleanNickname,
  generateNickname,
  isPlayerId,
  loadPlayerId,
  newPlayerId,
  OKABE_ITO,
  ownerColorIndex,
} from "../../client/src/logic/identity.ts";
import { JoinOptions, NICKNAME_MAX, PROTOCOL_VERSION } from "../../shared/protocol.ts";

describe("player id", () => {
  test("is URL-safe, long enough and accepted by JoinOptions", () => {
    const id = newPlayerId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(isPlayerId(id)).toBe(true);
    expect(JoinOptions.safeParse({ protocol: PROTOCOL_VERSION, nickname: "ada", playerId: id }).success).toBe(true);
  });
  test("is kept in storage and reused", () => {
    const data = new Map<string, string>();
    const store = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    const a = loadPlayerId(store);
    expect(loadPlayerId(store)).toBe(a);
  });
  test("works when storage throws (private mode)", () => {
    const store = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
    };
    expect(isPlayerId(loadPlayerId(store))).toBe(true);
  });
});

describe("nicknames", () => {
  test("generated ones fit and pass the protocol schema", () => {
    for (let i = 0; i < 200; i++) {
      const n = generateNickname();
      expect(n.length).toBeLessThanOrEqual(NICKNAME_MAX);
      expect(JoinOptions.shape.nickname.safeParse(n).success).toBe(true);
    }
  });
  test("cleaning trims, collapses spaces, drops control characters and cuts to 20", () => {
    expect(cleanNickname("  ada \t lovelace\u0007 ")).toBe("ada lovelace");
    expect(cleanNickname("x".repeat(40))).toHaveLength(NICKNAME_MAX);
    expect(cleanNickname("<b>hi</b>")).toBe("<b>hi</b>"); // shown as text, never HTML
  });
});

describe("character looks", () => {
  test("accessory depends on the pid", () => {
    expect(accessoryFor(7)).not.toBe(accessoryFor(8));
    expect(ACCESSORY_KEYS).toContain(accessoryFor(123));
  });
  test("owner colours: distinct for up to seven owners, same on every client", () => {
    const owners = ["p1", "p2", "p3", "p4", "p5", "p6", "p7"].map((owner) => ({ owner, team: -1 }));
    const a = ownerColorIndex(owners);
    const b = ownerColorIndex([...owners].reverse());
    expect(new Set(a.values()).size).toBe(7);
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    for (const i of a.values()) expect(i).toBeLessThan(OKABE_ITO.length);
  });
  test("teams use their team colour; system processes have none", () => {
    const m = ownerColorIndex([
      { owner: "a", team: 2 },
      { owner: "", team: -1 },
    ]);
    expect(m.get("a")).toBe(2);
    expect(m.has("")).toBe(false);
  });
});
