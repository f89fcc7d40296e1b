// Memory syscalls: mmap, mprotect, munmap, brk. They change VMAs; pages arrive later by demand
// paging, and leave here (frames freed when the last mapping goes).

import { MAP, MAP_TYPE, O, O_ACCMODE, PROT, PROT_MASK } from "../../shared/abi/flags.ts";
import { formatAddr, pageDown, pageUp } from "../../shared/addr.ts";
import { LAYOUT, MMAP_MIN_ADDR, PAGE_SIZE } from "../../shared/params.ts";
import type { KState } from "./kstate.ts";
import type { Proc } from "./proc.ts";
import { fail, int32, reg, type Call } from "./ucall.ts";
import { getFile } from "./fd.ts";
import { findFreeTopDown, findVma, insertVma, mappedBytes, overlaps, removeRange, splitAt, type Vma } from "./vma.ts";
import { reprotect, unmapPages } from "./vm.ts";

function unmap(ks: KState, p: Proc, start: number, end: number): Vma[] {
  const removed = removeRange(p.mm.vmas, start, end);
  for (const f of unmapPages(ks.frames, p.mm, p.pid, start, end)) ks.reown(f, p.pid);
  return removed;
}

/**
 * mmap(2): map length bytes (rounded up to pages) and return the address. EINVAL: length 0, an
 * unaligned offset or MAP_FIXED address, neither MAP_PRIVATE nor MAP_SHARED, bad prot bits.
 * EBADF, EACCES (fd not readable; MAP_SHARED+PROT_WRITE without O_RDWR), ENODEV (not mappable),
 * EPERM (MAP_FIXED below mmap_min_addr), EEXIST (MAP_FIXED_NOREPLACE), ENOMEM (no room, RLIMIT_AS).
 */
export function sysMmap(ks: KState, c: Call): number {
  const p = c.p;
  const addr = reg(c, 0);
  const len = reg(c, 1);
  const prot = reg(c, 2);
  const flags = reg(c, 3);
  const fd = int32(reg(c, 4));
  const off = reg(c, 5);
  c.hex = true;
  if (off < 0 || off % PAGE_SIZE !== 0) return fail(c, "EINVAL", `offset ${off} is not a multiple of the page size (${PAGE_SIZE})`);
  const anon = (flags & MAP.MAP_ANONYMOUS) !== 0;
  const f = anon ? undefined : getFile(p, fd);
  if (!anon && !f) return fail(c, "EBADF", `fd ${fd} is not open (and MAP_ANONYMOUS was not given)`);
  if (!(len > 0)) return fail(c, "EINVAL", "length 0: there is nothing to map");
  const type = flags & MAP_TYPE;
  if (type !== MAP.MAP_PRIVATE && type !== MAP.MAP_SHARED && type !== MAP.MAP_SHARED_VALIDATE) return fail(c, "EINVAL", "flags must contain exactly one of MAP_PRIVATE and MAP_SHARED");
  if (prot & ~PROT_MASK) return fail(c, "EINVAL", `prot 0x${prot.toString(16)} has bits other than PROT_READ|PROT_WRITE|PROT_EXEC`);
  const size = pageUp(len, PAGE_SIZE);
  if (size > LAYOUT.USER_TOP) return fail(c, "ENOMEM", `${len} bytes is larger than user space`);
  const fixed = (flags & (MAP.MAP_FIXED | MAP.MAP_FIXED_NOREPLACE)) !== 0;
  if (fixed && addr % PAGE_SIZE !== 0) return fail(c, "EINVAL", `MAP_FIXED needs a page-aligned address; ${formatAddr(addr)} is not`);
  if (fixed && addr < MMAP_MIN_ADDR) return fail(c, "EPERM", `${formatAddr(addr)} is below vm.mmap_min_addr (${formatAddr(MMAP_MIN_ADDR)}): the lowest pages stay unmapped so NULL dereferences fault`);
  if (fixed && addr + size > LAYOUT.USER_TOP) return fail(c, "ENOMEM", `${formatAddr(addr)} + ${size} reaches past the end of user space`);
  const shared = type !== MAP.MAP_PRIVATE;
  let mayWrite = true;
  if (f) {
    if (f.kind !== "file") return fail(c, "ENODEV", `fd ${fd} (${f.path}) is a ${f.kind === "dir" ? "directory" : f.kind === "pipe" ? "pipe" : "device"} that cannot be memory-mapped`);
    const acc = f.flags & O_ACCMODE;
    if (acc === O.O_WRONLY) return fail(c, "EACCES", `fd ${fd} was opened O_WRONLY; a file mapping needs read access`);
    if (shared && acc !== O.O_RDWR) {
      if (prot & PROT.PROT_WRITE) return fail(c, "EACCES", `MAP_SHARED with PROT_WRITE writes back to the file, but fd ${fd} was opened O_RDONLY`);
      mayWrite = false;
    }
    if (shared && (prot & PROT.PROT_WRITE) && (f.flags & O.O_APPEND)) return fail(c, "EACCES", `fd ${fd} is append-only`);
  }
  const mm = p.mm;
  if (mappedBytes(mm.vmas) + size > p.rlimits.as) return fail(c, "ENOMEM", `the address space would exceed RLIMIT_AS (${p.rlimits.as} bytes)`);
  let start = -1;
  if (fixed) {
    if ((flags & MAP.MAP_FIXED_NOREPLACE) && overlaps(mm.vmas, addr, addr + size)) return fail(c, "EEXIST", `MAP_FIXED_NOREPLACE: ${formatAddr(addr)} is already mapped`);
    unmap(ks, p, addr, addr + size);
    start = addr;
  } else {
    const hint = pageDown(addr, PAGE_SIZE);
    if (hint >= MMAP_MIN_ADDR && hint + size <= LAYOUT.USER_TOP && !overlaps(mm.vmas, hint, hint + size)) start = hint;
    else start = findFreeTopDown(mm.vmas, size, pageUp(mm.brk, PAGE_SIZE), mm.mmapBase);
    if (start < 0) return fail(c, "ENOMEM", "no free range of that size below the mmap base");
  }
  insertVma(mm.vmas, {
    start, end: start + size, prot, flags: (shared ? MAP.MAP_SHARED : MAP.MAP_PRIVATE) | (anon ? MAP.MAP_ANONYMOUS : 0),
    name: anon ? "mmap" : f!.path, ino: anon ? 0 : f!.ino, offset: anon ? 0 : off, mayWrite,
  });
  c.reason = `${size / PAGE_SIZE} page${size > PAGE_SIZE ? "s" : ""} reserved at ${formatAddr(start)}; no frame yet — the first touch of each page faults it in (demand paging)`;
  return start;
}

/** munmap(2): EINVAL for an unaligned address, length 0 or a range outside user space; unmapping nothing is success. */
export function sysMunmap(ks: KState, c: Call): number {
  const addr = reg(c, 0);
  const len = reg(c, 1);
  if (addr % PAGE_SIZE !== 0) return fail(c, "EINVAL", `${formatAddr(addr)} is not page-aligned`);
  if (!(len > 0)) return fail(c, "EINVAL", "length 0");
  if (addr >= LAYOUT.USER_TOP || len > LAYOUT.USER_TOP - addr) return fail(c, "EINVAL", `the range ${formatAddr(addr)}+${len} is outside user space`);
  const removed = unmap(ks, c.p, addr, addr + pageUp(len, PAGE_SIZE));
  c.reason = removed.length ? `unmapped ${removed.map((v) => `"${v.name}"`).join(", ")}; their frames are released` : "nothing was mapped there — that is not an error for munmap";
  return 0;
}

/**
 * mprotect(2): EINVAL for an unaligned address or bad prot; ENOMEM when part of the range is not
 * mapped (VMAs before the hole have already changed, as in Linux); EACCES adding PROT_WRITE to a
 * MAP_SHARED mapping of a file opened read-only. Splits VMAs and updates the PTEs.
 */
export function sysMprotect(_ks: KState, c: Call): number {
  const addr = reg(c, 0);
  const len = reg(c, 1);
  const prot = reg(c, 2);
  if (addr % PAGE_SIZE !== 0) return fail(c, "EINVAL", `${formatAddr(addr)} is not page-aligned`);
  if (prot & ~PROT_MASK) return fail(c, "EINVAL", `prot 0x${prot.toString(16)} has bits other than PROT_READ|PROT_WRITE|PROT_EXEC`);
  if (len === 0) {
    c.reason = "length 0: nothing to change";
    return 0;
  }
  if (!(len > 0)) return fail(c, "EINVAL", `length ${len} is negative`);
  const end = addr + pageUp(len, PAGE_SIZE);
  if (end > LAYOUT.USER_TOP) return fail(c, "ENOMEM", `the range ${formatAddr(addr)}+${len} is outside user space`);
  const vmas = c.p.mm.vmas;
  let cur = addr;
  while (cur < end) {
    const v = vmas.find((x) => x.end > cur);
    if (!v || v.start > cur) return fail(c, "ENOMEM", `${formatAddr(cur)} is not mapped: mprotect needs the whole range mapped`);
    if ((prot & PROT.PROT_WRITE) && !v.mayWrite) return fail(c, "EACCES", `"${v.name}" is a MAP_SHARED mapping of a file opened read-only; it can never be made writable`);
    const stop = Math.min(end, v.end);
    splitAt(vmas, cur);
    splitAt(vmas, stop);
    const piece = findVma(vmas, cur)!;
    piece.prot = prot;
    reprotect(c.p.mm, piece);
    cur = piece.end;
  }
  c.reason = `${formatAddr(addr)}..${formatAddr(end)} is now ${prot === 0 ? "PROT_NONE" : (prot & 1 ? "r" : "-") + (prot & 2 ? "w" : "-") + (prot & 4 ? "x" : "-")}; the PTEs follow`;
  return 0;
}

/**
 * brk(2), the raw call: returns the new break, or the current break when the request is 0,
 * below the heap start, past RLIMIT_DATA, or colliding with another mapping (only the C library
 * turns that into -1 ENOMEM). Growing maps heap pages lazily; shrinking unmaps them.
 */
export function sysBrk(ks: KState, c: Call): number {
  const p = c.p;
  const mm = p.mm;
  const want = reg(c, 0);
  const cur = mm.brk;
  c.hex = true;
  const refuse = (why: string): number => {
    c.reason = `${why}; the raw brk call returns the current break ${formatAddr(cur)} (only the C library turns that into -1 ENOMEM)`;
    return cur;
  };
  if (want === 0) {
    c.reason = "brk(NULL) asks for the current break";
    return cur;
  }
  if (want < mm.startBrk) return refuse(`${formatAddr(want)} is below the start of the heap ${formatAddr(mm.startBrk)}`);
  if (want > LAYOUT.USER_TOP) return refuse(`${formatAddr(want)} is outside user space`);
  const oldEnd = pageUp(cur, PAGE_SIZE);
  const newEnd = pageUp(want, PAGE_SIZE);
  if (want > cur) {
    if (want - mm.startBrk + PAGE_SIZE > p.rlimits.data) return refuse(`a heap of ${want - mm.startBrk} bytes plus the data segment exceeds RLIMIT_DATA (${p.rlimits.data})`);
    if (newEnd > oldEnd) {
      if (overlaps(mm.vmas, oldEnd, newEnd)) return refuse(`the heap would run into another mapping below ${formatAddr(newEnd)}`);
      if (mappedBytes(mm.vmas) + (newEnd - oldEnd) > p.rlimits.as) return refuse(`the address space would exceed RLIMIT_AS (${p.rlimits.as})`);
      const heap = mm.vmas.find((v) => v.name === "heap" && v.end === oldEnd);
      if (heap) heap.end = newEnd;
      else insertVma(mm.vmas, { start: oldEnd, end: newEnd, prot: PROT.PROT_READ | PROT.PROT_WRITE, flags: MAP.MAP_PRIVATE | MAP.MAP_ANONYMOUS, name: "heap", ino: 0, offset: 0, mayWrite: true });
    }
    c.reason = `the heap now ends at ${formatAddr(want)}; new pages get frames on first touch`;
  } else {
    if (newEnd < oldEnd) unmap(ks, p, newEnd, oldEnd);
    c.reason = want === cur ? "the break is unchanged" : `the heap shrank to ${formatAddr(want)}; pages above it are unmapped`;
  }
  mm.brk = want;
  return want;
}
