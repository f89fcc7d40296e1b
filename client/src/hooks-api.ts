// The shape of window.__ringzero (see hooks.ts), types only, so browser tests can import it
// without type-checking the whole client.

import type { ActionResult } from "../../shared/kernel.ts";

export interface RingZeroHooks {
  readonly ready: boolean;
  readonly scene: string;
  readonly sessionId: string;
  readonly roomId: string;
  myPid(): number;
  state(): unknown;
  readonly results: readonly ActionResult[];
  readonly notices: readonly string[];
  fps(): number;
}

declare global {
  interface Window {
    __ringzero?: RingZeroHooks;
  }
}
