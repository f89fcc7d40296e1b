// What the rest of the client needs from a room connection. net.ts implements it with the
// Colyseus SDK (the only module that imports it); the dev harness implements it with a fake.

import type { MsgType } from "../../shared/protocol.ts";

export type ConnStatus =
  | { kind: "connected" }
  | { kind: "reconnecting" }
  | { kind: "closed"; message: string; reload: boolean };

export interface GameConnection {
  readonly sessionId: string;
  readonly roomId: string;
  /** Plain JSON of the synced state (room.state.toJSON()). */
  snapshot(): unknown;
  send(type: MsgType, msg: unknown): void;
  /** Called after every state patch. Returns an unsubscribe function. */
  onState(cb: () => void): () => void;
  onMessage(type: string, cb: (payload: unknown) => void): () => void;
  onStatus(cb: (s: ConnStatus) => void): () => void;
  leave(): Promise<void>;
}
