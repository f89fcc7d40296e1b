// The "MMU view" model: my address space as rows of page tiles, highest addresses on top (the
// kernel half behind the wall, then the non-canonical hole, then my regions down to NULL), and a
// cursor my character walks with the arrow keys. Bits come from my page table (PrivateView.pages)
// where the kernel reports them, otherwise from the region's protection (a page not yet touched is
// not present: demand paging).

import { formatAddr, isKernelAddr, NONCANONICAL, parseAddr, pageDown } from "../../../shared/addr.ts";
import { PROT } from "../../../shared/abi/flags.ts";
import { LAYOUT, PAGE_SIZE } from "../../../shared/params.ts";
import type { PageSnap, PrivateSnap, VmaSnap } from "./snapshot.ts";

export type TileKind = "user" | "kernel" | "hole" | "null" | "gap";

export interface Tile {
  /** Folded address (shared/addr.ts) of the page start. */
  addr: number;
  /** 64-bit hex as the student would type it. */
  hex: string;
  kind: TileKind;
  region: string;
  /** Inside a mapping (a VMA, or the kernel's own mapping). */
  mapped: boolean;
  present: boolean;
  writable: boolean;
  user: boolean;
  nx: boolean;
  cow: boolean;
  frame: number;
}

export interface Row {
  region: string;
  kind: TileKind;
  start: number;
  /** Pages in the region beyond the tiles shown. */
  more: number;
  tiles: Tile[];
}

export interface Cursor {
  row: number;
  col: number;
}

export const MAX_TILES_PER_ROW = 6;
const HOLE_ADDR = 0x800000000000; // first non-canonical address above user space
const NON_CANONICAL_EXAMPLE = parseAddr("0x0000800000000000") ?? NONCANONICAL;

/** Hex string for a folded address, without the " (non-canonical)" note. */
export function addrHex(a: number): string {
  return formatAddr(a).replace(" (non-canonical)", "").replace("????", "0000");
}

function kernelRow(region: string, startHex: string, pages: number, writable: boolean, nx: boolean, table: Map<number, PageSnap>): Row {
  const start = parseAddr(startHex)!;
  const tiles: Tile[] = [];
  for (let i = 0; i < pages; i++) {
    const addr = start + i * PAGE_SIZE;
    const p = table.get(addr);
    tiles.push({
      addr,
      hex: addrHex(addr),
      kind: "kernel",
      region,
      mapped: true,
      present: p?.present ?? true,
      writable: p?.writable ?? writable,
      user: p?.user ?? false,
      nx: p?.nx ?? nx,
      cow: p?.cow ?? false,
      frame: p?.frame ?? -1,
    });
  }
  return { region, kind: "kernel", start, more: 0, tiles };
}

function single(region: string, kind: TileKind, addr: number): Row {
  return {
    region,
    kind,
    start: addr,
    more: 0,
    tiles: [{ addr, hex: addrHex(addr), kind, region, mapped: false, present: false, writable: false, user: kind !== "kernel", nx: true, cow: false, frame: -1 }],
  };
}

function vmaTile(v: VmaSnap, addr: number, table: Map<number, PageSnap>): Tile {
  // A page-table entry that is not present carries no meaningful bits yet: show the region's
  // protection for it (what the first touch will map), and the PTE's bits once it is present.
  const entry = table.get(addr);
  const p = entry?.present ? entry : undefined;
  return {
    addr,
    hex: addrHex(addr),
    kind: "user",
    region: v.name || "anon",
    mapped: true,
    present: !!p,
    writable: p?.writable ?? (v.prot & PROT.PROT_WRITE) !== 0,
    user: p?.user ?? true,
    nx: p?.nx ?? (v.prot & PROT.PROT_EXEC) === 0,
    cow: p?.cow ?? false,
    frame: p?.frame ?? -1,
  };
}

/** Rows of the MMU view for my private view, top (kernel) to bottom (NULL). */
export function buildRows(priv: Pick<PrivateSnap, "vmas" | "pages" | "brk"> | undefined): Row[] {
  const table = new Map<number, PageSnap>();
  for (const p of priv?.pages ?? []) {
    const a = parseAddr(p.addr);
    if (a !== undefined) table.set(pageDown(a, PAGE_SIZE), p);
  }
  const rows: Row[] = [
    kernelRow("kernel text", LAYOUT.KERNEL_TEXT, 2, false, false, table),
    kernelRow("kernel data", LAYOUT.KERNEL_DATA, 2, true, true, table),
    kernelRow("direct map", LAYOUT.KERNEL_DIRECT_MAP, 1, true, true, table),
    single("non-canonical hole", "hole", NON_CANONICAL_EXAMPLE),
  ];
  const vmas = [...(priv?.vmas ?? [])]
    .map((v) => ({ v, start: parseAddr(v.start), end: parseAddr(v.end) }))
    .filter((x): x is { v: VmaSnap; start: number; end: number } => x.start !== undefined && x.end !== undefined && x.end > x.start)
    .sort((a, b) => b.start - a.start);
  for (const { v, start, end } of vmas) {
    const pages = Math.ceil((end - start) / PAGE_SIZE);
    const shown = Math.min(pages, MAX_TILES_PER_ROW);
    // The stack grows down: show its top pages, which are the ones in use.
    const first = /stack/i.test(v.name) ? end - shown * PAGE_SIZE : start;
    const tiles = Array.from({ length: shown }, (_, i) => vmaTile(v, first + i * PAGE_SIZE, table));
    const row: Row = { region: v.name || "anon", kind: "user", start, more: pages - shown, tiles };
    if (/heap/i.test(v.name) && tiles.length < MAX_TILES_PER_ROW) {
      // Just past the break: unmapped, the classic out-of-bounds heap access.
      const past = first + shown * PAGE_SIZE;
      row.tiles.push({ ...single("past brk", "gap", past).tiles[0], region: "past brk (unmapped)" });
    }
    rows.push(row);
  }
  rows.push(single("NULL page", "null", 0));
  return rows;
}

/** Where the cursor starts: my data page (a safe place to load and store). */
export function initialCursor(rows: readonly Row[]): Cursor {
  const prefer = ["data", "heap", "bss", "stack"];
  for (const name of prefer) {
    const r = rows.findIndex((row) => row.kind === "user" && row.region.toLowerCase().includes(name));
    if (r >= 0) return { row: r, col: 0 };
  }
  const u = rows.findIndex((row) => row.kind === "user");
  return { row: u >= 0 ? u : 0, col: 0 };
}

export type Dir = "up" | "down" | "left" | "right";

/** Move the cursor one tile; up/down keep the column where the next row is long enough. */
export function moveCursor(rows: readonly Row[], cur: Cursor, dir: Dir): Cursor {
  if (rows.length === 0) return { row: 0, col: 0 };
  let { row, col } = clampCursor(rows, cur);
  if (dir === "left") col = Math.max(0, col - 1);
  if (dir === "right") col = Math.min(rows[row].tiles.length - 1, col + 1);
  if (dir === "up") row = Math.max(0, row - 1);
  if (dir === "down") row = Math.min(rows.length - 1, row + 1);
  col = Math.min(col, rows[row].tiles.length - 1);
  return { row, col };
}

export function clampCursor(rows: readonly Row[], cur: Cursor): Cursor {
  if (rows.length === 0) return { row: 0, col: 0 };
  const row = Math.max(0, Math.min(rows.length - 1, cur.row));
  const col = Math.max(0, Math.min(rows[row].tiles.length - 1, cur.col));
  return { row, col };
}

export function tileAt(rows: readonly Row[], cur: Cursor): Tile | undefined {
  const c = clampCursor(rows, cur);
  return rows[c.row]?.tiles[c.col];
}

/** Find the tile holding an address (same page), or undefined. */
export function findTile(rows: readonly Row[], addr: number): Cursor | undefined {
  const page = addr >= NONCANONICAL ? addr : pageDown(addr, PAGE_SIZE);
  for (let r = 0; r < rows.length; r++) {
    const c = rows[r].tiles.findIndex((t) => t.addr === page);
    if (c >= 0) return { row: r, col: c };
  }
  return undefined;
}

function band(a: number): number {
  if (a >= NONCANONICAL || (a >= HOLE_ADDR && !isKernelAddr(a))) return 2;
  return isKernelAddr(a) ? 3 : a === 0 ? 0 : 1;
}

/**
 * The rows with a typed address added as its own one-tile row (unless a tile already holds it),
 * placed where it belongs in the address order, and the cursor on it.
 */
export function withTypedAddress(rows: readonly Row[], addr: number, priv: Pick<PrivateSnap, "vmas" | "pages"> | undefined): { rows: Row[]; cursor: Cursor } {
  const found = findTile(rows, addr);
  if (found) return { rows: [...rows], cursor: found };
  const page = addr >= NONCANONICAL ? addr : pageDown(addr, PAGE_SIZE);
  let row: Row;
  if (addr >= NONCANONICAL) row = { ...single("typed: non-canonical", "hole", page) };
  else if (isKernelAddr(addr)) row = { ...kernelRow("typed: kernel", addrHex(page), 1, false, true, new Map()), region: "typed: kernel half" };
  else {
    const v = (priv?.vmas ?? []).find((x) => {
      const s = parseAddr(x.start);
      const e = parseAddr(x.end);
      return s !== undefined && e !== undefined && page >= s && page < e;
    });
    const table = new Map<number, PageSnap>();
    for (const p of priv?.pages ?? []) {
      const a = parseAddr(p.addr);
      if (a !== undefined) table.set(pageDown(a, PAGE_SIZE), p);
    }
    row = v
      ? { region: `typed: ${v.name}`, kind: "user", start: page, more: 0, tiles: [vmaTile(v, page, table)] }
      : { ...single("typed: unmapped", page === 0 ? "null" : "gap", page) };
  }
  // Keep display order: kernel band, hole, user (high to low), NULL.
  const key = (a: number) => band(a) * 2 ** 50 + (band(a) === 2 ? 0 : a % 2 ** 50);
  const out = [...rows];
  let i = out.findIndex((r) => key(r.start) < key(page));
  if (i < 0) i = out.length;
  out.splice(i, 0, row);
  return { rows: out, cursor: { row: i, col: 0 } };
}

/** "P R/W U/S NX" flags of a tile as short labels, for the tile face and the detail line. */
export function tileBits(t: Tile): { P: boolean; RW: boolean; US: boolean; NX: boolean; COW: boolean } {
  return { P: t.present, RW: t.writable, US: t.user, NX: t.nx, COW: t.cow };
}

/** One line describing a tile: "0x402000 data: present, writable, user, no-exec". */
export function describeTile(t: Tile): string {
  if (t.kind === "hole") return `${t.hex} is non-canonical: no page table can map it`;
  if (!t.mapped) return `${t.hex} ${t.region}: nothing is mapped here`;
  const bits = [
    t.present ? "present" : "not present yet (first touch maps it)",
    t.writable ? "writable" : "read-only",
    t.user ? "user" : "supervisor-only",
    t.nx ? "no-exec" : "executable",
  ];
  if (t.cow) bits.push("copy-on-write");
  return `${t.hex} ${t.region}: ${bits.join(", ")}`;
}
