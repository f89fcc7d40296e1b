// Simulated clients for the load benchmark, run in worker threads (bench/load.ts starts them):
// one thread of load bots, and one of probe bots whose round trips are the measured figures.
//
// Why a probe thread: with all 2,000 clients in one event loop, a pong waited there behind the
// patches of every other room (timed on both sides, the down leg of a round trip was 2-3x the
// up leg), so the figures described the load generator rather than the server. Real players
// each have their own machine. The probes are players like the others (same rooms, same pings,
// syscalls and patches) but only PROBES_PER_ROOM per room, so their own loop stays nearly idle.
// Every yardstick (raw echo, trivial room) is measured through the same two threads.

import { parentPort } from "node:worker_threads";
import NodeWebSocket from "ws";
import { PROTOCOL_VERSION, S2C } from "../shared/protocol.ts";
import { follow } from "./follow.ts";
import { watchLoopDelay } from "./loop.ts";
import { DECODER_WARNING } from "../tests/helpers/decoder.ts";

// The bots speak through `ws`, Node's usual WebSocket library, not Node's built-in WebSocket: the
// built-in one costs several times more per frame, and that cost landed in every round trip.
// The SDK picks its WebSocket when it loads, so it is loaded after the swap.
(globalThis as { WebSocket: unknown }).WebSocket = NodeWebSocket;
const { Client } = await import("@colyseus/sdk");

export const ROOM_SIZE = 25;
/** Of each room's ROOM_SIZE players, this many are probes. */
export const PROBES_PER_ROOM = 2;
export const SYSCALLS_PER_SECOND = 2;

/** What the orchestrator asks a bot thread to do. */
export type BotCommand =
  | { cmd: "echo"; port: number; count: number }
  /** Seat players in rooms: `roomId` joins an existing room, without it the first player creates one. */
  | { cmd: "rooms"; port: number; roomName: string; seats: RoomSeats[] }
  | { cmd: "drive" }
  | { cmd: "mark" }
  | { cmd: "collect" }
  | { cmd: "stop" };

/** `count` players numbered from `first`, in one room. */
export interface RoomSeats {
  roomId?: string;
  first: number;
  count: number;
}

/** What a bot thread measured since the last "mark". */
export interface BotReport {
  rtts: number[];
  /** State the clients could not decode, since the last report (see countDecodeErrors). */
  decodeErrors: number;
  bytes: number;
  frames: number;
  clients: number;
  loopDelayP99: number;
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

/** One simulated client: how it pings and acts, and how it leaves. */
interface Bot {
  ping(t: number): void;
  act(n: number): void;
  leave(): Promise<void>;
}

const bots: Bot[] = [];
const timers: Repeating[] = [];
const counted = { bytes: 0, frames: 0, rtts: [] as number[], decodeErrors: 0 };
const loop = watchLoopDelay();
countDecodeErrors();

/**
 * The SDK's schema decoder does not throw on bytes it cannot apply: it warns (DECODER_WARNING),
 * skips, and the client's state is wrong from then on. Count those warnings, so a server that
 * sends bad patches shows in the table rather than scrolling by; the first is printed.
 */
function countDecodeErrors(): void {
  for (const level of ["warn", "error"] as const) {
    const print = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      const first = String(args[0]);
      if (!DECODER_WARNING.test(first)) return print(...args);
      if (counted.decodeErrors++ === 0) print("bench client: state did not decode:", ...args);
    };
  }
}

function countFrames(ws: WebSocket): void {
  ws.addEventListener("message", (e: MessageEvent) => {
    counted.bytes += typeof e.data === "string" ? Buffer.byteLength(e.data) : (e.data as ArrayBuffer).byteLength;
    counted.frames++;
  });
}

/** Raw WebSocket clients of the echo server: same message rate as a player, JSON both ways. */
async function joinEcho(port: number, count: number): Promise<void> {
  const sockets = await Promise.all(
    Array.from({ length: count }, () => new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`);
      ws.binaryType = "arraybuffer";
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error("echo connect failed"));
    })),
  );
  for (const ws of sockets) {
    countFrames(ws);
    ws.onmessage = (e) => {
      const m = JSON.parse(String(e.data)) as { t?: number };
      if (m.t !== undefined) counted.rtts.push(performance.now() - m.t);
    };
    bots.push({
      ping: (t) => ws.send(JSON.stringify({ t })),
      act: () => ws.send(JSON.stringify({ x: "syscall", args: [1, "hello", 5] })),
      leave: async () => ws.close(),
    });
  }
}

/** Colyseus players, seated room by room; returns each room's id. */
async function joinRooms(port: number, roomName: string, seats: RoomSeats[]): Promise<string[]> {
  const client = new Client(`ws://127.0.0.1:${port}`);
  const ids: string[] = [];
  for (const { roomId, first, count } of seats) {
    const opts = (i: number) => ({ protocol: PROTOCOL_VERSION, nickname: `bot${first + i}`, playerId: `bench-player-${first + i}-xxxxxxxx` });
    const host = roomId ? undefined : follow(await client.create(roomName, opts(0)));
    const id = roomId ?? host!.roomId;
    const from = host ? 1 : 0;
    const rest = await Promise.all(Array.from({ length: count - from }, (_, i) => client.joinById(id, opts(from + i)).then(follow)));
    for (const room of host ? [host, ...rest] : rest) {
      countFrames((room.connection.transport as unknown as { ws: WebSocket }).ws);
      room.onMessage(S2C.PONG, (m: { t: number }) => counted.rtts.push(performance.now() - m.t));
      bots.push({
        ping: (t) => room.send("ping", { t }),
        act: (n) => room.send("syscall", n % 2 ? { name: "getpid", args: [] } : { name: "write", args: [1, "hello", 5] }),
        leave: () => room.leave().then(() => undefined, () => undefined),
      });
    }
    ids.push(id);
  }
  return ids;
}

/** Each bot pings once a second and acts SYSCALLS_PER_SECOND times a second, from random phases. */
function drive(): void {
  let calls = 0;
  for (const b of bots) {
    timers.push(every(1000, () => b.ping(performance.now())));
    timers.push(every(1000 / SYSCALLS_PER_SECOND, () => b.act(++calls)));
  }
}

async function run(c: BotCommand): Promise<unknown> {
  switch (c.cmd) {
    case "echo":
      return joinEcho(c.port, c.count);
    case "rooms":
      return joinRooms(c.port, c.roomName, c.seats);
    case "drive":
      return drive();
    case "mark":
      counted.bytes = counted.frames = 0;
      counted.rtts = [];
      loop.restart();
      return;
    case "collect": {
      loop.stop();
      // Only what arrived in the measured window: pongs still arriving while clients leave would
      // measure the leaving.
      const report: BotReport = { rtts: counted.rtts, decodeErrors: counted.decodeErrors, bytes: counted.bytes, frames: counted.frames, clients: bots.length, loopDelayP99: loop.percentileMs(99) };
      counted.rtts = [];
      counted.decodeErrors = 0;
      return report;
    }
    case "stop": {
      timers.splice(0).forEach((t) => t.stop());
      await Promise.all(bots.splice(0).map((b) => b.leave()));
      return;
    }
  }
}

parentPort?.on("message", (c: BotCommand) => {
  run(c).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (err: Error) => parentPort!.postMessage({ ok: false, error: String(err?.stack ?? err) }),
  );
});
