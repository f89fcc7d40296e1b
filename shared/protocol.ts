// The room protocol: every message a client may send, its schema, and what the server sends back.
// One file of tagged messages plus a version, validated at the edge (server) and before sending
// (client). The client sends intentions only; the kernel on the server decides.

import { z } from "zod";
import { MAX_ARG_TEXT } from "./args.ts";
import { SYSCALLS } from "./abi/syscalls.ts";
import { CAP, type CapName } from "./abi/caps.ts";

/** Bump when a message or the synced state changes shape; a stale page is told to reload. */
export const PROTOCOL_VERSION = 2;

/** Room names the matchmaker knows. */
export const ROOM = {
  SANDBOX: "sandbox",
  LEVEL: "level",
  CLASSROOM: "classroom",
} as const;
export type RoomName = (typeof ROOM)[keyof typeof ROOM];

export const NICKNAME_MAX = 20;

/** Options a client passes when it joins any game room. */
export const JoinOptions = z.object({
  protocol: z.number().int(),
  nickname: z.string().trim().min(1, "pick a nickname").max(NICKNAME_MAX, `at most ${NICKNAME_MAX} characters`),
  /** Anonymous id the browser keeps in localStorage (no personal data). */
  playerId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "malformed player id"),
  /** Join a specific room by its code (sessions); otherwise any open sandbox. */
  joinCode: z.string().max(16).optional(),
  /** Which level a level room plays (its create options carry the same field). */
  levelId: z.string().regex(/^[a-z0-9-]{1,40}$/, "malformed level id").optional(),
});
export type JoinOptions = z.infer<typeof JoinOptions>;

const argInput = z.union([z.number().int().finite(), z.string().max(MAX_ARG_TEXT)]);
const syscallNames = SYSCALLS.map((s) => s.name) as [string, ...string[]];

/** Which of my processes acts (a player owns its process and the children it forked). */
const pidField = z.number().int().positive().optional();

export const Msg = {
  /** Issue a syscall: by name from the palette, or by raw number (unknown numbers are ENOSYS). */
  syscall: z
    .object({
      pid: pidField,
      name: z.enum(syscallNames).optional(),
      nr: z.number().int().min(0).max(1023).optional(),
      args: z.array(argInput).max(6),
    })
    .refine((m) => (m.name === undefined) !== (m.nr === undefined), "give either a syscall name or a number"),
  /** Touch memory: a load, store or instruction fetch at an address. */
  access: z.object({
    pid: pidField,
    op: z.enum(["load", "store", "exec"]),
    addr: z.union([z.string().max(24), z.number().int().nonnegative()]),
    value: z.number().int().min(0).max(255).optional(),
  }),
  /** Spend CPU ticks computing in user mode (the workload). */
  compute: z.object({ pid: pidField, ticks: z.number().int().min(1).max(20) }),
  /** Choose which of my processes the palette drives. */
  select: z.object({ pid: z.number().int().positive() }),
  /** Start a fresh process after mine died. */
  respawn: z.object({}),
  /** Drop my queued actions. */
  cancel: z.object({ pid: pidField }),
  /** Type a line on my terminal (what read(0, ...) returns). */
  input: z.object({ pid: pidField, text: z.string().max(256) }),
  /** Transport round trip, answered by the room without the kernel. */
  ping: z.object({ t: z.number() }),
  /** Level rooms: start the clock (after the briefing, or to run a planned queue). */
  begin: z.object({}),
  /** Level rooms: reveal the next hint (each one lowers the score). */
  hint: z.object({}),
  /** Level rooms: say what the kernel will answer to my next action ("ok", an errno, SIGSEGV). */
  predict: z.object({ outcome: z.string().regex(/^(ok|E[A-Z0-9]{1,14}|SIG[A-Z0-9]{1,10})$/, "an outcome is ok, an errno name or a signal name") }),
  /** Level rooms: I am done; judge the final state. */
  finish: z.object({}),
  /** Classroom rooms, Ring Wars: the policy team changes the kernel's policy (see docs/classroom.md). */
  policy: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("chmod"), path: z.string().min(1).max(200), mode: z.string().regex(/^[0-7]{3,4}$/, "a mode is 3 or 4 octal digits, like 0640") }),
    z.object({ kind: z.literal("group"), team: z.number().int().min(0).max(7), member: z.boolean() }),
    z.object({ kind: z.literal("cap"), team: z.number().int().min(0).max(7), cap: z.enum(Object.keys(CAP) as [CapName, ...CapName[]]), grant: z.boolean() }),
    z.object({ kind: z.literal("allow"), team: z.number().int().min(0).max(7), syscalls: z.array(z.enum(syscallNames)).max(64).nullable() }),
    z.object({ kind: z.literal("mitigation"), name: z.enum(["smep", "smap", "kpti"]), on: z.boolean() }),
  ]),
  /** Classroom rooms without a teacher: start the next round once the last one ended. */
  round: z.object({}),
} as const;

/** Messages only some game modes take; the session hands them to the mode's hooks. */
export const MODE_MESSAGES = ["begin", "hint", "predict", "finish", "policy", "round"] as const satisfies readonly (keyof typeof Msg)[];
export type ModeMsgType = (typeof MODE_MESSAGES)[number];

export type MsgType = keyof typeof Msg;
export type MsgOf<K extends MsgType> = z.infer<(typeof Msg)[K]>;

/** Server -> client message types. */
export const S2C = {
  /** The outcome of one of my actions (ActionResult from the kernel). */
  RESULT: "result",
  /** Something happened to my processes: a signal, an exit, an OOM kill. */
  EVENT: "event",
  /** A readable error about a message I sent (malformed, forged, too many). */
  NOTICE: "notice",
  PONG: "pong",
  /** Bytes: my whole private view (page table, vmas, fds, log, terminal), on join and reconnect (shared/private.ts). */
  PRIVATE_FULL: "private.full",
  /** Bytes: what changed in my private view since the last PRIVATE or PRIVATE_FULL. */
  PRIVATE: "private",
  /** Level rooms: a hint, the win with its debrief, a failed attempt, or what is still missing (LevelMessage). */
  LEVEL: "level",
  /** Classroom rooms: round start and end (with the explanation), OOM kills with the reason, policy changes (ClassroomMessage). */
  CLASSROOM: "classroom",
} as const;

export interface Notice {
  level: "error" | "info";
  /** What went wrong, in words a student can act on. */
  message: string;
}

/**
 * Close / error codes with a reason the client can show. 4100+ because Colyseus itself uses
 * 4000-4010 (consented, server shutdown, with error, failed to reconnect, may try reconnect).
 */
export const CLOSE = {
  PROTOCOL_MISMATCH: 4101,
  ROOM_FULL: 4102,
  KICKED: 4103,
} as const;

/** Turn a zod error into one readable sentence: "args.1: expected number, received boolean". */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ` : "") + i.message)
    .join("; ");
}
