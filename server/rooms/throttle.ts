// Message-flood throttle per client (rate-limiter-flexible, in memory; the same limiter type
// takes a Redis store when the server is scaled out).

import { RateLimiterMemory } from "rate-limiter-flexible";
import { MAX_MESSAGES_PER_SECOND } from "../../shared/params.ts";

export class MessageThrottle {
  private readonly limiter = new RateLimiterMemory({ points: MAX_MESSAGES_PER_SECOND, duration: 1 });
  private readonly warned = new Set<string>();

  /**
   * Resolve true if this client's message may be handled now, false when it is over the limit.
   * `onFirstDrop` runs once per burst so the player hears about it without being flooded back.
   */
  async allow(key: string, onFirstDrop: () => void): Promise<boolean> {
    try {
      await this.limiter.consume(key);
      this.warned.delete(key);
      return true;
    } catch {
      if (!this.warned.has(key)) {
        this.warned.add(key);
        onFirstDrop();
      }
      return false;
    }
  }

  forget(key: string): void {
    this.warned.delete(key);
    void this.limiter.delete(key);
  }
}
