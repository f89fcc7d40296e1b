// The machine a sandbox room boots: its users, files and system processes.

import type { FileSpec, ProcSpec, UserSpec } from "../kernel/types.ts";

/** Player n (0-based) is Unix user player<n+1> with uid PLAYER_UID_BASE + n, in group "users". */
export const PLAYER_UID_BASE = 1000;
export const USERS_GID = 100;

/** One Unix user per player slot, each with a private group and membership in "users". */
export function playerUsers(count: number): UserSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `player${i + 1}`,
    uid: PLAYER_UID_BASE + i,
    gid: PLAYER_UID_BASE + i,
    groups: [PLAYER_UID_BASE + i, USERS_GID],
  }));
}

/** Files every sandbox has besides the kernel's defaults (/etc/shadow, /usr/bin/passwd, /tmp...). */
export const SANDBOX_FILES: FileSpec[] = [
  { path: "/etc/motd", mode: "0644", data: "Welcome to Ring Zero. Every process here is a player; the kernel decides.\n" },
  { path: "/etc/hostname", mode: "0644", data: "ringzero\n" },
  { path: "/srv/shared/notes.txt", mode: "0666", data: "anyone may read and write this file\n" },
  { path: "/root/secret.txt", mode: "0600", data: "only root reads this\n" },
];

/** A root-owned CPU hog, so the run queue is never trivially empty (and kill(2) on it is EPERM). */
export const SANDBOX_SYSTEM: ProcSpec[] = [{ name: "updatedb", uid: 0, behavior: "cpu", nice: 5 }];
