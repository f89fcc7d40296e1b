// Open files: the open file description (shared by dup and fork, with its offset), pipes, the
// terminal each player's process talks to, and the per-process descriptor table.

import type { FdInfo } from "./types.ts";
import type { Proc } from "./proc.ts";

export type FileKind = "file" | "dir" | "null" | "tty" | "pipe";

/** An open file description (struct file). */
export interface OpenFile {
  id: number;
  kind: FileKind;
  ino: number;
  path: string;
  /** open(2) flags: access mode plus O_APPEND, O_CLOEXEC, ... */
  flags: number;
  offset: number;
  /** Descriptors (in all processes) referring to this description. */
  refs: number;
  /** Pipe id and which end, for pipes. */
  pipe: number;
  end: "r" | "w" | "";
  /** Terminal id, for the tty. */
  tty: number;
}

/** A pipe: a byte buffer with counts of open read and write ends. */
export interface Pipe {
  id: number;
  buf: string;
  readers: number;
  writers: number;
}

/** A player's terminal: bytes typed (not yet read) and the tail of what was written. */
export interface Terminal {
  id: number;
  input: string;
  output: string;
}

/** How much terminal output is kept (the room shows the tail). */
export const TTY_OUTPUT_KEEP = 4096;

/** The open file at fd, or undefined if fd is not an open descriptor. */
export function getFile(p: Proc, fd: number): OpenFile | undefined {
  if (!Number.isInteger(fd) || fd < 0 || fd >= p.fds.length) return undefined;
  return p.fds[fd] ?? undefined;
}

/**
 * Install f at the lowest free descriptor below RLIMIT_NOFILE; returns the fd, or -1 (EMFILE).
 * Takes a reference on f.
 */
export function installFd(p: Proc, f: OpenFile): number {
  const limit = p.rlimits.nofile;
  for (let fd = 0; fd < limit; fd++) {
    if (fd >= p.fds.length || !p.fds[fd]) {
      while (p.fds.length <= fd) p.fds.push(null);
      p.fds[fd] = f;
      f.refs++;
      return fd;
    }
  }
  return -1;
}

/** Free descriptors available below the limit (pipe needs two). */
export function freeFdCount(p: Proc): number {
  let n = 0;
  for (let fd = 0; fd < p.rlimits.nofile; fd++) if (fd >= p.fds.length || !p.fds[fd]) n++;
  return n;
}

/**
 * Remove descriptor fd; drops the description's reference and, on the last one, the pipe end.
 * Returns the description and whether that was its last reference, or undefined if fd was not open.
 */
export function removeFd(p: Proc, fd: number, pipes: Map<number, Pipe>): { file: OpenFile; last: boolean } | undefined {
  const f = getFile(p, fd);
  if (!f) return undefined;
  p.fds[fd] = null;
  while (p.fds.length && !p.fds[p.fds.length - 1]) p.fds.pop();
  f.refs--;
  const last = f.refs === 0;
  if (last && f.kind === "pipe") {
    const pipe = pipes.get(f.pipe);
    if (pipe) {
      if (f.end === "r") pipe.readers--;
      else pipe.writers--;
      if (pipe.readers === 0 && pipe.writers === 0) pipes.delete(pipe.id);
    }
  }
  return { file: f, last };
}

/** The descriptor table as FdInfo rows. */
export function listFds(p: Proc): FdInfo[] {
  const rows: FdInfo[] = [];
  p.fds.forEach((f, fd) => {
    if (f) rows.push({ fd, path: f.path, flags: f.flags, offset: f.offset });
  });
  return rows;
}
