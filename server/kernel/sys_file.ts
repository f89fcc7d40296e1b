// File syscalls: read, write, open, openat, close, lseek, pipe, dup, chmod. Each decodes and
// checks its arguments (EBADF, EFAULT come from here) and works on the VFS, fds and pipes.

import { AT_FDCWD, O, O_ACCMODE, SEEK } from "../../shared/abi/flags.ts";
import { SIG } from "../../shared/abi/signals.ts";
import { octal } from "../../shared/abi/flags.ts";
import { PIPE_BUF, PIPE_CAPACITY } from "../../shared/params.ts";
import type { KState } from "./kstate.ts";
import { BLOCK, fail, int32, int32Bytes, reg, userPath, userRead, userWrite, type Call } from "./ucall.ts";
import { freeFdCount, getFile, installFd, TTY_OUTPUT_KEEP, type OpenFile } from "./fd.ts";
import { capable, inGroup, MAY_EXEC, MAY_READ, MAY_WRITE, permission } from "./cred.ts";
import { closeFd, wakePipe } from "./lifecycle.ts";
import { sendSignal } from "./signal.ts";
import { fromUtf8, toByteString, fromByteString } from "./bytes.ts";
import { quote } from "./strace.ts";
import type { Inode } from "./vfs.ts";

/** Largest single read or write the simulation moves (Linux's MAX_RW_COUNT is ~2 GiB). */
const MAX_IO = 1 << 20;

function badFd(c: Call, fd: number): number {
  return fail(c, "EBADF", `fd ${fd} is not open`);
}

function ioCount(c: Call): number {
  const n = reg(c, 2);
  if (!Number.isInteger(n) || n < 0) return fail(c, "EFAULT", `count ${n} is not a size the buffer can hold`);
  return Math.min(n, MAX_IO);
}

/** read(2): EBADF if fd is not open for reading; EFAULT if the buffer is not writable user memory. */
export function sysRead(ks: KState, c: Call): number {
  const fd = int32(reg(c, 0));
  const f = getFile(c.p, fd);
  if (!f) return badFd(c, fd);
  if ((f.flags & O_ACCMODE) === O.O_WRONLY || (f.flags & O_ACCMODE) === 3) return fail(c, "EBADF", `fd ${fd} (${f.path}) was opened for writing only; it cannot be read`);
  if (f.kind === "dir") return fail(c, "EISDIR", `fd ${fd} is the directory ${f.path}; read(2) cannot read a directory`);
  const count = ioCount(c);
  if (count < 0) return count;
  const buf = reg(c, 1);
  let bytes: Uint8Array;
  if (count === 0 || f.kind === "null") {
    bytes = new Uint8Array(0);
  } else if (f.kind === "file") {
    const data = ks.vfs.get(f.ino)?.data ?? "";
    bytes = fromByteString(data.slice(f.offset, f.offset + count));
  } else if (f.kind === "tty") {
    const term = ks.terminals.get(f.tty);
    if (!term || term.input.length === 0) {
      c.wchan = "tty";
      c.reason = "nothing typed yet: sleeping until the player types on the terminal";
      return BLOCK;
    }
    bytes = fromByteString(term.input.slice(0, count));
  } else {
    const pipe = ks.pipes.get(f.pipe);
    if (!pipe || pipe.buf.length === 0) {
      if (!pipe || pipe.writers === 0) {
        c.argText = `${fd}, "", ${reg(c, 2)}`;
        c.reason = "end of file: the pipe is empty and every write end is closed";
        return 0;
      }
      c.wchan = "pipe";
      c.reason = "the pipe is empty: sleeping until a writer writes or closes";
      return BLOCK;
    }
    bytes = fromByteString(pipe.buf.slice(0, count));
  }
  const w = userWrite(ks, c, buf, bytes, "the buffer");
  if (w < 0) return w;
  if (f.kind === "file") f.offset += bytes.length;
  if (f.kind === "tty") {
    const term = ks.terminals.get(f.tty)!;
    term.input = term.input.slice(bytes.length);
  }
  if (f.kind === "pipe") {
    const pipe = ks.pipes.get(f.pipe)!;
    pipe.buf = pipe.buf.slice(bytes.length);
    wakePipe(ks, pipe.id);
  }
  c.data = fromUtf8(bytes);
  c.argText = `${fd}, ${quote(bytes)}, ${reg(c, 2)}`;
  c.reason = bytes.length === 0 ? (f.kind === "null" ? "/dev/null is always at end of file" : count === 0 ? "count 0" : "end of file") : `${bytes.length} bytes from ${f.path}`;
  return bytes.length;
}

/** write(2): EBADF if fd is not open for writing; EFAULT for a bad buffer; EPIPE + SIGPIPE with no reader. */
export function sysWrite(ks: KState, c: Call): number {
  const fd = int32(reg(c, 0));
  const f = getFile(c.p, fd);
  if (!f) return badFd(c, fd);
  const acc = f.flags & O_ACCMODE;
  if (acc === O.O_RDONLY || acc === 3) return fail(c, "EBADF", `fd ${fd} (${f.path}) was opened O_RDONLY; it cannot be written`);
  const count = ioCount(c);
  if (count < 0) return count;
  const bytes = userRead(ks, c, reg(c, 1), count, "the buffer");
  if (typeof bytes === "number") return bytes;
  const s = toByteString(bytes);
  switch (f.kind) {
    case "null":
      c.reason = "/dev/null discards everything";
      return count;
    case "tty": {
      const term = ks.terminals.get(f.tty);
      if (term) term.output = (term.output + s).slice(-TTY_OUTPUT_KEEP);
      c.output = fromUtf8(bytes);
      c.reason = `${count} bytes to the terminal`;
      return count;
    }
    case "file": {
      const node = ks.vfs.get(f.ino);
      if (!node) return fail(c, "EIO", "the file is gone");
      if (f.flags & O.O_APPEND) f.offset = node.data.length;
      const pad = f.offset > node.data.length ? "\0".repeat(f.offset - node.data.length) : "";
      node.data = node.data.slice(0, f.offset) + pad + s + node.data.slice(f.offset + s.length);
      f.offset += s.length;
      c.reason = `${count} bytes to ${f.path}`;
      return count;
    }
    default: {
      const pipe = ks.pipes.get(f.pipe);
      if (!pipe || pipe.readers === 0) {
        sendSignal(ks, c.p, SIG.SIGPIPE, c.p, "write to a pipe with no reader");
        return fail(c, "EPIPE", "every read end of this pipe is closed: the write fails with EPIPE and the kernel sends SIGPIPE (default action: terminate)");
      }
      const room = PIPE_CAPACITY - pipe.buf.length;
      if (room === 0 || (count <= PIPE_BUF && room < count)) {
        c.wchan = "pipe";
        c.reason = `the pipe is full (${pipe.buf.length} of ${PIPE_CAPACITY} bytes): sleeping until a reader makes room`;
        return BLOCK;
      }
      const n = Math.min(count, room);
      pipe.buf += s.slice(0, n);
      wakePipe(ks, pipe.id);
      c.reason = `${n} bytes into the pipe`;
      return n;
    }
  }
}

/** open(2): like openat(AT_FDCWD, ...). */
export function sysOpen(ks: KState, c: Call): number {
  return doOpen(ks, c, AT_FDCWD, reg(c, 0), reg(c, 1), reg(c, 2));
}

/** openat(2): a relative path resolves against the directory dirfd (AT_FDCWD: the cwd, "/"). */
export function sysOpenat(ks: KState, c: Call): number {
  return doOpen(ks, c, int32(reg(c, 0)), reg(c, 1), reg(c, 2), reg(c, 3));
}

function kindOf(n: Inode): OpenFile["kind"] {
  if (n.type === "dir") return "dir";
  if (n.type === "chr") return n.dev === "tty" ? "tty" : "null";
  return "file";
}

function doOpen(ks: KState, c: Call, dirfd: number, pathAddr: number, flags: number, mode: number): number {
  const p = c.p;
  if (freeFdCount(p) === 0) return fail(c, "EMFILE", `every descriptor below RLIMIT_NOFILE (${p.rlimits.nofile}) is in use`);
  const path = userPath(ks, c, pathAddr);
  if (typeof path === "number") return path;
  let full = path;
  if (!path.startsWith("/") && dirfd !== AT_FDCWD) {
    const d = getFile(p, dirfd);
    if (!d) return fail(c, "EBADF", `dirfd ${dirfd} is not open`);
    if (d.kind !== "dir") return fail(c, "ENOTDIR", `dirfd ${dirfd} (${d.path}) is not a directory`);
    full = d.path.replace(/\/$/, "") + "/" + path;
  }
  const w = ks.vfs.walk(p.cred, full, ks);
  if (!w.ok) return fail(c, w.errno, w.reason);
  const acc = flags & O_ACCMODE;
  let node = w.inode;
  let created = false;
  if (!node) {
    if (!(flags & O.O_CREAT)) return fail(c, "ENOENT", `${w.path} does not exist`);
    if (full.endsWith("/")) return fail(c, "EISDIR", `O_CREAT cannot create a directory (${full})`);
    const dir = w.parent;
    const pathOfDir = ks.vfs.pathOf(dir.ino);
    const perm = permission(p.cred, { uid: dir.uid, gid: dir.gid, mode: dir.mode, isDir: true }, MAY_WRITE | MAY_EXEC, pathOfDir, ks);
    if (!perm.ok) return fail(c, "EACCES", `creating ${w.name} needs write permission on the directory — ${perm.reason}`);
    node = ks.vfs.create(dir, w.name, "file", p.cred.euid, p.cred.egid, mode & 0o7777 & ~0o022);
    created = true;
  } else {
    if ((flags & O.O_CREAT) && (flags & O.O_EXCL)) return fail(c, "EEXIST", `${w.path} already exists and O_CREAT|O_EXCL asks for a new file`);
    if ((flags & O.O_CREAT) && node.type === "dir") return fail(c, "EISDIR", `${w.path} is a directory`);
    if ((flags & O.O_DIRECTORY) && node.type !== "dir") return fail(c, "ENOTDIR", `${w.path} is not a directory (O_DIRECTORY)`);
    if (node.type === "dir" && acc !== O.O_RDONLY) return fail(c, "EISDIR", `${w.path} is a directory; it cannot be opened for writing`);
    let mask = acc === O.O_RDONLY ? MAY_READ : acc === O.O_WRONLY ? MAY_WRITE : MAY_READ | MAY_WRITE;
    if (flags & O.O_TRUNC) mask |= MAY_WRITE;
    const perm = permission(p.cred, { uid: node.uid, gid: node.gid, mode: node.mode, isDir: node.type === "dir" }, mask, w.path, ks);
    if (!perm.ok) return fail(c, "EACCES", perm.reason);
  }
  if ((flags & O.O_TRUNC) && node.type === "file" && !created) node.data = "";
  const kind = kindOf(node);
  const f: OpenFile = {
    id: ks.nextFile++, kind, ino: node.ino, path: w.path, flags: flags & ~(O.O_CREAT | O.O_EXCL | O.O_TRUNC | O.O_NOCTTY),
    offset: 0, refs: 0, pipe: 0, end: "", tty: kind === "tty" ? p.tty : 0,
  };
  const fd = installFd(p, f);
  c.reason = created ? `created ${w.path} mode ${octal(node.mode)} (${octal(mode & 0o7777)} & ~umask 022), owner ${ks.user(node.uid)}` : `${w.path} opened; fd ${fd} is the lowest free descriptor`;
  return fd;
}

/** close(2): EBADF if fd is not open. */
export function sysClose(ks: KState, c: Call): number {
  const fd = int32(reg(c, 0));
  if (!closeFd(ks, c.p, fd)) return badFd(c, fd);
  c.reason = `fd ${fd} closed`;
  return 0;
}

/** lseek(2): EBADF, ESPIPE on a pipe or terminal, EINVAL for a bad whence or a negative result. */
export function sysLseek(ks: KState, c: Call): number {
  const fd = int32(reg(c, 0));
  const f = getFile(c.p, fd);
  if (!f) return badFd(c, fd);
  if (f.kind === "pipe" || f.kind === "tty") return fail(c, "ESPIPE", `fd ${fd} is a ${f.kind === "pipe" ? "pipe" : "terminal"}: it has no file offset`);
  if (f.kind === "null") {
    c.reason = "/dev/null: always 0";
    return 0;
  }
  const off = reg(c, 1);
  const whence = reg(c, 2);
  const size = ks.vfs.get(f.ino)?.data.length ?? 0;
  const base = whence === SEEK.SEEK_SET ? 0 : whence === SEEK.SEEK_CUR ? f.offset : whence === SEEK.SEEK_END ? size : NaN;
  if (Number.isNaN(base)) return fail(c, "EINVAL", `whence ${whence} is not SEEK_SET, SEEK_CUR or SEEK_END`);
  const next = base + off;
  if (!Number.isSafeInteger(next) || next < 0) return fail(c, "EINVAL", `the resulting offset ${next} would be negative`);
  f.offset = next;
  c.reason = `offset of fd ${fd} is now ${next}`;
  return next;
}

/** pipe(2): two new descriptors (read end, write end) written to pipefd; EMFILE, EFAULT. */
export function sysPipe(ks: KState, c: Call): number {
  const p = c.p;
  if (freeFdCount(p) < 2) return fail(c, "EMFILE", `a pipe needs two free descriptors below RLIMIT_NOFILE (${p.rlimits.nofile})`);
  const id = ks.nextPipe++;
  ks.pipes.set(id, { id, buf: "", readers: 1, writers: 1 });
  const mk = (end: "r" | "w"): OpenFile => ({ id: ks.nextFile++, kind: "pipe", ino: 0, path: `pipe:[${id}]`, flags: end === "r" ? O.O_RDONLY : O.O_WRONLY, offset: 0, refs: 0, pipe: id, end, tty: 0 });
  const r = installFd(p, mk("r"));
  const w = installFd(p, mk("w"));
  const e = userWrite(ks, c, reg(c, 0), int32Bytes(r, w), "pipefd");
  if (e < 0) {
    closeFd(ks, p, w);
    closeFd(ks, p, r);
    return e;
  }
  c.argText = `[${r}, ${w}]`;
  c.reason = `fd ${r} is the read end, fd ${w} the write end`;
  return 0;
}

/** dup(2): the lowest free descriptor, sharing the open file (and its offset); EBADF, EMFILE. */
export function sysDup(_ks: KState, c: Call): number {
  const fd = int32(reg(c, 0));
  const f = getFile(c.p, fd);
  if (!f) return badFd(c, fd);
  const n = installFd(c.p, f);
  if (n < 0) return fail(c, "EMFILE", `every descriptor below RLIMIT_NOFILE (${c.p.rlimits.nofile}) is in use`);
  c.reason = `fd ${n} now refers to the same open file as fd ${fd} (shared offset)`;
  return n;
}

/** chmod(2): only the owner or CAP_FOWNER (EPERM); ENOENT, EACCES on the path. */
export function sysChmod(ks: KState, c: Call): number {
  const path = userPath(ks, c, reg(c, 0));
  if (typeof path === "number") return path;
  const w = ks.vfs.walk(c.p.cred, path, ks);
  if (!w.ok) return fail(c, w.errno, w.reason);
  if (!w.inode) return fail(c, "ENOENT", `${w.path} does not exist`);
  const node = w.inode;
  const cr = c.p.cred;
  if (cr.euid !== node.uid && !capable(cr, "CAP_FOWNER")) {
    return fail(c, "EPERM", `only the owner of ${w.path} (${ks.user(node.uid)}) or a process with CAP_FOWNER may change its mode; you are uid ${cr.euid} (${ks.user(cr.euid)})`);
  }
  let mode = reg(c, 1) & 0o7777;
  if (!inGroup(cr, node.gid) && !capable(cr, "CAP_FSETID")) mode &= ~0o2000;
  node.mode = mode;
  c.reason = `${w.path} is now mode ${octal(mode)}`;
  return 0;
}
