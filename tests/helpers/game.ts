// Boot the real game server (the one `npm start` runs) in-process on a free port, with the
// @colyseus/testing helpers pointed at it.

import { ColyseusTestServer } from "@colyseus/testing";
import type { Room as ClientRoom } from "@colyseus/sdk";
import { startServer, type AppOptions, type RunningServer } from "../../server/app.ts";
import { PROTOCOL_VERSION } from "../../shared/protocol.ts";
import { PrivateMirror } from "../../shared/private.ts";
import type { PrivateView } from "../../shared/state.ts";

export interface TestGame {
  server: RunningServer;
  colyseus: ColyseusTestServer;
  close(): Promise<void>;
}

export async function bootGame(opts: Partial<AppOptions> = {}): Promise<TestGame> {
  const server = await startServer({ port: 0, host: "127.0.0.1", db: { dataDir: "memory://" }, ...opts });
  const colyseus = new ColyseusTestServer(server.game);
  takeEveryMessage(colyseus.sdk as unknown as Joiner);
  return {
    server,
    colyseus,
    async close() {
      await colyseus.cleanup().catch(() => undefined);
      await server.close();
    },
  };
}

type Joiner = Record<"join" | "joinOrCreate" | "create" | "joinById" | "reconnect", (...args: unknown[]) => Promise<ClientRoom>>;

/**
 * Every room the test client joins takes every message type, as a browser does; a test listens for
 * the types it checks. Otherwise each message nobody listens for (the private channel of a test
 * that does not follow it, results, events) prints an SDK warning.
 */
function takeEveryMessage(sdk: Joiner): void {
  for (const method of ["join", "joinOrCreate", "create", "joinById", "reconnect"] as const) {
    const original = sdk[method].bind(sdk);
    sdk[method] = (...args) =>
      original(...args).then((room) => {
        room.onMessage("*", () => undefined);
        return room;
      });
  }
}

let counter = 0;
/** Join options a real browser would send. */
export function joinOptions(nickname: string, extra: Record<string, unknown> = {}) {
  counter++;
  return { protocol: PROTOCOL_VERSION, nickname, playerId: `test-player-${process.pid}-${counter}-abcdef`, ...extra };
}

/** Wait until `predicate` holds for the client's synced state, checking after every patch. */
export async function waitForState<S>(room: ClientRoom<any, S>, predicate: (s: S) => boolean, timeoutMs = 8000): Promise<S> {
  if (predicate(room.state)) return room.state;
  return new Promise<S>((resolve, reject) => {
    const timer = setTimeout(() => {
      room.onStateChange.remove(check);
      reject(new Error(`state condition not met within ${timeoutMs} ms: ${JSON.stringify((room.state as { toJSON(): unknown }).toJSON()).slice(0, 800)}`));
    }, timeoutMs);
    const check = (s: S) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      room.onStateChange.remove(check);
      resolve(s);
    };
    room.onStateChange(check);
  });
}

/**
 * Follow a joined room's private channel, as the browser does. Call it right after the join
 * resolves (before waiting for the first state): the full view follows the first state at once.
 */
export function followPrivate(room: ClientRoom): PrivateMirror {
  return new PrivateMirror().listen(room as unknown as Parameters<PrivateMirror["listen"]>[0]);
}

/** Wait until `predicate` holds for a followed private view, checking after every message. */
export async function waitForPrivate(mirror: PrivateMirror, predicate: (v: PrivateView) => boolean, timeoutMs = 8000): Promise<PrivateView> {
  const deadline = Date.now() + timeoutMs;
  while (!(mirror.ready && predicate(mirror.view))) {
    if (Date.now() > deadline) throw new Error(`private view condition not met within ${timeoutMs} ms: ${JSON.stringify(mirror.view.toJSON()).slice(0, 800)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return mirror.view;
}

/** Wait for the next message of a type that satisfies `predicate`. */
export function waitForMessageWhere<T = any>(room: ClientRoom, type: string, predicate: (m: T) => boolean = () => true, timeoutMs = 8000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no "${type}" message matching the condition within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = room.onMessage(type, (m: T) => {
      if (!predicate(m)) return;
      clearTimeout(timer);
      off();
      resolve(m);
    });
  });
}
