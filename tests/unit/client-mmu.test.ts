import { describe, expect, test } from "vitest";
import { parseAddr } from "../../shared/addr.ts";
import { buildRows, describeTile, findTile, initialCursor, moveCursor, tileAt, withTypedAddress } from "../../client/src/logic/mmu.ts";
import type { PrivateSnap } from "../../client/src/logic/snapshot.ts";

const priv: Pick<PrivateSnap, "vmas" | "pages" | "brk"> = {
  brk: "0x404000",
  vmas: [
    { start: "0x400000", end: "0x401000", prot: 5, flags: 2, name: "text" },
    { start: "0x401000", end: "0x402000", prot: 1, flags: 2, name: "rodata" },
    { start: "0x402000", end: "0x403000", prot: 3, flags: 2, name: "data" },
    { start: "0x403000", end: "0x404000", prot: 3, flags: 0x22, name: "heap" },
    { start: "0x7fffffffd000", end: "0x7ffffffff000", prot: 3, flags: 0x22, name: "stack" },
  ],
  pages: [
    { addr: "0x400000", vma: "text", present: true, writable: false, user: true, nx: false, cow: false, frame: 9 },
    { addr: "0x402000", vma: "data", present: true, writable: true, user: true, nx: true, cow: true, frame: 10 },
  ],
};

describe("MMU view model", () => {
  const rows = buildRows(priv);

  test("kernel half on top, then the hole, my regions high to low, NULL at the bottom", () => {
    expect(rows.map((r) => r.region)).toEqual(["kernel text", "kernel data", "direct map", "non-canonical hole", "stack", "heap", "data", "rodata", "text", "NULL page"]);
    expect(rows[0].tiles[0].hex).toBe("0xffffffff81000000");
    expect(rows[0].tiles[0].user).toBe(false);
  });

  test("bits come from the page table when present, else from the region's protection", () => {
    const data = rows.find((r) => r.region === "data")!.tiles[0];
    expect(data).toMatchObject({ present: true, writable: true, nx: true, cow: true, frame: 10 });
    const rodata = rows.find((r) => r.region === "rodata")!.tiles[0];
    expect(rodata).toMatchObject({ present: false, writable: false, nx: true, user: true });
    expect(describeTile(rodata)).toMatch(/not present yet.*read-only/);
  });

  test("the heap row ends with the unmapped page past the break", () => {
    const heap = rows.find((r) => r.region === "heap")!;
    expect(heap.tiles.at(-1)).toMatchObject({ hex: "0x404000", mapped: false });
  });

  test("cursor starts on data and walks without leaving the grid", () => {
    let c = initialCursor(rows);
    expect(tileAt(rows, c)!.region).toBe("data");
    for (let i = 0; i < 20; i++) c = moveCursor(rows, c, "up");
    expect(c.row).toBe(0);
    c = moveCursor(rows, c, "right");
    expect(tileAt(rows, c)!.hex).toBe("0xffffffff81001000");
    c = moveCursor(rows, c, "down"); // kernel data has two pages too
    expect(c.col).toBe(1);
    c = moveCursor(rows, c, "down"); // direct map has one
    expect(c.col).toBe(0);
    for (let i = 0; i < 20; i++) c = moveCursor(rows, c, "down");
    expect(tileAt(rows, c)!.hex).toBe("0x0");
  });

  test("typed addresses land in their own row, in address order", () => {
    const k = withTypedAddress(rows, parseAddr("0xffffffff81000010")!, priv);
    expect(tileAt(k.rows, k.cursor)!.hex).toBe("0xffffffff81000000"); // same page as an existing tile
    const odd = withTypedAddress(rows, parseAddr("0x1234000")!, priv);
    expect(odd.rows[odd.cursor.row].region).toBe("typed: unmapped");
    expect(odd.rows[odd.cursor.row - 1].region).toBe("stack");
    expect(odd.rows[odd.cursor.row + 1].region).toBe("heap");
    const nc = withTypedAddress(rows, parseAddr("0x0000900000000000")!, priv);
    expect(tileAt(nc.rows, nc.cursor)!.kind).toBe("hole");
    expect(findTile(rows, parseAddr("0x402abc")!)).toEqual({ row: 6, col: 0 });
  });
});
