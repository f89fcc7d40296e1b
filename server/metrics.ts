// Server-side measurements the load benchmark reads: how late room ticks fire and how many
// ticks a syscall waits from submission to completion. Cheap enough to stay on in production.

/** A bounded sample of values with percentiles (keeps the newest `cap` values). */
export class Sample {
  private values: number[] = [];
  private next = 0;
  count = 0;

  private readonly cap: number;

  constructor(cap = 200_000) {
    this.cap = cap;
  }

  add(v: number): void {
    this.count++;
    if (this.values.length < this.cap) this.values.push(v);
    else {
      this.values[this.next] = v;
      this.next = (this.next + 1) % this.cap;
    }
  }

  /** The p-th percentile (0-100) of the kept values; NaN when empty. */
  percentile(p: number): number {
    if (this.values.length === 0) return NaN;
    const sorted = [...this.values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  }

  reset(): void {
    this.values = [];
    this.next = 0;
    this.count = 0;
  }
}

export const metrics = {
  /** Milliseconds a room tick fired after it was due. */
  tickLateMs: new Sample(),
  /** Syscalls: ticks from being first in line on a RUNNING process to the result (1 = the next tick). */
  syscallTicksRunning: new Sample(),
  /** Syscalls: ticks from submit to result (includes waiting for the CPU: the game). */
  syscallTicksAll: new Sample(),
  reset(): void {
    this.tickLateMs.reset();
    this.syscallTicksRunning.reset();
    this.syscallTicksAll.reset();
  },
};
