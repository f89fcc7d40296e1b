// One tick of the machine (DESIGN.md 1b): priority boost if due, each free core takes the next
// process by policy (unless the scheduler is frozen), each running process does one unit of
// work, then the slice bookkeeping (sleep when idle, yield, quantum expiry and preemption).
// Cores are filled again at the end of a tick, so between ticks they show who runs next.

import { MLFQ_BOOST_TICKS } from "../../shared/params.ts";
import type { KState } from "./kstate.ts";
import type { Proc } from "./proc.ts";
import { runUnit } from "./cpu.ts";
import { makeRunnable, sleepOn } from "./lifecycle.ts";
import { weightOf } from "./sched.ts";

/** Advance the machine by one tick. */
export function step(ks: KState): void {
  const sched = ks.sched;
  const frozen = ks.frozen > 0;
  if (!frozen && sched.cfg.policy === "mlfq" && sched.cfg.boost && ks.tick > 0 && ks.tick % MLFQ_BOOST_TICKS === 0) {
    sched.boost([...ks.procs.values()].filter((p) => p.state !== "ZOMBIE"));
    ks.log("policy", undefined, 0, "mlfq: priority boost", `rule 5: every ${MLFQ_BOOST_TICKS} ticks all jobs move to the top queue, so a starved job runs again`);
  }
  if (!frozen) dispatch(ks);
  const ran: Proc[] = [];
  for (let c = 0; c < ks.cores.length; c++) {
    const pid = ks.cores[c];
    if (!pid) continue;
    const p = ks.procs.get(pid)!;
    sched.charge(p);
    runUnit(ks, p);
    ran.push(p);
  }
  for (const p of ran) {
    const yielded = p.yielded;
    p.yielded = false;
    if (p.state !== "RUNNING") continue;
    if (yielded) {
      sched.gaveUp(p);
      makeRunnable(ks, p);
    } else if (p.idle && p.pending.length === 0) {
      sleepOn(ks, p, "tty");
    } else if (!frozen && sched.expired(p)) {
      makeRunnable(ks, p);
    }
  }
  if (sched.cfg.policy === "fair") sched.updateMinVruntime(ks.running(), (pid) => ks.procs.get(pid));
  ks.tick++;
  if (ks.frozen > 0) ks.frozen--;
  // Fill the cores for the next tick now, so that between ticks the cores show who runs next.
  if (ks.frozen === 0) dispatch(ks);
}

/** Fill idle cores from the run queue; under MLFQ a higher-priority job preempts a lower one. */
export function dispatch(ks: KState): void {
  const sched = ks.sched;
  const get = (pid: number): Proc | undefined => ks.procs.get(pid);
  let sumW = 0;
  if (sched.cfg.policy === "fair") {
    for (const pid of sched.fair) sumW += weightOf(get(pid)!.nice);
    for (const p of ks.running()) sumW += weightOf(p.nice);
  }
  for (let c = 0; c < ks.cores.length; c++) {
    if (ks.cores[c]) continue;
    const p = sched.pick(get);
    if (!p) break;
    place(ks, p, c, sumW);
  }
  if (sched.cfg.policy !== "mlfq") return;
  for (;;) {
    const best = sched.bestLevel();
    if (best < 0) return;
    let worst: Proc | undefined;
    for (const p of ks.running()) if (!worst || p.level >= worst.level) worst = p;
    if (!worst || worst.level <= best) return;
    const core = worst.core;
    sched.gaveUp(worst);
    makeRunnable(ks, worst);
    place(ks, sched.pick(get)!, core, sumW);
  }
}

function place(ks: KState, p: Proc, core: number, sumW: number): void {
  p.state = "RUNNING";
  p.wchan = "";
  p.core = core;
  ks.cores[core] = p.pid;
  ks.sched.startSlice(p, sumW);
}
