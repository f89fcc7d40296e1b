// The load benchmark: N simulated players (@colyseus/sdk) in sandbox rooms of 25, each issuing
// 2 syscalls per second and one ping, against the server in a second process; beside it, the
// same number of raw WebSocket clients pinging an echo server in that process (before and after
// the game), and of clients in a trivial Colyseus room there (the yardsticks).

import { fork, type ChildProcess } from "node:child_process";
import { cpus } from "node:os";
import { Worker } from "node:worker_threads";
import { ROOM } from "../shared/protocol.ts";
import type { BenchRow } from "./table.ts";
import { TRIVIAL_ROOM } from "./names.ts";
import { PROBES_PER_ROOM, ROOM_SIZE, type BotCommand, type BotReport, type RoomSeats } from "./bots.ts";

const MEASURE_MS = Number(process.env.BENCH_LOAD_SECONDS ?? 15) * 1000;
/** Clients act this long before measuring starts: queues fill, code paths warm up. */
const WARMUP_MS = 3000;

export interface ServerStats {
  cpuShare: number;
  tickLateP50: number;
  tickLateP99: number;
  ticks: number;
  runningP50: number;
  runningP99: number;
  runningCount: number;
  allP50: number;
  allP99: number;
  naiveBytesPerClientSecond: number;
  rss: number;
  heapUsed: number;
  loopDelayP99: number;
  gcMax: number;
  gcTotal: number;
  patchP99: number;
  /** Milliseconds one room tick (kernel step, events, projection, hooks) takes. */
  tickCostP50: number;
  tickCostP99: number;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** The game server (and a raw echo server) in a second process, answering stats over IPC. */
export class ServerProcess {
  private child!: ChildProcess;
  ports = { game: 0, echo: 0 };

  async start(): Promise<void> {
    this.child = fork(new URL("./load-server.ts", import.meta.url).pathname, [], {
      execPath: process.execPath,
      // BENCH_PROFILE=<dir> writes a CPU profile of the server process there (open it in Chrome's DevTools).
      // BENCH_SERVER_FLAGS="--trace-gc ..." passes V8/Node flags to the server process.
      execArgv: [
        ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
        ...(process.env.BENCH_SERVER_FLAGS?.split(" ").filter(Boolean) ?? []),
      ],
      env: { ...process.env, LOG_LEVEL: "silent" },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const ready = await this.next("ready");
    this.ports = { game: ready.gamePort, echo: ready.echoPort };
  }

  private next(type: string): Promise<any> {
    return new Promise((resolve, reject) => {
      const onMsg = (m: any) => {
        if (m?.type !== type) return;
        this.child.off("message", onMsg);
        resolve(m);
      };
      this.child.on("message", onMsg);
      this.child.once("exit", (code) => reject(new Error(`load server exited (${code})`)));
    });
  }

  async reset(): Promise<void> {
    this.child.send({ type: "reset" });
    await this.next("reset-ok");
  }

  async stats(): Promise<ServerStats> {
    this.child.send({ type: "stats" });
    return this.next("stats");
  }

  async stop(): Promise<void> {
    this.child.send({ type: "stop" });
    await new Promise((r) => this.child.once("exit", r));
  }
}

/** What the two client threads measured over one window. */
interface PoolReport {
  /** Round trips of the probes: the measured figures. */
  probe: number[];
  /** Round trips of the load bots, for comparison (their own loop is busy). */
  load: number[];
  bytes: number;
  frames: number;
  /** Schema decoder warnings in both threads, from the clients' joining to the end of the window. */
  decodeErrors: number;
  clients: number;
  loopDelayP99: { probe: number; load: number };
  seconds: number;
  /** CPU of the whole client process (both threads), as a share of one core. */
  cpuShare: number;
  /** How busy the machine's cores were (every process and the OS), as a share of all of them. */
  machineBusy: number;
}

/** The machine's CPU time so far, busy and in all, summed over its cores (ms). */
function machineCpu(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/** The simulated clients (bench/bots.ts): a thread of load bots and a thread of probes. */
class BotPool {
  private readonly probe = new Worker(new URL("./bots.ts", import.meta.url));
  private readonly load = new Worker(new URL("./bots.ts", import.meta.url));

  private ask(w: Worker, c: BotCommand): Promise<any> {
    return new Promise((resolve, reject) => {
      w.once("message", (m: { ok: boolean; result?: unknown; error?: string }) => (m.ok ? resolve(m.result) : reject(new Error(m.error))));
      w.postMessage(c);
    });
  }

  private both(c: BotCommand): Promise<any[]> {
    return Promise.all([this.ask(this.probe, c), this.ask(this.load, c)]);
  }

  /** n raw WebSocket clients of the echo server, PROBES_PER_ROOM in ROOM_SIZE of them probes. */
  async joinEcho(port: number, n: number): Promise<void> {
    const probes = Math.ceil((n * PROBES_PER_ROOM) / ROOM_SIZE);
    await Promise.all([this.ask(this.probe, { cmd: "echo", port, count: probes }), this.ask(this.load, { cmd: "echo", port, count: n - probes })]);
  }

  /** n players in rooms of ROOM_SIZE: the probes open each room, the load bots fill it. */
  async joinRooms(port: number, roomName: string, n: number): Promise<void> {
    const rooms = Array.from({ length: Math.ceil(n / ROOM_SIZE) }, (_, r) => ({ first: r * ROOM_SIZE, size: Math.min(ROOM_SIZE, n - r * ROOM_SIZE) }));
    const ids: string[] = await this.ask(this.probe, { cmd: "rooms", port, roomName, seats: rooms.map((r) => ({ first: r.first, count: PROBES_PER_ROOM })) });
    const seats: RoomSeats[] = rooms.map((r, i) => ({ roomId: ids[i], first: r.first + PROBES_PER_ROOM, count: r.size - PROBES_PER_ROOM }));
    await this.ask(this.load, { cmd: "rooms", port, roomName, seats });
  }

  /** Drive the joined clients, warm up, then measure for MEASURE_MS; `around` brackets the window. */
  async measure(around: { before?: () => Promise<void>; after?: () => Promise<void> } = {}): Promise<PoolReport> {
    await this.both({ cmd: "drive" });
    await sleep(WARMUP_MS);
    await around.before?.();
    await this.both({ cmd: "mark" });
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    const machine0 = machineCpu();
    await sleep(MEASURE_MS);
    const [probe, load] = (await this.both({ cmd: "collect" })) as BotReport[];
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const machine1 = machineCpu();
    await around.after?.();
    await this.both({ cmd: "stop" });
    return {
      probe: probe.rtts,
      load: load.rtts,
      bytes: probe.bytes + load.bytes,
      frames: probe.frames + load.frames,
      decodeErrors: probe.decodeErrors + load.decodeErrors,
      clients: probe.clients + load.clients,
      loopDelayP99: { probe: probe.loopDelayP99, load: load.loopDelayP99 },
      seconds,
      cpuShare: (cpu.user + cpu.system) / 1000 / (seconds * 1000),
      machineBusy: (machine1.busy - machine0.busy) / (machine1.total - machine0.total),
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.probe.terminate(), this.load.terminate()]);
  }
}

/** Round trips of raw WebSocket echoes: n clients at a player's message rate. */
async function rawEcho(pool: BotPool, port: number, n: number): Promise<PoolReport> {
  await pool.joinEcho(port, n);
  return pool.measure();
}

/** Ping round trips through a trivial Colyseus room under the same client load. */
async function trivialRoom(pool: BotPool, port: number, n: number): Promise<PoolReport> {
  await pool.joinRooms(port, TRIVIAL_ROOM, n);
  return pool.measure();
}

async function measureGame(pool: BotPool, server: ServerProcess, n: number): Promise<BenchRow[]> {
  await pool.joinRooms(server.ports.game, ROOM.SANDBOX, n);
  let stats!: ServerStats;
  const report = await pool.measure({ before: () => server.reset(), after: async () => void (stats = await server.stats()) });
  const { seconds, cpuShare } = report;
  const measured = report.probe;
  const bytesPerClient = report.bytes / report.clients / seconds;
  const framesPerClient = report.frames / report.clients / seconds;
  const rooms = Math.ceil(n / ROOM_SIZE);
  const g = `load ${n} clients / ${rooms} rooms`;
  return [
    { group: g, metric: "ping round trip p50 (probes)", value: percentile(measured, 50), unit: "ms", goal: "within 2x raw echo" },
    { group: g, metric: "ping round trip p99 (probes)", value: percentile(measured, 99), unit: "ms", goal: "<= 10 ms", pass: percentile(measured, 99) <= 10 },
    { group: g, metric: "ping round trip p50 (load bots, busy loop)", value: percentile(report.load, 50), unit: "ms", goal: "" },
    { group: g, metric: "ping round trip p99 (load bots, busy loop)", value: percentile(report.load, 99), unit: "ms", goal: "" },
    { group: g, metric: "syscall latency on a core (first in line), p99", value: stats.runningP99, unit: "ticks", goal: "1 tick (the next tick)", pass: stats.runningP99 <= 1 },
    { group: g, metric: "syscall latency incl. waiting for CPU, p50", value: stats.allP50, unit: "ticks", goal: "" },
    { group: g, metric: "tick lateness p99", value: stats.tickLateP99, unit: "ms", goal: "<= 5 ms", pass: stats.tickLateP99 <= 5 },
    { group: g, metric: "event loop delay p99 (server)", value: stats.loopDelayP99, unit: "ms", goal: "" },
    { group: g, metric: "longest GC pause (server)", value: stats.gcMax, unit: "ms", goal: "" },
    { group: g, metric: "GC time (server)", value: (stats.gcTotal / seconds / 10), unit: "% of wall time", goal: "" },
    { group: g, metric: "room tick (kernel, projection) p50", value: stats.tickCostP50, unit: "ms", goal: "" },
    { group: g, metric: "room tick (kernel, projection) p99", value: stats.tickCostP99, unit: "ms", goal: "" },
    { group: g, metric: "room patch (encode + send) p99", value: stats.patchP99, unit: "ms", goal: "" },
    { group: g, metric: "server CPU share", value: stats.cpuShare * 100, unit: "% of a core", goal: "" },
    // Near 100% here means the simulated clients, not the server, set the round-trip figures.
    { group: g, metric: "client process CPU share", value: cpuShare * 100, unit: "% of a core", goal: "" },
    // Near 100% here means the round trips above include waiting for a core: server and clients
    // share this machine's cores, which a real server does not share with its players.
    { group: g, metric: `machine CPU busy (all ${cpus().length} cores, every process)`, value: report.machineBusy * 100, unit: "%", goal: "" },
    // A pong waits this long in the simulated clients' own queue: part of every round trip above.
    { group: g, metric: "event loop delay p99 (load bots' thread)", value: report.loopDelayP99.load, unit: "ms", goal: "" },
    { group: g, metric: "event loop delay p99 (probes' thread)", value: report.loopDelayP99.probe, unit: "ms", goal: "" },
    { group: g, metric: "schema decoder warnings in the clients", value: report.decodeErrors, unit: "warnings", goal: "0", pass: report.decodeErrors === 0 },
    { group: g, metric: "state sync per client", value: bytesPerClient, unit: "B/s", goal: "" },
    { group: g, metric: "frames received per client", value: framesPerClient, unit: "/s", goal: "" },
    { group: g, metric: "naive full-state JSON per client", value: stats.naiveBytesPerClientSecond, unit: "B/s", goal: "" },
    { group: g, metric: "server RSS", value: stats.rss / 1024 / 1024, unit: "MiB", goal: "" },
    { group: g, metric: "server JS heap in use", value: stats.heapUsed / 1024 / 1024, unit: "MiB", goal: "" },
  ];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Run the load table for each client count (default 1,000 then 2,000). */
export async function loadBench(counts = [1000, 2000]): Promise<BenchRow[]> {
  const server = new ServerProcess();
  await server.start();
  const pool = new BotPool();
  const rows: BenchRow[] = [];
  try {
    for (const n of counts) {
      // The echo is measured on both sides of the game, and the two windows pooled: this shared
      // machine's speed drifts over a minute, and one window beside the game could catch it at
      // another speed than the game's own (single windows gave ratios from 1.4x to 2.6x).
      const before = (await rawEcho(pool, server.ports.echo, n)).probe;
      const trivialRtts = (await trivialRoom(pool, server.ports.game, n)).probe;
      const gameRows = await measureGame(pool, server, n);
      const after = (await rawEcho(pool, server.ports.echo, n)).probe;
      const echoRtts = [...before, ...after];
      const g = gameRows[0].group;
      const echoP50 = percentile(echoRtts, 50);
      rows.push({ group: g, metric: "raw ws echo p50, before the game's window", value: percentile(before, 50), unit: "ms", goal: "" });
      rows.push({ group: g, metric: "raw ws echo p50, after the game's window", value: percentile(after, 50), unit: "ms", goal: "" });
      rows.push({ group: g, metric: "raw ws echo round trip p50 (probes, both windows)", value: echoP50, unit: "ms", goal: "" });
      rows.push({ group: g, metric: "raw ws echo round trip p99 (probes, both windows)", value: percentile(echoRtts, 99), unit: "ms", goal: "" });
      rows.push({ group: g, metric: "trivial Colyseus room ping p50 (probes)", value: percentile(trivialRtts, 50), unit: "ms", goal: "" });
      rows.push({ group: g, metric: "trivial Colyseus room ping p99 (probes)", value: percentile(trivialRtts, 99), unit: "ms", goal: "" });
      const ratio = gameRows[0].value / echoP50;
      rows.push(...gameRows.slice(0, 1), { group: g, metric: "ping p50 / raw echo p50", value: ratio, unit: "x", goal: "<= 2x", pass: ratio <= 2 }, ...gameRows.slice(1));
    }
  } finally {
    await pool.close();
    await server.stop();
  }
  return rows;
}
