// The client's pure classroom helpers (client/src/classroom/snap.ts): reading the synced round,
// the clock, the workload checklist, the ranking.

import { describe, expect, test } from "vitest";
import { checklist, classroomOf, ranked, timeLeft } from "../../client/src/classroom/snap.ts";

const state = {
  classroom: {
    variant: "race", round: 2, phase: "playing", roundTicks: 600, startTick: 100, endTick: 700, inputs: 3, computeTicks: 30, pagesToFill: 8,
    teams: [
      { name: "Orange", color: "#E69F00", role: "race", members: 2, progress: 40, filesRead: 3, computed: 10, pages: 0, written: false, score: 400 },
      { name: "Sky", color: "#56B4E9", role: "race", members: 2, progress: 60, filesRead: 1, computed: 30, pages: 8, written: true, score: 650 },
    ],
    winner: -1, headline: "", explanation: [], mitigations: "", vault: "", replayId: "",
  },
};

describe("classroom snapshot helpers", () => {
  test("outside a classroom there is nothing; inside, every field is read with defaults", () => {
    expect(classroomOf({})).toBeUndefined();
    expect(classroomOf({ classroom: { variant: "" } })).toBeUndefined();
    const c = classroomOf(state)!;
    expect(c.round).toBe(2);
    expect(c.teams[1]).toMatchObject({ name: "Sky", written: true, oomKills: 0 });
  });

  test("the clock counts the kernel's ticks down at TICK_HZ", () => {
    const c = classroomOf(state)!;
    expect(timeLeft(c, 100)).toBe("2:00");
    expect(timeLeft(c, 695)).toBe("0:01");
    expect(timeLeft({ ...c, phase: "ended" }, 100)).toBe("0:00");
    expect(timeLeft({ ...c, phase: "waiting" }, 0)).toBe("2:00");
  });

  test("the checklist says what is done and how to do the rest", () => {
    const c = classroomOf(state)!;
    const items = checklist(c, c.teams[0]);
    expect(items.map((i) => i.done)).toEqual([true, false, false, false]);
    expect(items[0].text).toBe("read inputs 3/3");
    expect(items[3].how).toContain("/teams/orange/result.txt");
    expect(ranked(c).map((t) => t.name)).toEqual(["Sky", "Orange"]);
  });
});
