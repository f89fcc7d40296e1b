// Read-only views of kernel state as the contract's plain rows: ProcInfo, VmaInfo, the kernel
// half of a page table, and the frame table.

import type { FrameInfo, PageInfo, ProcInfo, VmaInfo } from "./types.ts";
import type { KState } from "./kstate.ts";
import type { Proc } from "./proc.ts";
import { badness } from "./oom.ts";

/** A process as ProcInfo (every field filled). */
export function procInfo(ks: KState, p: Proc): ProcInfo {
  const c = p.cred;
  const info: ProcInfo = {
    pid: p.pid, ppid: p.ppid, pgid: p.pgid, name: p.name, tag: p.tag, state: p.state, wchan: p.wchan, ring: p.ring,
    ruid: c.ruid, euid: c.euid, suid: c.suid, rgid: c.rgid, egid: c.egid, sgid: c.sgid, groups: [...c.groups], caps: c.capEff,
    nice: p.nice, rlimits: { ...p.rlimits }, behavior: p.behavior, core: p.core, utime: p.utime, stime: p.stime,
    rss: p.mm.ptes.size, queued: p.queue.length, level: ks.sched.cfg.policy === "mlfq" ? p.level : 0,
    badness: p.pid <= 1 || p.state === "ZOMBIE" ? 0 : badness(ks, p), oomScoreAdj: p.oomScoreAdj, minorFaults: p.minorFaults,
  };
  if (p.exitStatus !== undefined) info.exitStatus = p.exitStatus;
  if (p.termSignal !== undefined) info.termSignal = p.termSignal;
  return info;
}

/** A process's VMAs as VmaInfo rows. */
export function vmaRows(p: Proc): VmaInfo[] {
  return p.mm.vmas.map((v) => ({ start: v.start, end: v.end, prot: v.prot, flags: v.flags, name: v.name }));
}

/** The kernel half every address space maps supervisor-only (user:false); with KPTI not present in the user page table. */
export function kernelPageRows(ks: KState): PageInfo[] {
  return ks.kernelPages.map((k) => ({ addr: k.addr, present: !ks.mitigations.kpti, writable: k.writable, user: false, nx: k.nx, cow: false, frame: k.frame, vma: k.name }));
}

/** Owner (-1 free, 0 kernel, else pid) and mapping count of every frame (counts clamp at 255). */
export function frameInfo(ks: KState): FrameInfo {
  const f = ks.frames;
  const refcount = new Uint8Array(f.total);
  for (let i = 0; i < f.total; i++) refcount[i] = Math.min(255, f.refcount[i]);
  return { owner: f.owner.slice(), refcount };
}
