// Message-flood throttle per client: at most MAX_MESSAGES_PER_SECOND messages in each one-second
// window. Synchronous and allocation-free on purpose: it runs on every message of every player,
// where rate-limiter-flexible (still used for the HTTP and dashboard limits) would allocate a
// promise per message and a record and timer per client per second.

import { MAX_MESSAGES_PER_SECOND } from "../../shared/params.ts";

interface Window {
  start: number;
  count: number;
  /** The player has been told about this burst already. */
  warned: boolean;
}

export class MessageThrottle {
  private readonly windows = new Map<string, Window>();
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(limit = MAX_MESSAGES_PER_SECOND, windowMs = 1000) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /**
   * True if this client's message may be handled now, false when it is over the limit.
   * `onFirstDrop` runs once per burst so the player hears about it without being flooded back.
   */
  allow(key: string, onFirstDrop: () => void, now = performance.now()): boolean {
    let w = this.windows.get(key);
    if (!w) this.windows.set(key, (w = { start: now, count: 0, warned: false }));
    if (now - w.start >= this.windowMs) {
      w.start = now;
      w.count = 0;
    }
    if (w.count < this.limit) {
      w.count++;
      w.warned = false;
      return true;
    }
    if (!w.warned) {
      w.warned = true;
      onFirstDrop();
    }
    return false;
  }

  forget(key: string): void {
    this.windows.delete(key);
  }
}
