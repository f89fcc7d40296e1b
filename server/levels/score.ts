// The score of a won attempt: full marks at or below the level's par, minus a cost for every
// syscall, CPU tick and fault beyond it and for every hint. Higher is better; a win never scores
// below SCORE.MIN.

import type { AttemptMetrics } from "../../shared/levels/types.ts";

export const SCORE = {
  MAX: 1000,
  MIN: 100,
  PER_SYSCALL: 20,
  PER_TICK: 5,
  PER_FAULT: 100,
  PER_HINT: 150,
} as const;

export interface Par {
  syscalls: number;
  cpuTicks: number;
  faults?: number;
}

/** Score of a won attempt with these metrics against the level's par. */
export function scoreOf(m: AttemptMetrics, par: Par): number {
  const over = (v: number, p: number) => Math.max(0, v - p);
  const cost =
    SCORE.PER_SYSCALL * over(m.syscalls, par.syscalls) +
    SCORE.PER_TICK * over(m.cpuTicks, par.cpuTicks) +
    SCORE.PER_FAULT * over(m.faults, par.faults ?? 0) +
    SCORE.PER_HINT * m.hints;
  return Math.max(SCORE.MIN, SCORE.MAX - cost);
}
