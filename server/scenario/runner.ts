// The headless scenario runner: boot a kernel from a scenario, spawn its processes, run each step
// to completion (within its tick budget) and describe the outcome as one plain object per step.

import { SYS, syscallByName } from "../../shared/abi/syscalls.ts";
import { SIG, type SignalName } from "../../shared/abi/signals.ts";
import { parseAddr } from "../../shared/addr.ts";
import { resolveArg, type KernelArg } from "../../shared/args.ts";
import { Kernel } from "../kernel/index.ts";
import type { Action, ActionResult, Arg, SyscallResultExtra } from "../kernel/index.ts";
import type { CapName } from "../../shared/abi/caps.ts";
import { REF, type Scenario, type Step } from "./schema.ts";

/** What one step printed: {"step": 0, "ret": 3} and friends (see the CLI's contract). */
export type StepOutput = { step: number } & Record<string, unknown>;

/** Default ticks a step may take before it is reported as blocked. */
export const DEFAULT_BUDGET = 100;

/** Run a validated scenario; returns one output object per step, and the kernel for inspection. */
export function runScenario(s: Scenario): { outputs: StepOutput[]; kernel: Kernel } {
  const k = new Kernel({
    seed: s.seed, cores: s.cores, frames: s.frames, sched: s.sched, aslr: s.aslr,
    users: s.users, groups: s.groups, files: s.files,
  });
  const pids = new Map<string, number>();
  const outputs: StepOutput[] = [];
  for (const p of s.processes) {
    const r = k.spawn({ ...p, caps: p.caps as CapName[] | undefined });
    if (!r.ok) throw new Error(`process "${p.name}": ${r.error}`);
    pids.set(p.name, r.pid);
  }
  const rets: (number | undefined)[] = [];
  s.steps.forEach((st, i) => {
    let out: StepOutput;
    try {
      out = runStep(k, st, i, pids, rets, s.budget ?? DEFAULT_BUDGET);
    } catch (e) {
      out = { step: i, error: e instanceof Error ? e.message : String(e) };
    }
    rets[i] = typeof out.ret === "number" ? out.ret : undefined;
    outputs.push(out);
  });
  return { outputs, kernel: k };
}

class StepError extends Error {}

function refValue(ref: string, rets: (number | undefined)[]): number {
  const m = REF.exec(ref)!;
  const v = rets[Number(m[1])];
  if (v === undefined) throw new StepError(`${ref}: step ${m[1]} has no return value`);
  return v + (m[2] ? Number(m[2]) : 0);
}

function pidOf(ref: string, pids: Map<string, number>, rets: (number | undefined)[]): number {
  if (REF.test(ref)) return refValue(ref, rets);
  return pids.get(ref.startsWith("$") ? ref.slice(1) : ref)!;
}

function value(v: number | string, kind: Parameters<typeof resolveArg>[1], pids: Map<string, number>, rets: (number | undefined)[]): KernelArg {
  if (typeof v === "string" && REF.test(v)) v = refValue(v, rets);
  else if (typeof v === "string" && v.startsWith("$")) v = pids.get(v.slice(1))!;
  const r = resolveArg(v, kind);
  if (!r.ok) throw new StepError(r.error);
  return r.arg;
}

function runStep(k: Kernel, st: Step, i: number, pids: Map<string, number>, rets: (number | undefined)[], budget: number): StepOutput {
  if (st.tick !== undefined) {
    for (let n = 0; n < st.tick; n++) k.step();
    return { step: i, tick: k.tick };
  }
  const pid = pidOf(st.proc!, pids, rets);
  if (st.input !== undefined) {
    k.terminalInput(pid, st.input);
    return { step: i, ret: 0 };
  }
  if (st.signal !== undefined) {
    const r = k.sendSignal(pid, SIG[st.signal as SignalName], "sent by the scenario");
    return r.ok ? { step: i, ret: 0 } : { step: i, error: r.error };
  }
  let action: Action;
  if (st.access !== undefined) {
    const a = value(st.addr!, "addr", pids, rets);
    if (typeof a !== "number") throw new StepError("addr must be an address");
    action = { kind: "access", op: st.access, addr: a, ...(st.value === undefined ? {} : { value: st.value }) };
  } else if (st.compute !== undefined) {
    action = { kind: "compute", ticks: st.compute };
  } else {
    const spec = st.call !== undefined ? syscallByName(st.call)! : undefined;
    const nr = spec ? SYS[spec.name as keyof typeof SYS] : st.nr!;
    const args: Arg[] = (st.args ?? []).map((v, j) =>
      spec ? value(v, spec.args[j].kind, pids, rets) : typeof v === "number" ? v : (parseAddr(v) ?? 0));
    action = { kind: "syscall", nr, args };
  }
  const r = k.run(pid, action, st.ticks ?? budget);
  if (r.kind === "error") return { step: i, error: r.error };
  if (r.kind === "pending") return { step: i, blocked: true, wchan: r.wchan };
  return describe(i, r);
}

/** The output object for a completed action. */
export function describe(i: number, r: ActionResult): StepOutput {
  if (r.kind === "syscall") {
    const out: StepOutput = { step: i, ret: r.ret };
    if (r.errno) {
      out.errno = r.errno;
      out.reason = r.reason;
    }
    const extra: SyscallResultExtra = r;
    if (extra.data !== undefined && r.ret > 0) out.data = extra.data;
    if (extra.output !== undefined) out.output = extra.output;
    out.line = r.line;
    return out;
  }
  if (r.kind === "access") {
    if (r.fault) return { step: i, signal: r.fault.signal, code: r.fault.code, reason: r.reason, bit: r.fault.bit, line: r.line };
    if (!r.ok) return { step: i, error: r.reason };
    const out: StepOutput = { step: i, ret: 0 };
    if (r.value !== undefined && r.op === "load") out.value = r.value;
    if (r.minorFault) out.minor_fault = true;
    if (r.cow) out.cow = true;
    out.line = r.line;
    return out;
  }
  return { step: i, ret: 0, line: r.line };
}
