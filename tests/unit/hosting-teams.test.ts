// Team balance: even sizes, fewest moves, deterministic; newcomers to the smallest team.

import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { balanceTeams, teamForNewcomer } from "../../server/hosting/teams.ts";

const members = (teams: number[]) => teams.map((team, i) => ({ key: `k${i}`, team }));

describe("balanceTeams", () => {
  test("everyone in one team spreads out, keeping the first ones in place", () => {
    const out = balanceTeams(members([0, 0, 0, 0]), 3);
    expect([...out.values()]).toEqual([0, 0, 1, 2]);
  });

  test("an already balanced class does not move", () => {
    expect([...balanceTeams(members([1, 0, 1, 0]), 2).values()]).toEqual([1, 0, 1, 0]);
  });

  test("no teams: everyone is -1", () => {
    expect([...balanceTeams(members([0, 1, -1]), 0).values()]).toEqual([-1, -1, -1]);
  });

  test("property: sizes differ by at most one, and every member gets a valid team", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 8 }), { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (teams, k) => {
        const out = balanceTeams(members(teams), k);
        const size = new Array<number>(k).fill(0);
        for (const t of out.values()) {
          expect(t).toBeGreaterThanOrEqual(0);
          expect(t).toBeLessThan(k);
          size[t]++;
        }
        expect(Math.max(...size) - Math.min(...size)).toBeLessThanOrEqual(1);
        expect(out.size).toBe(teams.length);
      }),
    );
  });
});

test("a newcomer joins the smallest team (lowest index on a tie)", () => {
  expect(teamForNewcomer(members([0, 0, 1]), 3)).toBe(2);
  expect(teamForNewcomer(members([]), 2)).toBe(0);
  expect(teamForNewcomer(members([0, 1]), 0)).toBe(-1);
});
