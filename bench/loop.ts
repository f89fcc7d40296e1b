// How long a thread's event loop keeps a due timer waiting. Node's histogram records the whole
// interval between its timer's wakeups, resolution included, so that is taken off here.

import { monitorEventLoopDelay } from "node:perf_hooks";

const RESOLUTION_MS = 5;

export function watchLoopDelay() {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  return {
    /** Forget what was seen and watch from now. */
    restart: () => {
      h.reset();
      h.enable();
    },
    stop: () => h.disable(),
    /** The p-th percentile of the delay beyond the timer's own interval, in ms. */
    percentileMs: (p: number) => Math.max(0, h.percentile(p) / 1e6 - RESOLUTION_MS),
  };
}
