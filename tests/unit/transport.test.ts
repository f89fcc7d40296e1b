// The staggered heartbeat: a client that answers pings stays; one that stops answering is cut
// after pingMaxRetries unanswered pings, as with Colyseus's own sweep.

import { afterEach, describe, expect, test } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket from "ws";
import { StaggeredWebSocketTransport } from "../../server/transport.ts";

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
