// Hosted class sessions: what the teacher page, the student client and the server share.
// The teacher channel's events and validated actions, the student-visible session states, the
// join code's alphabet, and the dashboard's data shapes. Imports nothing from server/ or client/.

import { z } from "zod";
import { NICKNAME_MAX } from "./protocol.ts";
import { CAP, type CapName } from "./abi/caps.ts";
import { VARIANTS, type ClassroomGlance } from "./classroom.ts";

/** Join codes: 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L). */
export const JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const JOIN_CODE_LENGTH = 6;

/** Turn what a student typed ("ab c-23x") into a code ("ABC23X"), or undefined if it cannot be one. */
export function normalizeJoinCode(typed: unknown): string | undefined {
  if (typeof typed !== "string") return undefined;
  const code = typed.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== JOIN_CODE_LENGTH) return undefined;
  for (const c of code) if (!JOIN_CODE_ALPHABET.includes(c)) return undefined;
  return code;
}

/**
 * The modes a teacher can host, and the Colyseus room each one runs in. `studentPage`: the
 * student page can enter it by code (a mode whose page part is missing is not offered).
 */
export const HOSTED_MODE = {
  sandbox: { label: "Sandbox (one shared machine)", room: "hosted-sandbox", perStudent: false, studentPage: true },
  levels: { label: "Solo levels (each student their own machine)", room: "hosted-level", perStudent: true, studentPage: true },
  classroom: { label: "Classroom team play (teams share one kernel)", room: "hosted-classroom", perStudent: false, studentPage: true },
} as const;
export type HostedMode = keyof typeof HOSTED_MODE;
export const HOSTED_MODES = Object.keys(HOSTED_MODE) as HostedMode[];

/** Refusal code of a hosted room's own checks (a nickname not for class); Colyseus owns 4000-4010. */
export const HOST_REFUSED = 4110;

/** Lobby -> running <-> paused -> ended. */
export type SessionStatus = "lobby" | "running" | "paused" | "ended";

/**
 * The pause reasons a hosted room shows (MachineState.pauseReason). The student client tells the
 * lobby, a teacher's pause and the end apart by these exact strings.
 */
export const PAUSE_REASON = {
  lobby: "waiting for the teacher to start",
  teacher: "paused by teacher",
  ended: "session ended",
} as const;

/** Teams: at most one per Okabe-Ito colour. 0 = no teams. */
export const MAX_TEAMS = 7;
export const TEAM_NAMES = ["Orange", "Sky", "Green", "Yellow", "Blue", "Vermillion", "Purple"] as const;
/** Okabe-Ito, the team colours (the same order as the game's owner colours). */
export const TEAM_COLORS = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"] as const;

export const MAX_FREEZE_TICKS = 200;
export const MAX_PRESSURE_FRAMES = 512;
export const SESSION_NAME_MAX = 60;

export const POLICIES = ["rr", "mlfq", "fair"] as const;

/** The create-session form. */
export const CreateSession = z.object({
  name: z.string().trim().min(1, "give the session a name").max(SESSION_NAME_MAX, `at most ${SESSION_NAME_MAX} characters`),
  mode: z.enum(HOSTED_MODES as [HostedMode, ...HostedMode[]]),
  teamCount: z.number().int().min(0).max(MAX_TEAMS).default(0),
  lateJoin: z.boolean().default(true),
  /** Level ids students may play (solo levels mode); empty = every level. */
  unlocked: z.array(z.string().max(40)).max(100).default([]),
  policy: z.enum(POLICIES).default("rr"),
  /** Classroom team play: every team races its workload, or Ring Wars (team 1 sets the policy). */
  variant: z.enum(VARIANTS).default("race"),
  /** Classroom team play: how long a round lasts. */
  roundSeconds: z.number().int().min(20).max(1800).default(120),
});
export type CreateSession = z.infer<typeof CreateSession>;
export type SessionSettings = CreateSession;

const capNames = Object.keys(CAP) as [CapName, ...CapName[]];
const playerKey = z.string().min(1).max(64);
/** Who an injection targets: one student, one team, or every student process. */
const Target = z.union([z.object({ player: playerKey }), z.object({ team: z.number().int().min(0).max(MAX_TEAMS - 1) }), z.object({ all: z.literal(true) })]);

/** Everything a teacher can do, validated at the edge of the teacher channel. */
export const TeacherAction = z.discriminatedUnion("type", [
  z.object({ type: z.literal("start") }),
  z.object({ type: z.literal("pause") }),
  z.object({ type: z.literal("resume") }),
  z.object({ type: z.literal("end") }),
  z.object({ type: z.literal("kick"), player: playerKey }),
  z.object({ type: z.literal("rename"), player: playerKey, nick: z.string().max(NICKNAME_MAX * 2) }),
  z.object({ type: z.literal("team"), player: playerKey, team: z.number().int().min(-1).max(MAX_TEAMS - 1) }),
  z.object({ type: z.literal("balance") }),
  z.object({ type: z.literal("settings"), lateJoin: z.boolean().optional(), unlocked: z.array(z.string().max(40)).max(100).optional() }),
  z.object({ type: z.literal("pressure"), frames: z.number().int().min(1).max(MAX_PRESSURE_FRAMES) }),
  z.object({ type: z.literal("release") }),
  z.object({ type: z.literal("revoke"), cap: z.enum(capNames), target: Target }),
  z.object({ type: z.literal("freeze"), ticks: z.number().int().min(1).max(MAX_FREEZE_TICKS) }),
  /** Change the scheduling policy of the running machine (mid-round). */
  z.object({ type: z.literal("policy"), policy: z.enum(POLICIES) }),
  /** Classroom team play: start the next round once the last one ended. */
  z.object({ type: z.literal("round") }),
]);
export type TeacherAction = z.infer<typeof TeacherAction>;
export type TeacherActionType = TeacherAction["type"];

/** The answer to every teacher action (socket.io acknowledgement). */
export type ActionAck = { ok: true; message?: string } | { ok: false; error: string };

/** socket.io: the teacher channel's namespace and event names. */
export const TEACHER_NS = "/host";
export const TEACHER_EV = {
  /** client -> server: a TeacherAction, answered with an ActionAck. */
  ACT: "act",
  /** server -> client: the whole dashboard (on connect). */
  SNAPSHOT: "snapshot",
  /** server -> client: what changed since the last update (batched, ~4 per second). */
  UPDATE: "update",
  /** server -> client: the projector's public view (no private data). */
  PROJECTOR: "projector",
  /** server -> client: a readable refusal (unknown session, not the host). */
  DENIED: "denied",
} as const;

/** Per-student counters: what the roster, the report and the CSV show. */
export interface StudentCounts {
  granted: number;
  /** Denied syscalls by errno name. */
  denied: Record<string, number>;
  /** Faults by kind: SEGV_MAPERR, SEGV_ACCERR, OOM_KILL. */
  faults: Record<string, number>;
  levels: string[];
  score: number;
}

export interface RosterRow {
  /** Public key of the student in this session (never their browser id). */
  key: string;
  nick: string;
  team: number;
  connected: boolean;
  kicked: boolean;
  pid: number;
  counts: StudentCounts;
  joinedAt: string;
  lastSeenAt: string;
}

/** One line of the live audit feed. */
export interface FeedItem {
  seq: number;
  /** Wall-clock time (ms since epoch) the server saw it. */
  at: number;
  tick: number;
  kind: "syscall" | "access" | "violation" | "teacher" | "oom" | "join" | "leave";
  key: string;
  nick: string;
  team: number;
  ok: boolean;
  errno?: string;
  fault?: string;
  text: string;
  reason: string;
}

/** One chart sample: per series (team name or "students"/"system"), CPU share 0..1 and resident pages. */
export interface ChartPoint {
  /** Seconds since epoch. */
  t: number;
  cpu: Record<string, number>;
  rss: Record<string, number>;
}

/** The machine at a glance: public, for the projector and the dashboard. */
export interface MachineGlance {
  tick: number;
  policy: string;
  frozen: boolean;
  cores: { pid: number; nick: string; team: number }[];
  runQueue: { pid: number; nick: string; team: number }[];
  /** Frames per owner kind: by team index, "free", "kernel", "system", "students". */
  frames: Record<string, number>;
  totalFrames: number;
  procs: { pid: number; nick: string; team: number; state: string }[];
}

export interface SessionInfo {
  id: string;
  code: string;
  name: string;
  mode: HostedMode;
  status: SessionStatus;
  settings: SessionSettings;
  joinUrl: string;
  /** The join link as a QR code (an SVG data: URL). */
  qr: string;
  createdAt: string;
  startedAt?: string;
  endedAt?: string;
}

export interface DashboardSnapshot {
  session: SessionInfo;
  roster: RosterRow[];
  feed: FeedItem[];
  chart: ChartPoint[];
  machine?: MachineGlance;
}

export interface DashboardUpdate {
  session?: SessionInfo;
  roster?: RosterRow[];
  feed?: FeedItem[];
  chart?: ChartPoint[];
  machine?: MachineGlance;
}

/** The projector: no browser ids, no per-student errors; nicknames as the class sees them in game. */
export interface ProjectorView {
  name: string;
  code: string;
  joinUrl: string;
  qr: string;
  status: SessionStatus;
  teamCount: number;
  students: { nick: string; team: number; connected: boolean }[];
  teams: { team: number; students: number; score: number; granted: number; denied: number; faults: number }[];
  machine?: MachineGlance;
  /** Recent public happenings: injections, OOM kills. */
  happenings: { at: number; text: string }[];
  /** Classroom team play: the round, the scoreboard, the live audit feed. */
  classroom?: ClassroomGlance;
}

/** GET /api/join/:code: what a student's page learns before joining. */
export interface JoinInfo {
  ok: true;
  code: string;
  name: string;
  mode: HostedMode;
  room: string;
  status: SessionStatus;
  lateJoin: boolean;
  teamCount: number;
  /** Solo levels: the level ids the teacher opened ([] = all). */
  unlocked: string[];
  /** Friendly generated nicknames to pick from. */
  suggestions: string[];
}

/** The student's own summary, sent when the session ends. */
export const CLASS_SUMMARY = "class-summary";
export interface ClassSummary {
  name: string;
  nick: string;
  team: number;
  counts: StudentCounts;
}

/** A past session, as "my past sessions" lists it. */
export interface PastSession {
  id: string;
  name: string;
  code: string;
  mode: HostedMode;
  status: SessionStatus;
  students: number;
  createdAt: string;
  endedAt?: string;
}

/** The report page: the session and one row per student. */
export interface SessionReport {
  session: Omit<SessionInfo, "qr" | "joinUrl">;
  students: RosterRow[];
}

export function teamName(team: number): string {
  return team >= 0 && team < TEAM_NAMES.length ? TEAM_NAMES[team] : "no team";
}

export function emptyCounts(): StudentCounts {
  return { granted: 0, denied: {}, faults: {}, levels: [], score: 0 };
}

export function sum(r: Record<string, number>): number {
  let n = 0;
  for (const v of Object.values(r)) n += v;
  return n;
}
