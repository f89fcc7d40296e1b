// A player's private view (page table, vmas, fds, log, terminal) travels on its own channel: one
// schema encoder per player, whose patches go to that player alone as a bytes message.
//
// Why not a StateView over the room state: with any filtered field, Colyseus encodes the room's
// patch once per client, each pass walking every change in the room, and concatenates a fresh
// buffer per client per tick. With the private rows out of the room state, the room's patch is
// encoded once and the same bytes go to everyone; each player's own changes are encoded once, for
// the one player who may see them. The client mirrors it with shared/private.ts.

import { Encoder } from "@colyseus/schema";
import { PrivateView } from "../../shared/state.ts";

export class PrivateChannel {
  readonly view = new PrivateView();
  private readonly encoder = new Encoder(this.view);

  /** The whole view, for a player who (re)joins: what was pending is in it, so it is dropped. */
  full(): Uint8Array {
    this.encoder.discardChanges();
    return this.encoder.encodeAll().slice();
  }

  /**
   * What changed since the last full or patch, or undefined when nothing did. The bytes are the
   * encoder's own buffer, good until this channel encodes again: send them (sending copies them)
   * or copy them at once. Not copying here spares an ArrayBuffer per player per tick, which the
   * garbage collector would have to sweep.
   */
  patch(): Uint8Array | undefined {
    if (!this.encoder.hasChanges) return undefined;
    const bytes = this.encoder.encode();
    this.encoder.discardChanges();
    return bytes;
  }
}
