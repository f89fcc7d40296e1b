// The level screens' pure helpers: reading the synced level view, the debrief lines, the level
// map's keyboard moves, and the palette limited to a level's allowed syscalls.

import { describe, expect, test } from "vitest";
import { levelLabel, levelOf, moveFocus, splitLine } from "../../client/src/levels/snap.ts";
import { paletteSyscalls } from "../../client/src/logic/palette.ts";
import { MachineState } from "../../shared/state.ts";

describe("levelOf", () => {
  test("reads the level view of a level room's state, and nothing outside one", () => {
    const s = new MachineState();
    expect(levelOf(s.toJSON())).toBeUndefined();
    s.mode = "level";
    s.level.id = "hello-kernel";
    s.level.order = 1;
    s.level.phase = "playing";
    s.level.allowList.push("write", "getpid");
    s.level.hints.push("first hint");
    const l = levelOf(s.toJSON())!;
    expect(l).toMatchObject({ id: "hello-kernel", order: 1, phase: "playing", clock: "run", allowList: ["write", "getpid"], hints: ["first hint"], objectives: [] });
    expect(levelOf({ mode: "level", level: { id: "x", phase: "hacked", objectives: [{ goal: 3 }] } })).toMatchObject({ phase: "briefing", objectives: [{ goal: "", done: false, broken: false }] });
    expect(levelOf(null)).toBeUndefined();
  });

  test("debrief lines split into the strace part and the reason; labels", () => {
    expect(splitLine("[pid 2] write(1, \"hi\", 2) = 2 \u2014 2 bytes to the terminal")).toEqual({ call: "[pid 2] write(1, \"hi\", 2) = 2", why: "2 bytes to the terminal" });
    expect(splitLine("no reason")).toEqual({ call: "no reason", why: "" });
    expect(levelLabel(3)).toBe("LEVEL 03");
  });
});

test("level map focus moves by arrows in a 4-wide grid and stops at the edges", () => {
  expect(moveFocus(0, "ArrowRight", 13)).toBe(1);
  expect(moveFocus(0, "ArrowLeft", 13)).toBe(0);
  expect(moveFocus(1, "ArrowDown", 13)).toBe(5);
  expect(moveFocus(11, "ArrowDown", 13)).toBe(11);
  expect(moveFocus(12, "ArrowUp", 13)).toBe(8);
  expect(moveFocus(5, "End", 13)).toBe(12);
  expect(moveFocus(5, "Home", 13)).toBe(0);
  expect(moveFocus(5, "x", 13)).toBe(5);
});

test("the palette offers only a level's allowed syscalls", () => {
  expect(paletteSyscalls(["write", "getpid", "load"]).map((s) => s.name)).toEqual(["write", "getpid"]);
  expect(paletteSyscalls().length).toBeGreaterThan(30);
});
