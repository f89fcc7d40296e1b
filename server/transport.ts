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

/** What batchWrites needs of a Colyseus client: its ws socket's underlying TCP socket. */
interface Corkable {
  ref?: { _socket?: { cork(): void; uncork(): void; destroyed?: boolean } };
}

/**
 * Run `send` with every client's TCP socket corked, so all it sends one client (a tick's results,
 * the private patch and the room patch) leaves in one write instead of one per frame: at 2,000
 * clients the writes themselves were the largest cost on the server. Clients of another transport
 * pass through untouched.
 *
 * The writes leave before this returns. Colyseus sends a room's patch to every client as a view of
 * the room encoder's one buffer, which the room's next patch overwrites: a socket still corked
 * then sends the new bytes in place of the old. Uncorking a few sockets per turn of the event
 * loop, to answer pings sooner, did exactly that under load (schema decode errors in the load
 * bench's clients, none without it).
 */
export function batchWrites(clients: Iterable<unknown>, send: () => void): void {
  const corked: { uncork(): void }[] = [];
  for (const client of clients) {
    const socket = (client as Corkable).ref?._socket;
    if (!socket || socket.destroyed) continue;
    socket.cork();
    corked.push(socket);
  }
  try {
    send();
  } finally {
    for (const socket of corked) socket.uncork();
  }
}
