// The OOM killer (proc(5) oom_score_adj, mm/oom_kill.c): the victim is the highest badness, not
// necessarily the faulting process; ties go to the last in pid order; its frames come back at once.

import { describe, expect, test } from "vitest";
import { MAP, PROT } from "../../shared/abi/flags.ts";
import { KERNEL_RESERVED_FRAMES, PAGE_SIZE } from "../../shared/params.ts";
import type { Kernel } from "../../server/kernel/index.ts";
import { ALICE, BOB, boot, mem, spawn, sys } from "./helpers.ts";

const RW = PROT.PROT_READ | PROT.PROT_WRITE;
const ANON = MAP.MAP_PRIVATE | MAP.MAP_ANONYMOUS;

/** Touch pages of a fresh mapping until n pages are resident (or the process dies). */
function hog(k: Kernel, pid: number, pages: number): number {
  const a = sys(k, pid, "mmap", 0, 64 * PAGE_SIZE, RW, ANON, -1, 0).ret;
  for (let i = 0; i < pages; i++) {
    if (!k.proc(pid)) break;
    mem(k, pid, "store", a + i * PAGE_SIZE, 1);
  }
  return a;
}

describe("OOM killer", () => {
  test("the hog dies, not the small process whose page fault found no frame", () => {
    const k = boot({ frames: KERNEL_RESERVED_FRAMES + 24 });
    const small = spawn(k, { uid: ALICE, name: "small" });
    const big = spawn(k, { uid: BOB, name: "hog" });
    const a = sys(k, small, "mmap", 0, 4 * PAGE_SIZE, RW, ANON, -1, 0).ret;
    hog(k, big, 20); // 2 (spawn) + 2 (small) + 20 = 24 frames: memory is now full
    expect(k.frames().owner.includes(-1)).toBe(false);
    k.drainEvents();
    const r = mem(k, small, "store", a, 7);
    expect(r).toMatchObject({ ok: true, minorFault: true });
    expect(k.proc(big)).toBeUndefined();
    expect(k.proc(small)).toBeDefined();
    const ev = k.drainEvents();
    expect(ev).toContainEqual(expect.objectContaining({ type: "oom-kill", victim: big, trigger: small }));
    const oom = k.auditTail(20).find((e) => e.kind === "oom")!;
    expect(oom.text).toContain(`Killed process ${big} (hog)`);
    expect(oom.reason).toContain("not the process that asked");
    expect(oom.reason).toContain(`pid ${small} (small)`);
    expect(k.frames().owner.filter((o) => o === -1).length).toBeGreaterThan(15);
  });

  test("equal badness: the process seen last in pid order is chosen", () => {
    const k = boot({ frames: KERNEL_RESERVED_FRAMES + 10 });
    const first = spawn(k, { uid: ALICE, name: "first" });
    const second = spawn(k, { uid: ALICE, name: "second" });
    const third = spawn(k, { uid: ALICE, name: "third" });
    hog(k, first, 2);
    hog(k, second, 2);
    expect(k.proc(first)!.badness).toBe(k.proc(second)!.badness);
    // third (rss 2) faults: first and second have rss 4 each; second comes later in pid order.
    hog(k, third, 1);
    expect(k.proc(second)).toBeUndefined();
    expect(k.proc(first)).toBeDefined();
  });

  test("oom_score_adj -1000 exempts a process; +1000 makes it the first choice", () => {
    const k = boot({ frames: KERNEL_RESERVED_FRAMES + 14 });
    const precious = spawn(k, { uid: ALICE, name: "precious", oomScoreAdj: -1000 });
    const marked = spawn(k, { uid: ALICE, name: "marked", oomScoreAdj: 1000 });
    const other = spawn(k, { uid: ALICE, name: "other" });
    hog(k, precious, 6);
    hog(k, other, 2);
    expect(k.proc(marked)!.badness).toBeGreaterThan(k.proc(precious)!.badness);
    hog(k, other, 3);
    expect(k.proc(marked)).toBeUndefined();
    expect(k.proc(precious)).toBeDefined();
  });

  test("kernel memory pressure wakes the OOM killer; releasing gives the frames back", () => {
    const k = boot({ frames: KERNEL_RESERVED_FRAMES + 10 });
    const a = spawn(k, { uid: ALICE });
    const b = spawn(k, { uid: ALICE });
    hog(k, b, 3);
    const got = k.memoryPressure(8);
    expect(got).toBe(8);
    expect(k.proc(b)).toBeUndefined();
    expect(k.proc(a)).toBeDefined();
    expect(k.frames().owner.filter((o) => o === 0).length).toBe(KERNEL_RESERVED_FRAMES + 8);
    k.releasePressure();
    expect(k.frames().owner.filter((o) => o === 0).length).toBe(KERNEL_RESERVED_FRAMES);
  });

  test("spawn with every frame in use runs the OOM killer and succeeds", () => {
    const k = boot({ frames: KERNEL_RESERVED_FRAMES + 8 });
    const big = spawn(k, { uid: BOB, name: "hog" });
    hog(k, big, 6);
    expect(k.frames().owner.includes(-1)).toBe(false);
    const r = k.spawn({ name: "late", uid: ALICE });
    expect(r.ok).toBe(true);
    expect(k.proc(big)).toBeUndefined();
  });
});
