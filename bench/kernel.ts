// Kernel figures for `npm run bench`: syscalls per second through trap() (the in-process
// dispatch path, audit entries included) and the cost of one tick with 64, 256 and 1024
// processes (a mix of CPU hogs and interactive players with queued actions). Each figure is the
// median of several timed repetitions after a warm-up.

import { Kernel } from "../server/kernel/index.ts";
import { MAP, PROT } from "../shared/abi/flags.ts";
import { SYS } from "../shared/abi/syscalls.ts";
import { LAYOUT, MAX_CORES, PAGE_SIZE } from "../shared/params.ts";
import type { Policy } from "../server/kernel/index.ts";
import type { BenchRow } from "./table.ts";

const REPS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function now(): number {
  return performance.now();
}

/** getpid-like calls on one RUNNING process through trap(). */
function syscallsPerSecond(): number {
  const k = new Kernel({ seed: 1, users: [{ name: "alice", uid: 1000, gid: 1000 }] });
  const r = k.spawn({ name: "bench", uid: 1000, behavior: "cpu" });
  if (!r.ok) throw new Error(r.error);
  k.step();
  const pid = r.pid;
  const calls = [SYS.getpid, SYS.getuid, SYS.geteuid, SYS.getppid];
  const n = 200_000;
  const once = (): number => {
    const t0 = now();
    for (let i = 0; i < n; i++) k.trap(pid, calls[i & 3], []);
    const dt = now() - t0;
    k.drainEvents();
    return n / (dt / 1000);
  };
  for (let i = 0; i < 3; i++) once();
  return median(Array.from({ length: REPS }, once));
}

/** A machine with n processes (init included): a third CPU hogs, the rest interactive players with queued work. */
function busyMachine(n: number, policy: Policy): { k: Kernel; players: number[] } {
  const k = new Kernel({
    seed: 2, cores: MAX_CORES, frames: 16 + n * 6, sched: { policy },
    users: [{ name: "alice", uid: 1000, gid: 1000 }, { name: "bob", uid: 1001, gid: 1001 }],
  });
  const players: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    const r = k.spawn({ name: `p${i}`, uid: 1000 + (i & 1), behavior: i % 3 === 0 ? "cpu" : "interactive", rlimits: { nproc: 4096 } });
    if (!r.ok) throw new Error(r.error);
    if (i % 3 !== 0) players.push(r.pid);
  }
  return { k, players };
}

const WORK = [
  () => ({ kind: "syscall" as const, nr: SYS.getpid, args: [] }),
  (pid: number) => ({ kind: "access" as const, op: "store" as const, addr: LAYOUT.DATA + (pid % 64), value: 1 }),
  () => ({ kind: "syscall" as const, nr: SYS.mmap, args: [0, PAGE_SIZE, PROT.PROT_READ | PROT.PROT_WRITE, MAP.MAP_PRIVATE | MAP.MAP_ANONYMOUS, -1, 0] }),
  () => ({ kind: "syscall" as const, nr: SYS.open, args: [{ text: "/etc/passwd" }, 0, 0] }),
  () => ({ kind: "compute" as const, ticks: 2 }),
  () => ({ kind: "syscall" as const, nr: SYS.write, args: [1, { text: "hi\n" }, 3] }),
];

/** Milliseconds per tick with n processes (queues kept topped up between ticks, outside the timing). */
function tickCost(n: number, policy: Policy): number {
  const { k, players } = busyMachine(n, policy);
  let j = 0;
  const feed = (): void => {
    for (let i = 0; i < 8; i++) {
      const pid = players[j++ % players.length];
      const w = WORK[j % WORK.length];
      k.submit(pid, w(pid));
      if ((j & 15) === 0) k.cancel(players[(j * 7) % players.length]);
    }
  };
  const ticks = 200;
  const once = (): number => {
    let total = 0;
    for (let t = 0; t < ticks; t++) {
      feed();
      const t0 = now();
      k.step();
      total += now() - t0;
    }
    k.drainEvents();
    return total / ticks;
  };
  for (let i = 0; i < 2; i++) once();
  return median(Array.from({ length: REPS }, once));
}

/** Rows for bench/index.ts (group "kernel"). */
export async function kernelBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const sps = syscallsPerSecond();
  rows.push({ group: "kernel", metric: "syscalls/s through trap() (getpid-like, audited)", value: sps, unit: "calls/s", goal: ">= 1,000,000", pass: sps >= 1_000_000 });
  for (const n of [64, 256, 1024]) {
    const ms = tickCost(n, "mlfq");
    const goal = n === 256 ? "< 0.5 ms" : "";
    rows.push({ group: "kernel", metric: `tick with ${n} processes (mlfq, ${MAX_CORES} cores)`, value: ms, unit: "ms", goal, ...(n === 256 ? { pass: ms < 0.5 } : {}) });
  }
  // The fair policy scans the run queue for the smallest vruntime: its worst case.
  const fair = tickCost(1024, "fair");
  rows.push({ group: "kernel", metric: `tick with 1024 processes (fair, ${MAX_CORES} cores)`, value: fair, unit: "ms", goal: "" });
  return rows;
}
