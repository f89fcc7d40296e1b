// Seeded property test: random syscalls (garbage arguments included), memory accesses, steps,
// forks, signals and policy changes from random processes, with the kernel's invariants checked
// after every operation. Seed: RINGZERO_FUZZ_SEED (default fixed). On failure fast-check prints
// its seed and path, and the error carries the operation log of the failing run.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Kernel } from "../../server/kernel/index.ts";
import type { Arg, InputRecord, KernelConfig } from "../../server/kernel/index.ts";
import { CAP_ALL } from "../../shared/abi/caps.ts";
import { MAP, PROT } from "../../shared/abi/flags.ts";
import { SYS, SYSCALLS } from "../../shared/abi/syscalls.ts";
import { parseAddr } from "../../shared/addr.ts";
import { KERNEL_RESERVED_FRAMES, LAYOUT, PAGE_SIZE } from "../../shared/params.ts";
import { USERS } from "./helpers.ts";

const SEED = Number(process.env.RINGZERO_FUZZ_SEED ?? 8360926);
const RUNS = Number(process.env.RINGZERO_FUZZ_RUNS ?? 200);

export const CONFIG: KernelConfig = { seed: 3, users: USERS, frames: Number(process.env.RINGZERO_FUZZ_FRAMES ?? 40), cores: 2, auditCapacity: 64 };

const ADDRS = [
  0, 1, 0x1000, 0x10000, LAYOUT.TEXT, LAYOUT.TEXT + 17, LAYOUT.RODATA, LAYOUT.DATA, LAYOUT.DATA + 100, LAYOUT.HEAP, LAYOUT.HEAP + PAGE_SIZE,
  LAYOUT.STACK_TOP - 8, LAYOUT.STACK_TOP - PAGE_SIZE, LAYOUT.STACK_TOP - 3 * PAGE_SIZE, LAYOUT.MMAP_BASE - PAGE_SIZE,
  LAYOUT.MMAP_BASE - 2 * PAGE_SIZE, LAYOUT.MMAP_BASE - 5 * PAGE_SIZE + 3, 0x20000000, LAYOUT.USER_TOP - PAGE_SIZE,
  parseAddr(LAYOUT.KERNEL_TEXT)!, parseAddr(LAYOUT.KERNEL_DATA)!, parseAddr(LAYOUT.KERNEL_DIRECT_MAP)!, parseAddr("0x0000800000000000")!,
];
const PATHS = ["/etc/passwd", "/etc/shadow", "/tmp/f", "/tmp", "/home/alice/x", "/home/bob/y", "/dev/null", "/dev/tty", "/usr/bin/passwd", "/bin/sh", "", "/nope/x", "tmp/rel"];

const num = fc.oneof(fc.constantFrom(...ADDRS), fc.integer({ min: -5, max: 70000 }), fc.constantFrom(-1, -100, 0, 1, 2, 3, 4, 9, 15, 19, 0x22, 0x21, 0o101, 0o1102));
const arg: fc.Arbitrary<Arg> = fc.oneof(
  { weight: 4, arbitrary: num },
  { weight: 1, arbitrary: fc.constantFrom(...PATHS).map((text) => ({ text })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 64 }).map((space) => ({ space })) },
);
const who = fc.integer({ min: 0, max: 12 });
const RW = PROT.PROT_READ | PROT.PROT_WRITE;

/** Calls with sensible arguments, so the interesting paths (mmap then touch, fork then COW) happen. */
const shaped = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 6 }), fc.constantFrom(PROT.PROT_READ, RW, PROT.PROT_NONE, PROT.PROT_READ | PROT.PROT_EXEC), fc.constantFrom(MAP.MAP_PRIVATE, MAP.MAP_SHARED)).map(
    ([pages, prot, type]) => ({ nr: SYS.mmap, args: [0, pages * PAGE_SIZE, prot, type | MAP.MAP_ANONYMOUS, -1, 0] as Arg[] })),
  fc.constant({ nr: SYS.fork, args: [] as Arg[] }),
  fc.constantFrom(-1, 0).map((pid) => ({ nr: SYS.wait4, args: [pid, { space: 4 }, 1] as Arg[] })),
  fc.tuple(fc.constantFrom(...ADDRS), fc.integer({ min: 1, max: 3 })).map(([a, n]) => ({ nr: SYS.munmap, args: [a - (a % PAGE_SIZE), n * PAGE_SIZE] as Arg[] })),
  fc.tuple(fc.constantFrom(...ADDRS), fc.constantFrom(0, 1, 3, 5, 7)).map(([a, prot]) => ({ nr: SYS.mprotect, args: [a - (a % PAGE_SIZE), PAGE_SIZE, prot] as Arg[] })),
  fc.integer({ min: 0, max: 8 }).map((n) => ({ nr: SYS.brk, args: [n === 0 ? 0 : LAYOUT.HEAP + n * 3000] as Arg[] })),
  fc.constant({ nr: SYS.pipe, args: [{ space: 8 }] as Arg[] }),
  fc.tuple(fc.integer({ min: 0, max: 5 }), fc.string({ maxLength: 12 })).map(([fd, s]) => ({ nr: SYS.write, args: [fd, { text: s }, s.length] as Arg[] })),
  fc.integer({ min: 0, max: 5 }).map((fd) => ({ nr: SYS.read, args: [fd, { space: 16 }, 16] as Arg[] })),
  fc.tuple(fc.constantFrom(...PATHS), fc.constantFrom(0, 1, 2, 0o101, 0o1102, 0o301)).map(([p, f]) => ({ nr: SYS.open, args: [{ text: p }, f, 0o644] as Arg[] })),
  fc.tuple(fc.integer({ min: -1, max: 12 }), fc.constantFrom(0, 9, 15, 19, 18, 10, 17)).map(([pid, sig]) => ({ nr: SYS.kill, args: [pid, sig] as Arg[] })),
  fc.constantFrom("/usr/bin/passwd", "/bin/sh", "/etc/passwd").map((p) => ({ nr: SYS.execve, args: [{ text: p }] as Arg[] })),
  fc.constantFrom(0, 1000, 1001).map((u) => ({ nr: SYS.setuid, args: [u] as Arg[] })),
  fc.tuple(fc.constantFrom(10, 11, 15, 17, 9), fc.constantFrom(0, 1, LAYOUT.TEXT, LAYOUT.DATA)).map(([s, h]) => ({ nr: SYS.rt_sigaction, args: [s, h] as Arg[] })),
  fc.constant({ nr: SYS.sched_yield, args: [] as Arg[] }),
  fc.integer({ min: 0, max: 255 }).map((c) => ({ nr: SYS.exit, args: [c] as Arg[] })),
);
const random = fc.tuple(fc.constantFrom(...SYSCALLS.map((s) => s.nr), 455, 1000, -3), fc.array(arg, { maxLength: 6 })).map(([nr, args]) => ({ nr, args }));
const call = fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 2, arbitrary: random });

type Op =
  | { t: "spawn"; uid: number; cpu: boolean; nice: number; nproc: number }
  | { t: "sys"; who: number; nr: number; args: Arg[] }
  | { t: "run"; who: number; nr: number; args: Arg[] }
  | { t: "access"; who: number; op: "load" | "store" | "exec"; addr: number }
  | { t: "compute"; who: number; ticks: number }
  | { t: "step"; n: number }
  | { t: "signal"; who: number; sig: number }
  | { t: "trap"; nr: number; args: Arg[] }
  | { t: "sched"; policy: "rr" | "mlfq" | "fair"; allotment: boolean }
  | { t: "pressure"; n: number }
  | { t: "release" }
  | { t: "input"; who: number; text: string }
  | { t: "cancel"; who: number }
  | { t: "freeze"; n: number }
  | { t: "caps"; who: number; caps: number }
  | { t: "fill"; who: number; pages: number; shared: boolean }
  | { t: "forkstore"; who: number }
  | { t: "admin"; who: number; kind: number; flag: boolean };

export const fuzzOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ t: fc.constant("spawn" as const), uid: fc.constantFrom(0, 1000, 1001), cpu: fc.boolean(), nice: fc.integer({ min: -3, max: 10 }), nproc: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 8, arbitrary: fc.tuple(who, call).map(([w, c]) => ({ t: "sys" as const, who: w, ...c })) },
  { weight: 4, arbitrary: fc.tuple(who, call).map(([w, c]) => ({ t: "run" as const, who: w, ...c })) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant("access" as const), who, op: fc.constantFrom("load" as const, "store" as const, "exec" as const), addr: fc.constantFrom(...ADDRS) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("compute" as const), who, ticks: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant("step" as const), n: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("signal" as const), who, sig: fc.constantFrom(9, 19, 18, 15, 10, 11, 0, 70) }) },
  { weight: 2, arbitrary: call.map((c) => ({ t: "trap" as const, ...c })) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("sched" as const), policy: fc.constantFrom("rr" as const, "mlfq" as const, "fair" as const), allotment: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("pressure" as const), n: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: "release" as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("input" as const), who, text: fc.string({ maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("cancel" as const), who }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("freeze" as const), n: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("caps" as const), who, caps: fc.constantFrom(0, CAP_ALL, 1 << 5, CAP_ALL & ~(1 << 7)) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("fill" as const), who, pages: fc.integer({ min: 1, max: 12 }), shared: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("forkstore" as const), who }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("admin" as const), who, kind: fc.integer({ min: 0, max: 3 }), flag: fc.boolean() }) },
);

/** The pid an op's `who` index names: one of the live processes, or now and then a pid that does not exist. */
function pick(k: Kernel, w: number): number {
  const pids = k.ps().filter((p) => p.pid > 1).map((p) => p.pid);
  if (w === 12 || pids.length === 0) return 999;
  return pids[w % pids.length];
}

/** Apply one op through the public API (never expecting a throw, except trap on a non-running pid, which is avoided). */
export function apply(k: Kernel, o: Op): void {
  switch (o.t) {
    case "spawn": k.spawn({ name: "f", uid: o.uid, behavior: o.cpu ? "cpu" : "interactive", nice: o.nice, rlimits: { nproc: o.nproc } }); break;
    case "sys": k.submit(pick(k, o.who), { kind: "syscall", nr: o.nr, args: o.args }); break;
    case "run": k.run(pick(k, o.who), { kind: "syscall", nr: o.nr, args: o.args }, 20); break;
    case "access": k.run(pick(k, o.who), { kind: "access", op: o.op, addr: o.addr, value: 0x5a }, 20); break;
    case "compute": k.submit(pick(k, o.who), { kind: "compute", ticks: o.ticks }); break;
    case "step": for (let i = 0; i < o.n; i++) k.step(); break;
    case "signal": k.sendSignal(pick(k, o.who), o.sig, "fuzz"); break;
    case "trap": {
      const pid = k.cores().find((c) => c !== 0);
      if (pid) k.trap(pid, o.nr, o.args);
      break;
    }
    case "sched": k.setSched({ policy: o.policy, allotment: o.allotment }); break;
    case "pressure": k.memoryPressure(o.n); break;
    case "release": k.releasePressure(); break;
    case "input": k.terminalInput(pick(k, o.who), o.text); break;
    case "cancel": k.cancel(pick(k, o.who)); break;
    case "freeze": k.freeze(o.n); break;
    case "caps": k.setCaps(pick(k, o.who), o.caps); break;
    case "fill": {
      // Map pages and touch each: memory pressure, and the OOM killer when frames run out.
      const pid = pick(k, o.who);
      const m = k.run(pid, { kind: "syscall", nr: SYS.mmap, args: [0, o.pages * PAGE_SIZE, RW, (o.shared ? MAP.MAP_SHARED : MAP.MAP_PRIVATE) | MAP.MAP_ANONYMOUS, -1, 0] }, 20);
      if (m.kind !== "syscall" || m.ret < 0) break;
      for (let i = 0; i < o.pages; i++) k.run(pid, { kind: "access", op: "store", addr: m.ret + i * PAGE_SIZE, value: i }, 20);
      break;
    }
    case "admin": {
      // The administrator's policy (policy.ts): hardening switches, a syscall allow-list, groups, file modes.
      const pid = pick(k, o.who);
      if (o.kind === 0) k.admin({ op: "setMitigations", set: { kpti: o.flag, smap: !o.flag, smep: o.flag } });
      else if (o.kind === 1) k.admin({ op: "setFilter", pid, allow: o.flag ? [SYS.getpid, SYS.write, SYS.exit, SYS.fork] : null });
      else if (o.kind === 2) k.admin({ op: "setGroups", pid, groups: o.flag ? [0] : [] });
      else k.admin({ op: "setAttr", path: "/etc/shadow", mode: o.flag ? "0644" : "0600" });
      break;
    }
    case "forkstore": {
      // Fork, then both sides store to the data page: copy-on-write.
      const pid = pick(k, o.who);
      k.run(pid, { kind: "access", op: "store", addr: LAYOUT.DATA, value: 1 }, 20);
      const f = k.run(pid, { kind: "syscall", nr: SYS.fork, args: [] }, 20);
      if (f.kind !== "syscall" || f.ret <= 0) break;
      k.run(f.ret, { kind: "access", op: "store", addr: LAYOUT.DATA, value: 2 }, 20);
      k.run(pid, { kind: "access", op: "store", addr: LAYOUT.DATA + 1, value: 3 }, 20);
      break;
    }
  }
}

/** Every invariant; returns the first broken one, or "". */
export function broken(k: Kernel, kernelFrames: (Uint8Array | null | undefined)[]): string {
  const fr = k.frames();
  const total = fr.owner.length;
  const mapped = new Int32Array(total);
  const ps = k.ps();
  const alive = new Map(ps.map((p) => [p.pid, p]));
  for (const p of ps) {
    if (p.state === "ZOMBIE") continue;
    for (const e of k.pageTable(p.pid)) {
      if (!e.user || e.frame < 0) continue;
      mapped[e.frame]++;
      if (fr.owner[e.frame] <= 0) return `pid ${p.pid} maps frame ${e.frame} at 0x${e.addr.toString(16)}, but its owner is ${fr.owner[e.frame]}`;
    }
  }
  let free = 0;
  for (let f = 0; f < total; f++) {
    const o = fr.owner[f];
    if (o === -1) {
      free++;
      if (fr.refcount[f] !== 0 || mapped[f] !== 0) return `free frame ${f} has refcount ${fr.refcount[f]} and ${mapped[f]} mappings`;
    } else if (o === 0) {
      if (fr.refcount[f] !== 1) return `kernel frame ${f} has refcount ${fr.refcount[f]}`;
    } else {
      if (fr.refcount[f] !== mapped[f]) return `frame ${f} (owner ${o}) has refcount ${fr.refcount[f]} but ${mapped[f]} page-table entries map it`;
      const owner = alive.get(o);
      if (!owner || owner.state === "ZOMBIE") return `frame ${f} is owned by pid ${o}, which is gone`;
    }
  }
  if (free + fr.owner.filter((o) => o !== -1).length !== total) return "free + used != total";
  for (let f = 0; f < KERNEL_RESERVED_FRAMES; f++) {
    const now = k.frameContents(f);
    const then = kernelFrames[f];
    if (!now || !then || now.length !== then.length || now.some((b, i) => b !== then[i])) return `kernel frame ${f} changed`;
  }
  const rq = k.runQueue();
  if (new Set(rq).size !== rq.length) return `run queue has duplicates: ${rq}`;
  const runnable = ps.filter((p) => p.state === "RUNNABLE").map((p) => p.pid);
  if ([...rq].sort((a, b) => a - b).join() !== runnable.join()) return `run queue ${rq} != RUNNABLE ${runnable}`;
  const cores = k.cores();
  for (const [i, pid] of cores.entries()) {
    if (!pid) continue;
    const p = alive.get(pid);
    if (!p || p.state !== "RUNNING" || p.core !== i) return `core ${i} holds pid ${pid} in state ${p?.state}`;
  }
  for (const p of ps) {
    if (p.state === "RUNNING" && cores[p.core] !== p.pid) return `pid ${p.pid} is RUNNING but not on core ${p.core}`;
    if (p.state === "ZOMBIE") {
      const parent = alive.get(p.ppid);
      if (!parent || parent.state === "ZOMBIE") return `zombie ${p.pid} has no living parent (${p.ppid})`;
    }
    if (p.pid > 1 && !alive.has(p.ppid)) return `pid ${p.pid}'s parent ${p.ppid} does not exist`;
  }
  return "";
}

/** Feeds a shadow kernel the records a kernel logged since last time (merged records as deltas). */
class Shadow {
  k = new Kernel(CONFIG);
  private seen: InputRecord[] = [];

  catchUp(log: InputRecord[]): void {
    const from = Math.max(0, this.seen.length - 1);
    for (let i = from; i < log.length; i++) {
      const cur = log[i];
      const old = i < this.seen.length ? this.seen[i] : undefined;
      if (!old) this.k.replayInput(cur);
      else if (cur.op === "step") this.k.replayInput({ ...cur, args: [(cur.args[0] as number) - (old.args[0] as number)] });
      else if (cur.op === "trap") this.k.replayInput({ ...cur, args: [cur.args[0], (cur.args[1] as unknown[]).slice((old.args[1] as unknown[]).length)] });
    }
    this.seen = log;
  }
}

describe("kernel fuzz (fast-check)", () => {
  test(`invariants hold after every operation (seed ${SEED}, ${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.array(fuzzOp, { minLength: 20, maxLength: 60 }), (ops) => {
        const k = new Kernel(CONFIG);
        const kernelFrames = Array.from({ length: KERNEL_RESERVED_FRAMES }, (_, f) => k.frameContents(f));
        const shadow = new Shadow();
        k.spawn({ name: "a", uid: 1000 });
        k.spawn({ name: "b", uid: 1001, behavior: "cpu" });
        k.spawn({ name: "r", uid: 0 });
        for (const [i, o] of ops.entries()) {
          try {
            apply(k, o);
          } catch (e) {
            throw new Error(`op ${i} ${JSON.stringify(o)} threw: ${(e as Error).stack}\nops: ${JSON.stringify(ops)}`);
          }
          const why = broken(k, kernelFrames);
          if (why) throw new Error(`after op ${i} ${JSON.stringify(o)}: ${why}\nops: ${JSON.stringify(ops)}`);
          shadow.catchUp(k.inputLog());
          if (shadow.k.hash() !== k.hash()) throw new Error(`after op ${i} ${JSON.stringify(o)}: replaying the input log gives another hash\nops: ${JSON.stringify(ops)}`);
        }
        expect(Kernel.replay(CONFIG, k.inputLog()).hash()).toBe(k.hash());
        expect(Kernel.restore(k.snapshot()).hash()).toBe(k.hash());
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
  }, 120_000);
});

describe("fuzz regressions", () => {
  test("seed 4 - sched_yield through trap() by a process its own signal then stopped or killed", () => {
    const k = new Kernel(CONFIG);
    const a = k.spawn({ name: "a", uid: 1000 });
    if (!a.ok) throw new Error(a.error);
    k.run(a.pid, { kind: "syscall", nr: SYS.rt_sigaction, args: [15, LAYOUT.DATA] });
    k.submit(a.pid, { kind: "compute", ticks: 5 });
    k.step();
    expect(k.proc(a.pid)?.state).toBe("RUNNING");
    k.sendSignal(a.pid, 15, "fuzz");
    k.trap(a.pid, SYS.sched_yield, []);
    const frames = Array.from({ length: KERNEL_RESERVED_FRAMES }, (_, f) => k.frameContents(f));
    expect(broken(k, frames)).toBe("");
    expect(k.proc(a.pid)).toBeUndefined(); // the handler address is not executable: SIGSEGV
  });
});
