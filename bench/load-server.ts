// The server side of the load benchmark, run as a separate process (so clients and server share
// the two cores the way real machines would): the real game server plus a raw WebSocket echo
// server as the yardstick. It answers the parent's IPC requests with its measurements.

import { PerformanceObserver } from "node:perf_hooks";
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import { WebSocketServer } from "ws";
import { Room } from "@colyseus/core";
import { matchMaker } from "@colyseus/core";
import { startServer } from "../server/app.ts";
import { GameRoom } from "../server/rooms/GameRoom.ts";
import { metrics } from "../server/metrics.ts";
import { TICK_HZ } from "../shared/params.ts";
import { S2C } from "../shared/protocol.ts";
import { TRIVIAL_ROOM } from "./names.ts";
import { watchLoopDelay } from "./loop.ts";
import type { MachineState } from "../shared/state.ts";
import type { GameSession } from "../server/game/session.ts";

// The bench keeps its data in memory, never in the project's data folder.
const game = await startServer({ port: 0, host: "127.0.0.1", db: { dataDir: "memory://" } });
// The second yardstick: a trivial Colyseus room on the same server (answers ping, ignores the rest,
// no state), so the table shows what Colyseus itself costs on this machine beside what the game adds.
class TrivialRoom extends Room {
  override maxClients = 25;
  override onCreate(): void {
    this.onMessage("ping", (client, m) => client.send(S2C.PONG, m));
    this.onMessage("*", () => undefined);
  }
}
game.game.define(TRIVIAL_ROOM, TrivialRoom);
const echo = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
echo.on("connection", (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary })));
await new Promise<void>((r) => echo.once("listening", () => r()));

// Garbage-collection pauses, to tell them apart from our own work in the event-loop delay.
const gcMs: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMs.push(e.duration);
    if (process.env.BENCH_GC_LOG && e.duration > 3) console.error("gc", (e as any).detail?.kind, e.duration.toFixed(1));
  }
}).observe({ entryTypes: ["gc"] });
const loop = watchLoopDelay();
loop.restart();
// How long each room patch (state encoding for every client view) holds the event loop.
const patchMs: number[] = [];
const proto = Room.prototype as unknown as { broadcastPatch(): boolean };
const original = proto.broadcastPatch;
proto.broadcastPatch = function (this: Room) {
  const t0 = performance.now();
  const r = original.call(this);
  patchMs.push(performance.now() - t0);
  return r;
};
// How long each room tick (kernel step, routing, projection, the mode's hooks) takes.
const tickMs: number[] = [];
const roomProto = GameRoom.prototype as unknown as { tick(...args: unknown[]): void };
const originalTick = roomProto.tick;
roomProto.tick = function (this: GameRoom, ...args: unknown[]) {
  const t0 = performance.now();
  originalTick.apply(this, args);
  tickMs.push(performance.now() - t0);
};
const pct = (v: number[], p: number) => [...v].sort((a, b) => a - b)[Math.floor(v.length * p)] ?? NaN;
let cpuStart = process.cpuUsage();
let wallStart = performance.now();

/**
 * Bytes a naive server would send each client per second: every tick, the whole room state and
 * the client's own private view (page table, fds, log, terminal) as JSON.
 */
async function naiveBytesPerClientSecond(): Promise<number> {
  let total = 0;
  let n = 0;
  for (const cache of await matchMaker.query({})) {
    const room = matchMaker.getLocalRoomById(cache.roomId) as (Room & { session?: GameSession }) | undefined;
    const state = room?.state as MachineState | undefined;
    if (!room?.session || !state) continue;
    const shared = Buffer.byteLength(JSON.stringify(state.toJSON()));
    for (const sessionId of room.session.players.keys()) {
      total += shared + Buffer.byteLength(JSON.stringify(room.session.privateView(sessionId)?.toJSON() ?? {}));
      n++;
    }
  }
  return n === 0 ? 0 : (total / n) * TICK_HZ;
}

// BENCH_HEAP_PROFILE=<dir>: a sampling profile of every allocation (kept or collected) made while
// measuring, written there as a .heapprofile (open it in Chrome's DevTools, Memory tab).
// BENCH_HEAP_LIVE=1 keeps only what is still alive at the end: what the garbage collector must copy;
// with BENCH_HEAP_PROMOTED=1 also what lived long enough to be promoted and died in the old space.
const heapDir = process.env.BENCH_HEAP_PROFILE;
const live = process.env.BENCH_HEAP_LIVE === "1";
const inspector = heapDir ? new Session() : undefined;
inspector?.connect();

process.on("message", async (msg: { type: string }) => {
  if (msg.type === "reset") {
    await inspector?.post("HeapProfiler.startSampling", { samplingInterval: 16384, includeObjectsCollectedByMajorGC: process.env.BENCH_HEAP_PROMOTED === "1" || !live, includeObjectsCollectedByMinorGC: !live });
    metrics.reset();
    loop.restart();
    patchMs.length = 0;
    gcMs.length = 0;
    tickMs.length = 0;
    cpuStart = process.cpuUsage();
    wallStart = performance.now();
    process.send!({ type: "reset-ok" });
  } else if (msg.type === "stats") {
    if (inspector) {
      const { profile } = await inspector.post("HeapProfiler.stopSampling");
      writeFileSync(`${heapDir}/load-${Date.now()}.heapprofile`, JSON.stringify(profile));
    }
    const cpu = process.cpuUsage(cpuStart);
    const wallMs = performance.now() - wallStart;
    process.send!({
      type: "stats",
      cpuShare: (cpu.user + cpu.system) / 1000 / wallMs,
      tickLateP50: metrics.tickLateMs.percentile(50),
      tickLateP99: metrics.tickLateMs.percentile(99),
      ticks: metrics.tickLateMs.count,
      runningP50: metrics.syscallTicksRunning.percentile(50),
      runningP99: metrics.syscallTicksRunning.percentile(99),
      runningCount: metrics.syscallTicksRunning.count,
      allP50: metrics.syscallTicksAll.percentile(50),
      allP99: metrics.syscallTicksAll.percentile(99),
      naiveBytesPerClientSecond: await naiveBytesPerClientSecond(),
      rss: process.memoryUsage().rss,
      heapUsed: process.memoryUsage().heapUsed,
      loopDelayP99: loop.percentileMs(99),
      gcMax: Math.max(0, ...gcMs),
      gcTotal: gcMs.reduce((a, b) => a + b, 0),
      patchP99: [...patchMs].sort((a, b) => a - b)[Math.floor(patchMs.length * 0.99)] ?? NaN,
      tickCostP50: pct(tickMs, 0.5),
      tickCostP99: pct(tickMs, 0.99),
    });
  } else if (msg.type === "stop") {
    echo.close();
    void game.close().then(() => process.exit(0));
  }
});

process.send!({ type: "ready", gamePort: game.port, echoPort: (echo.address() as { port: number }).port });
