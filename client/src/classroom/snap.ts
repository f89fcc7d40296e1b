// The classroom round read from the synced state's JSON (MachineState.classroom), and the pure
// helpers of the classroom screens (time left, the workload checklist), testable without Phaser.

import { TICK_HZ } from "../../../shared/params.ts";

export interface TeamSnap {
  name: string;
  color: string;
  role: "race" | "policy" | "attack";
  members: number;
  progress: number;
  filesRead: number;
  computed: number;
  pages: number;
  written: boolean;
  score: number;
  oomKills: number;
  faults: number;
  denials: number;
  captures: number;
  finishedAt: number;
}

export interface ClassroomSnap {
  variant: "race" | "ringwars";
  round: number;
  phase: "waiting" | "playing" | "ended";
  roundTicks: number;
  startTick: number;
  endTick: number;
  inputs: number;
  computeTicks: number;
  pagesToFill: number;
  teams: TeamSnap[];
  winner: number;
  headline: string;
  explanation: string[];
  mitigations: string;
  vault: string;
  replayId: string;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

/** The classroom part of a state snapshot, or undefined outside a classroom room. */
export function classroomOf(state: unknown): ClassroomSnap | undefined {
  const c = obj(obj(state).classroom);
  if (!c.variant) return undefined;
  const teams = (Array.isArray(c.teams) ? c.teams : []).map((x): TeamSnap => {
    const t = obj(x);
    const role = str(t.role);
    return {
      name: str(t.name), color: str(t.color) || "#b8b8c8", role: role === "policy" || role === "attack" ? role : "race", members: num(t.members), progress: num(t.progress),
      filesRead: num(t.filesRead), computed: num(t.computed), pages: num(t.pages), written: t.written === true, score: num(t.score), oomKills: num(t.oomKills),
      faults: num(t.faults), denials: num(t.denials), captures: num(t.captures), finishedAt: num(t.finishedAt),
    };
  });
  const phase = str(c.phase);
  return {
    variant: c.variant === "ringwars" ? "ringwars" : "race", round: num(c.round), phase: phase === "playing" || phase === "ended" ? phase : "waiting",
    roundTicks: num(c.roundTicks), startTick: num(c.startTick), endTick: num(c.endTick), inputs: num(c.inputs), computeTicks: num(c.computeTicks),
    pagesToFill: num(c.pagesToFill), teams, winner: typeof c.winner === "number" ? c.winner : -1, headline: str(c.headline),
    explanation: Array.isArray(c.explanation) ? c.explanation.filter((x): x is string => typeof x === "string") : [], mitigations: str(c.mitigations),
    vault: str(c.vault), replayId: str(c.replayId),
  };
}

/** "1:05" left in the round at `tick` (the kernel's clock), "0:00" once over. */
export function timeLeft(c: Pick<ClassroomSnap, "endTick" | "roundTicks" | "phase">, tick: number): string {
  const ticks = c.phase === "waiting" ? c.roundTicks : c.phase === "ended" ? 0 : Math.max(0, c.endTick - tick);
  const s = Math.ceil(ticks / TICK_HZ);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export interface ChecklistItem {
  done: boolean;
  text: string;
  /** What to do for it, in the game's keys and calls. */
  how: string;
}

/** The team's workload as a checklist, with what to do for each part. */
export function checklist(c: ClassroomSnap, t: TeamSnap): ChecklistItem[] {
  const dir = `/teams/${t.name.toLowerCase()}`;
  return [
    { done: t.filesRead >= c.inputs, text: `read inputs ${t.filesRead}/${c.inputs}`, how: `open ${dir}/input-N.txt, then read(fd, 64, 64)` },
    { done: t.computed >= c.computeTicks, text: `compute ${t.computed}/${c.computeTicks} ticks`, how: "press C (each compute is CPU time you must be scheduled for)" },
    { done: t.pages >= c.pagesToFill, text: `fill pages ${t.pages}/${c.pagesToFill}`, how: "mmap or brk, then store (P) on each new page" },
    { done: t.written, text: t.written ? "result written" : "write the result", how: `open ${dir}/result.txt O_WRONLY, then write` },
  ];
}

/** Teams ranked for a scoreboard: highest score first. */
export function ranked(c: ClassroomSnap): (TeamSnap & { index: number })[] {
  return c.teams.map((t, index) => ({ ...t, index })).sort((a, b) => b.score - a.score || a.index - b.index);
}
