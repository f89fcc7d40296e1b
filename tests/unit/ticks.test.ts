// The shared room clock: phases spread evenly, a fixed grid that late ticks do not shift, ticks
// that fell due together run back to back, and stopping a room frees its phase.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { slotPhase, TickScheduler } from "../../server/ticks.ts";

const PERIOD = 200;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setImmediate", "clearImmediate", "Date"] });
  vi.setSystemTime(1_000_000);
});
afterEach(() => vi.useRealTimers());

/** A scheduler on the fake clock, and the times (ms since it started) each of its rooms ticked. */
function clock() {
  const t0 = Date.now();
  const ticks = new TickScheduler(PERIOD, () => Date.now());
  const seen = new Map<string, { at: number; late: number }[]>();
  const add = (name: string, body: () => void = () => undefined) => {
    seen.set(name, []);
    return ticks.add((late) => {
      seen.get(name)!.push({ at: Date.now() - t0, late });
      body();
    });
  };
  return { ticks, seen, add, at: (name: string) => seen.get(name)!.map((s) => s.at) };
}

describe("room tick clock", () => {
  it("numbers phases by bit reversal: each new slot halves the largest gap", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(slotPhase)).toEqual([0, 0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875]);
  });

  it("spreads rooms evenly over the period and ticks each once a period", () => {
    const c = clock();
    for (let i = 0; i < 8; i++) c.add(`r${i}`);
    vi.advanceTimersByTime(3 * PERIOD - 1);
    const firsts = [...c.seen.values()].map((s) => s[0].at).sort((a, b) => a - b);
    expect(firsts).toEqual([0, 25, 50, 75, 100, 125, 150, 175]);
    for (const [, s] of c.seen) {
      expect(s.map((x) => x.at - s[0].at)).toEqual([0, PERIOD, 2 * PERIOD]);
      expect(s.every((x) => x.late === 0)).toBe(true);
    }
  });

  it("keeps to its grid after a slow tick, and reports how late the ticks behind it ran", () => {
    const c = clock();
    let slow = true;
    c.add("slow", () => {
      if (slow) vi.setSystemTime(Date.now() + 130); // this tick took 130 ms
      slow = false;
    });
    c.add("other"); // phase 1/2: due at 100, while "slow" still runs
    vi.advanceTimersByTime(3 * PERIOD - 1);
    expect(c.at("slow").slice(0, 3)).toEqual([0, 200, 400]);
    const other = c.seen.get("other")!;
    // Run as soon as "slow" is done (the fake clock may count the turn of the loop as 1 ms).
    expect(other[0].late).toBeGreaterThanOrEqual(30);
    expect(other[0].late).toBeLessThanOrEqual(31);
    expect(other.slice(1, 3)).toEqual([{ at: 300, late: 0 }, { at: 500, late: 0 }]);
  });

  it("runs ticks that fell due together back to back, in due order, before the messages that waited", () => {
    const c = clock();
    const order: string[] = [];
    c.add("a", () => {
      order.push("a");
      setImmediate(() => order.push("message"));
      vi.setSystemTime(Date.now() + 160); // past b's phase (100) and c's (150)
    });
    c.add("b", () => order.push("b"));
    c.add("c", () => order.push("c")); // slot 2: phase 1/4, due at 50
    vi.advanceTimersByTime(1);
    expect(order.slice(0, 4)).toEqual(["a", "c", "b", "message"]);
    expect(c.seen.get("c")![0].late).toBe(110);
    expect(c.seen.get("b")![0].late).toBe(60);
  });

  it("stops a room's ticks and gives its phase to the next room", () => {
    const c = clock();
    const stop = c.add("gone");
    c.add("stays");
    vi.advanceTimersByTime(PERIOD + 1);
    stop();
    c.add("new");
    vi.advanceTimersByTime(2 * PERIOD - 2);
    expect(c.at("gone")).toEqual([0, 200]);
    expect(c.at("new")).toEqual([400]); // slot 0 again: phase 0
    expect(c.ticks.size).toBe(2);
  });

  it("keeps ticking every room when one tick throws", () => {
    const c = clock();
    c.add("bad", () => {
      throw new Error("boom");
    });
    c.add("good");
    vi.advanceTimersByTime(2 * PERIOD - 1);
    expect(c.at("bad")).toEqual([0, 200]);
    expect(c.at("good")).toEqual([100, 300]);
  });
});
