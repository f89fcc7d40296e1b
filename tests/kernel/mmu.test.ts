// The MMU and the page-fault handler: every SIGSEGV outcome, demand paging, copy-on-write, and
// the lesson "the same bad pointer: EFAULT in a syscall, SIGSEGV when dereferenced".

import { describe, expect, test } from "vitest";
import { MAP, PROT } from "../../shared/abi/flags.ts";
import { SIG } from "../../shared/abi/signals.ts";
import { parseAddr } from "../../shared/addr.ts";
import { LAYOUT, PAGE_SIZE } from "../../shared/params.ts";
import { ALICE, boot, mem, spawn, sys, t } from "./helpers.ts";

const KTEXT = parseAddr(LAYOUT.KERNEL_TEXT)!;
const ANON = MAP.MAP_PRIVATE | MAP.MAP_ANONYMOUS;

describe("SIGSEGV outcomes (Intel SDM page-fault error code; sigaction(2) si_code)", () => {
  const cases: [string, (k: ReturnType<typeof boot>, p: number) => number, "load" | "store" | "exec", string, string][] = [
    ["MAPERR: no mapping (P=0)", () => 0x10000000, "load", "SEGV_MAPERR", "P"],
    ["MAPERR: user access to a kernel page (U/S=0)", () => KTEXT, "load", "SEGV_MAPERR", "U/S"],
    ["ACCERR: store to read-only text (R/W=0)", () => LAYOUT.TEXT, "store", "SEGV_ACCERR", "R/W"],
    ["ACCERR: instruction fetch from a non-executable page (NX=1)", () => LAYOUT.DATA, "exec", "SEGV_ACCERR", "NX"],
    ["ACCERR: load from a PROT_NONE mapping (P=0 inside a VMA)", (k, p) => sys(k, p, "mmap", 0, 4096, PROT.PROT_NONE, ANON, -1, 0).ret, "load", "SEGV_ACCERR", "P"],
    ["SI_KERNEL: a non-canonical address is a general-protection fault", () => parseAddr("0x0000800000000000")!, "load", "SI_KERNEL", "canonical"],
  ];
  test.each(cases)("%s", (_n, addrOf, op, code, bit) => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const r = mem(k, p, op, addrOf(k, p));
    expect(r.ok).toBe(false);
    expect(r.fault).toEqual({ signal: "SIGSEGV", code, bit });
    expect(k.proc(p)).toBeUndefined(); // killed (core) and reaped by init
    const sig = k.auditTail(10).find((e) => e.kind === "signal");
    expect(sig?.text).toContain(`si_code=${code}`);
    expect(k.auditTail(1)[0].text).toBe("+++ killed by SIGSEGV (core dumped) +++");
  });

  test("the kernel-page reason names the U/S bit and ring 0", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const r = mem(k, p, "load", KTEXT);
    expect(r.reason).toBe("user-mode load from 0xffffffff81000000: kernel page (U/S=0); only ring 0 may touch it — SEGV_MAPERR");
    expect(r.line).toBe("--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0xffffffff81000000} ---");
  });

  test("store to text: the reason says read-only (R/W=0) in \"text\"", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    expect(mem(k, p, "store", LAYOUT.TEXT).reason).toBe('store to 0x400000: the page is mapped read-only (R/W=0) in "text" — SEGV_ACCERR');
  });

  test("a SIGSEGV handler runs and the process survives; the access is abandoned", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    sys(k, p, "rt_sigaction", SIG.SIGSEGV, LAYOUT.TEXT);
    const r = mem(k, p, "store", LAYOUT.TEXT);
    expect(r.fault?.code).toBe("SEGV_ACCERR");
    expect(k.proc(p)?.state).not.toBe("ZOMBIE");
    expect(k.auditTail(3).some((e) => e.kind === "signal" && e.reason.includes("re-run"))).toBe(true);
  });

  test("a handler address that is not executable turns the signal into SIGSEGV", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    sys(k, p, "rt_sigaction", SIG.SIGUSR1, LAYOUT.DATA);
    sys(k, p, "kill", p, SIG.SIGUSR1);
    expect(k.proc(p)).toBeUndefined();
    expect(k.auditTail(1)[0].text).toBe("+++ killed by SIGSEGV (core dumped) +++");
  });
});

describe("EFAULT vs SIGSEGV with the same pointer (read(2), write(2))", () => {
  test("passed to write: -EFAULT and the process lives; dereferenced: SIGSEGV", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const w = sys(k, p, "write", 1, KTEXT, 6);
    expect(w.errno).toBe("EFAULT");
    expect(w.line).toBe("write(1, 0xffffffff81000000, 6) = -1 EFAULT (Bad address)");
    expect(k.proc(p)?.state).toBeDefined();
    const a = mem(k, p, "load", KTEXT);
    expect(a.fault?.code).toBe("SEGV_MAPERR");
    expect(k.proc(p)).toBeUndefined();
  });

  test("a process that unmapped its own stack faults while its C library stages a path", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    sys(k, p, "munmap", LAYOUT.STACK_TOP - LAYOUT.STACK_PAGES * PAGE_SIZE, LAYOUT.STACK_PAGES * PAGE_SIZE);
    const r = k.run(p, { kind: "syscall", nr: 2, args: [t("/etc/passwd").valueOf() as never, 0, 0] });
    expect(r.kind).toBe("access");
    if (r.kind === "access") expect(r.fault?.code).toBe("SEGV_MAPERR");
    expect(k.proc(p)).toBeUndefined();
  });
});

describe("demand paging (OSTEP ch. 21-22)", () => {
  test("the first touch of an mmap page allocates a frame: minor fault, no signal, costs a tick", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const addr = sys(k, p, "mmap", 0, 2 * PAGE_SIZE, PROT.PROT_READ | PROT.PROT_WRITE, ANON, -1, 0).ret;
    const before = k.proc(p)!.rss;
    expect(k.pageTable(p).find((e) => e.addr === addr)?.present).toBe(false);
    const r = mem(k, p, "store", addr + 5, 0x41);
    expect(r).toMatchObject({ ok: true, minorFault: true, value: 0x41 });
    expect(r.cow).toBeUndefined();
    expect(k.proc(p)!.rss).toBe(before + 1);
    expect(k.proc(p)!.minorFaults).toBe(1);
    const pte = k.pageTable(p).find((e) => e.addr === addr)!;
    expect(pte).toMatchObject({ present: true, writable: true, user: true, nx: true });
    expect(k.frames().owner[pte.frame]).toBe(p);
    const t0 = k.tick;
    const again = mem(k, p, "load", addr + 5);
    expect(again).toMatchObject({ ok: true, value: 0x41 });
    expect(again.minorFault).toBeUndefined();
    expect(again.tick).toBe(t0 + 1); // the fault's extra tick came first
  });

  test("brk grows the heap lazily; the first touch of a heap page is a minor fault", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    expect(sys(k, p, "brk", LAYOUT.HEAP + 3 * PAGE_SIZE).ret).toBe(LAYOUT.HEAP + 3 * PAGE_SIZE);
    const rss = k.proc(p)!.rss;
    expect(mem(k, p, "store", LAYOUT.HEAP + PAGE_SIZE).minorFault).toBe(true);
    expect(k.proc(p)!.rss).toBe(rss + 1);
    expect(sys(k, p, "brk", LAYOUT.HEAP).ret).toBe(LAYOUT.HEAP);
    expect(k.proc(p)!.rss).toBe(rss);
    expect(mem(k, p, "load", LAYOUT.HEAP + PAGE_SIZE).fault?.code).toBe("SEGV_MAPERR");
  });

  test("a private file mapping is filled from the file on first touch", () => {
    const k = boot({ files: [{ path: "/tmp/f", data: "Zebra", mode: "0644" }] });
    const p = spawn(k, { uid: ALICE });
    sys(k, p, "open", t("/tmp/f"), 0, 0);
    const a = sys(k, p, "mmap", 0, PAGE_SIZE, PROT.PROT_READ, MAP.MAP_PRIVATE, 3, 0).ret;
    expect(mem(k, p, "load", a).value).toBe("Z".charCodeAt(0));
  });

  test("a MAP_SHARED file mapping opened O_RDWR writes through to the file", () => {
    const k = boot({ files: [{ path: "/tmp/f", data: "abc", mode: "0666" }] });
    const p = spawn(k, { uid: ALICE });
    sys(k, p, "open", t("/tmp/f"), 2, 0);
    const a = sys(k, p, "mmap", 0, PAGE_SIZE, PROT.PROT_READ | PROT.PROT_WRITE, MAP.MAP_SHARED, 3, 0).ret;
    mem(k, p, "store", a + 1, "X".charCodeAt(0));
    expect(k.readFile("/tmp/f")).toBe("aXc");
  });
});

describe("copy-on-write after fork(2)", () => {
  test("fork shares frames read-only; a store splits the frame and fixes refcounts", () => {
    const k = boot();
    const parent = spawn(k, { uid: ALICE });
    mem(k, parent, "store", LAYOUT.DATA, 1);
    const frame = k.pageTable(parent).find((e) => e.addr === LAYOUT.DATA)!.frame;
    const child = sys(k, parent, "fork").ret;
    expect(k.frames().refcount[frame]).toBe(2);
    const pe = k.pageTable(parent).find((e) => e.addr === LAYOUT.DATA)!;
    const ce = k.pageTable(child).find((e) => e.addr === LAYOUT.DATA)!;
    expect(pe).toMatchObject({ frame, cow: true, writable: false });
    expect(ce).toMatchObject({ frame, cow: true, writable: false });
    const r = mem(k, child, "store", LAYOUT.DATA, 2);
    expect(r).toMatchObject({ ok: true, cow: true });
    const ce2 = k.pageTable(child).find((e) => e.addr === LAYOUT.DATA)!;
    expect(ce2.frame).not.toBe(frame);
    expect(ce2).toMatchObject({ cow: false, writable: true });
    expect(k.frames().refcount[frame]).toBe(1);
    expect(k.frames().owner[ce2.frame]).toBe(child);
    expect(mem(k, parent, "load", LAYOUT.DATA).value).toBe(1);
    expect(mem(k, child, "load", LAYOUT.DATA).value).toBe(2);
    // The parent's store finds refcount 1: no copy, the page just becomes writable again.
    const pr = mem(k, parent, "store", LAYOUT.DATA, 3);
    expect(pr.cow).toBe(true);
    expect(k.pageTable(parent).find((e) => e.addr === LAYOUT.DATA)!.frame).toBe(frame);
  });

  test("when the first owner of a shared frame exits, the frame gets a living owner", () => {
    const k = boot();
    const parent = spawn(k, { uid: ALICE });
    const child = sys(k, parent, "fork").ret;
    const frame = k.pageTable(child).find((e) => e.addr === LAYOUT.TEXT)!.frame;
    sys(k, parent, "exit", 0);
    expect(k.frames().owner[frame]).toBe(child);
    expect(k.frames().refcount[frame]).toBe(1);
  });
});

describe("mprotect(2), munmap(2), brk(2) details", () => {
  test("mprotect splits a VMA and updates the PTEs (W^X)", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const a = sys(k, p, "mmap", 0, 3 * PAGE_SIZE, PROT.PROT_READ | PROT.PROT_WRITE, ANON, -1, 0).ret;
    mem(k, p, "store", a + PAGE_SIZE, 0xc3);
    expect(sys(k, p, "mprotect", a + PAGE_SIZE, PAGE_SIZE, PROT.PROT_READ | PROT.PROT_EXEC).ret).toBe(0);
    expect(k.vmas(p).filter((v) => v.name === "mmap").length).toBe(3);
    expect(k.pageTable(p).find((e) => e.addr === a + PAGE_SIZE)).toMatchObject({ writable: false, nx: false });
    expect(mem(k, p, "exec", a + PAGE_SIZE).ok).toBe(true);
    expect(mem(k, p, "store", a + PAGE_SIZE).fault?.bit).toBe("R/W");
  });

  test("mprotect changes the VMAs before a hole and then fails with ENOMEM (as Linux does)", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const a = sys(k, p, "mmap", 0x20000000, PAGE_SIZE, PROT.PROT_READ, ANON | MAP.MAP_FIXED, -1, 0).ret;
    expect(sys(k, p, "mprotect", a, 2 * PAGE_SIZE, PROT.PROT_READ | PROT.PROT_WRITE).errno).toBe("ENOMEM");
    expect(k.vmas(p).find((v) => v.start === a)?.prot).toBe(PROT.PROT_READ | PROT.PROT_WRITE);
  });

  test("munmap frees the frames of the pages it removes", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const a = sys(k, p, "mmap", 0, PAGE_SIZE, PROT.PROT_READ | PROT.PROT_WRITE, ANON, -1, 0).ret;
    mem(k, p, "store", a, 1);
    const frame = k.pageTable(p).find((e) => e.addr === a)!.frame;
    expect(sys(k, p, "munmap", a, PAGE_SIZE).ret).toBe(0);
    expect(k.frames().owner[frame]).toBe(-1);
  });

  test("brk below the heap start returns the current break", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const r = sys(k, p, "brk", 0x1000);
    expect(r.ret).toBe(LAYOUT.HEAP);
    expect(r.errno).toBeUndefined();
    expect(r.line).toBe("brk(0x1000) = 0x403000");
  });

  test("MAP_FIXED replaces an existing mapping; a free hint is used as given", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    expect(sys(k, p, "mmap", 0x30000000, PAGE_SIZE, PROT.PROT_READ, ANON, -1, 0).ret).toBe(0x30000000);
    expect(sys(k, p, "mmap", 0x30000000, PAGE_SIZE, PROT.PROT_READ | PROT.PROT_WRITE, ANON | MAP.MAP_FIXED, -1, 0).ret).toBe(0x30000000);
    expect(k.vmas(p).filter((v) => v.start === 0x30000000)).toHaveLength(1);
    expect(k.vmas(p).find((v) => v.start === 0x30000000)?.prot).toBe(3);
  });

  test("the page table lists the kernel half supervisor-only, on the kernel's frames", () => {
    const k = boot();
    const p = spawn(k, { uid: ALICE });
    const kern = k.pageTable(p).filter((e) => !e.user);
    expect(kern.length).toBeGreaterThanOrEqual(4);
    expect(kern.find((e) => e.addr === KTEXT)).toMatchObject({ present: true, writable: false, nx: false });
    for (const e of kern) expect(k.frames().owner[e.frame]).toBe(0);
  });
});
