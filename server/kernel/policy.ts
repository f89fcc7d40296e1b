// Policy an administrator sets on a running machine (added for classroom team play, "Ring Wars"):
// supplementary groups of a process (usermod -aG, applied at once), a file's mode and owner
// (chmod/chown as root), a per-process syscall allow-list that answers EPERM like a seccomp
// filter with SECCOMP_RET_ERRNO, and the hardware hardening switches SMEP, SMAP and KPTI with
// their cost per syscall. Pure, like the rest of the kernel; every change is an audit entry of
// kind "policy", and Kernel.admin() records it in the input log so replay repeats it.

import { ERRNO } from "../../shared/abi/errno.ts";
import { syscallName } from "../../shared/abi/syscalls.ts";
import { octal } from "../../shared/abi/flags.ts";
import { MITIGATION_COST_QUARTERS, type Mitigation } from "../../shared/params.ts";
import type { Arg } from "./types.ts";
import type { KState } from "./kstate.ts";
import type { Proc } from "./proc.ts";
import type { Fault } from "./vm.ts";
import { parseMode } from "./vfs.ts";

/** The hardening switches (all off at boot, as on a machine whose admin never turned them on). */
export type Mitigations = Record<Mitigation, boolean>;

/** One administrative change. */
export type AdminOp =
  /** Replace pid's supplementary groups (its primary gid stays). */
  | { op: "setGroups"; pid: number; groups: number[] }
  /** chmod/chown of an existing path, as root would. */
  | { op: "setAttr"; path: string; mode?: number | string; uid?: number; gid?: number }
  /** Allow only these syscall numbers for pid (null: no filter). Children inherit it. */
  | { op: "setFilter"; pid: number; allow: number[] | null }
  /** Turn hardening switches on or off (the ones given). */
  | { op: "setMitigations"; set: Partial<Mitigations> };

export type AdminResult = { ok: true; text: string } | { ok: false; error: string };

const isId = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0 && (n as number) < 0xffffffff;

const MITIGATION_WORDS: Record<Mitigation, string> = {
  smep: "SMEP (the kernel may not execute user pages)",
  smap: "SMAP (the kernel may not touch user pages outside copy_from_user/copy_to_user)",
  kpti: "KPTI (user page tables no longer map the kernel half; every trap switches page tables)",
};

/** Apply one administrative change; a readable error for a malformed or impossible one. */
export function applyAdmin(ks: KState, op: AdminOp): AdminResult {
  if (!op || typeof op !== "object") return { ok: false, error: "admin: the change must be an object" };
  switch (op.op) {
    case "setGroups": {
      const p = live(ks, op.pid);
      if (!p) return { ok: false, error: `admin: no live process has pid ${String(op.pid)}` };
      if (!Array.isArray(op.groups) || op.groups.length > 32 || !op.groups.every(isId)) return { ok: false, error: "admin: groups must be at most 32 group ids" };
      const before = p.cred.groups;
      p.cred.groups = [...new Set(op.groups)].sort((a, b) => a - b);
      const names = (g: number[]) => g.map((x) => ks.group(x)).join(",") || "none";
      const text = `setgroups(${pid(p)}, [${names(p.cred.groups)}])`;
      ks.log("policy", p, 3, text, `supplementary groups of ${p.pid} were [${names(before)}], now [${names(p.cred.groups)}]: group permission bits of files owned by these groups now apply to it`);
      return { ok: true, text };
    }
    case "setAttr": {
      if (typeof op.path !== "string" || !op.path.startsWith("/")) return { ok: false, error: "admin: the path must be absolute" };
      const n = ks.vfs.lookup(op.path);
      if (!n) return { ok: false, error: `admin: ${op.path} does not exist` };
      const was = `mode ${octal(n.mode)} owner ${ks.user(n.uid)} group ${ks.group(n.gid)}`;
      if (op.mode !== undefined) {
        const m = parseMode(op.mode, -1);
        if (m < 0) return { ok: false, error: `admin: ${String(op.mode)} is not a file mode` };
        n.mode = m;
      }
      if (op.uid !== undefined) {
        if (!isId(op.uid)) return { ok: false, error: "admin: uid must be a user id" };
        n.uid = op.uid;
      }
      if (op.gid !== undefined) {
        if (!isId(op.gid)) return { ok: false, error: "admin: gid must be a group id" };
        n.gid = op.gid;
      }
      const now = `mode ${octal(n.mode)} owner ${ks.user(n.uid)} group ${ks.group(n.gid)}`;
      const text = `chmod/chown ${op.path} -> ${now}`;
      ks.log("policy", undefined, 0, text, `${op.path} was ${was}; permission checks from now on use the new bits`);
      return { ok: true, text };
    }
    case "setFilter": {
      const p = live(ks, op.pid);
      if (!p) return { ok: false, error: `admin: no live process has pid ${String(op.pid)}` };
      if (op.allow !== null && (!Array.isArray(op.allow) || op.allow.length > 512 || !op.allow.every((n) => Number.isInteger(n) && n >= 0 && n < 1024))) {
        return { ok: false, error: "admin: the allow-list must be syscall numbers (0..1023), or null for none" };
      }
      p.seccomp = op.allow === null ? null : [...new Set(op.allow)].sort((a, b) => a - b);
      const list = p.seccomp ? p.seccomp.map(syscallName).join(",") : "";
      const text = p.seccomp ? `seccomp(${pid(p)}, allow [${list}])` : `seccomp(${pid(p)}, off)`;
      ks.log("policy", p, 3, text, p.seccomp ? `any other syscall from ${p.pid} (and the children it forks) now returns EPERM before it runs` : `${p.pid} may make every syscall again`);
      return { ok: true, text };
    }
    case "setMitigations": {
      if (!op.set || typeof op.set !== "object") return { ok: false, error: "admin: set must name switches" };
      const changed: string[] = [];
      for (const k of Object.keys(MITIGATION_COST_QUARTERS) as Mitigation[]) {
        const v = op.set[k];
        if (typeof v !== "boolean" || ks.mitigations[k] === v) continue;
        ks.mitigations[k] = v;
        changed.push(`${k.toUpperCase()} ${v ? "on" : "off"}`);
      }
      const text = `mitigations: ${changed.join(", ") || "unchanged"}`;
      const on = (Object.keys(ks.mitigations) as Mitigation[]).filter((k) => ks.mitigations[k]);
      ks.log("policy", undefined, 0, text, on.length ? `now on: ${on.map((k) => MITIGATION_WORDS[k]).join("; ")}; each syscall costs ${quartersText(syscallCost(ks, true))} extra kernel time` : "every hardening switch is off; syscalls cost nothing extra");
      return { ok: true, text };
    }
    default:
      return { ok: false, error: `admin: unknown change "${String((op as { op?: unknown }).op)}"` };
  }
}

function live(ks: KState, pid: unknown): Proc | undefined {
  const p = typeof pid === "number" ? ks.procs.get(pid) : undefined;
  return p && p.state !== "ZOMBIE" && p.pid !== 1 ? p : undefined;
}

function pid(p: Proc): string {
  return `${p.pid} "${p.name}"`;
}

function quartersText(q: number): string {
  return q % 4 === 0 ? `${q / 4} tick${q === 4 ? "" : "s"}` : `${q / 4} ticks`;
}

/**
 * The seccomp check at syscall entry: EPERM with the reason when pid's allow-list lacks nr,
 * undefined when the call may proceed.
 */
export function filterDenies(p: Proc, nr: number): { ret: number; reason: string } | undefined {
  if (!p.seccomp || p.seccomp.includes(nr)) return undefined;
  const allowed = p.seccomp.map(syscallName).join(", ") || "nothing";
  return { ret: -ERRNO.EPERM, reason: `seccomp: the policy allows process ${p.pid} only ${allowed}; ${syscallName(nr)} is refused before it runs (SECCOMP_RET_ERRNO)` };
}

/** Quarter-ticks one syscall costs with the current switches (`buffers`: it copies user memory). */
export function syscallCost(ks: KState, buffers: boolean): number {
  const m = ks.mitigations;
  return (m.kpti ? MITIGATION_COST_QUARTERS.kpti : 0) + (m.smap && buffers ? MITIGATION_COST_QUARTERS.smap : 0) + (m.smep ? MITIGATION_COST_QUARTERS.smep : 0);
}

/**
 * Charge a syscall's hardening cost to p: quarter-ticks add up in p.mitigationDebt and each
 * whole tick becomes a stall (kernel time before its next action). Returns the ticks charged now.
 */
export function chargeMitigations(ks: KState, p: Proc, args: readonly Arg[]): number {
  const q = syscallCost(ks, args.some((a) => typeof a === "object"));
  if (q === 0) return 0;
  p.mitigationDebt += q;
  const ticks = Math.floor(p.mitigationDebt / 4);
  p.mitigationDebt -= ticks * 4;
  p.stall += ticks;
  return ticks;
}

/** With KPTI on, a user access to a kernel address finds no mapping at all (P=0), not a supervisor page. */
export function kptiFault(ks: KState, f: Fault): Fault {
  if (!ks.mitigations.kpti || f.bit !== "U/S") return f;
  return { ...f, bit: "P", reason: f.reason.replace("kernel page (U/S=0); only ring 0 may touch it", "with KPTI the user page table does not map the kernel half at all (P=0); only the entry trampoline is there") };
}
