// The staggered heartbeat: a client that answers pings stays; one that stops answering is cut
// after pingMaxRetries unanswered pings, as with Colyseus's own sweep.

import { afterEach, describe, expect, test } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket from "ws";
import { WebSocketServer } from "ws";
import { StaggeredWebSocketTransport, batchWrites } from "../../server/transport.ts";

let server: http.Server | undefined;
afterEach(async () => {
  await new Promise((r) => server?.close(r));
});

/** Close code of a socket, or "open" if it is still open after ms. */
function closedWithin(ws: WebSocket, ms: number): Promise<number | "open"> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("open"), ms);
    ws.once("close", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe("StaggeredWebSocketTransport", () => {
  test("a silent client is terminated after two unanswered pings; an answering one is not", async () => {
    server = http.createServer();
    const transport = new StaggeredWebSocketTransport({ noServer: true, pingInterval: 150, pingMaxRetries: 2 });
    transport.attachToServer(server);
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    // Without a room in the URL Colyseus closes the socket normally (1000) after a second.
    const open = (autoPong: boolean) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(url, { autoPong });
        ws.once("open", () => resolve(ws));
        ws.once("error", reject);
      });
    const silent = await open(false);
    const answering = await open(true);
    let pings = 0;
    answering.on("ping", () => pings++);
    const [silentCode, answeringCode] = await Promise.all([closedWithin(silent, 900), closedWithin(answering, 900)]);
    expect(silentCode).toBe(1006); // terminated: no close frame
    expect(answeringCode).toBe("open");
    expect(pings).toBeGreaterThanOrEqual(3);
    answering.terminate(); // closing the server (afterEach) also stops the heartbeat
  });
});

describe("batchWrites", () => {
  /** n server-side ws, each with a counter of the writes its TCP socket makes and a client reading it. */
  async function connections(n: number) {
    server = http.createServer();
    const wss = new WebSocketServer({ server });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as AddressInfo).port;
    const clients: WebSocket[] = [];
    const list = [];
    for (let i = 0; i < n; i++) {
      const accepted = new Promise<WebSocket>((r) => wss.once("connection", r));
      const client = new WebSocket(`ws://127.0.0.1:${port}/`);
      const received: string[] = [];
      client.on("message", (m) => received.push(String(m)));
      const ws = await accepted;
      await new Promise((r) => client.once("open", r));
      const socket = (ws as unknown as { _socket: { _writeGeneric: (...a: unknown[]) => unknown } })._socket;
      const writes = { count: 0 };
      const original = socket._writeGeneric.bind(socket);
      socket._writeGeneric = (...a: unknown[]) => (writes.count++, original(...a));
      clients.push(client);
      list.push({ ws, received, writes });
    }
    const close = () => (clients.forEach((c) => c.terminate()), wss.close());
    return { list, close };
  }

  test("what a tick sends one client leaves in one write, in order", async () => {
    const { list, close } = await connections(1);
    const { ws, received, writes } = list[0];
    batchWrites([{ ref: ws }], () => {
      ws.send("result");
      ws.send("private");
      ws.send("patch");
    });
    await expect.poll(() => received.length).toBe(3);
    expect(received).toEqual(["result", "private", "patch"]);
    expect(writes.count).toBe(1);
    // Unbatched, each frame is its own write (what the test above would see without batchWrites).
    ws.send("a");
    ws.send("b");
    await expect.poll(() => received.length).toBe(5);
    expect(writes.count).toBe(3);
    close();
  });

  test("bytes sent by reference have left when batchWrites returns, so the encoder may reuse its buffer", async () => {
    // Colyseus sends a room's patch to every client as a view of its encoder's one buffer, which
    // the next patch overwrites: a socket still holding the view then would send the new bytes.
    const { list, close } = await connections(5);
    const buffer = Buffer.from("patch 1");
    batchWrites(list.map((c) => ({ ref: c.ws })), () => list.forEach((c) => c.ws.send(buffer)));
    buffer.write("patch 2");
    batchWrites(list.map((c) => ({ ref: c.ws })), () => list.forEach((c) => c.ws.send(buffer)));
    for (const c of list) await expect.poll(() => c.received).toEqual(["patch 1", "patch 2"]);
    close();
  });

  test("clients without a TCP socket (another transport, a closed one) pass through", () => {
    let ran = false;
    batchWrites([{}, { ref: {} }, { ref: { _socket: { destroyed: true } } }], () => (ran = true));
    expect(ran).toBe(true);
  });
});
