// Classroom team play (issue 6): what the client may know. The synced round view (a field of
// MachineState in a classroom room), the classroom messages, the round results with their
// explanation, and the replay API's frames. Imports nothing from server/ or client/.

import { schema, t, type SchemaType } from "@colyseus/schema";
import type { Mitigation } from "./params.ts";

/** Where the replay viewer fetches recorded rounds: GET CLASSROOM_API/rounds/:id[/at/:tick]. */
export const CLASSROOM_API = "/api/classroom";

/** "race": every team races its workload. "ringwars": team 0 sets the kernel's policy, the others look for legitimate ways in. */
export const VARIANTS = ["race", "ringwars"] as const;
export type Variant = (typeof VARIANTS)[number];

/** Teams in a classroom room. */
export const MIN_CLASS_TEAMS = 2;
export const MAX_CLASS_TEAMS = 6;
/** Students one classroom machine takes (30 is the design point; 60 must still play). */
export const CLASS_MAX_PLAYERS = 60;
/** Round length in ticks unless the room is told otherwise (2 minutes at TICK_HZ 5). */
export const DEFAULT_ROUND_TICKS = 600;
/** Physical frames of a classroom machine: enough for everyone's start, not for everyone's workload. */
export const CLASS_FRAMES = 256;
export const CLASS_CORES = 4;

/** Round phases: "waiting" until the machine first ticks (the hosted lobby), then one round after another. */
export type RoundPhase = "waiting" | "playing" | "ended";

/** A team's part in a round. */
export type TeamRole = "race" | "policy" | "attack";

/** One team as the HUD, the scoreboard and the projector see it. */
export const TeamView = schema(
  {
    name: t.string().default(""),
    color: t.string().default(""),
    role: t.string().default("race"),
    members: t.uint8().default(0),
    /** Workload progress, 0..100. */
    progress: t.uint8().default(0),
    filesRead: t.uint8().default(0),
    computed: t.uint16().default(0),
    pages: t.uint16().default(0),
    written: t.boolean().default(false),
    score: t.int32().default(0),
    oomKills: t.uint8().default(0),
    faults: t.uint16().default(0),
    denials: t.uint16().default(0),
    /** Ring Wars: flags captured (attackers) or legitimate calls denied (policy team). */
    captures: t.uint8().default(0),
    /** Tick the workload was finished (0: not yet). */
    finishedAt: t.uint32().default(0),
  },
  "TeamView",
);
export type TeamView = SchemaType<typeof TeamView>;

/** The round being played (classroom rooms only; empty elsewhere). */
export const ClassroomView = schema(
  {
    variant: t.string().default(""),
    round: t.uint8().default(0),
    /** RoundPhase. */
    phase: t.string().default("waiting"),
    roundTicks: t.uint32().default(0),
    startTick: t.uint32().default(0),
    endTick: t.uint32().default(0),
    /** The workload every team races: files to read, compute ticks, pages to fill, then write the result. */
    inputs: t.uint8().default(0),
    computeTicks: t.uint16().default(0),
    pagesToFill: t.uint16().default(0),
    teams: t.array(TeamView),
    /** Winning team index once the round ended (-1 before, or a tie). */
    winner: t.int8().default(-1),
    /** The end-of-round explanation: one headline, then the reasons, from the audit log. */
    headline: t.string().default(""),
    explanation: t.array("string"),
    /** Ring Wars: hardening switches that are on ("kpti,smap"), and the protected file. */
    mitigations: t.string().default(""),
    vault: t.string().default(""),
    /** Id of the last recorded round in the store (the replay viewer's address). */
    replayId: t.string().default(""),
  },
  "ClassroomView",
);
export type ClassroomView = SchemaType<typeof ClassroomView>;

/** Per team, how its processes spent the round's ticks (process-ticks). */
export interface TickShares {
  running: number;
  waiting: number;
  blocked: number;
  /** Asleep with nothing queued: the player had not asked for anything. */
  idle: number;
  stopped: number;
}

/** The parts a team's score is made of (each already in points). */
export interface ScoreParts {
  work: number;
  finishBonus: number;
  faults: number;
  oom: number;
  responsiveness: number;
  ringWars: number;
}

export interface TeamResult {
  team: number;
  name: string;
  role: TeamRole;
  score: number;
  parts: ScoreParts;
  progress: number;
  finishedAt: number;
  ticks: TickShares;
  oomKills: number;
  /** Faults by si_code (SEGV_MAPERR, SEGV_ACCERR, ...). */
  faults: Record<string, number>;
  /** Denied syscalls by errno. */
  denials: Record<string, number>;
  /** Mean ticks a queued action waited for the CPU. */
  meanWait: number;
  actions: number;
  captures: number;
  illegitimate: number;
  legitDenied: number;
  /** Policy team: illegitimate attempts of the other teams that the kernel refused. */
  blocked: number;
}

/** What the end-of-round screen shows. */
export interface RoundResult {
  round: number;
  variant: Variant;
  winner: number;
  headline: string;
  lines: string[];
  teams: TeamResult[];
  startTick: number;
  endTick: number;
  replayId: string;
}

/** Server -> client messages of type S2C.CLASSROOM. */
export type ClassroomMessage =
  | { type: "round-start"; round: number; endTick: number }
  | { type: "round-end"; result: RoundResult }
  | { type: "oom"; victim: number; nick: string; team: number; badness: number; rss: number; reason: string }
  | { type: "policy"; text: string }
  | { type: "capture"; team: number; path: string; how: string };

/** The replay viewer's answer for one tick: the whole machine, public data only. */
export interface ReplayFrame {
  tick: number;
  policy: string;
  cores: { pid: number; team: number; nick: string }[];
  runQueue: { pid: number; team: number; nick: string }[];
  /** Owner team of each frame: -3 free, -2 kernel, -1 system or nobody's team. */
  frames: number[];
  procs: { pid: number; team: number; nick: string; state: string }[];
  /** Audit lines of the last ticks, newest last. */
  feed: { tick: number; pid: number; text: string; reason: string; errno?: string }[];
  mitigations: Mitigation[];
}

/** GET CLASSROOM_API/rounds/:id: the round's metadata for the timeline. */
export interface ReplayMeta {
  id: string;
  round: number;
  variant: Variant;
  startTick: number;
  endTick: number;
  finalHash: string;
  teams: { name: string; color: string }[];
  result: RoundResult;
}

/** Frame owner codes in ReplayFrame.frames. */
export const FRAME_FREE = -3;
export const FRAME_KERNEL = -2;
export const FRAME_OTHER = -1;

/** The classroom round as the projector shows it (public: team totals, kernel lines without arguments). */
export interface ClassroomGlance {
  variant: Variant;
  round: number;
  phase: RoundPhase;
  secondsLeft: number;
  teams: { name: string; color: string; role: TeamRole; members: number; progress: number; score: number; oomKills: number; faults: number; denials: number; captures: number; finishedAt: number }[];
  winner: number;
  headline: string;
  explanation: string[];
  mitigations: string;
  replayId: string;
  /** The live audit feed: denials, faults, OOM kills, policy changes (newest last). */
  feed: { tick: number; team: number; text: string; reason: string }[];
}
