// One process's address space: its VMAs and page table, the MMU check every user access goes
// through, demand paging, copy-on-write, and copyin/copyout (the kernel's checked access to user
// memory, where EFAULT comes from).

import { PROT } from "../../shared/abi/flags.ts";
import type { SiCodeName } from "../../shared/abi/signals.ts";
import { formatAddr, isCanonical, isKernelAddr } from "../../shared/addr.ts";
import { PAGE_SIZE } from "../../shared/params.ts";
import type { AccessOp, FaultBit, PageInfo } from "./types.ts";
import type { FrameAllocator } from "./frames.ts";
import { findVma, isShared, type Vma } from "./vma.ts";

/** A present page-table entry (user pages only; a missing entry is "not present"). */
export interface Pte {
  frame: number;
  writable: boolean;
  nx: boolean;
  /** Shared with another address space after fork: a store must copy it first. */
  cow: boolean;
}

/** VMAs, page table, program break and mmap base of one process. */
export class AddressSpace {
  vmas: Vma[] = [];
  /** Page table: virtual page number -> entry. */
  ptes = new Map<number, Pte>();
  startBrk = 0;
  brk = 0;
  mmapBase = 0;
}

/** What the MMU needs from the rest of the kernel. */
export interface MemCtx {
  frames: FrameAllocator;
  /** A frame for `pid`, running the OOM killer if none is free; -1 if none could be found. */
  allocFrame(pid: number): number;
  /** The bytes of a file (a byte string), for file-backed pages. */
  fileData(ino: number): string | undefined;
  /** Frame f lost its owner's mapping but others still map it: give it a new owner. */
  reown(f: number, formerOwner: number): void;
}

export interface Fault {
  code: SiCodeName;
  bit: FaultBit;
  reason: string;
}

export type Touch =
  | { ok: true; frame: number; off: number; minor: boolean; cow: boolean }
  | { ok: false; fault: Fault }
  | { ok: false; oom: true };

const OP_WORD: Record<AccessOp, string> = { load: "load from", store: "store to", exec: "instruction fetch from" };

/** Virtual page number of an address. */
export function vpnOf(addr: number): number {
  return Math.floor(addr / PAGE_SIZE);
}

/**
 * The MMU plus the page-fault handler for one user-mode access (or a kernel copyin/copyout on
 * the process's behalf). Returns the frame on success, noting a demand-paging (minor) fault or a
 * copy-on-write break; otherwise the fault a CPU and Linux's do_page_fault would report, or oom
 * when no frame could be found.
 */
export function touch(ctx: MemCtx, mm: AddressSpace, pid: number, addr: number, op: AccessOp): Touch {
  if (!isCanonical(addr)) {
    return fail("SI_KERNEL", "canonical", `${op} at ${formatAddr(addr)}: bits 63..47 are not all equal, so the address is non-canonical; the CPU raises a general-protection fault — SIGSEGV (SI_KERNEL)`);
  }
  if (isKernelAddr(addr)) {
    return fail("SEGV_MAPERR", "U/S", `user-mode ${OP_WORD[op]} ${formatAddr(addr)}: kernel page (U/S=0); only ring 0 may touch it — SEGV_MAPERR`);
  }
  const vma = findVma(mm.vmas, addr);
  if (!vma) {
    return fail("SEGV_MAPERR", "P", `${OP_WORD[op]} ${formatAddr(addr)}: no mapping covers this address (no VMA, P=0) — SEGV_MAPERR`);
  }
  const where = `in "${vma.name}"`;
  if (vma.prot === PROT.PROT_NONE) {
    return fail("SEGV_ACCERR", "P", `${OP_WORD[op]} ${formatAddr(addr)}: the mapping ${where} is PROT_NONE (the PTE is kept not-present, P=0) — SEGV_ACCERR`);
  }
  if (op === "store" && !(vma.prot & PROT.PROT_WRITE)) {
    return fail("SEGV_ACCERR", "R/W", `store to ${formatAddr(addr)}: the page is mapped read-only (R/W=0) ${where} — SEGV_ACCERR`);
  }
  if (op === "exec" && !(vma.prot & PROT.PROT_EXEC)) {
    return fail("SEGV_ACCERR", "NX", `instruction fetch from ${formatAddr(addr)}: the page is not executable (NX=1) ${where} — SEGV_ACCERR`);
  }
  const vpn = vpnOf(addr);
  const off = addr - vpn * PAGE_SIZE;
  let pte = mm.ptes.get(vpn);
  let minor = false;
  if (!pte) {
    const frame = ctx.allocFrame(pid);
    if (frame < 0) return { ok: false, oom: true };
    if (vma.ino) fillFromFile(ctx, frame, vma, vpn * PAGE_SIZE);
    pte = { frame, writable: (vma.prot & PROT.PROT_WRITE) !== 0, nx: (vma.prot & PROT.PROT_EXEC) === 0, cow: false };
    mm.ptes.set(vpn, pte);
    minor = true;
  }
  let cow = false;
  if (op === "store" && (pte.cow || !pte.writable)) {
    const f = ctx.frames;
    if (f.refcount[pte.frame] > 1) {
      const copy = ctx.allocFrame(pid);
      if (copy < 0) return { ok: false, oom: true };
      // The OOM killer may have run; the old frame is still referenced by us.
      const old = pte.frame;
      const src = f.contents[old];
      if (src) f.bytes(copy).set(src);
      const owned = f.owner[old] === pid;
      pte.frame = copy;
      f.unref(old);
      if (owned && f.refcount[old] > 0) ctx.reown(old, pid);
    }
    pte.writable = true;
    pte.cow = false;
    cow = true;
  }
  return { ok: true, frame: pte.frame, off, minor, cow };
}

function fail(code: SiCodeName, bit: FaultBit, reason: string): Touch {
  return { ok: false, fault: { code, bit, reason } };
}

function fillFromFile(ctx: MemCtx, frame: number, vma: Vma, pageAddr: number): void {
  const data = ctx.fileData(vma.ino);
  if (!data) return;
  const from = vma.offset + (pageAddr - vma.start);
  if (from >= data.length) return;
  const b = ctx.frames.bytes(frame);
  const n = Math.min(PAGE_SIZE, data.length - from);
  for (let i = 0; i < n; i++) b[i] = data.charCodeAt(from + i) & 0xff;
}

export type Copy<T> = { ok: true; value: T; minor: boolean } | { ok: false; oom?: true; reason: string };

/**
 * copyin: read len bytes of user memory at addr on the process's behalf. Each page must be in a
 * readable user VMA (demand-paged if needed); otherwise EFAULT (reason says which byte).
 */
export function copyin(ctx: MemCtx, mm: AddressSpace, pid: number, addr: number, len: number): Copy<Uint8Array> {
  const out = new Uint8Array(len);
  let minor = false;
  let done = 0;
  while (done < len) {
    const a = addr + done;
    const t = touch(ctx, mm, pid, a, "load");
    if (!t.ok) return "oom" in t ? { ok: false, oom: true, reason: "out of memory" } : { ok: false, reason: efaultReason(a, t.fault) };
    minor ||= t.minor;
    const n = Math.min(len - done, PAGE_SIZE - t.off);
    const src = ctx.frames.contents[t.frame];
    if (src) out.set(src.subarray(t.off, t.off + n), done);
    done += n;
  }
  return { ok: true, value: out, minor };
}

/** copyinString: a NUL-terminated string of at most max bytes (ENAMETOOLONG is the caller's). */
export function copyinString(ctx: MemCtx, mm: AddressSpace, pid: number, addr: number, max: number): Copy<Uint8Array> {
  const parts: number[] = [];
  let minor = false;
  let a = addr;
  while (parts.length <= max) {
    const t = touch(ctx, mm, pid, a, "load");
    if (!t.ok) return "oom" in t ? { ok: false, oom: true, reason: "out of memory" } : { ok: false, reason: efaultReason(a, t.fault) };
    minor ||= t.minor;
    const src = ctx.frames.contents[t.frame];
    for (let off = t.off; off < PAGE_SIZE; off++) {
      const c = src ? src[off] : 0;
      if (c === 0) return { ok: true, value: Uint8Array.from(parts), minor };
      parts.push(c);
      if (parts.length > max) break;
    }
    a = (vpnOf(a) + 1) * PAGE_SIZE;
  }
  return { ok: true, value: Uint8Array.from(parts), minor };
}

/**
 * copyout: write bytes into user memory at addr. Each page must be in a writable user VMA
 * (demand paging and copy-on-write happen silently); otherwise EFAULT.
 */
export function copyout(ctx: MemCtx, mm: AddressSpace, pid: number, addr: number, bytes: Uint8Array): Copy<null> {
  let minor = false;
  let done = 0;
  // Check every page first so a failing copy writes nothing.
  for (let a = addr; a < addr + bytes.length || (bytes.length === 0 && a === addr); a = (vpnOf(a) + 1) * PAGE_SIZE) {
    if (bytes.length === 0) break;
    const t = touch(ctx, mm, pid, a, "store");
    if (!t.ok) return "oom" in t ? { ok: false, oom: true, reason: "out of memory" } : { ok: false, reason: efaultReason(a, t.fault) };
    minor ||= t.minor || t.cow;
  }
  while (done < bytes.length) {
    const a = addr + done;
    const t = touch(ctx, mm, pid, a, "store");
    if (!t.ok) return { ok: false, reason: "page vanished during copy" };
    const n = Math.min(bytes.length - done, PAGE_SIZE - t.off);
    ctx.frames.bytes(t.frame).set(bytes.subarray(done, done + n), t.off);
    done += n;
  }
  return { ok: true, value: null, minor };
}

function efaultReason(addr: number, f: Fault): string {
  if (f.bit === "canonical") return `${formatAddr(addr)} is non-canonical; the kernel refuses the pointer (copy_from_user) — EFAULT, no signal`;
  if (f.bit === "U/S") return `${formatAddr(addr)} is a kernel address; the kernel will not read or write its own memory for a user pointer — EFAULT, no signal`;
  if (f.bit === "P" && f.code === "SEGV_MAPERR") return `${formatAddr(addr)} is not mapped in your address space — EFAULT, no signal`;
  return `${formatAddr(addr)}: ${f.bit === "R/W" ? "the page is read-only" : "the page is not accessible"} — EFAULT, no signal`;
}

/** Drop the PTEs of [start, end); returns frames that stay alive and were owned by pid. */
export function unmapPages(frames: FrameAllocator, mm: AddressSpace, pid: number, start: number, end: number): number[] {
  const survivors: number[] = [];
  const lo = vpnOf(start);
  const hi = vpnOf(end);
  const drop = (vpn: number, pte: Pte): void => {
    const owned = frames.owner[pte.frame] === pid;
    if (!frames.unref(pte.frame) && owned) survivors.push(pte.frame);
    mm.ptes.delete(vpn);
  };
  if (hi - lo > mm.ptes.size) {
    for (const [vpn, pte] of [...mm.ptes]) if (vpn >= lo && vpn < hi) drop(vpn, pte);
  } else {
    for (let vpn = lo; vpn < hi; vpn++) {
      const pte = mm.ptes.get(vpn);
      if (pte) drop(vpn, pte);
    }
  }
  return survivors;
}

/** Copy an address space for fork: private pages become copy-on-write in both, shared stay shared. */
export function forkSpace(frames: FrameAllocator, parent: AddressSpace): AddressSpace {
  const child = new AddressSpace();
  child.vmas = parent.vmas.map((v) => ({ ...v }));
  child.startBrk = parent.startBrk;
  child.brk = parent.brk;
  child.mmapBase = parent.mmapBase;
  for (const [vpn, pte] of parent.ptes) {
    const vma = findVma(parent.vmas, vpn * PAGE_SIZE);
    frames.ref(pte.frame);
    if (vma && isShared(vma)) {
      child.ptes.set(vpn, { ...pte });
    } else {
      pte.cow = true;
      pte.writable = false;
      child.ptes.set(vpn, { ...pte });
    }
  }
  return child;
}

/** Apply a VMA's protection to its present PTEs (after mprotect). */
export function reprotect(mm: AddressSpace, vma: Vma): void {
  for (let vpn = vpnOf(vma.start); vpn < vpnOf(vma.end); vpn++) {
    const pte = mm.ptes.get(vpn);
    if (!pte) continue;
    pte.writable = (vma.prot & PROT.PROT_WRITE) !== 0 && !pte.cow;
    pte.nx = (vma.prot & PROT.PROT_EXEC) === 0;
  }
}

/** Most not-present pages listed per VMA by listPages (a large mapping lists only present pages). */
export const LIST_ABSENT_MAX = 64;

/** The user half of a page table as PageInfo rows, sorted by address. */
export function listPages(mm: AddressSpace): PageInfo[] {
  const rows: PageInfo[] = [];
  for (const v of mm.vmas) {
    const lo = vpnOf(v.start);
    const hi = vpnOf(v.end);
    const all = hi - lo <= LIST_ABSENT_MAX;
    const vpns = all ? range(lo, hi) : [...mm.ptes.keys()].filter((n) => n >= lo && n < hi).sort((a, b) => a - b);
    for (const vpn of vpns) {
      const pte = mm.ptes.get(vpn);
      rows.push({
        addr: vpn * PAGE_SIZE,
        present: !!pte && v.prot !== PROT.PROT_NONE,
        writable: pte ? pte.writable : false,
        user: true,
        nx: pte ? pte.nx : (v.prot & PROT.PROT_EXEC) === 0,
        cow: pte ? pte.cow : false,
        frame: pte ? pte.frame : -1,
        vma: v.name,
      });
    }
  }
  return rows;
}

function range(lo: number, hi: number): number[] {
  const r: number[] = [];
  for (let i = lo; i < hi; i++) r.push(i);
  return r;
}
