// Virtual memory areas: the list of regions of one address space, kept sorted by start address.
// Each VMA is [start, end) in folded addresses (shared/addr.ts), page-aligned.

import { MAP, MAP_TYPE } from "../../shared/abi/flags.ts";

export interface Vma {
  start: number;
  end: number;
  prot: number;
  /** MAP_PRIVATE or MAP_SHARED, plus MAP_ANONYMOUS for memory not backed by a file. */
  flags: number;
  /** "text", "rodata", "data", "heap", "stack", "mmap", or the mapped file's path. */
  name: string;
  /** Inode of the mapped file, 0 when anonymous. */
  ino: number;
  /** File offset of `start` (file mappings). */
  offset: number;
  /** False for a MAP_SHARED mapping of a file opened read-only: PROT_WRITE may never be added. */
  mayWrite: boolean;
}

/** The VMA containing addr, or undefined. */
export function findVma(vmas: readonly Vma[], addr: number): Vma | undefined {
  let lo = 0;
  let hi = vmas.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = vmas[mid];
    if (addr < v.start) hi = mid - 1;
    else if (addr >= v.end) lo = mid + 1;
    else return v;
  }
  return undefined;
}

/** True if any VMA overlaps [start, end). */
export function overlaps(vmas: readonly Vma[], start: number, end: number): boolean {
  return vmas.some((v) => v.start < end && start < v.end);
}

/** Insert a VMA (the range must be free), keeping the list sorted. */
export function insertVma(vmas: Vma[], vma: Vma): void {
  let i = 0;
  while (i < vmas.length && vmas[i].start < vma.start) i++;
  vmas.splice(i, 0, vma);
}

/** Split the VMA containing addr so that a VMA boundary falls on addr (no-op if already one). */
export function splitAt(vmas: Vma[], addr: number): void {
  const i = vmas.findIndex((v) => v.start < addr && addr < v.end);
  if (i < 0) return;
  const v = vmas[i];
  const right: Vma = { ...v, start: addr, offset: v.offset + (v.ino ? addr - v.start : 0) };
  vmas.splice(i + 1, 0, right);
  v.end = addr;
}

/** Remove [start, end) from the list, splitting VMAs at the edges. Returns the removed pieces. */
export function removeRange(vmas: Vma[], start: number, end: number): Vma[] {
  splitAt(vmas, start);
  splitAt(vmas, end);
  const removed: Vma[] = [];
  for (let i = vmas.length - 1; i >= 0; i--) {
    const v = vmas[i];
    if (v.start >= start && v.end <= end) removed.unshift(...vmas.splice(i, 1));
  }
  return removed;
}

/**
 * The highest page-aligned address a with [a, a+len) free, low <= a and a+len <= high; -1 if none.
 * This is the top-down search mmap uses below mmap_base.
 */
export function findFreeTopDown(vmas: readonly Vma[], len: number, low: number, high: number): number {
  let ceiling = high;
  for (let i = vmas.length - 1; i >= -1; i--) {
    const v = i >= 0 ? vmas[i] : undefined;
    if (v && v.start >= ceiling) continue;
    const floor = v ? Math.max(v.end, low) : low;
    if (ceiling - floor >= len) return ceiling - len;
    if (!v) break;
    ceiling = Math.min(ceiling, v.start);
    if (ceiling <= low) break;
  }
  return -1;
}

/** Total mapped bytes (for RLIMIT_AS). */
export function mappedBytes(vmas: readonly Vma[]): number {
  let n = 0;
  for (const v of vmas) n += v.end - v.start;
  return n;
}

/** True for a MAP_SHARED mapping (stores reach every sharer and the file). */
export function isShared(v: Vma): boolean {
  return (v.flags & MAP_TYPE) === MAP.MAP_SHARED;
}
