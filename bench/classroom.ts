// The classroom benchmark: one classroom room of 30 (the design point) and of 60 simulated
// students (@colyseus/sdk), each doing a workload-like action once a second (BENCH_CLASSROOM_RATE)
// and pinging once a second, against the real server in a second process (bench/load.ts's machinery). Reported
// beside each: the bytes a naive server would send (the whole state as JSON every tick),
// measured in the same run; the goal is under a tenth of it.

import { Client, type Room } from "@colyseus/sdk";
import { PROTOCOL_VERSION, ROOM } from "../shared/protocol.ts";
import { TICK_MS } from "../shared/params.ts";
import { percentile, ServerProcess, sleep } from "./load.ts";
import { follow } from "./follow.ts";
import type { BenchRow } from "./table.ts";

const MEASURE_MS = Number(process.env.BENCH_CLASSROOM_SECONDS ?? 15) * 1000;
const ACTIONS_PER_SECOND = Number(process.env.BENCH_CLASSROOM_RATE ?? 1);

/** What a student does, in turn: compute, syscalls that succeed and fail, memory. */
const SCRIPT: [string, unknown][] = [
  ["compute", { ticks: 2 }],
  ["syscall", { name: "getpid", args: [] }],
  ["syscall", { name: "write", args: [1, "result", 6] }],
  ["access", { op: "load", addr: "0x400000" }],
  ["syscall", { name: "open", args: ["/teams/orange/input-1.txt", "O_RDONLY", 0] }],
  ["syscall", { name: "close", args: [3] }],
];

interface Student {
  room: Room;
  bytes: number;
  timers: NodeJS.Timeout[];
}

async function joinClass(port: number, n: number): Promise<Student[]> {
  const client = new Client(`ws://127.0.0.1:${port}`);
  const opts = (i: number, extra = {}) => ({ protocol: PROTOCOL_VERSION, nickname: `kid${i}`, playerId: `bench-class-${n}-${i}-xxxxxxxx`, ...extra });
  const host = follow(await client.create(ROOM.CLASSROOM, opts(0, { teams: Math.min(6, Math.max(2, Math.round(n / 10))), roundTicks: 36_000 })));
  const rest: Room[] = [];
  // Join in batches, as a class arrives.
  for (let i = 1; i < n; i += 10) rest.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, (_, j) => client.joinById(host.roomId, opts(i + j)).then(follow)))));
  return [host, ...rest].map((room) => {
    const s: Student = { room, bytes: 0, timers: [] };
    (room.connection.transport as unknown as { ws: WebSocket }).ws.addEventListener("message", (e: MessageEvent) => {
      s.bytes += (e.data as ArrayBuffer).byteLength;
    });
    return s;
  });
}

async function measure(server: ServerProcess, n: number): Promise<BenchRow[]> {
  const students = await joinClass(server.ports.game, n);
  await sleep(2000);
  const rtts: number[] = [];
  students.forEach((s, i) => {
    let step = i % SCRIPT.length;
    s.room.onMessage("pong", (m: { t: number }) => rtts.push(performance.now() - m.t));
    s.timers.push(setInterval(() => s.room.send("ping", { t: performance.now() }), 1000 + Math.random() * 20));
    s.timers.push(setInterval(() => {
      const [type, body] = SCRIPT[step++ % SCRIPT.length];
      s.room.send(type, body);
    }, 1000 / ACTIONS_PER_SECOND + Math.random() * 20));
  });
  await sleep(1000);
  for (const s of students) s.bytes = 0;
  await server.reset();
  const started = performance.now();
  await sleep(MEASURE_MS);
  const seconds = (performance.now() - started) / 1000;
  const stats = await server.stats();
  const bytes = students.reduce((a, s) => a + s.bytes, 0) / students.length / seconds;
  for (const s of students) s.timers.forEach(clearInterval);
  await Promise.all(students.map((s) => s.room.leave().catch(() => undefined)));
  const ratio = bytes / stats.naiveBytesPerClientSecond;
  const g = `classroom ${n} students / 1 room`;
  return [
    { group: g, metric: "tick cost p50", value: stats.tickCostP50, unit: "ms", goal: "" },
    { group: g, metric: "tick cost p99", value: stats.tickCostP99, unit: "ms", goal: `< ${TICK_MS / 4} ms (a quarter of a tick)`, pass: stats.tickCostP99 < TICK_MS / 4 },
    { group: g, metric: "tick lateness p99", value: stats.tickLateP99, unit: "ms", goal: "<= 5 ms", pass: stats.tickLateP99 <= 5 },
    { group: g, metric: "syscall latency on a core (first in line), p99", value: stats.runningP99, unit: "ticks", goal: "1 tick (the next tick)", pass: stats.runningP99 <= 1 },
    { group: g, metric: "syscall latency incl. waiting for CPU, p50", value: stats.allP50, unit: "ticks", goal: "" },
    { group: g, metric: "syscall latency incl. waiting for CPU, p99", value: stats.allP99, unit: "ticks", goal: "" },
    { group: g, metric: "ping round trip p99", value: percentile(rtts, 99), unit: "ms", goal: "" },
    { group: g, metric: "state sync per client", value: bytes, unit: "B/s", goal: "" },
    { group: g, metric: "naive full-state JSON per client", value: stats.naiveBytesPerClientSecond, unit: "B/s", goal: "" },
    { group: g, metric: "state sync / naive JSON", value: ratio, unit: "x", goal: "< 0.1", pass: ratio < 0.1 },
    { group: g, metric: "server CPU share", value: stats.cpuShare * 100, unit: "% of a core", goal: "" },
  ];
}

/** The classroom rows for 30 and 60 students (BENCH_CLASSROOM_SIZES=30,60). */
export async function classroomBench(sizes = (process.env.BENCH_CLASSROOM_SIZES ?? "30,60").split(",").map(Number).filter((n) => n > 0)): Promise<BenchRow[]> {
  const server = new ServerProcess();
  await server.start();
  const rows: BenchRow[] = [];
  try {
    for (const n of sizes) rows.push(...(await measure(server, n)));
  } finally {
    await server.stop();
  }
  return rows;
}
