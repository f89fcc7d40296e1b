// The level file format (JSON, one file per level in shared/levels/) and its validation. The
// starting world reuses the scenario format's pieces (server/scenario/schema.ts: users, groups,
// files, processes, scheduler) and its step checks for the NPC script. Every error names the
// field: "check.all[2].args.prot: ..." (the loader adds the file name).

import { z } from "zod";
import { isErrnoName } from "../../shared/abi/errno.ts";
import { isSignalName, SI_CODE } from "../../shared/abi/signals.ts";
import { SYSCALLS, syscallByName } from "../../shared/abi/syscalls.ts";
import { parseScenario, ScenarioSchema, suggest } from "../scenario/schema.ts";
import { MATCH_FILTERS, MATCH_KINDS, STATE_KEYS, type Check } from "./check.ts";
import { parseNumber } from "./facts.ts";

const int = z.number().int();
const S = ScenarioSchema.shape;
const proc = S.processes.element;

/** Actions a level may allow besides syscalls (memory accesses and user-mode work). */
export const NON_SYSCALL_ACTIONS = ["load", "store", "exec", "compute"] as const;
/** The name an NPC script uses for the player's process ("$player"). */
export const PLAYER_REF = "player";
/** Outcomes a prediction may name besides errno names. */
export const PREDICTABLE_SIGNALS = ["SIGSEGV"] as const;

const scriptStep = z.strictObject({
  /** Ticks after the level's clock starts. */
  at: int.min(0).max(100000),
  /** Repeat every so many ticks. */
  every: int.min(1).max(100000).optional(),
  proc: z.string(),
  call: z.string(),
  args: z.array(z.union([int, z.string().max(1024)])).max(6).optional(),
});

const world = z.strictObject({
  seed: int.optional(),
  cores: S.cores,
  frames: S.frames,
  sched: S.sched,
  users: S.users,
  groups: S.groups,
  files: S.files,
  /** Other processes on the machine (daemons, CPU hogs), spawned in order before the player. */
  processes: z.array(proc).max(8).optional(),
  /** The player's process: limits, capabilities, nice (the uid is the player's own). */
  player: proc.pick({ rlimits: true, nice: true, caps: true, oomScoreAdj: true }).optional(),
  /** Ticks the machine runs before the player arrives (so CPU hogs settle into their queues). */
  warmup: int.min(0).max(1000).optional(),
  /** What the other processes do, and when. */
  script: z.array(scriptStep).max(16).optional(),
  /** Measure the player's CPU share until its processes have done this many ticks of work. */
  measure: z.strictObject({ work: int.min(1).max(1000) }).optional(),
});

const outcome = z.string().refine((s) => s === "ok" || isErrnoName(s) || (PREDICTABLE_SIGNALS as readonly string[]).includes(s), 'must be "ok", an errno name (EPERM) or SIGSEGV');

export const LevelFileSchema = z.strictObject({
  title: z.string().min(1).max(48),
  /** The one idea the level teaches, in a sentence. */
  idea: z.string().min(1).max(140),
  /** Objective number in LESSONS.md (1..14). */
  lesson: int.min(1).max(14),
  /** The source a teacher trusts: man page section or OSTEP chapter. */
  source: z.string().min(1).max(200),
  briefing: z.string().min(1).max(1200),
  /** Syscall names, plus "load", "store", "exec", "compute", that this level accepts. */
  allowed: z.array(z.string()).min(1).max(40),
  /** If given, every action must be preceded by a prediction naming one of these outcomes. */
  predictions: z.array(outcome).min(2).max(6).optional(),
  clock: z.enum(["run", "plan"]).optional(),
  /** The win is judged only when the player presses Finish (for checks on the final state). */
  finish: z.boolean().optional(),
  world,
  hints: z.array(z.string().min(1).max(400)).min(1).max(3),
  check: z.unknown(),
  /** The metrics of a good solution: only what goes beyond them lowers the score. */
  par: z.strictObject({ syscalls: int.min(0), cpuTicks: int.min(0), faults: int.min(0).optional() }),
  /** What happened in the kernel, for the win screen. */
  debrief: z.string().min(1).max(1500),
});

export type LevelFile = Omit<z.infer<typeof LevelFileSchema>, "check"> & { check: Check };

export type Parsed = { ok: true; level: LevelFile } | { ok: false; error: string };

/** "world.files[0].mode" from a path. */
export function pathText(path: readonly PropertyKey[]): string {
  let s = "";
  for (const k of path) s += typeof k === "number" ? `[${k}]` : s ? `.${String(k)}` : String(k);
  return s;
}

/** Validate a parsed JSON value as a level file; the first problem is named with its field path. */
export function parseLevel(json: unknown): Parsed {
  const r = LevelFileSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, error: `${pathText(i.path) || "(top level)"}: ${i.message}` };
  }
  const l = r.data;
  const allowedNames = [...SYSCALLS.map((s) => s.name), ...NON_SYSCALL_ACTIONS] as string[];
  for (const [i, a] of l.allowed.entries()) {
    if (!allowedNames.includes(a)) return fail(`allowed[${i}]`, `unknown action "${a}"${hint(a, allowedNames)}`);
  }
  const w = l.world;
  for (const [i, p] of (w.processes ?? []).entries()) {
    if (p.name === PLAYER_REF) return fail(`world.processes[${i}].name`, `"${PLAYER_REF}" is the player's own process; pick another name`);
  }
  const e = checkScript(l);
  if (e) return { ok: false, error: e };
  const c = checkNode(l.check, ["check"], true);
  if (c) return { ok: false, error: c };
  return { ok: true, level: l as LevelFile };
}

function fail(path: string, message: string): { ok: false; error: string } {
  return { ok: false, error: `${path}: ${message}` };
}

function hint(word: string, names: readonly string[]): string {
  const s = suggest(word, names);
  return s ? ` (did you mean "${s}"?)` : "";
}

/** The NPC script through the scenario validator (process names, syscall names, argument kinds). */
function checkScript(l: z.infer<typeof LevelFileSchema>): string | undefined {
  const steps = l.world.script ?? [];
  if (steps.length === 0) return undefined;
  const npcs = (l.world.processes ?? []).map((p) => p.name);
  for (const [i, s] of steps.entries()) {
    if (!npcs.includes(s.proc)) return `world.script[${i}].proc: no process named "${s.proc}" in world.processes${hint(s.proc, npcs)}`;
  }
  const processes = [...(l.world.processes ?? []), { name: PLAYER_REF, uid: 1 }];
  const r = parseScenario({ seed: 0, processes, steps: steps.map((s) => ({ proc: s.proc, call: s.call, args: s.args ?? [] })) });
  return r.ok ? undefined : `world.script${r.error.replace(/^steps/, "")}`;
}

type Path = (string | number)[];

/** Validate one check node; an error "path: message", or undefined. Top-level objectives need a goal. */
function checkNode(node: unknown, path: Path, top: boolean): string | undefined {
  const at = pathText(path);
  if (!isObject(node)) return `${at}: must be an object (all, any, never, count, sequence, state, or a match)`;
  const keys = Object.keys(node);
  if ("goal" in node && (typeof node.goal !== "string" || node.goal.length === 0 || node.goal.length > 120)) return `${at}.goal: must be a short text (1..120 characters)`;
  const needGoal = (): string | undefined => (typeof node.goal === "string" ? undefined : `${at}.goal: each objective needs a goal the player reads ("Write to fd 1")`);
  const only = (allowed: string[]): string | undefined => {
    const extra = keys.find((k) => !allowed.includes(k) && k !== "goal");
    return extra ? `${at}.${extra}: not allowed here (expected ${allowed.join(", ")})` : undefined;
  };
  for (const comb of ["all", "any"] as const) {
    if (!(comb in node)) continue;
    const list = node[comb];
    const bad = only([comb]);
    if (bad) return bad;
    if (!Array.isArray(list) || list.length === 0) return `${at}.${comb}: must be a non-empty list of checks`;
    if (top && comb === "all") {
      for (let i = 0; i < list.length; i++) {
        const e = checkNode(list[i], [...path, comb, i], false) ?? (typeof (list[i] as { goal?: unknown }).goal === "string" ? undefined : `${at}.${comb}[${i}].goal: each objective needs a goal the player reads ("Write to fd 1")`);
        if (e) return e;
      }
      return undefined;
    }
    for (let i = 0; i < list.length; i++) {
      const e = checkNode(list[i], [...path, comb, i], false);
      if (e) return e;
    }
    return top ? needGoal() : undefined;
  }
  const top1 = (e: string | undefined) => e ?? (top ? needGoal() : undefined);
  if ("never" in node) return top1(only(["never"]) ?? checkMatch(node.never, [...path, "never"], false));
  if ("count" in node) {
    const bad = only(["count", "min", "max"]);
    if (bad) return bad;
    for (const k of ["min", "max"] as const) {
      if (k in node && !(Number.isInteger(node[k]) && (node[k] as number) >= 0)) return `${at}.${k}: must be a whole number >= 0`;
    }
    return top1(checkMatch(node.count, [...path, "count"], false));
  }
  if ("sequence" in node) {
    const bad = only(["sequence"]);
    if (bad) return bad;
    const steps = node.sequence;
    if (!Array.isArray(steps) || steps.length === 0) return `${at}.sequence: must be a non-empty list of matches`;
    for (let i = 0; i < steps.length; i++) {
      const e = checkMatch(steps[i], [...path, "sequence", i], i > 0);
      if (e) return e;
    }
    return top1(undefined);
  }
  if ("state" in node) {
    const bad = only(["state"]);
    if (bad) return bad;
    const st = node.state;
    if (!isObject(st) || Object.keys(st).length === 0) return `${at}.state: must name at least one of ${STATE_KEYS.join(", ")}`;
    for (const [k, v] of Object.entries(st)) {
      if (!(STATE_KEYS as readonly string[]).includes(k)) return `${at}.state.${k}: unknown state${hint(k, STATE_KEYS)} (known: ${STATE_KEYS.join(", ")})`;
      const e = k === "alive" ? (typeof v === "boolean" ? undefined : "must be true or false") : rangeError(v);
      if (e) return `${at}.state.${k}: ${e}`;
    }
    return top1(undefined);
  }
  return top1(checkMatch(node, path, false, true));
}

/** Validate a match: exactly one kind key, known names, known filters of the right type. */
function checkMatch(m: unknown, path: Path, inSequence: boolean, allowGoal = false): string | undefined {
  const at = pathText(path);
  if (!isObject(m)) return `${at}: must be a match object like {"syscall": "write", "ok": true}`;
  const kinds = MATCH_KINDS.filter((k) => k in m);
  if (kinds.length !== 1) {
    return `${at}: a match names exactly one of ${MATCH_KINDS.join(", ")} (found ${kinds.length ? kinds.join(", ") : "none"}${kinds.length ? "" : `; keys: ${Object.keys(m).join(", ") || "none"}`})`;
  }
  const kind = kinds[0];
  const names = m[kind];
  const list = names === true || names === "*" ? [] : Array.isArray(names) ? names : [names];
  if (!(names === true || typeof names === "string" || (Array.isArray(names) && names.length > 0 && names.every((n) => typeof n === "string")))) {
    return `${at}.${kind}: must be a name, a list of names, "*" or true`;
  }
  for (const n of list as string[]) {
    const e = kindName(kind, n);
    if (e) return `${at}.${kind}: ${e}`;
  }
  const allowed: string[] = [kind, ...MATCH_FILTERS, ...(inSequence ? ["samePage"] : []), ...(allowGoal ? ["goal"] : [])];
  for (const [k, v] of Object.entries(m)) {
    if (k === kind) continue;
    if (!allowed.includes(k)) return `${at}.${k}: unknown filter${hint(k, allowed)} (known: ${MATCH_FILTERS.join(", ")}${inSequence ? ", samePage" : ""})`;
    const e = filterError(k, v, kind, list as string[]);
    if (e) return `${at}.${k}${e.startsWith(".") ? "" : ": "}${e}`;
  }
  return undefined;
}

function kindName(kind: (typeof MATCH_KINDS)[number], n: string): string | undefined {
  switch (kind) {
    case "syscall":
      return syscallByName(n) ? undefined : `unknown syscall "${n}"${hint(n, SYSCALLS.map((s) => s.name))}`;
    case "access":
      return ["load", "store", "exec"].includes(n) ? undefined : `"${n}" is not load, store or exec`;
    case "signal":
      return isSignalName(n) ? undefined : `unknown signal "${n}"${hint(n, ["SIGTERM", "SIGKILL", "SIGSEGV", "SIGINT", "SIGSTOP", "SIGCONT", "SIGCHLD", "SIGUSR1"])}`;
    case "exec":
      return n.startsWith("/") ? undefined : "an exec match names an absolute path";
    case "prediction":
      return n === "ok" || isErrnoName(n) || (PREDICTABLE_SIGNALS as readonly string[]).includes(n) ? undefined : `"${n}" is not "ok", an errno name or SIGSEGV`;
    default:
      return undefined;
  }
}

function filterError(k: string, v: unknown, kind: string, names: string[]): string | undefined {
  switch (k) {
    case "ok": case "minor": case "correct": case "samePage":
      return typeof v === "boolean" ? undefined : "must be true or false";
    case "errno": case "actual":
      return typeof v === "string" && (isErrnoName(v) || (k === "actual" && (v === "ok" || v === "SIGSEGV"))) ? undefined : `"${String(v)}" is not an errno name${typeof v === "string" ? hint(v, ["EPERM", "EACCES", "EBADF", "EFAULT", "EINVAL", "EAGAIN", "ENOMEM", "ECHILD", "ESRCH", "ENOENT"]) : ""}`;
    case "ret":
      return rangeError(v);
    case "euid":
      return Number.isInteger(v) && (v as number) >= 0 ? undefined : "must be a uid (a whole number)";
    case "code":
      return typeof v === "string" && v in SI_CODE ? undefined : `must be one of ${Object.keys(SI_CODE).join(", ")}`;
    case "bit":
      return ["P", "U/S", "R/W", "NX", "canonical"].includes(v as string) ? undefined : 'must be "P", "U/S", "R/W", "NX" or "canonical"';
    case "fault":
      return typeof v === "string" && isSignalName(v) ? undefined : "must be a signal name (SIGSEGV)";
    case "vma": case "outcome": case "call":
      return typeof v === "string" && v.length > 0 ? undefined : "must be a text";
    case "args": {
      if (kind !== "syscall" || names.length === 0) return 'args needs a match on named syscalls ({"syscall": "write", "args": {...}})';
      if (!isObject(v)) return 'must be an object of argument name -> expected text ({"fd": 1})';
      for (const [name, am] of Object.entries(v)) {
        const lacking = names.find((n) => !syscallByName(n)!.args.some((a) => a.name === name));
        if (lacking) return `.${name}: ${lacking} has no argument "${name}" (its arguments: ${syscallByName(lacking)!.args.map((a) => a.name).join(", ") || "none"})`;
        const e = argMatchError(am);
        if (e) return `.${name}: ${e}`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function argMatchError(am: unknown): string | undefined {
  if (typeof am === "string" || (typeof am === "number" && Number.isInteger(am))) return undefined;
  if (!isObject(am)) return "must be a text, a number, or {is, has, lacks, min, max}";
  for (const [k, v] of Object.entries(am)) {
    if (k === "is") { if (typeof v !== "string" && typeof v !== "number") return "is: must be a text or a number"; }
    else if (k === "has" || k === "lacks") { if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) return `${k}: must be a list of flag names`; }
    else if (k === "min" || k === "max") { if (numError(v)) return `${k}: ${numError(v)}`; }
    else return `${k}: unknown (expected is, has, lacks, min, max)`;
  }
  return undefined;
}

function numError(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return undefined;
  if (typeof v === "string" && parseNumber(v) !== undefined) return undefined;
  return "must be a number (or a hex address like \"0x405000\")";
}

function rangeError(v: unknown): string | undefined {
  if (!isObject(v)) return numError(v);
  const keys = Object.keys(v);
  if (keys.length === 0 || keys.some((k) => k !== "min" && k !== "max")) return "must be a number or {min, max}";
  for (const k of keys) if (numError(v[k])) return `${k}: ${numError(v[k])}`;
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
