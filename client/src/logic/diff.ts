// What changed between two snapshots, as events the map animates and the live region reads out.

import { describeProc, deathSentence } from "./format.ts";
import { procList, type MachineSnap, type ProcSnap } from "./snapshot.ts";

export type MapEvent =
  /** The process crossed into the kernel and back (ProcView.lastTick moved). */
  | { type: "crossing"; pid: number; call: string; outcome: string; tick: number }
  /** It died: became a zombie, or its exit text appeared. */
  | { type: "died"; pid: number; exit: string }
  /** It left the process table (reaped, or its player left). */
  | { type: "gone"; pid: number }
  | { type: "spawned"; pid: number }
  | { type: "state"; pid: number; from: string; to: string };

/** Events from `prev` to `next` (prev undefined: the first snapshot, which only spawns). */
export function diffMachines(prev: MachineSnap | undefined, next: MachineSnap): MapEvent[] {
  const out: MapEvent[] = [];
  const before = new Map<number, ProcSnap>(prev ? procList(prev).map((p) => [p.pid, p]) : []);
  const after = procList(next);
  for (const p of after) {
    const old = before.get(p.pid);
    if (!old) {
      out.push({ type: "spawned", pid: p.pid });
      continue;
    }
    if (p.lastTick !== old.lastTick && p.lastCall) {
      out.push({ type: "crossing", pid: p.pid, call: p.lastCall, outcome: p.lastOutcome, tick: p.lastTick });
    }
    if (p.state !== old.state) out.push({ type: "state", pid: p.pid, from: old.state, to: p.state });
    const nowDead = p.state === "ZOMBIE" || p.exit !== "";
    const wasDead = old.state === "ZOMBIE" || old.exit !== "";
    if (nowDead && !wasDead) out.push({ type: "died", pid: p.pid, exit: p.exit });
  }
  const alive = new Set(after.map((p) => p.pid));
  for (const pid of before.keys()) if (!alive.has(pid)) out.push({ type: "gone", pid });
  return out;
}

/**
 * Sentences for the live region: my processes' state changes, anyone's death, new players.
 * Crossings are announced from the "result" message instead (it carries the reason).
 */
export function announcements(events: readonly MapEvent[], next: MachineSnap, prev: MachineSnap | undefined, mine: ReadonlySet<number>): string[] {
  const out: string[] = [];
  for (const e of events) {
    const p = next.procs[String(e.pid)] ?? procList(next).find((x) => x.pid === e.pid);
    if (e.type === "died" && p) out.push(deathSentence(p, mine.has(e.pid)));
    else if (e.type === "state" && p && mine.has(e.pid) && p.state !== "ZOMBIE" && p.state !== "EXITED") {
      const pos = next.runQueue.indexOf(p.pid);
      out.push(describeProc(p, { mine: true, queuePos: pos >= 0 ? pos : undefined }));
    } else if (e.type === "spawned" && p && prev) {
      if (mine.has(e.pid)) out.push(`Your process ${p.pid} started`);
      else if (p.nick && p.ppid <= 1) out.push(`${p.nick} joined as process ${p.pid}`);
    } else if (e.type === "gone" && prev) {
      const old = prev.procs[String(e.pid)] ?? procList(prev).find((x) => x.pid === e.pid);
      if (old && mine.has(e.pid)) out.push(`Your process ${e.pid} is gone (reaped)`);
    }
  }
  return out;
}
