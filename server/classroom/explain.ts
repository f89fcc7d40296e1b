// The end-of-round explanation (pure): why the winner won, in sentences built from what the
// server measured in the kernel — each team's process-ticks by state, OOM kills, faults by kind,
// denials by errno, waiting for a CPU, and in Ring Wars the captures and refused attempts.

import type { RoundResult, TeamResult, TickShares, Variant } from "../../shared/classroom.ts";
import { CLASS_SCORE } from "./score.ts";
import { sumOf } from "./ledger.ts";

const pct = (n: number, of: number) => (of > 0 ? Math.round((100 * n) / of) : 0);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const times = (n: number) => (n === 1 ? "once" : n === 2 ? "twice" : `${n} times`);

function ticksOf(s: TickShares): number {
  return s.running + s.waiting + s.blocked + s.idle + s.stopped;
}

/** "EACCES 3, EPERM 1" (largest first). */
export function countsText(r: Record<string, number>): string {
  return Object.entries(r).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k} ${v}`).join(", ");
}

/** How a team spent its process-ticks, in words: "ran 30%, waited for a CPU 45%, blocked 5%, idle 20%". */
export function sharesText(s: TickShares): string {
  const all = ticksOf(s);
  if (all === 0) return "had no process on the machine";
  const parts = [`ran ${pct(s.running, all)}%`, `waited for a CPU ${pct(s.waiting, all)}%`];
  if (s.blocked) parts.push(`blocked ${pct(s.blocked, all)}%`);
  if (s.idle) parts.push(`idle ${pct(s.idle, all)}%`);
  if (s.stopped) parts.push(`stopped ${pct(s.stopped, all)}%`);
  return `${parts.join(", ")} of its process-ticks`;
}

/** The biggest things that held a team back, most costly first. */
export function drags(t: TeamResult): string[] {
  const out: { cost: number; text: string }[] = [];
  const all = ticksOf(t.ticks);
  if (t.oomKills) out.push({ cost: -t.parts.oom, text: `its processes were OOM-killed ${times(t.oomKills)} (highest badness: the most resident memory), and the pages they had filled died with them (${t.parts.oom} points)` });
  const faults = sumOf(t.faults);
  if (faults) out.push({ cost: -t.parts.faults, text: `${plural(faults, "fault")} killed or hurt its processes (SIGSEGV: ${countsText(t.faults)}; ${t.parts.faults} points)` });
  if (all > 0 && t.ticks.waiting / all >= 0.3) out.push({ cost: CLASS_SCORE.RESPONSIVE_MAX - t.parts.responsiveness, text: `it spent ${pct(t.ticks.waiting, all)}% of its process-ticks waiting in the run queue (a queued action waited ${t.meanWait} ticks on average): more runnable processes than cores` });
  if (all > 0 && t.ticks.blocked / all >= 0.2) out.push({ cost: 1, text: `it spent ${pct(t.ticks.blocked, all)}% of its process-ticks blocked in the kernel` });
  const denied = sumOf(t.denials);
  if (denied) out.push({ cost: 0, text: `the kernel denied ${plural(denied, "call")} (${countsText(t.denials)}) — each with its reason in the log` });
  if (t.illegitimate) out.push({ cost: t.illegitimate * CLASS_SCORE.ILLEGITIMATE, text: `${plural(t.illegitimate, "illegitimate attempt")} failed through the real mechanism (-${t.illegitimate * CLASS_SCORE.ILLEGITIMATE} points)` });
  if (t.legitDenied) out.push({ cost: t.legitDenied * CLASS_SCORE.LEGIT_DENIED, text: `its policy denied ${plural(t.legitDenied, "legitimate call")} of the other teams (-${t.legitDenied * CLASS_SCORE.LEGIT_DENIED} points)` });
  return out.sort((a, b) => b.cost - a.cost).map((x) => x.text);
}

/** One sentence for a team: score, what it did, what held it back. */
export function teamLine(t: TeamResult): string {
  const did =
    t.role === "policy" ? `saw the kernel refuse ${plural(t.blocked, "illegitimate attempt")} and earned ${t.parts.ringWars} Ring Wars points (refused attempts and the machine's throughput, minus legitimate work denied and flags read)` :
    t.finishedAt ? `finished its workload at tick ${t.finishedAt}` : `got ${t.progress}% through its workload`;
  const extra = t.role === "attack" && t.captures ? `; read the vault's flag by ${plural(t.captures, "legitimate way")} (+${t.captures * CLASS_SCORE.CAPTURE})` : "";
  const d = drags(t);
  return `Team ${t.name} (${t.score} points) ${did}${extra}; it ${sharesText(t.ticks)}${d.length ? `. Held back: ${d.slice(0, 2).join("; ")}` : ""}.`;
}

/** Headline and reasons for a finished round. */
export function explainRound(teams: readonly TeamResult[], winner: number, variant: Variant): { headline: string; lines: string[] } {
  if (teams.length === 0) return { headline: "Nobody played this round.", lines: [] };
  const ranked = [...teams].sort((a, b) => b.score - a.score || a.team - b.team);
  const w = winner >= 0 ? teams.find((t) => t.team === winner) : undefined;
  let headline: string;
  if (!w) headline = `A tie at the top: ${ranked.filter((t) => t.score === ranked[0].score).map((t) => `team ${t.name}`).join(" and ")} scored ${ranked[0].score}.`;
  else {
    const why =
      w.role === "policy" ? "the vault held and the machine kept working" :
      w.finishedAt ? `it finished its workload first, at tick ${w.finishedAt}` :
      `it got furthest through its workload (${w.progress}%)`;
    headline = `Team ${w.name} won with ${w.score} points: ${why}.`;
  }
  const lines = ranked.map(teamLine);
  const loser = ranked[ranked.length - 1];
  if (w && loser !== w) {
    const d = drags(loser);
    const all = ticksOf(loser.ticks);
    const biggest = all > 0 ? Math.max(loser.ticks.waiting, loser.ticks.blocked, loser.ticks.idle) : 0;
    const what = biggest === 0 ? "" : biggest === loser.ticks.waiting ? "waiting for a CPU" : biggest === loser.ticks.blocked ? "blocked in the kernel" : "idle (nothing queued)";
    if (what) lines.unshift(`Why: team ${loser.name} spent ${pct(biggest, all)}% of its process-ticks ${what}${d.length ? `, and ${d[0]}` : ""}.`);
  }
  if (variant === "ringwars") lines.push("Ring Wars: every illegitimate attempt failed through the kernel's own checks (mode bits, capabilities, the page table's U/S bit, seccomp); only a group, a set-user-ID helper or a world-readable file ever let anyone in.");
  return { headline, lines };
}

/** Fill in the explanation of a result whose teams are scored. */
export function withExplanation(r: Omit<RoundResult, "headline" | "lines">): RoundResult {
  const e = explainRound(r.teams, r.winner, r.variant);
  return { ...r, headline: e.headline, lines: e.lines };
}
