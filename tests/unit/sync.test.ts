// The projector's schema writers, through the real encoder and decoder: what a client decodes is
// exactly the list the kernel reported, and a rotating run queue stays a small patch.

import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { Decoder, Encoder, schema, t } from "@colyseus/schema";
import { syncNumbers, syncQueue } from "../../server/game/sync.ts";

const Lists = schema({ queue: t.array("uint32"), numbers: t.array("uint32") }, "Lists");

function pair() {
  const state = new Lists();
  const encoder = new Encoder(state);
  const decoder = new Decoder(new Lists());
  decoder.decode(encoder.encodeAll());
  encoder.discardChanges();
  /** Encode what changed, decode it on the "client", return the patch size. */
  const patch = (): number => {
    const bytes = encoder.encode();
    decoder.decode(bytes);
    encoder.discardChanges();
    return bytes.length;
  };
  return { state, client: decoder.state as InstanceType<typeof Lists>, patch };
}

const distinct = fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 24 });

describe("schema sync", () => {
  test("syncQueue: after any sequence of run queues the client decodes exactly the last one", () => {
    fc.assert(
      fc.property(fc.array(distinct, { minLength: 1, maxLength: 12 }), (queues) => {
        const { state, client, patch } = pair();
        for (const q of queues) {
          syncQueue(state.queue, q);
          patch();
          expect([...client.queue]).toEqual(q);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("syncNumbers: fixed-position lists (frame owners) decode exactly, also when they grow and shrink", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 30 }), { minLength: 1, maxLength: 10 }), (lists) => {
        const { state, client, patch } = pair();
        for (const l of lists) {
          syncNumbers(state.numbers, l);
          patch();
          expect([...client.numbers]).toEqual(l);
        }
      }),
      { numRuns: 200 },
    );
  });

  test("a round-robin rotation of 20 runnable processes is a patch of a few bytes, not one write per slot", () => {
    const { state, patch } = pair();
    let q = Array.from({ length: 20 }, (_, i) => i + 2);
    syncQueue(state.queue, q);
    patch();
    q = [...q.slice(1), q[0]];
    syncQueue(state.queue, q);
    const rotated = patch();
    syncNumbers(state.numbers, Array.from({ length: 20 }, (_, i) => i + 2));
    patch();
    syncNumbers(state.numbers, q);
    const rewritten = patch();
    expect(rotated).toBeLessThan(12);
    expect(rewritten).toBeGreaterThan(4 * rotated);
  });
});
