// The level being played, read from the synced state's JSON (MachineState.level), and the other
// pure helpers of the level screens, so they can be tested without Phaser, a DOM or a room.

export interface ObjectiveSnap {
  goal: string;
  done: boolean;
  broken: boolean;
}

export interface LevelSnap {
  id: string;
  order: number;
  title: string;
  idea: string;
  briefing: string;
  source: string;
  allowed: string;
  allowList: string[];
  phase: "briefing" | "playing" | "won" | "failed";
  clock: "run" | "plan";
  finish: boolean;
  predictions: string[];
  /** Actions queued before the clock runs (a plan level). */
  plan: string[];
  predicted: string;
  objectives: ObjectiveSnap[];
  hintsTotal: number;
  hints: string[];
  syscalls: number;
  cpuTicks: number;
  faults: number;
  score: number;
  outcome: string;
  debrief: string;
  debriefLines: string[];
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** The level in a state snapshot, or undefined outside a level room. */
export function levelOf(state: unknown): LevelSnap | undefined {
  const s = state as { mode?: unknown; level?: Record<string, unknown> } | null;
  const l = s?.level;
  if (!s || s.mode !== "level" || !l || !str(l.id)) return undefined;
  const phase = str(l.phase);
  return {
    id: str(l.id),
    order: num(l.order),
    title: str(l.title),
    idea: str(l.idea),
    briefing: str(l.briefing),
    source: str(l.source),
    allowed: str(l.allowed),
    allowList: strs(l.allowList),
    phase: phase === "playing" || phase === "won" || phase === "failed" ? phase : "briefing",
    clock: l.clock === "plan" ? "plan" : "run",
    finish: l.finish === true,
    predictions: strs(l.predictions),
    plan: strs(l.plan),
    predicted: str(l.predicted),
    objectives: (Array.isArray(l.objectives) ? l.objectives : []).map((o: Record<string, unknown>) => ({ goal: str(o?.goal), done: o?.done === true, broken: o?.broken === true })),
    hintsTotal: num(l.hintsTotal),
    hints: strs(l.hints),
    syscalls: num(l.syscalls),
    cpuTicks: num(l.cpuTicks),
    faults: num(l.faults),
    score: num(l.score),
    outcome: str(l.outcome),
    debrief: str(l.debrief),
    debriefLines: strs(l.debriefLines),
  };
}

/** A debrief line "[pid 3] write(...) = 5 — the reason" split into the strace part and the reason. */
export function splitLine(line: string): { call: string; why: string } {
  const i = line.indexOf(" \u2014 ");
  return i < 0 ? { call: line, why: "" } : { call: line.slice(0, i), why: line.slice(i + 3) };
}

/** Columns of the level map's grid (levels.css uses the same number). */
export const MAP_COLUMNS = 4;

/** Where focus goes from card i for a key in a grid of n cards, `cols` wide (stays put at the edges). */
export function moveFocus(i: number, key: string, n: number, cols = MAP_COLUMNS): number {
  const to = key === "ArrowRight" ? i + 1 : key === "ArrowLeft" ? i - 1 : key === "ArrowDown" ? i + cols : key === "ArrowUp" ? i - cols : key === "Home" ? 0 : key === "End" ? n - 1 : i;
  return to < 0 || to >= n ? i : to;
}

/** "LEVEL 03" */
export function levelLabel(order: number): string {
  return `LEVEL ${String(order).padStart(2, "0")}`;
}
