// The check language of a level file and its evaluator. A check is a small declarative tree over
// the attempt's facts (facts.ts: syscalls from the audit log, memory accesses, signals, exec,
// fork, exit, predictions) and the kernel's state at the moment of judging. Pure: same facts and
// state, same verdict. docs/levels.md is the reference for level authors.

import { pageDown } from "../../shared/addr.ts";
import { PAGE_SIZE } from "../../shared/params.ts";
import { parseNumber, unquote, type Fact, type FactKind } from "./facts.ts";

/** A number, or a string holding a decimal or hex number / address ("0x405000"). */
export type Num = number | string;
/** Exactly a number, or a range. */
export type Range = Num | { min?: Num; max?: Num };
/** How an argument's printed (strace) text must look. */
export type ArgMatch = string | number | { is?: string | number; has?: string[]; lacks?: string[]; min?: Num; max?: Num };

/** Which fact a match is about: the key names the kind, its value the name(s) ("*" or true: any). */
export const MATCH_KINDS = ["syscall", "access", "signal", "exec", "fork", "exit", "prediction"] as const satisfies readonly FactKind[];
/** Filters a match may add; each must hold. */
export const MATCH_FILTERS = ["ok", "errno", "ret", "args", "vma", "minor", "fault", "code", "bit", "outcome", "euid", "correct", "call", "actual"] as const;

export type Match = { [K in (typeof MATCH_KINDS)[number]]?: string | string[] | true } & {
  ok?: boolean;
  errno?: string;
  ret?: Range;
  args?: Record<string, ArgMatch>;
  vma?: string;
  minor?: boolean;
  fault?: string;
  code?: string;
  bit?: string;
  outcome?: string;
  euid?: number;
  correct?: boolean;
  call?: string;
  actual?: string;
};

/** What the level session measures of the kernel's state when a check is judged. */
export interface LevelState {
  /** The player's current process is alive (not a zombie, not gone). */
  alive: boolean;
  /** Open file descriptors beyond 0, 1 and 2 of the player's current process. */
  extra_fds: number;
  /** Mappings made with mmap (anonymous or file) still in the address space. */
  mmaps: number;
  /** Heap pages mapped (brk above its start) and heap pages present in frames. */
  heap_pages: number;
  heap_present: number;
  /** Children of the player's current process, zombies included, and the player's zombies. */
  children: number;
  zombies: number;
  euid: number;
  ruid: number;
  rss: number;
  /** Ticks of user-mode work the player's processes did. */
  work: number;
  /** The player's share of all CPU ticks from its first work tick until it reached the level's work target. */
  cpu_share: number;
  /** Ticks from the first work tick until the work target was reached (or until now). */
  window: number;
}
export const STATE_KEYS = ["alive", "extra_fds", "mmaps", "heap_pages", "heap_present", "children", "zombies", "euid", "ruid", "rss", "work", "cpu_share", "window"] as const satisfies readonly (keyof LevelState)[];

export type StateCheck = Partial<Record<keyof LevelState, Range | boolean>>;

type Goal = { goal?: string };
export type Check =
  | ({ all: Check[] } & Goal)
  | ({ any: Check[] } & Goal)
  | ({ never: Match } & Goal)
  | ({ count: Match; min?: number; max?: number } & Goal)
  | ({ sequence: (Match & { samePage?: boolean })[] } & Goal)
  | ({ state: StateCheck } & Goal)
  | (Match & Goal);

export interface Verdict {
  pass: boolean;
  /** Can never pass again in this attempt (a "never" happened, a "count" went over its max). */
  broken: boolean;
  /** The facts that satisfied (or broke) it: the key audit lines for the debrief. */
  evidence: Fact[];
  /** What is missing or what broke it, in words. */
  why: string;
  /** What a passing state check saw ("your CPU share is 1.00 (at least 0.9)"), for the debrief. */
  notes?: string[];
}

export interface ObjectiveVerdict extends Verdict {
  goal: string;
}

export interface Judgement {
  pass: boolean;
  broken: boolean;
  objectives: ObjectiveVerdict[];
}

/** The objectives of a check: the children of a top-level "all", or the check itself. */
export function objectivesOf(check: Check): Check[] {
  return "all" in check ? check.all : [check];
}

/** Judge a check against the facts so far and the current state. */
export function judge(check: Check, facts: readonly Fact[], state: LevelState): Judgement {
  const objectives = objectivesOf(check).map((c) => ({ goal: c.goal ?? "", ...evaluate(c, facts, state) }));
  return { pass: objectives.every((o) => o.pass), broken: objectives.some((o) => o.broken), objectives };
}

/** Evaluate one check node. */
export function evaluate(c: Check, facts: readonly Fact[], state: LevelState): Verdict {
  if ("all" in c) {
    const vs = c.all.map((x) => evaluate(x, facts, state));
    const missing = vs.filter((v) => !v.pass);
    return { pass: missing.length === 0, broken: vs.some((v) => v.broken), evidence: vs.flatMap((v) => v.evidence), why: missing.map((v) => v.why).join("; "), notes: vs.flatMap((v) => v.notes ?? []) };
  }
  if ("any" in c) {
    const vs = c.any.map((x) => evaluate(x, facts, state));
    const ok = vs.find((v) => v.pass);
    return ok ?? { pass: false, broken: vs.length > 0 && vs.every((v) => v.broken), evidence: [], why: vs.map((v) => v.why).join(" or ") };
  }
  if ("never" in c) {
    const bad = facts.find((f) => matches(c.never, f));
    return bad ? { pass: false, broken: true, evidence: [bad], why: `this must never happen, but it did: ${bad.line}` } : { pass: true, broken: false, evidence: [], why: "" };
  }
  if ("count" in c) {
    const hits = facts.filter((f) => matches(c.count, f));
    const min = c.min ?? 1;
    const over = c.max !== undefined && hits.length > c.max;
    const pass = hits.length >= min && !over;
    const why = over ? `at most ${c.max} allowed, ${hits.length} happened` : pass ? "" : `${hits.length} of ${min} so far`;
    return { pass, broken: over, evidence: hits.slice(0, Math.max(min, 1)), why };
  }
  if ("sequence" in c) return sequence(c.sequence, facts);
  if ("state" in c) return stateCheck(c.state, state);
  const hit = facts.find((f) => matches(c, f));
  return hit ? { pass: true, broken: false, evidence: [hit], why: "" } : { pass: false, broken: false, evidence: [], why: "not seen yet" };
}

/** Ordered steps, each matched by a later fact than the previous one (samePage: in its page). */
function sequence(steps: readonly (Match & { samePage?: boolean })[], facts: readonly Fact[]): Verdict {
  // Candidates for each step, each with the predecessor that made it reachable. For each fact,
  // only the earliest reachable predecessor matters (overall, or within the fact's page).
  let prev: { fact: Fact; from?: number }[] | undefined;
  const chains: Map<number, number | undefined>[] = [];
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s];
    const cands: { fact: Fact; from?: number }[] = [];
    const link = new Map<number, number | undefined>();
    let p = 0;
    let earliest: Fact | undefined;
    const earliestByPage = new Map<number, Fact>();
    for (const f of facts) {
      if (prev) {
        while (p < prev.length && prev[p].fact.i < f.i) {
          const g = prev[p++].fact;
          earliest ??= g;
          if (g.addr !== undefined) {
            const page = pageDown(g.addr, PAGE_SIZE);
            if (!earliestByPage.has(page)) earliestByPage.set(page, g);
          }
        }
      }
      if (!matches(step, f)) continue;
      let from: Fact | undefined;
      if (prev) {
        from = step.samePage ? (f.addr !== undefined ? earliestByPage.get(pageDown(f.addr, PAGE_SIZE)) : undefined) : earliest;
        if (!from) continue;
      }
      cands.push({ fact: f, from: from?.i });
      link.set(f.i, from?.i);
    }
    chains.push(link);
    if (cands.length === 0) {
      const done = s === 0 ? [] : chainEvidence(chains.slice(0, s), prev![0].fact.i, facts);
      return { pass: false, broken: false, evidence: done, why: `step ${s + 1} of ${steps.length} not done yet` };
    }
    prev = cands;
  }
  return { pass: true, broken: false, evidence: chainEvidence(chains, prev![0].fact.i, facts), why: "" };
}

function chainEvidence(chains: Map<number, number | undefined>[], last: number, facts: readonly Fact[]): Fact[] {
  const out: Fact[] = [];
  let cur: number | undefined = last;
  for (let s = chains.length - 1; s >= 0 && cur !== undefined; s--) {
    out.unshift(facts[cur]);
    cur = chains[s].get(cur);
  }
  return out;
}

function stateCheck(want: StateCheck, state: LevelState): Verdict {
  const misses: string[] = [];
  const notes: string[] = [];
  for (const [k, w] of Object.entries(want)) {
    const have = state[k as keyof LevelState];
    const words = STATE_WORDS[k as keyof LevelState] ?? k;
    const ok = typeof w === "boolean" ? have === w : typeof have === "number" && inRange(have, w);
    const text = typeof w === "boolean" ? `${words}: ${have ? "yes" : "no"}` : `${words} is ${typeof have === "number" ? round(have) : String(have)} (${rangeText(w)})`;
    (ok ? notes : misses).push(text);
  }
  return { pass: misses.length === 0, broken: false, evidence: [], why: misses.join("; "), notes };
}

const STATE_WORDS: Partial<Record<keyof LevelState, string>> = {
  alive: "your process is alive",
  work: "ticks of work done",
  extra_fds: "open file descriptors beyond 0-2",
  mmaps: "mmap regions still mapped",
  heap_pages: "heap pages",
  heap_present: "heap pages in memory",
  children: "children not yet reaped",
  zombies: "zombies",
  cpu_share: "your CPU share",
  window: "ticks taken",
};

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function rangeText(r: Range): string {
  if (typeof r !== "object") return `must be ${r}`;
  if (r.min !== undefined && r.max !== undefined) return `must be ${r.min}..${r.max}`;
  return r.min !== undefined ? `at least ${r.min}` : `at most ${r.max}`;
}

/** A number written in a level file (number, decimal or hex string). */
export function num(n: Num): number {
  return typeof n === "number" ? n : (parseNumber(n) ?? Number.NaN);
}

export function inRange(v: number, r: Range): boolean {
  if (typeof r !== "object") return v === num(r);
  return (r.min === undefined || v >= num(r.min)) && (r.max === undefined || v <= num(r.max));
}

/** Does fact f satisfy match m (its kind and every filter it gives)? */
export function matches(m: Match, f: Fact): boolean {
  const want = m[f.kind];
  if (want === undefined) return false;
  if (want !== true && want !== "*" && !(Array.isArray(want) ? want.includes(f.name) : want === f.name)) return false;
  if (m.ok !== undefined && f.ok !== m.ok) return false;
  if (m.errno !== undefined && f.errno !== m.errno) return false;
  if (m.ret !== undefined && (f.ret === undefined || !inRange(f.ret, m.ret))) return false;
  for (const k of ["vma", "fault", "code", "bit", "outcome", "call", "actual"] as const) if (m[k] !== undefined && f[k] !== m[k]) return false;
  if (m.minor !== undefined && !!f.minor !== m.minor) return false;
  if (m.euid !== undefined && f.euid !== m.euid) return false;
  if (m.correct !== undefined && f.correct !== m.correct) return false;
  if (m.args) {
    for (const [name, am] of Object.entries(m.args)) {
      const printed = f.args?.[name];
      if (printed === undefined || !argMatches(am, printed)) return false;
    }
  }
  return true;
}

function argMatches(am: ArgMatch, printed: string): boolean {
  if (typeof am === "string") return printed === am || unquote(printed) === am;
  if (typeof am === "number") return parseNumber(printed) === am;
  if (am.is !== undefined && !argMatches(am.is, printed)) return false;
  const parts = new Set(printed.split("|").map((s) => s.trim()));
  if (am.has && !am.has.every((x) => parts.has(x))) return false;
  if (am.lacks && am.lacks.some((x) => parts.has(x))) return false;
  if (am.min !== undefined || am.max !== undefined) {
    const v = parseNumber(printed);
    if (v === undefined || !inRange(v, { min: am.min, max: am.max })) return false;
  }
  return true;
}
