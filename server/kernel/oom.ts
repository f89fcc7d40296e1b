// The OOM killer (mm/oom_kill.c): when no frame is free, score every process by oom_badness()
// and SIGKILL the highest; its memory is freed at once (the oom_reaper's job). The victim need
// not be the process whose page fault ran out of memory.

import { OOM_SCORE_ADJ_MIN } from "../../shared/params.ts";
import { SIG } from "../../shared/abi/signals.ts";
import type { KState } from "./kstate.ts";
import type { Proc } from "./proc.ts";
import { exitProcess } from "./lifecycle.ts";

/** Entries per page-table page (512 eight-byte PTEs in a 4 KiB page). */
const PTES_PER_TABLE = 512;

/**
 * oom_badness(): resident pages + page-table pages + oom_score_adj scaled to the machine
 * (adj * totalFrames / 1000, truncated).
 */
export function badness(ks: KState, p: Proc): number {
  const rss = p.mm.ptes.size;
  const tables = Math.ceil(rss / PTES_PER_TABLE);
  return rss + tables + Math.trunc((p.oomScoreAdj * ks.frames.total) / 1000);
}

/** Every process the OOM killer may choose, in pid order, with its badness. */
export function oomCandidates(ks: KState): { pid: number; name: string; badness: number }[] {
  const rows: { pid: number; name: string; badness: number }[] = [];
  const pids = [...ks.procs.keys()].sort((a, b) => a - b);
  for (const pid of pids) {
    const p = ks.procs.get(pid)!;
    if (pid <= 1 || p.state === "ZOMBIE" || p.oomScoreAdj <= OOM_SCORE_ADJ_MIN) continue;
    rows.push({ pid, name: p.name, badness: badness(ks, p) });
  }
  return rows;
}

/**
 * Choose and kill one victim because `trigger` (a pid, or 0 for the kernel) needed a frame.
 * Ties go to the candidate seen last in pid order (oom_evaluate_task skips only a strictly lower
 * score). Returns false if there was nobody to kill.
 */
export function oomKill(ks: KState, trigger: number): boolean {
  const rows = oomCandidates(ks);
  if (rows.length === 0) return false;
  let chosen = rows[0];
  for (const r of rows) if (!(r.badness < chosen.badness)) chosen = r;
  const victim = ks.procs.get(chosen.pid)!;
  const table = rows.map((r) => `pid ${r.pid} (${r.name}) ${r.badness}`).join(", ");
  const who = trigger === 0 ? "the kernel needed frames (memory pressure)" : `pid ${trigger} needed a frame and none was free`;
  const why = trigger === chosen.pid ? "the faulting process itself has the highest badness" : `not the process that asked (pid ${trigger}): the OOM killer picks the highest badness`;
  ks.log("oom", victim, 3, `Out of memory: Killed process ${victim.pid} (${victim.name}) rss:${victim.mm.ptes.size} pages, oom_score_adj:${victim.oomScoreAdj}`,
    `${who}; badness = rss + page-table pages + oom_score_adj*frames/1000: ${table}; victim pid ${victim.pid} with ${chosen.badness} — ${why}${rows.filter((r) => r.badness === chosen.badness).length > 1 ? "; on a tie the last in pid order wins" : ""}`);
  ks.emit({ type: "oom-kill", tick: ks.tick, victim: victim.pid, badness: chosen.badness, trigger });
  exitProcess(ks, victim, 0, SIG.SIGKILL, false, "killed by the OOM killer; its frames are freed at once (oom_reaper)");
  return true;
}
