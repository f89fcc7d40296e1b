// Credentials and the checks built on them: file permission bits (generic_permission), the
// capability overrides, who may signal whom, and how setuid and execve change uids and
// capabilities (capabilities(7), "Effect of user ID changes on capabilities").

import { CAP, CAP_ALL, type CapName } from "../../shared/abi/caps.ts";
import type { ErrnoName } from "../../shared/abi/errno.ts";
import { octal } from "../../shared/abi/flags.ts";
import type { Creds } from "./proc.ts";

/** Access bits as in the kernel's MAY_READ / MAY_WRITE / MAY_EXEC. */
export const MAY_READ = 4;
export const MAY_WRITE = 2;
/** Execute a file, or search a directory. */
export const MAY_EXEC = 1;

/** Names for the reasons a student reads. */
export interface Names {
  user(uid: number): string;
  group(gid: number): string;
}

/** The mode, owner and group a permission check looks at. */
export interface Perm {
  uid: number;
  gid: number;
  mode: number;
  isDir: boolean;
}

export type Check = { ok: true } | { ok: false; errno: ErrnoName; reason: string };
/** The passing check. */
export const OK: Check = { ok: true };

/** True if the effective capability set holds cap. */
export function capable(c: Creds, cap: CapName): boolean {
  return (c.capEff & (1 << CAP[cap])) !== 0;
}

/** True if gid is the effective gid or a supplementary group. */
export function inGroup(c: Creds, gid: number): boolean {
  return c.egid === gid || c.groups.includes(gid);
}

const WHAT: Record<number, string> = { 4: "read", 2: "write", 1: "execute", 6: "read and write" };

function bitsText(b: number): string {
  return (b & 4 ? "r" : "-") + (b & 2 ? "w" : "-") + (b & 1 ? "x" : "-");
}

/**
 * generic_permission(): may the process access an inode with `mask` (MAY_*)? Owner bits if the
 * effective uid owns it, else group bits if in its group, else other bits; then
 * CAP_DAC_OVERRIDE (read/write always, execute if any x bit is set or it is a directory) and
 * CAP_DAC_READ_SEARCH (read files, search directories). EACCES with the reason otherwise.
 */
export function permission(c: Creds, ino: Perm, mask: number, path: string, names: Names): Check {
  const isOwner = c.euid === ino.uid;
  const inGrp = !isOwner && inGroup(c, ino.gid);
  const bits = isOwner ? (ino.mode >> 6) & 7 : inGrp ? (ino.mode >> 3) & 7 : ino.mode & 7;
  if ((mask & ~bits) === 0) return OK;
  if (ino.isDir) {
    if (capable(c, "CAP_DAC_OVERRIDE")) return OK;
    if (!(mask & MAY_WRITE) && capable(c, "CAP_DAC_READ_SEARCH")) return OK;
  } else {
    if ((!(mask & MAY_EXEC) || (ino.mode & 0o111) !== 0) && capable(c, "CAP_DAC_OVERRIDE")) return OK;
    if (mask === MAY_READ && capable(c, "CAP_DAC_READ_SEARCH")) return OK;
  }
  const who = isOwner ? "the owner, so the owner bits" : inGrp ? `in group ${names.group(ino.gid)}, so the group bits` : `not the owner and not in group ${names.group(ino.gid)}, so the "other" bits`;
  const want = ino.isDir && mask === MAY_EXEC ? "search (x)" : ino.isDir && mask === (MAY_WRITE | MAY_EXEC) ? "write and search (wx)" : (WHAT[mask] ?? "that");
  return {
    ok: false,
    errno: "EACCES",
    reason: `${path}: mode ${octal(ino.mode & 0o7777)} owner ${names.user(ino.uid)} group ${names.group(ino.gid)}; you are uid ${c.euid} (${names.user(c.euid)}), ${who} ${bitsText(bits)} apply: no ${want} permission`,
  };
}

/**
 * kill_ok_by_cred(): the sender's real or effective uid matches the target's real or saved uid,
 * or the sender has CAP_KILL.
 */
export function mayKill(sender: Creds, target: Creds): boolean {
  if (sender.euid === target.suid || sender.euid === target.ruid || sender.ruid === target.suid || sender.ruid === target.ruid) return true;
  return capable(sender, "CAP_KILL");
}

/** Capability fix-up after a uid change (cap_emulate_setxuid). */
function fixupCaps(old: Creds, c: Creds): void {
  const wasRoot = old.ruid === 0 || old.euid === 0 || old.suid === 0;
  const noneRoot = c.ruid !== 0 && c.euid !== 0 && c.suid !== 0;
  if (wasRoot && noneRoot) {
    c.capPrm = 0;
    c.capEff = 0;
    c.capAmb = 0;
  }
  if (old.euid === 0 && c.euid !== 0) c.capEff = 0;
  if (old.euid !== 0 && c.euid === 0) c.capEff = c.capPrm;
}

/**
 * setuid(2): with CAP_SETUID set real, effective and saved uid (a non-zero uid then drops every
 * capability, for good); without it only to the real or saved uid, and only the effective uid
 * changes. Returns the new creds or an error.
 */
export function setuid(c: Creds, uid: number, names: Names): { ok: true; cred: Creds; reason: string } | { ok: false; errno: ErrnoName; reason: string } {
  if (!Number.isInteger(uid) || uid < 0 || uid >= 0xffffffff) return { ok: false, errno: "EINVAL", reason: `${uid} is not a valid user id` };
  const n: Creds = { ...c, groups: [...c.groups] };
  if (capable(c, "CAP_SETUID")) {
    n.ruid = n.euid = n.suid = uid;
  } else if (uid === c.ruid || uid === c.suid) {
    n.euid = uid;
  } else {
    return {
      ok: false,
      errno: "EPERM",
      reason: `without CAP_SETUID you may only switch to your real uid ${c.ruid} or saved uid ${c.suid} (${names.user(c.suid)}); uid ${uid} (${names.user(uid)}) is neither`,
    };
  }
  fixupCaps(c, n);
  const dropped = c.capPrm !== 0 && n.capPrm === 0;
  const reason = dropped
    ? `real, effective and saved uid are now ${uid} (${names.user(uid)}); none is 0 any more, so every capability is gone — there is no way back to uid 0`
    : n.ruid === uid && n.suid === uid
      ? `real, effective and saved uid are now ${uid} (${names.user(uid)})`
      : `effective uid is now ${uid} (${names.user(uid)}); real ${n.ruid}, saved ${n.suid}`;
  return { ok: true, cred: n, reason };
}

/**
 * Credentials after execve of a file with the given owner and mode: a set-user-ID file makes the
 * file's owner the effective uid; saved uid = effective uid; with no file capabilities, a process
 * whose real or effective uid is 0 gets the bounding set as permitted (and effective if euid is 0),
 * others keep only their ambient set.
 */
export function execCreds(c: Creds, fileUid: number, fileGid: number, mode: number): Creds {
  const n: Creds = { ...c, groups: [...c.groups] };
  if (mode & 0o4000) n.euid = fileUid;
  if (mode & 0o2000) n.egid = fileGid;
  if (n.euid !== n.ruid || n.egid !== n.rgid) n.capAmb = 0;
  if (n.euid === 0 || n.ruid === 0) {
    n.capPrm = n.capBnd | n.capAmb;
    n.capEff = n.euid === 0 ? n.capPrm : n.capAmb;
  } else {
    n.capPrm = n.capAmb;
    n.capEff = n.capAmb;
  }
  n.suid = n.euid;
  n.sgid = n.egid;
  return n;
}

/** Creds for a newly spawned process: root gets every capability, others only what spec grants. */
export function newCreds(uid: number, gid: number, groups: number[], caps: number | undefined): Creds {
  const set = caps ?? (uid === 0 ? CAP_ALL : 0);
  return {
    ruid: uid, euid: uid, suid: uid, rgid: gid, egid: gid, sgid: gid,
    groups: [...new Set([gid, ...groups])].sort((a, b) => a - b),
    capEff: set, capPrm: set, capBnd: CAP_ALL, capAmb: uid === 0 ? 0 : set,
  };
}
