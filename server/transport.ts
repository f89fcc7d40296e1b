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
 * Sockets whose batched writes leave in one turn of the event loop. Each turn that writes also
 * reads what arrived meanwhile: a ping answers within two clients' writes, not behind a room's.
 * Measured at 2,000 clients (ping p50 / raw echo): all 25 in one turn 2.2-3.0x; 6 a turn 1.9-2.8x;
 * 2 a turn 1.5-1.9x; 1 a turn 1.4-1.8x.
 */
export const UNCORK_PER_TURN = 2;

/**
 * Run `send` with every client's TCP socket corked, so all it sends one client (a tick's results,
 * the private patch and the room patch) leaves in one write instead of one per frame: at 2,000
 * clients the writes themselves were the largest cost on the server. The writes then leave
 * UNCORK_PER_TURN sockets at a time, from the next turn of the event loop on, with pending I/O
 * handled between them. What else is sent to a socket meanwhile (a pong) queues behind its batch,
 * in order. Clients of another transport pass through untouched.
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
    if (corked.length > 0) setImmediate(uncorkFrom, corked, 0);
  }
}

/** Uncork a few sockets (a closed one's uncork writes nothing), then come back next turn for the rest. */
function uncorkFrom(corked: { uncork(): void }[], from: number): void {
  const to = Math.min(corked.length, from + UNCORK_PER_TURN);
  for (let i = from; i < to; i++) corked[i].uncork();
  if (to < corked.length) setImmediate(uncorkFrom, corked, to);
}
