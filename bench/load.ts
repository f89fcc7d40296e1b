// The load benchmark: N simulated players (@colyseus/sdk) in sandbox rooms of 25, each issuing
// 2 syscalls per second and one ping, against the server in a second process; beside it, the
// same number of raw WebSocket clients pinging an echo server in that process, and of clients in a
// trivial Colyseus room there (the yardsticks).

import { fork, type ChildProcess } from "node:child_process";
import { Client, type Room } from "@colyseus/sdk";
import { PROTOCOL_VERSION, ROOM, S2C } from "../shared/protocol.ts";
import { PrivateMirror, type BytesSource } from "../shared/private.ts";
import type { BenchRow } from "./table.ts";
import { TRIVIAL_ROOM } from "./names.ts";

const ROOM_SIZE = 25;
const SYSCALLS_PER_SECOND = 2;
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

/** Round trips of raw WebSocket echoes: n clients, each pinging once a second. */
async function rawEcho(port: number, n: number, measureMs = MEASURE_MS): Promise<number[]> {
  const sockets = await Promise.all(
    Array.from({ length: n }, () => new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`);
      ws.binaryType = "arraybuffer";
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error("echo connect failed"));
    })),
  );
  const rtts: number[] = [];
  const timers: Repeating[] = [];
  for (const ws of sockets) {
    ws.onmessage = (e) => {
      const m = JSON.parse(String(e.data)) as { t?: number };
      if (m.t !== undefined) rtts.push(performance.now() - m.t);
    };
    // Same message rate as a player: one ping plus two syscall-sized messages a second.
    timers.push(every(1000, () => ws.send(JSON.stringify({ t: performance.now() }))));
    timers.push(every(1000 / SYSCALLS_PER_SECOND, () => ws.send(JSON.stringify({ x: "syscall", args: [1, "hello", 5] }))));
  }
  await sleep(measureMs);
  timers.forEach((t) => t.stop());
  sockets.forEach((ws) => ws.close());
  return rtts;
}

interface Repeating {
  stop(): void;
}

/**
 * Run fn every periodMs from a random phase within the period. Real players do not act in step:
 * clients whose timers all start together would send in bursts of thousands of messages within a
 * few ms, and the round trips would measure that queue rather than the server.
 */
function every(periodMs: number, fn: () => void): Repeating {
  let interval: NodeJS.Timeout | undefined;
  const start = setTimeout(() => {
    fn();
    interval = setInterval(fn, periodMs);
  }, Math.random() * periodMs);
  return { stop: () => (clearTimeout(start), clearInterval(interval)) };
}

/** A bot follows its private channel as a browser does (decoding it costs the generator too). */
export function follow(room: Room): Room {
  new PrivateMirror().listen(room as unknown as BytesSource);
  return room;
}

interface Player {
  room: Room;
  bytes: number;
  /** WebSocket frames received (each one a write on the server's socket). */
  frames: number;
  timers: Repeating[];
}

async function joinPlayers(port: number, n: number, roomName: string = ROOM.SANDBOX): Promise<Player[]> {
  const client = new Client(`ws://127.0.0.1:${port}`);
  const players: Player[] = [];
  for (let first = 0; first < n; first += ROOM_SIZE) {
    const size = Math.min(ROOM_SIZE, n - first);
    const opts = (i: number) => ({ protocol: PROTOCOL_VERSION, nickname: `bot${first + i}`, playerId: `bench-player-${first + i}-xxxxxxxx` });
    const host = follow(await client.create(roomName, opts(0)));
    const rest = await Promise.all(Array.from({ length: size - 1 }, (_, i) => client.joinById(host.roomId, opts(i + 1)).then(follow)));
    for (const room of [host, ...rest]) {
      const p: Player = { room, bytes: 0, frames: 0, timers: [] };
      (room.connection.transport as unknown as { ws: WebSocket }).ws.addEventListener("message", (e: MessageEvent) => {
        p.bytes += (e.data as ArrayBuffer).byteLength;
        p.frames++;
      });
      room.onMessage("*", () => undefined);
      players.push(p);
    }
  }
  return players;
}

/** Each player pings once a second and issues SYSCALLS_PER_SECOND syscalls; ping round trips go to rtts. */
function drive(players: Player[], rtts: number[]): void {
  let calls = 0;
  for (const p of players) {
    p.room.onMessage(S2C.PONG, (m: { t: number }) => rtts.push(performance.now() - m.t));
    p.timers.push(every(1000, () => p.room.send("ping", { t: performance.now() })));
    p.timers.push(
      every(1000 / SYSCALLS_PER_SECOND, () => {
        calls++;
        p.room.send("syscall", calls % 2 ? { name: "getpid", args: [] } : { name: "write", args: [1, "hello", 5] });
      }),
    );
  }
}

async function stopPlayers(players: Player[]): Promise<void> {
  for (const p of players) p.timers.forEach((t) => t.stop());
  await Promise.all(players.map((p) => p.room.leave().catch(() => undefined)));
}

/** Ping round trips through a trivial Colyseus room under the same client load. */
async function trivialRoom(port: number, n: number): Promise<number[]> {
  const players = await joinPlayers(port, n, TRIVIAL_ROOM);
  const rtts: number[] = [];
  drive(players, rtts);
  await sleep(WARMUP_MS);
  rtts.length = 0;
  await sleep(MEASURE_MS);
  // Only round trips of the measured window: pongs still arriving while 2,000 clients leave
  // would measure the leaving.
  const measured = rtts.slice();
  await stopPlayers(players);
  return measured;
}

async function measureGame(server: ServerProcess, n: number): Promise<BenchRow[]> {
  const players = await joinPlayers(server.ports.game, n);
  const rtts: number[] = [];
  drive(players, rtts);
  await sleep(WARMUP_MS);
  rtts.length = 0;
  await server.reset();
  for (const p of players) p.bytes = p.frames = 0; // count the measured window only
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  await sleep(MEASURE_MS);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const stats = await server.stats();
  const measured = rtts.slice();
  const bytesPerClient = players.reduce((a, p) => a + p.bytes, 0) / players.length / seconds;
  const framesPerClient = players.reduce((a, p) => a + p.frames, 0) / players.length / seconds;
  await stopPlayers(players);
  const rooms = Math.ceil(n / ROOM_SIZE);
  const g = `load ${n} clients / ${rooms} rooms`;
  return [
    { group: g, metric: "ping round trip p50", value: percentile(measured, 50), unit: "ms", goal: "within 2x raw echo" },
    { group: g, metric: "ping round trip p99", value: percentile(measured, 99), unit: "ms", goal: "<= 10 ms", pass: percentile(measured, 99) <= 10 },
    { group: g, metric: "syscall latency on a core (first in line), p99", value: stats.runningP99, unit: "ticks", goal: "1 tick (the next tick)", pass: stats.runningP99 <= 1 },
    { group: g, metric: "syscall latency incl. waiting for CPU, p50", value: stats.allP50, unit: "ticks", goal: "" },
    { group: g, metric: "tick lateness p99", value: stats.tickLateP99, unit: "ms", goal: "<= 5 ms", pass: stats.tickLateP99 <= 5 },
    { group: g, metric: "event loop delay p99 (server)", value: stats.loopDelayP99, unit: "ms", goal: "" },
    { group: g, metric: "longest GC pause (server)", value: stats.gcMax, unit: "ms", goal: "" },
    { group: g, metric: "GC time (server)", value: (stats.gcTotal / seconds / 10), unit: "% of wall time", goal: "" },
    { group: g, metric: "room patch (encode + send) p99", value: stats.patchP99, unit: "ms", goal: "" },
    { group: g, metric: "server CPU share", value: stats.cpuShare * 100, unit: "% of a core", goal: "" },
    // Near 100% here means the simulated clients, not the server, set the round-trip figures.
    { group: g, metric: "client process CPU share", value: (cpu.user + cpu.system) / 10 / seconds / 1000, unit: "% of a core", goal: "" },
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
  const rows: BenchRow[] = [];
  try {
    await rawEcho(server.ports.echo, 200, 3000); // warm-up: both processes' JITs, sockets
    for (const n of counts) {
      const echoRtts = await rawEcho(server.ports.echo, n);
      const trivialRtts = await trivialRoom(server.ports.game, n);
      const gameRows = await measureGame(server, n);
      const g = gameRows[0].group;
      const echoP50 = percentile(echoRtts, 50);
      rows.push({ group: g, metric: "raw ws echo round trip p50", value: echoP50, unit: "ms", goal: "" });
      rows.push({ group: g, metric: "raw ws echo round trip p99", value: percentile(echoRtts, 99), unit: "ms", goal: "" });
      rows.push({ group: g, metric: "trivial Colyseus room ping p50", value: percentile(trivialRtts, 50), unit: "ms", goal: "" });
      rows.push({ group: g, metric: "trivial Colyseus room ping p99", value: percentile(trivialRtts, 99), unit: "ms", goal: "" });
      const ratio = gameRows[0].value / echoP50;
      rows.push(...gameRows.slice(0, 1), { group: g, metric: "ping p50 / raw echo p50", value: ratio, unit: "x", goal: "<= 2x", pass: ratio <= 2 }, ...gameRows.slice(1));
    }
  } finally {
    await server.stop();
  }
  return rows;
}
