// What the client may know about solo challenge levels: the catalog entry (over HTTP), the synced
// level view (a field of MachineState in a level room) and the level messages. The level files
// themselves, with their checks and hints, stay on the server (server/levels/).

import { schema, t, type SchemaType } from "@colyseus/schema";

/** Where a student may fetch the level catalog: GET LEVELS_API?player=<playerId>. */
export const LEVELS_API = "/api/levels";

export type LevelStatus = "locked" | "unlocked" | "completed";

/** One level on the level map. */
export interface LevelSummary {
  id: string;
  /** 1-based position on the path (from the file name: 01-hello-kernel.json). */
  order: number;
  title: string;
  /** The one idea the level teaches. */
  idea: string;
  /** The public source a teacher trusts (man page section, OSTEP chapter). */
  source: string;
  status: LevelStatus;
  /** This player's best score, or null before the first win. */
  best: number | null;
}

export interface LevelCatalog {
  levels: LevelSummary[];
}

/** Metrics of one attempt (the score is computed from them on the server). */
export interface AttemptMetrics {
  syscalls: number;
  cpuTicks: number;
  faults: number;
  hints: number;
}

/** One objective of the level as the HUD shows it. */
export const ObjectiveView = schema(
  {
    goal: t.string().default(""),
    done: t.boolean().default(false),
    /** Broken for good in this attempt (a "never" that happened). */
    broken: t.boolean().default(false),
  },
  "ObjectiveView",
);
export type ObjectiveView = SchemaType<typeof ObjectiveView>;

/** Attempt phases: the clock waits in "briefing" until the player sends `begin`. */
export type LevelPhase = "briefing" | "playing" | "won" | "failed";

/** The level being played in this room (empty in other rooms). */
export const LevelView = schema(
  {
    id: t.string().default(""),
    order: t.uint8().default(0),
    title: t.string().default(""),
    idea: t.string().default(""),
    briefing: t.string().default(""),
    source: t.string().default(""),
    /** What the palette may send, in words ("write, getpid and memory loads"). */
    allowed: t.string().default(""),
    /** Syscall names (and "load", "store", "exec", "compute") the level accepts. */
    allowList: t.array("string"),
    /** LevelPhase. */
    phase: t.string().default("briefing"),
    /** "run": the clock starts with `begin`; "plan": queue actions first, `begin` runs them. */
    clock: t.string().default("run"),
    /** The win is judged only when the player sends `finish`. */
    finish: t.boolean().default(false),
    /** Outcomes a prediction may name; empty when the level takes no predictions. */
    predictions: t.array("string"),
    /** Actions queued before the clock runs (a "plan" level), in order. */
    plan: t.array("string"),
    /** The prediction waiting for the next action ("" when none). */
    predicted: t.string().default(""),
    objectives: t.array(ObjectiveView),
    hintsTotal: t.uint8().default(0),
    /** Hints revealed so far, in order. */
    hints: t.array("string"),
    syscalls: t.uint32().default(0),
    cpuTicks: t.uint32().default(0),
    faults: t.uint32().default(0),
    score: t.int32().default(0),
    /** Why the attempt ended ("" while playing). */
    outcome: t.string().default(""),
    /** Debrief, filled in when the level is won. */
    debrief: t.string().default(""),
    debriefLines: t.array("string"),
  },
  "LevelView",
);
export type LevelView = SchemaType<typeof LevelView>;

/** Server -> client messages of type S2C.LEVEL. */
export type LevelMessage =
  | { type: "hint"; index: number; text: string }
  | { type: "won"; score: number; best: number | null; metrics: AttemptMetrics; debrief: Debrief }
  | { type: "failed"; reason: string }
  | { type: "not-yet"; missing: string[] };

export interface Debrief {
  /** What happened in the kernel, in a few sentences. */
  kernel: string;
  /** The key audit-log lines of this attempt, as strace -f would print them, with the reasons. */
  lines: string[];
  /** Where to read more (man page section, OSTEP chapter). */
  source: string;
}
