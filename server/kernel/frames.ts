// The physical frame allocator: who owns each frame, how many page-table entries share it
// (copy-on-write), and its bytes (null until something is stored: the zero page).

import { PAGE_SIZE } from "../../shared/params.ts";

/** Owner value of a free frame. */
export const FREE = -1;
/** Owner value of a frame the kernel holds (its text, data, or frames taken under pressure). */
export const KERNEL_OWNER = 0;

/** Physical memory: a frame table (owner, refcount, bytes) with a lowest-free-first allocator. */
export class FrameAllocator {
  readonly total: number;
  /** -1 free, 0 kernel, else the pid of the first mapper. */
  readonly owner: Int32Array;
  /** Number of page-table entries mapping the frame (1 for kernel frames). */
  readonly refcount: Int32Array;
  /** Bytes of each frame; null means all zero (never written). */
  readonly contents: (Uint8Array | null)[];
  private freeCount: number;
  /** No free frame below this index (lets alloc skip the busy prefix). */
  private lowHint = 0;

  /** A machine with `total` frames, all free. */
  constructor(total: number) {
    this.total = total;
    this.owner = new Int32Array(total).fill(FREE);
    this.refcount = new Int32Array(total);
    this.contents = new Array<Uint8Array | null>(total).fill(null);
    this.freeCount = total;
  }

  get free(): number {
    return this.freeCount;
  }

  get used(): number {
    return this.total - this.freeCount;
  }

  /** Take the lowest free frame for `owner` (refcount 1, zero-filled); -1 when none is free. */
  alloc(owner: number): number {
    for (let f = this.lowHint; f < this.total; f++) {
      if (this.owner[f] === FREE) {
        this.owner[f] = owner;
        this.refcount[f] = 1;
        this.contents[f] = null;
        this.freeCount--;
        this.lowHint = f + 1;
        return f;
      }
    }
    this.lowHint = this.total;
    return -1;
  }

  /** One more page-table entry maps frame f (fork sharing it copy-on-write). */
  ref(f: number): void {
    this.refcount[f]++;
  }

  /** One fewer mapping of f; frees it when none is left. Returns true if the frame was freed. */
  unref(f: number): boolean {
    if (this.owner[f] === FREE) return false;
    this.refcount[f]--;
    if (this.refcount[f] > 0) return false;
    this.owner[f] = FREE;
    this.refcount[f] = 0;
    this.contents[f] = null;
    this.freeCount++;
    if (f < this.lowHint) this.lowHint = f;
    return true;
  }

  /** The bytes of frame f, materialised (a write is about to land). */
  bytes(f: number): Uint8Array {
    let b = this.contents[f];
    if (!b) {
      b = new Uint8Array(PAGE_SIZE);
      this.contents[f] = b;
    }
    return b;
  }

  /** Byte at offset `off` of frame f (0 for a never-written frame). */
  load(f: number, off: number): number {
    const b = this.contents[f];
    return b ? b[off] : 0;
  }

  /** Plain-data form for a snapshot: owner/refcount arrays and hex of non-null frames (trailing zeros trimmed). */
  toJSON(): { total: number; owner: number[]; refcount: number[]; contents: [number, string][] } {
    const contents: [number, string][] = [];
    for (let f = 0; f < this.total; f++) {
      const b = this.contents[f];
      if (b) contents.push([f, toHex(b)]);
    }
    return { total: this.total, owner: Array.from(this.owner), refcount: Array.from(this.refcount), contents };
  }

  /** Rebuild from toJSON() output. */
  static fromJSON(j: { total: number; owner: number[]; refcount: number[]; contents: [number, string][] }): FrameAllocator {
    const a = new FrameAllocator(j.total);
    let free = 0;
    for (let f = 0; f < j.total; f++) {
      a.owner[f] = j.owner[f];
      a.refcount[f] = j.refcount[f];
      if (j.owner[f] === FREE) free++;
    }
    for (const [f, hex] of j.contents) a.contents[f] = fromHex(hex);
    a.freeCount = free;
    a.lowHint = 0;
    return a;
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Hex of the bytes up to the last non-zero one (the rest of a frame is zero). */
function toHex(b: Uint8Array): string {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  let s = "";
  for (let i = 0; i < end; i++) s += HEX[b[i]];
  return s;
}

function fromHex(s: string): Uint8Array {
  const b = new Uint8Array(PAGE_SIZE);
  for (let i = 0; i < b.length && 2 * i + 1 < s.length; i++) b[i] = parseInt(s.substr(2 * i, 2), 16);
  return b;
}
