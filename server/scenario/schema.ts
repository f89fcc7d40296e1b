// The scenario file format (JSON) and its validation: zod for the shape, then the checks only a
// whole scenario can do (process names, syscall names with a "did you mean", argument counts and
// kinds, references to earlier steps). Every error names the field: steps[2].call: ...

import { z } from "zod";
import { isCapName } from "../../shared/abi/caps.ts";
import { isSignalName } from "../../shared/abi/signals.ts";
import { SYSCALLS, syscallByName } from "../../shared/abi/syscalls.ts";
import { resolveArg } from "../../shared/args.ts";

const int = z.number().int();
const argValue = z.union([int, z.string().max(1024)]);

const user = z.strictObject({ name: z.string().min(1).max(32), uid: int.min(0), gid: int.min(0), groups: z.array(int.min(0)).optional() });
const group = z.strictObject({ name: z.string().min(1).max(32), gid: int.min(0) });
const file = z.strictObject({
  path: z.string().startsWith("/", "must be an absolute path"),
  uid: int.min(0).optional(),
  gid: int.min(0).optional(),
  mode: z.union([int.min(0).max(0o7777), z.string().regex(/^0?[0-7]{3,4}$/, 'must be octal like "0644" or "4755"')]).optional(),
  type: z.enum(["file", "dir"]).optional(),
  data: z.string().optional(),
});
const proc = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,31}$/, "must be a short identifier"),
  uid: int.min(0),
  gid: int.min(0).optional(),
  groups: z.array(int.min(0)).optional(),
  rlimits: z.strictObject({ nproc: int.min(0).optional(), nofile: int.min(0).optional(), as: int.min(0).optional(), data: int.min(0).optional() }).optional(),
  nice: int.min(-20).max(19).optional(),
  caps: z.array(z.string().refine(isCapName, "not a capability name (e.g. CAP_KILL)")).optional(),
  behavior: z.enum(["interactive", "cpu"]).optional(),
  oomScoreAdj: int.min(-1000).max(1000).optional(),
  tag: z.string().max(64).optional(),
});
const step = z.strictObject({
  proc: z.string().optional(),
  call: z.string().optional(),
  nr: int.min(0).max(1023).optional(),
  args: z.array(argValue).max(6).optional(),
  access: z.enum(["load", "store", "exec"]).optional(),
  addr: argValue.optional(),
  value: int.min(0).max(255).optional(),
  compute: int.min(1).max(1000).optional(),
  tick: int.min(1).max(100000).optional(),
  input: z.string().max(256).optional(),
  signal: z.string().optional(),
  ticks: int.min(1).max(100000).optional(),
});
const sched = z.strictObject({
  policy: z.enum(["rr", "mlfq", "fair"]),
  quantum: int.min(1).max(1000).optional(),
  allotment: z.boolean().optional(),
  boost: z.boolean().optional(),
});

/** The shape of a scenario file (see examples/README.md). */
export const ScenarioSchema = z.strictObject({
  seed: int,
  cores: int.min(1).max(8).optional(),
  frames: int.min(16).max(1 << 16).optional(),
  sched: sched.optional(),
  aslr: z.boolean().optional(),
  /** Ticks a step may take before it is reported as blocked (default 100). */
  budget: int.min(1).max(100000).optional(),
  users: z.array(user).optional(),
  groups: z.array(group).optional(),
  files: z.array(file).optional(),
  processes: z.array(proc).min(1, "at least one process is needed"),
  steps: z.array(step),
});

export type Scenario = z.infer<typeof ScenarioSchema>;
export type Step = Scenario["steps"][number];

/** "steps[2].call" from a zod path. */
function pathText(path: readonly PropertyKey[]): string {
  let s = "";
  for (const k of path) s += typeof k === "number" ? `[${k}]` : s ? `.${String(k)}` : String(k);
  return s || "scenario";
}

/** Levenshtein distance (for "did you mean"). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

/** The closest name within distance 2, for a hint. */
export function suggest(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const n of names) {
    const dd = distance(word, n);
    if (dd < bestD) {
      bestD = dd;
      best = n;
    }
  }
  return best;
}

const STEP_KINDS = ["call", "nr", "access", "compute", "tick", "input", "signal"] as const;
/** "@k" or "@k+N": the return value of step k, plus N. */
export const REF = /^@(\d+)(?:\+(\d+|0x[0-9a-fA-F]+))?$/;

/** Validate a parsed JSON value as a scenario; the first problem is named with its field. */
export function parseScenario(json: unknown): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  const r = ScenarioSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, error: `${pathText(i.path)}: ${i.message}` };
  }
  const s = r.data;
  const names = new Set<string>();
  for (const [i, p] of s.processes.entries()) {
    if (names.has(p.name)) return { ok: false, error: `processes[${i}].name: "${p.name}" is used twice` };
    names.add(p.name);
  }
  for (const [i, st] of s.steps.entries()) {
    const at = `steps[${i}]`;
    const kinds = STEP_KINDS.filter((k) => st[k] !== undefined);
    if (kinds.length !== 1 || (st.call !== undefined && st.nr !== undefined)) {
      return { ok: false, error: `${at}: give exactly one of "call", "nr", "access", "compute", "tick", "input", "signal" (found ${kinds.length ? kinds.join(", ") : "none"})` };
    }
    if (st.tick === undefined) {
      if (st.proc === undefined) return { ok: false, error: `${at}.proc: missing (which process does this step?)` };
      const e = checkProc(st.proc, i, names);
      if (e) return { ok: false, error: `${at}.proc: ${e}` };
    }
    if (st.access !== undefined && st.addr === undefined) return { ok: false, error: `${at}.addr: an access needs an address` };
    if (st.signal !== undefined && !isSignalName(st.signal)) {
      const hint = suggest(st.signal, ["SIGKILL", "SIGSTOP", "SIGCONT", "SIGTERM", "SIGINT", "SIGUSR1", "SIGUSR2", "SIGHUP", "SIGSEGV"]);
      return { ok: false, error: `${at}.signal: unknown signal "${st.signal}"${hint ? ` (did you mean "${hint}"?)` : ""}` };
    }
    if (st.access !== undefined) {
      const e = checkValue(st.addr!, "addr", i, names);
      if (e) return { ok: false, error: `${at}.addr: ${e}` };
    }
    if (st.call !== undefined) {
      const spec = syscallByName(st.call);
      if (!spec) {
        const hint = suggest(st.call, SYSCALLS.map((x) => x.name));
        return { ok: false, error: `${at}.call: unknown syscall "${st.call}"${hint ? ` (did you mean "${hint}"?)` : ""}` };
      }
      const args = st.args ?? [];
      if (args.length !== spec.args.length) {
        const names2 = spec.args.map((a) => a.name).join(", ");
        return { ok: false, error: `${at}.args: ${spec.name} takes ${spec.args.length} argument${spec.args.length === 1 ? "" : "s"}${names2 ? ` (${names2})` : ""}, got ${args.length}` };
      }
      for (const [j, v] of args.entries()) {
        const e = checkValue(v, spec.args[j].kind, i, names);
        if (e) return { ok: false, error: `${at}.args[${j}] (${spec.args[j].name}): ${e}` };
      }
    }
  }
  return { ok: true, scenario: s };
}

function checkProc(ref: string, i: number, names: Set<string>): string {
  const m = REF.exec(ref);
  if (m) return Number(m[1]) < i ? "" : `"${ref}" must refer to an earlier step (a fork's result)`;
  const name = ref.startsWith("$") ? ref.slice(1) : ref;
  if (names.has(name)) return "";
  const hint = suggest(name, [...names]);
  return `no process named "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}`;
}

function checkValue(v: number | string, kind: Parameters<typeof resolveArg>[1], i: number, names: Set<string>): string {
  if (typeof v === "string") {
    const m = REF.exec(v);
    if (m) return Number(m[1]) < i ? "" : `"${v}" must refer to an earlier step`;
    if (v.startsWith("$")) return names.has(v.slice(1)) ? "" : `no process named "${v.slice(1)}"`;
  }
  const r = resolveArg(v, kind, "");
  return r.ok ? "" : r.error.replace(/^: /, "");
}
