// The file system: inodes (files, directories, character devices), the boot-time tree, and the
// path walk that checks search permission on every directory it passes (namei).

import type { ErrnoName } from "../../shared/abi/errno.ts";
import type { FileSpec, UserSpec } from "./types.ts";
import type { Creds } from "./proc.ts";
import { MAY_EXEC, permission, type Names } from "./cred.ts";
import { textToByteString } from "./bytes.ts";

export type InodeType = "file" | "dir" | "chr";

export interface Inode {
  ino: number;
  type: InodeType;
  uid: number;
  gid: number;
  /** Permission bits including set-user-ID, set-group-ID and sticky (07777). */
  mode: number;
  /** File contents as a byte string. */
  data: string;
  /** Character devices: which one. */
  dev: "" | "null" | "tty";
  /** Directory entries: name -> inode number. */
  entries: Map<string, number>;
  parent: number;
}

/** Inode number of "/". */
export const ROOT_INO = 1;
/** PATH_MAX and NAME_MAX (limits.h). */
export const PATH_MAX = 4096;
export const NAME_MAX = 255;

export type Walk =
  | { ok: true; parent: Inode; name: string; inode: Inode | undefined; path: string }
  | { ok: false; errno: ErrnoName; reason: string };

/** The inode table and the operations on paths. */
export class Vfs {
  inodes = new Map<number, Inode>();
  nextIno = ROOT_INO + 1;

  constructor() {
    this.inodes.set(ROOT_INO, mk(ROOT_INO, "dir", 0, 0, 0o755, ROOT_INO));
  }

  get(ino: number): Inode | undefined {
    return this.inodes.get(ino);
  }

  /** Create an entry `name` in directory `dir` (which must not hold it yet). */
  create(dir: Inode, name: string, type: InodeType, uid: number, gid: number, mode: number, dev: Inode["dev"] = ""): Inode {
    const ino = this.nextIno++;
    const node = mk(ino, type, uid, gid, mode & 0o7777, dir.ino);
    node.dev = dev;
    this.inodes.set(ino, node);
    dir.entries.set(name, ino);
    return node;
  }

  /** The inode at an absolute path, with no permission checks (kernel-internal). */
  lookup(path: string): Inode | undefined {
    let cur = this.inodes.get(ROOT_INO)!;
    for (const c of path.split("/")) {
      if (c === "" || c === ".") continue;
      const next = c === ".." ? cur.parent : cur.entries.get(c);
      if (next === undefined || cur.type !== "dir") return undefined;
      cur = this.inodes.get(next)!;
    }
    return cur;
  }

  /** Create (root:root 0755) every missing directory on the way to path's parent; returns the parent. */
  ensureParent(path: string): { dir: Inode; name: string } | undefined {
    const parts = path.split("/").filter((c) => c !== "" && c !== ".");
    const name = parts.pop();
    if (name === undefined) return undefined;
    let cur = this.inodes.get(ROOT_INO)!;
    for (const c of parts) {
      const next = cur.entries.get(c);
      if (next === undefined) cur = this.create(cur, c, "dir", 0, 0, 0o755);
      else {
        const n = this.inodes.get(next)!;
        if (n.type !== "dir") return undefined;
        cur = n;
      }
    }
    return { dir: cur, name };
  }

  /** Apply a FileSpec: create the file (and its parents) or update it. False if a parent is a file. */
  apply(spec: FileSpec): boolean {
    const at = this.ensureParent(spec.path);
    const type = spec.type === "dir" ? "dir" : "file";
    const mode = parseMode(spec.mode, type === "dir" ? 0o755 : 0o644);
    if (!at) {
      const root = this.inodes.get(ROOT_INO)!;
      if (spec.path.split("/").every((c) => c === "" || c === ".")) {
        root.mode = mode;
        return true;
      }
      return false;
    }
    const existing = at.dir.entries.get(at.name);
    const node = existing !== undefined ? this.inodes.get(existing)! : this.create(at.dir, at.name, type, 0, 0, mode);
    if (Number.isInteger(spec.uid) && spec.uid! >= 0) node.uid = spec.uid!;
    if (Number.isInteger(spec.gid) && spec.gid! >= 0) node.gid = spec.gid!;
    if (spec.mode !== undefined || existing === undefined) node.mode = mode;
    if (typeof spec.data === "string" && node.type === "file") node.data = textToByteString(spec.data);
    return true;
  }

  /**
   * namei: walk path for a process, checking search (x) permission on each directory passed.
   * Returns the parent directory, the final name and its inode (undefined if it does not exist).
   * Errors: ENOENT (empty path or a missing directory), ENOTDIR (a file used as a directory),
   * EACCES (no search permission), ENAMETOOLONG.
   */
  walk(c: Creds, path: string, names: Names): Walk {
    if (path === "") return { ok: false, errno: "ENOENT", reason: "the path is empty" };
    if (path.length >= PATH_MAX) return { ok: false, errno: "ENAMETOOLONG", reason: `the path is ${path.length} bytes; PATH_MAX is ${PATH_MAX}` };
    const comps = path.split("/").filter((s) => s !== "");
    const root = this.inodes.get(ROOT_INO)!;
    let dir = root;
    let dirPath = "/";
    if (comps.length === 0) return { ok: true, parent: root, name: "/", inode: root, path: "/" };
    for (let i = 0; i < comps.length; i++) {
      const name = comps[i];
      if (name.length > NAME_MAX) return { ok: false, errno: "ENAMETOOLONG", reason: `"${name.slice(0, 16)}..." is longer than NAME_MAX (${NAME_MAX})` };
      if (dir.type !== "dir") return { ok: false, errno: "ENOTDIR", reason: `${dirPath} is not a directory, so "${path}" cannot go through it` };
      const search = permission(c, { uid: dir.uid, gid: dir.gid, mode: dir.mode, isDir: true }, MAY_EXEC, dirPath, names);
      if (!search.ok) return { ok: false, errno: "EACCES", reason: `no search permission on directory ${dirPath} — ${search.reason}` };
      const last = i === comps.length - 1;
      const childIno = name === "." ? dir.ino : name === ".." ? dir.parent : dir.entries.get(name);
      const child = childIno === undefined ? undefined : this.inodes.get(childIno);
      if (last) {
        if (child && child.type !== "dir" && path.endsWith("/")) return { ok: false, errno: "ENOTDIR", reason: `${join(dirPath, name)} is not a directory (the path ends with "/")` };
        return { ok: true, parent: dir, name, inode: child, path: join(dirPath, name) };
      }
      if (!child) return { ok: false, errno: "ENOENT", reason: `${join(dirPath, name)} does not exist` };
      dir = child;
      dirPath = name === "." || name === ".." ? this.pathOf(child.ino) : join(dirPath, name);
    }
    return { ok: false, errno: "ENOENT", reason: "unreachable" };
  }

  /** The absolute path of an inode (first name found), for messages. */
  pathOf(ino: number): string {
    if (ino === ROOT_INO) return "/";
    const node = this.inodes.get(ino);
    if (!node) return "?";
    const parent = this.inodes.get(node.parent);
    if (!parent) return "?";
    for (const [n, i] of parent.entries) if (i === ino) return join(this.pathOf(parent.ino), n);
    return "?";
  }

  toJSON(): unknown {
    return {
      nextIno: this.nextIno,
      inodes: [...this.inodes.values()].map((n) => ({ ...n, entries: [...n.entries] })),
    };
  }

  static fromJSON(j: { nextIno: number; inodes: (Omit<Inode, "entries"> & { entries: [string, number][] })[] }): Vfs {
    const v = new Vfs();
    v.inodes.clear();
    for (const n of j.inodes) v.inodes.set(n.ino, { ...n, entries: new Map(n.entries) });
    v.nextIno = j.nextIno;
    return v;
  }
}

function mk(ino: number, type: InodeType, uid: number, gid: number, mode: number, parent: number): Inode {
  return { ino, type, uid, gid, mode, data: "", dev: "", entries: new Map(), parent };
}

function join(dir: string, name: string): string {
  return dir === "/" ? "/" + name : dir + "/" + name;
}

/** Mode from a number or an octal string ("0600", "4755"); `dflt` when absent or malformed. */
export function parseMode(m: number | string | undefined, dflt: number): number {
  if (m === undefined) return dflt;
  if (typeof m === "number") return Number.isInteger(m) && m >= 0 ? m & 0o7777 : dflt;
  return /^0?o?[0-7]{1,5}$/.test(m.trim()) ? parseInt(m.trim().replace(/^0o/, ""), 8) & 0o7777 : dflt;
}

/** The default tree every machine boots with; config files are applied on top. */
export function bootTree(v: Vfs, users: readonly UserSpec[], groupName: (gid: number) => string): void {
  const passwd = users.map((u) => `${u.name}:x:${u.uid}:${u.gid}::${u.uid === 0 ? "/root" : "/home/" + u.name}:/bin/sh`).join("\n") + "\n";
  const shadow = users.map((u) => `${u.name}:$6$ringzero$${u.uid === 0 ? "r00tHashDoNotShare" : "x"}:19700:0:99999:7:::`).join("\n") + "\n";
  const gids = [...new Set(users.map((u) => u.gid))].sort((a, b) => a - b);
  const group = gids.map((g) => `${groupName(g)}:x:${g}:`).join("\n") + "\n";
  const specs: FileSpec[] = [
    { path: "/", type: "dir", mode: 0o755 },
    { path: "/etc", type: "dir", mode: 0o755 },
    { path: "/etc/passwd", mode: 0o644, data: passwd },
    { path: "/etc/group", mode: 0o644, data: group },
    { path: "/etc/shadow", mode: 0o600, uid: 0, gid: 0, data: shadow },
    { path: "/home", type: "dir", mode: 0o755 },
    { path: "/root", type: "dir", mode: 0o700 },
    { path: "/tmp", type: "dir", mode: 0o1777 },
    { path: "/dev", type: "dir", mode: 0o755 },
    { path: "/bin", type: "dir", mode: 0o755 },
    { path: "/bin/sh", mode: 0o755, data: "\x7fELF sh" },
    { path: "/usr/bin/passwd", mode: 0o4755, uid: 0, gid: 0, data: "\x7fELF passwd" },
  ];
  for (const s of specs) v.apply(s);
  for (const u of users) if (u.uid !== 0) v.apply({ path: `/home/${u.name}`, type: "dir", mode: 0o700, uid: u.uid, gid: u.gid });
  const dev = v.lookup("/dev")!;
  v.create(dev, "null", "chr", 0, 0, 0o666, "null");
  v.create(dev, "tty", "chr", 0, 0, 0o666, "tty");
}
