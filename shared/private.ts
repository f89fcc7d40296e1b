// The receiving end of a player's private channel (server/game/private.ts): a PrivateView kept up
// to date from the bytes messages S2C.PRIVATE_FULL (the whole view, on join and reconnect) and
// S2C.PRIVATE (what changed, after each tick that changed it).

import { Decoder } from "@colyseus/schema";
import { S2C } from "./protocol.ts";
import { PrivateView } from "./state.ts";

/** What a room connection offers for this: the SDK's Room, or a test's. */
export interface BytesSource {
  onMessage(type: string, cb: (bytes: Uint8Array) => void): unknown;
}

export class PrivateMirror {
  view = new PrivateView();
  private decoder = new Decoder(this.view);
  /** False until the first full view arrived: patches before it have nothing to apply to. */
  ready = false;

  /** A full view replaces whatever was there (a reconnect starts afresh). */
  full(bytes: Uint8Array): void {
    this.view = new PrivateView();
    this.decoder = new Decoder(this.view);
    this.decoder.decode(bytes);
    this.ready = true;
  }

  patch(bytes: Uint8Array): void {
    if (this.ready) this.decoder.decode(bytes);
  }

  /**
   * Follow a room's private channel, calling `changed` after each message. Call it as soon as the
   * join resolves, before any other await: the full view follows the room's first state at once.
   */
  listen(room: BytesSource, changed: () => void = () => undefined): this {
    room.onMessage(S2C.PRIVATE_FULL, (bytes) => {
      this.full(bytes);
      changed();
    });
    room.onMessage(S2C.PRIVATE, (bytes) => {
      this.patch(bytes);
      changed();
    });
    return this;
  }
}
