// The WebSocket transport, with its heartbeat spread out. Colyseus pings every client in one loop
// every 3 s; with 2,000 clients that loop holds the event loop for ~20 ms, and every room whose
// tick falls due meanwhile runs late. Here the same check (ping; terminate after two unanswered
// pings) walks the clients in small slices across the interval instead.

import { WebSocketTransport } from "@colyseus/ws-transport";
import type { WebSocket } from "ws";

/** Slices per heartbeat interval: each turn of the sweep pings about 1/SLICES of the clients. */
const SLICES = 30;

type Pinged = WebSocket & { pingCount: number };

export class StaggeredWebSocketTransport extends WebSocketTransport {
  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    // One round takes the whole interval: in turn t of SLICES, clients [t*n/SLICES, (t+1)*n/SLICES).
    let round: Pinged[] = [];
    let turn = 0;
    this.pingInterval = setInterval(() => {
      if (turn === 0) round = [...this.wss.clients] as Pinged[];
      const from = Math.floor((turn * round.length) / SLICES);
      const to = Math.floor(((turn + 1) * round.length) / SLICES);
      turn = (turn + 1) % SLICES;
      for (const client of round.slice(from, to)) {
        if (client.readyState !== client.OPEN) continue;
        if (client.pingCount >= pingMaxRetries) {
          client.terminate();
          continue;
        }
        client.pingCount++;
        client.ping();
      }
    }, pingInterval / SLICES);
  }
}
