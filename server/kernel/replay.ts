// The input log, kept and replayed: each record re-issues the public call it recorded, so a session is
// its seed plus its log (crash recovery, tests, the fuzz test's shadow kernel).

import type { Arg, InputRecord } from "./types.ts";
import type { Kernel } from "./kernel.ts";
import type { KState } from "./kstate.ts";

/** Keep one public call in the input log (a deep copy of its arguments), unless replayLog is off. */
export function recordInput(ks: KState, op: string, args: unknown[]): void {
  if (ks.config.replayLog === false) return;
  ks.inputLog.push({ tick: ks.tick, op, args: JSON.parse(JSON.stringify(args)) });
}

/** Consecutive steps share one record: { op: "step", args: [n] }. */
export function recordStep(ks: KState): void {
  if (ks.config.replayLog === false) return;
  const log = ks.inputLog;
  const last = log[log.length - 1];
  if (last && last.op === "step" && last.tick + (last.args[0] as number) === ks.tick) last.args[0] = (last.args[0] as number) + 1;
  else log.push({ tick: ks.tick, op: "step", args: [1] });
}

/** Consecutive traps of one process in one tick share a record: a list of nr (no args) or [nr, args]. */
export function recordTrap(ks: KState, pid: number, nr: number, args: Arg[]): void {
  if (ks.config.replayLog === false) return;
  const log = ks.inputLog;
  const last = log[log.length - 1];
  const entry: number | [number, Arg[]] = Array.isArray(args) && args.length === 0 ? nr : [nr, JSON.parse(JSON.stringify(args ?? null)) as Arg[]];
  if (last && last.op === "trap" && last.tick === ks.tick && last.args[0] === pid) (last.args[1] as unknown[]).push(entry);
  else log.push({ tick: ks.tick, op: "trap", args: [pid, [entry]] });
}

/** Re-issue one recorded call on k; steps stop once k reaches untilTick. */
export function applyRecord(k: Kernel, r: InputRecord, untilTick: number | undefined): void {
  const a = r.args as any[];
  switch (r.op) {
    case "spawn": k.spawn(a[0]); break;
    case "submit": k.submit(a[0], a[1]); break;
    case "cancel": k.cancel(a[0]); break;
    case "step":
      for (let i = 0; i < a[0] && (untilTick === undefined || k.tick < untilTick); i++) k.step();
      break;
    case "trap":
      for (const e of Array.isArray(a[1]) ? (a[1] as (number | [number, Arg[]])[]) : []) {
        if (!k.cores().includes(a[0]) || a[0] === 0) break;
        if (typeof e === "number") k.trap(a[0], e, []);
        else if (Array.isArray(e)) k.trap(a[0], e[0], e[1]);
      }
      break;
    case "setSched": k.setSched(a[0]); break;
    case "sendSignal": k.sendSignal(a[0], a[1], a[2]); break;
    case "setCaps": k.setCaps(a[0], a[1]); break;
    case "memoryPressure": k.memoryPressure(a[0]); break;
    case "releasePressure": k.releasePressure(); break;
    case "freeze": k.freeze(a[0]); break;
    case "terminalInput": k.terminalInput(a[0], a[1]); break;
    case "writeFile": k.writeFile(a[0], a[1], a[2]); break;
    case "recordViolation": k.recordViolation(a[0], a[1], a[2]); break;
    case "admin": k.admin(a[0]); break;
  }
}
