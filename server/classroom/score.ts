// Scoring a classroom round (pure): work done (workload progress, a bonus for finishing and for
// finishing first), minus faults and OOM kills, plus a responsiveness bonus for interactive work
// (how long the team's queued actions waited for a CPU), plus Ring Wars points. Every input is
// measured by the server from the kernel; nothing comes from a client's claim.

import type { ScoreParts, TeamRole } from "../../shared/classroom.ts";

export const CLASS_SCORE = {
  /** Points for a whole workload (progress 0..1 scales it). */
  WORK: 1000,
  /** Finishing the workload, and the extra for each team that finished later (first gets the most). */
  FINISH: 200,
  FINISH_ORDER_STEP: 50,
  /** Per SIGSEGV (or other fatal fault) of a team process. */
  PER_FAULT: 25,
  /** Per process of the team the OOM killer chose. */
  PER_OOM_KILL: 150,
  /** Responsiveness: this many points when queued actions never waited... */
  RESPONSIVE_MAX: 200,
  /** ...and half of it when they waited this many ticks on average. */
  RESPONSIVE_HALF_TICKS: 6,
  /** Ring Wars, attackers: a flag read by a new legitimate way; an illegitimate attempt. */
  CAPTURE: 300,
  ILLEGITIMATE: 30,
  /** Ring Wars, policy team: per illegitimate attempt the kernel refused; per legitimate call it denied; per capture. */
  BLOCKED: 10,
  LEGIT_DENIED: 40,
  CAPTURED: 200,
  /** Ring Wars, policy team: the attackers' mean workload progress (0..1) times this (a machine that works). */
  THROUGHPUT: 600,
} as const;

/** What a team did in a round, as the server measured it. */
export interface TeamTally {
  role: TeamRole;
  /** Workload progress 0..1. */
  progress: number;
  /** 0-based position among the teams that finished (undefined: did not finish). */
  finishOrder?: number;
  faults: number;
  oomKills: number;
  /** Actions completed and the ticks they waited in the run queue in all. */
  actions: number;
  waitTicks: number;
  captures: number;
  illegitimate: number;
  /** Policy team: illegitimate attempts the kernel refused, legitimate calls its policy denied. */
  blocked: number;
  legitDenied: number;
  /** Policy team: flags the attackers captured, and their mean workload progress (0..1). */
  capturedByOthers: number;
  othersProgress: number;
}

/** Mean ticks a queued action waited for the CPU (0 when there were none). */
export function meanWait(t: Pick<TeamTally, "actions" | "waitTicks">): number {
  return t.actions > 0 ? t.waitTicks / t.actions : 0;
}

/** The responsiveness bonus: RESPONSIVE_MAX for no waiting, half at RESPONSIVE_HALF_TICKS, 0 without actions. */
export function responsiveness(t: Pick<TeamTally, "actions" | "waitTicks">): number {
  if (t.actions === 0) return 0;
  return Math.round(CLASS_SCORE.RESPONSIVE_MAX / (1 + meanWait(t) / CLASS_SCORE.RESPONSIVE_HALF_TICKS));
}

/** The score's parts for one team. */
export function scoreParts(t: TeamTally): ScoreParts {
  const S = CLASS_SCORE;
  const ringWars =
    t.role === "attack" ? S.CAPTURE * t.captures - S.ILLEGITIMATE * t.illegitimate :
    t.role === "policy" ? S.BLOCKED * t.blocked - S.LEGIT_DENIED * t.legitDenied - S.CAPTURED * t.capturedByOthers + Math.round(S.THROUGHPUT * clamp01(t.othersProgress)) :
    0;
  return {
    work: t.role === "policy" ? 0 : Math.round(S.WORK * clamp01(t.progress)),
    finishBonus: t.role === "policy" || t.finishOrder === undefined ? 0 : Math.max(0, S.FINISH + S.FINISH_ORDER_STEP * (2 - t.finishOrder)),
    faults: -S.PER_FAULT * t.faults,
    oom: -S.PER_OOM_KILL * t.oomKills,
    responsiveness: t.role === "policy" ? 0 : responsiveness(t),
    ringWars,
  };
}

/** The total of the parts. */
export function total(p: ScoreParts): number {
  return p.work + p.finishBonus + p.faults + p.oom + p.responsiveness + p.ringWars;
}

/** Index of the highest score, or -1 on a tie at the top (or no teams). */
export function winnerOf(scores: readonly number[]): number {
  let best = -1;
  let tie = false;
  for (let i = 0; i < scores.length; i++) {
    if (best < 0 || scores[i] > scores[best]) {
      best = i;
      tie = false;
    } else if (scores[i] === scores[best]) tie = true;
  }
  return tie ? -1 : best;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.max(0, Math.min(1, x)) : 0;
}
