// One clock for every room on this server. Each room ticks once per period at its own phase, and
// the phases are spread evenly over the period: with 80 rooms a tick starts every 2.5 ms instead
// of several at once. Ticks keep to a fixed grid: a late tick does not push the next ones back, as
// a setInterval per room would, letting the phases drift together. Ticks that fell due together
// (after a pause for garbage collection, say) run back to back in due order. Giving the event loop
// back between them was measured too: pings were slower, not faster (more turns of the loop, each
// polling its sockets), and ticks later.

import { log } from "./log.ts";
import { TICK_MS } from "../shared/params.ts";

/** Timers wake in whole milliseconds: a tick due within this much is run now rather than a timer later. */
const EARLY_MS = 1;

interface Entry {
  slot: number;
  /** When this entry's next tick is due (performance.now() time). */
  due: number;
  run: (lateMs: number) => void;
}

/** Slot n's phase as a fraction of the period: n's bits reversed after the binary point (0, 1/2, 1/4, 3/4, 1/8 ...). */
export function slotPhase(n: number): number {
  let phase = 0;
  let bit = 0.5;
  for (let k = n; k > 0; k >>= 1, bit /= 2) if (k & 1) phase += bit;
  return phase;
}

export class TickScheduler {
  private readonly entries: Entry[] = [];
  private readonly epoch: number;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  readonly periodMs: number;
  private readonly now: () => number;

  constructor(periodMs: number, now: () => number = () => performance.now()) {
    this.periodMs = periodMs;
    this.now = now;
    this.epoch = now();
  }

  /**
   * Call `run` once per period, at the phase of the lowest free slot, from the next time that
   * phase comes round. `run` is given how late it started (ms). Returns the function that stops it.
   */
  add(run: (lateMs: number) => void): () => void {
    const used = new Set(this.entries.map((e) => e.slot));
    let slot = 0;
    while (used.has(slot)) slot++;
    const offset = this.epoch + slotPhase(slot) * this.periodMs;
    const now = this.now();
    const entry: Entry = { slot, run, due: offset + Math.ceil((now - offset) / this.periodMs) * this.periodMs };
    this.entries.push(entry);
    this.arm();
    return () => {
      const i = this.entries.indexOf(entry);
      if (i < 0) return;
      this.entries.splice(i, 1);
      this.arm();
    };
  }

  /** How many callers tick on this clock. */
  get size(): number {
    return this.entries.length;
  }

  private next(): Entry | undefined {
    let first: Entry | undefined;
    for (const e of this.entries) if (!first || e.due < first.due) first = e;
    return first;
  }

  /** Wake for the next due entry: at once (after pending I/O) if it is already due. */
  private arm(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = this.immediate = undefined;
    const first = this.next();
    if (!first) return;
    const wait = first.due - this.now();
    if (wait <= EARLY_MS) this.immediate = setImmediate(() => this.fire());
    else this.timer = setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = this.immediate = undefined;
    for (;;) {
      const first = this.next();
      const now = this.now();
      if (!first || first.due > now + EARLY_MS) break;
      const late = Math.max(0, now - first.due);
      // Still on the grid: a tick missed altogether (the server stalled a whole period) is skipped.
      first.due += (Math.floor((late + EARLY_MS) / this.periodMs) + 1) * this.periodMs;
      try {
        first.run(late);
      } catch (err) {
        log.error({ err }, "a scheduled tick failed");
      }
    }
    this.arm();
  }
}

/** The clock every game room on this server ticks on. */
export const roomTicks = new TickScheduler(TICK_MS);
