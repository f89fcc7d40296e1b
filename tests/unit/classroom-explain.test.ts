// The end-of-round explanation (server/classroom/explain.ts): sentences from measured numbers.

import { describe, expect, test } from "vitest";
import { countsText, drags, explainRound, sharesText } from "../../server/classroom/explain.ts";
import type { TeamResult } from "../../shared/classroom.ts";

function team(t: Partial<TeamResult> & { team: number; name: string }): TeamResult {
  return {
    role: "race", score: 0, progress: 0, finishedAt: 0, oomKills: 0, faults: {}, denials: {}, meanWait: 0, actions: 0, captures: 0, illegitimate: 0, legitDenied: 0, blocked: 0,
    ticks: { running: 0, waiting: 0, blocked: 0, idle: 0, stopped: 0 },
    parts: { work: 0, finishBonus: 0, faults: 0, oom: 0, responsiveness: 0, ringWars: 0 },
    ...t,
  };
}

describe("explanation", () => {
  test("shares in words", () => {
    expect(sharesText({ running: 30, waiting: 40, blocked: 0, idle: 30, stopped: 0 })).toBe("ran 30%, waited for a CPU 40%, idle 30% of its process-ticks");
    expect(sharesText({ running: 0, waiting: 0, blocked: 0, idle: 0, stopped: 0 })).toBe("had no process on the machine");
    expect(countsText({ EPERM: 1, EACCES: 3 })).toBe("EACCES 3, EPERM 1");
  });

  test("the winner's headline and the loser's biggest drag: OOM kills and waiting for the CPU", () => {
    const red = team({ team: 0, name: "Orange", score: 1300, progress: 100, finishedAt: 240, ticks: { running: 60, waiting: 20, blocked: 0, idle: 20, stopped: 0 } });
    const blue = team({
      team: 1, name: "Sky", score: 250, progress: 55, oomKills: 2, meanWait: 9,
      ticks: { running: 20, waiting: 40, blocked: 0, idle: 40, stopped: 0 },
      parts: { work: 550, finishBonus: 0, faults: 0, oom: -300, responsiveness: 80, ringWars: 0 },
    });
    const e = explainRound([red, blue], 0, "race");
    expect(e.headline).toBe("Team Orange won with 1300 points: it finished its workload first, at tick 240.");
    expect(e.lines[0]).toBe("Why: team Sky spent 40% of its process-ticks waiting for a CPU, and its processes were OOM-killed twice (highest badness: the most resident memory), and the pages they had filled died with them (-300 points).");
    expect(e.lines[1]).toMatch(/^Team Orange \(1300 points\) finished its workload at tick 240; it ran 60%/);
    expect(e.lines[2]).toMatch(/^Team Sky \(250 points\) got 55% through its workload/);
    expect(drags(blue)[0]).toMatch(/OOM-killed twice/);
  });

  test("a tie is said as a tie; Ring Wars adds its rule", () => {
    const a = team({ team: 0, name: "Orange", score: 100, role: "policy", blocked: 4 });
    const b = team({ team: 1, name: "Sky", score: 100, role: "attack", captures: 1, illegitimate: 2 });
    const e = explainRound([a, b], -1, "ringwars");
    expect(e.headline).toBe("A tie at the top: team Orange and team Sky scored 100.");
    expect(e.lines.join("\n")).toMatch(/refuse 4 illegitimate attempts/);
    expect(e.lines.join("\n")).toMatch(/read the vault's flag by 1 legitimate way/);
    expect(e.lines.at(-1)).toMatch(/^Ring Wars: every illegitimate attempt failed/);
  });
});
