// Ring Wars: team 0 sets the kernel's policy (file modes, group vault, capabilities, a syscall
// allow-list per team, SMEP/SMAP/KPTI) through the kernel's admin calls; the other teams look for
// a legitimate way to the vault's flag. What counts as what is decided from the kernel's own
// answers: a read of the flag that succeeded is a capture (by the group, the set-user-ID helper
// or the world-readable copy); a refused attempt at something not theirs is illegitimate; a
// refusal of their own work (their files, the shared input, a workload syscall) is legitimate
// work the policy denied.

import { CAP, CAP_MEANING, type CapName } from "../../shared/abi/caps.ts";
import { SYS, syscallName } from "../../shared/abi/syscalls.ts";
import { LAYOUT } from "../../shared/params.ts";
import type { MsgOf } from "../../shared/protocol.ts";
import type { ActionResult, Kernel } from "../kernel/index.ts";
import { pathOfLine, fdOfLine } from "./ledger.ts";
import { teamDir, teamName, VAULT, VAULT_GID } from "./world.ts";

export type PolicyMsg = MsgOf<"policy">;

/** Calls a workload needs: denying them (seccomp) is denying legitimate work. */
export const WORK_CALLS: ReadonlySet<string> = new Set(["read", "write", "open", "openat", "close", "lseek", "mmap", "munmap", "brk", "mprotect", "getpid", "exit", "exit_group", "sched_yield"]);

/** What an attacker's result means in Ring Wars. */
export type Verdict = { kind: "capture"; way: string; path: string } | { kind: "illegitimate" } | { kind: "legit-denied" } | undefined;

const KERNEL_HALF = LAYOUT.USER_TOP;

/** Classify one result of a process of attacking team `team`. */
export function classify(r: ActionResult, team: number, k: Pick<Kernel, "fds" | "proc">): Verdict {
  if (r.kind === "compute") return undefined;
  if (r.kind === "access") return r.fault && r.addr >= KERNEL_HALF ? { kind: "illegitimate" } : undefined;
  if (r.errno === "EPERM" || r.errno === "EACCES") {
    if (r.reason.startsWith("seccomp")) return WORK_CALLS.has(r.name) ? { kind: "legit-denied" } : { kind: "illegitimate" };
    const path = pathOfLine(r.line);
    if (path && (path.startsWith(`${teamDir(team)}/`) || path === VAULT.shared)) return { kind: "legit-denied" };
    return { kind: "illegitimate" };
  }
  if (r.errno === "EFAULT" && / kernel address/.test(r.reason)) return { kind: "illegitimate" };
  if (r.name !== "read" || r.ret <= 0) return undefined;
  const fd = fdOfLine(r.line);
  const path = fd === undefined ? undefined : k.fds(r.pid).find((f) => f.fd === fd)?.path;
  if (path === VAULT.backup) return { kind: "capture", way: "a world-readable copy (flag.bak, mode 0666)", path };
  if (path === VAULT.flag) {
    const root = k.proc(r.pid)?.euid === 0;
    return { kind: "capture", way: root ? "the set-user-ID helper (vault-cat runs as root)" : "membership of group vault", path };
  }
  return undefined;
}

/** The policy the console has set per team, re-applied to every new process of that team. */
export class TeamPolicy {
  /** Teams whose processes are in group vault. */
  readonly vault = new Set<number>();
  /** Capabilities granted per team. */
  readonly caps = new Map<number, number>();
  /** Syscall allow-list per team (absent: no filter). */
  readonly allow = new Map<number, number[]>();
}

/** Paths the policy console may chmod. */
export function mayChmod(path: string): boolean {
  return path === VAULT.helper || path === VAULT.dir || path.startsWith(`${VAULT.dir}/`) || path.startsWith("/teams/");
}

/**
 * Apply a policy message for the whole of team `target`'s live processes (`pids`), remembering it
 * for their later processes. Returns what changed in words, or a readable refusal.
 */
export function applyPolicy(k: Kernel, pol: TeamPolicy, m: PolicyMsg, pids: (team: number) => number[], teams: number): { ok: true; text: string } | { ok: false; error: string } {
  if (m.kind !== "chmod" && m.kind !== "mitigation" && m.team >= teams) return { ok: false, error: `There is no team ${m.team + 1}; teams go from ${teamName(0)} to ${teamName(teams - 1)}.` };
  switch (m.kind) {
    case "chmod": {
      if (!mayChmod(m.path)) return { ok: false, error: `The policy console manages ${VAULT.dir}, ${VAULT.helper} and /teams only; ${m.path} is not one of them.` };
      const r = k.admin({ op: "setAttr", path: m.path, mode: m.mode });
      return r.ok ? { ok: true, text: `chmod ${m.mode} ${m.path}` } : { ok: false, error: r.error.replace(/^admin: /, "") };
    }
    case "group": {
      if (m.member) pol.vault.add(m.team);
      else pol.vault.delete(m.team);
      for (const pid of pids(m.team)) syncGroups(k, pol, pid, m.team);
      return { ok: true, text: `team ${teamName(m.team)} ${m.member ? "added to" : "removed from"} group vault` };
    }
    case "cap": {
      const bit = 1 << CAP[m.cap as CapName];
      const now = m.grant ? (pol.caps.get(m.team) ?? 0) | bit : (pol.caps.get(m.team) ?? 0) & ~bit;
      pol.caps.set(m.team, now);
      for (const pid of pids(m.team)) {
        const p = k.proc(pid);
        if (p) k.setCaps(pid, m.grant ? p.caps | bit : p.caps & ~bit);
      }
      return { ok: true, text: `${m.cap} ${m.grant ? "granted to" : "revoked from"} team ${teamName(m.team)} (it lets a process ${CAP_MEANING[m.cap as CapName]})` };
    }
    case "allow": {
      const list = m.syscalls === null ? null : m.syscalls.map((n) => SYS[n as keyof typeof SYS]).filter((n): n is number => typeof n === "number");
      if (list) pol.allow.set(m.team, list);
      else pol.allow.delete(m.team);
      for (const pid of pids(m.team)) k.admin({ op: "setFilter", pid, allow: list });
      return { ok: true, text: list ? `team ${teamName(m.team)} may only call ${list.map(syscallName).join(", ") || "nothing"} (others: EPERM)` : `team ${teamName(m.team)} may make every syscall again` };
    }
    case "mitigation": {
      k.admin({ op: "setMitigations", set: { [m.name]: m.on } });
      return { ok: true, text: `${m.name.toUpperCase()} ${m.on ? "on" : "off"}` };
    }
  }
}

/** Put pid's supplementary groups in line with its team's vault membership. */
export function syncGroups(k: Kernel, pol: TeamPolicy, pid: number, team: number): void {
  const p = k.proc(pid);
  if (!p) return;
  const want = pol.vault.has(team);
  if (p.groups.includes(VAULT_GID) === want) return;
  k.admin({ op: "setGroups", pid, groups: want ? [...p.groups, VAULT_GID] : p.groups.filter((g) => g !== VAULT_GID) });
}

/** A new process of `team` gets the team's filter and capabilities. */
export function applyTeamPolicy(k: Kernel, pol: TeamPolicy, pid: number, team: number): void {
  syncGroups(k, pol, pid, team);
  const allow = pol.allow.get(team);
  if (allow) k.admin({ op: "setFilter", pid, allow });
  const caps = pol.caps.get(team);
  const p = k.proc(pid);
  if (caps && p && (p.caps & caps) !== caps) k.setCaps(pid, p.caps | caps);
}
