// The machine a classroom room boots: one Unix group per team with its files under
// /teams/<name>/ (mode 0770 directory, 0640 inputs, 0660 result), so another team's open is
// EACCES through the ordinary permission bits; RLIMIT_NPROC per student so a fork bomb gets
// EAGAIN; and for Ring Wars the protected vault with its three legitimate ways in, each one a
// real mechanism: a group, a set-user-ID helper, a world-readable copy.

import { TEAM_COLORS, TEAM_NAMES } from "../../shared/hosting.ts";
import { MAX_CLASS_TEAMS } from "../../shared/classroom.ts";
import type { FileSpec, GroupSpec, ProcSpec } from "../kernel/types.ts";

/** Team t's Unix group id. */
export const TEAM_GID_BASE = 3000;
/** The Ring Wars vault's group. */
export const VAULT_GID = 3900;
/** Processes one student may own at once (fork bombs stop here with EAGAIN). */
export const CLASS_NPROC = 6;

/** Team t's name as players see it ("Orange"), its directory name ("orange") and colour. */
export function teamName(t: number): string {
  return TEAM_NAMES[t % TEAM_NAMES.length];
}
export function teamDir(t: number): string {
  return `/teams/${teamName(t).toLowerCase()}`;
}
export function teamColor(t: number): string {
  return TEAM_COLORS[t % TEAM_COLORS.length];
}
export function teamGid(t: number): number {
  return TEAM_GID_BASE + t;
}

/** The workload every team races (data; see workload.ts for how progress is measured). */
export interface Workload {
  /** Input files to read: /teams/<name>/input-1.txt .. input-N.txt. */
  inputs: number;
  /** Ticks of compute actions, summed over the team. */
  computeTicks: number;
  /** Distinct heap or mmap pages stored to (lost if the process that filled them dies). */
  pages: number;
}

export const DEFAULT_WORKLOAD: Workload = { inputs: 3, computeTicks: 30, pages: 8 };

/** Paths of a team's files. */
export function inputPath(t: number, i: number): string {
  return `${teamDir(t)}/input-${i + 1}.txt`;
}
export function resultPath(t: number): string {
  return `${teamDir(t)}/result.txt`;
}

/** Ring Wars: the protected file and the three legitimate ways to it. */
export const VAULT = {
  dir: "/srv/vault",
  flag: "/srv/vault/flag.txt",
  /** Mode 0640 root:vault: readable by members of group vault (the group way in). */
  flagMode: "0640",
  /** A set-user-ID root helper that prints the flag (the misconfigured helper). */
  helper: "/usr/local/bin/vault-cat",
  /** A world-readable backup copy someone left behind (the world-writable file). */
  backup: "/srv/vault/flag.bak",
  /** Input the attackers' workload legitimately needs from the vault's group: closing the group denies it. */
  shared: "/srv/vault/shared-input.txt",
} as const;

/** The flag's text (what a capture reads). */
export const FLAG_TEXT = "RZ{the-kernel-said-yes-for-a-reason}\n";

/** Groups: one per team, and the vault's. */
export function classGroups(teams: number): GroupSpec[] {
  const g: GroupSpec[] = Array.from({ length: Math.min(teams, MAX_CLASS_TEAMS) }, (_, t) => ({ name: teamName(t).toLowerCase(), gid: teamGid(t) }));
  g.push({ name: "vault", gid: VAULT_GID });
  return g;
}

/** The text of team t's input file i. */
export function inputText(t: number, i: number): string {
  return `${teamName(t)} team input ${i + 1}: ${"0123456789abcdef".repeat(2)}\n`;
}

/** Files: every team's directory and inputs, and in Ring Wars the vault. */
export function classFiles(teams: number, workload: Workload, ringWars: boolean): FileSpec[] {
  const files: FileSpec[] = [{ path: "/teams", type: "dir", mode: "0755" }];
  for (let t = 0; t < teams; t++) {
    const gid = teamGid(t);
    files.push({ path: teamDir(t), type: "dir", mode: "0770", uid: 0, gid });
    for (let i = 0; i < workload.inputs; i++) files.push({ path: inputPath(t, i), mode: "0640", uid: 0, gid, data: inputText(t, i) });
    files.push({ path: resultPath(t), mode: "0660", uid: 0, gid, data: "" });
  }
  if (ringWars) {
    files.push(
      { path: VAULT.dir, type: "dir", mode: "0755", uid: 0, gid: VAULT_GID },
      { path: VAULT.flag, mode: VAULT.flagMode, uid: 0, gid: VAULT_GID, data: FLAG_TEXT },
      { path: VAULT.backup, mode: "0666", uid: 0, gid: 0, data: FLAG_TEXT },
      { path: VAULT.shared, mode: "0640", uid: 0, gid: VAULT_GID, data: "shared input every team's workload may read (group vault)\n" },
      { path: VAULT.helper, mode: "4755", uid: 0, gid: 0, data: "\x7fELF vault-cat" },
    );
  }
  return files;
}

/**
 * What a student's process gets besides the session's name/uid/tag: its team's group (and in
 * Ring Wars the attackers start in group vault, as their job needs), and RLIMIT_NPROC.
 */
export function studentSpec(uid: number, team: number, inVault: boolean): Partial<ProcSpec> {
  const groups = [uid];
  if (team >= 0) groups.push(teamGid(team));
  if (inVault) groups.push(VAULT_GID);
  return { groups, rlimits: { nproc: CLASS_NPROC }, behavior: "interactive" };
}

/** A root-owned batch job that competes for the CPU (kill(2) on it is EPERM, as in the sandbox). */
export const CLASS_SYSTEM: ProcSpec[] = [{ name: "cron", uid: 0, behavior: "cpu", nice: 10 }];
