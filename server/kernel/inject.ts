// What a teacher (or the room) injects into a running machine: revoking a capability, memory
// pressure that may wake the OOM killer, and freezing the scheduler.

import { capNames, CAP_ALL } from "../../shared/abi/caps.ts";
import type { KState } from "./kstate.ts";
import { oomKill } from "./oom.ts";

/** Set pid's effective and permitted capabilities to caps; revoked ones also leave the bounding set. */
export function setCaps(ks: KState, pid: number, caps: number): void {
  const p = ks.procs.get(pid);
  if (!p || p.state === "ZOMBIE" || !Number.isInteger(caps)) return;
  const c = p.cred;
  const set = caps & CAP_ALL;
  const removed = c.capEff & ~set;
  c.capEff = c.capPrm = set;
  c.capBnd &= ~removed;
  c.capAmb = c.euid !== 0 ? set : c.capAmb & set;
  ks.log("policy", p, 3, `setcaps(${pid}, ${capNames(set).join("|") || "0"})`, removed ? `revoked ${capNames(removed).join(", ")}: the checks they bypassed now apply` : "capabilities set");
}

/** The kernel takes up to n free frames for itself, running the OOM killer when none is free; returns how many. */
export function takeFrames(ks: KState, frames: number): number {
  let got = 0;
  const n = Number.isInteger(frames) ? Math.max(0, Math.min(frames, ks.frames.total)) : 0;
  while (got < n) {
    const f = ks.frames.alloc(0);
    if (f < 0) {
      if (!oomKill(ks, 0)) break;
      continue;
    }
    ks.pressure.push(f);
    got++;
  }
  ks.log("policy", undefined, 0, `memory pressure: ${got} frames`, `the kernel took ${got} of ${n} requested frames for itself`);
  return got;
}

/** Give back every frame takeFrames took. */
export function returnFrames(ks: KState): void {
  for (const f of ks.pressure) ks.frames.unref(f);
  ks.log("policy", undefined, 0, `memory pressure released: ${ks.pressure.length} frames`, "the kernel returned its frames");
  ks.pressure = [];
}

/** No dispatch and no preemption for the next `ticks` ticks. */
export function freezeScheduler(ks: KState, ticks: number): void {
  ks.frozen = Number.isInteger(ticks) ? Math.max(0, ticks) : 0;
  ks.log("policy", undefined, 0, `scheduler frozen for ${ks.frozen} ticks`, "no dispatch and no preemption; running processes keep running");
}
