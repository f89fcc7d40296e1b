// Read-only test hooks: window.__ringzero exposes what this client already knows (nothing secret),
// so browser tests can wait on it instead of sleeping. Present in production builds too.

import { session } from "./session.ts";
import type { RingZeroHooks } from "./hooks-api.ts";

export type { RingZeroHooks } from "./hooks-api.ts";

const live = { ready: false, scene: "", fps: () => 0 };

/** Scenes report themselves here. */
export function setScene(scene: string, ready = false): void {
  live.scene = scene;
  live.ready = ready;
}

export function setReady(ready: boolean): void {
  live.ready = ready;
}

export function setFpsSource(fps: () => number): void {
  live.fps = fps;
}

export function installHooks(): void {
  const hooks: RingZeroHooks = {
    get ready() {
      return live.ready && !!session.conn;
    },
    get scene() {
      return live.scene;
    },
    get sessionId() {
      return session.sessionId;
    },
    get roomId() {
      return session.conn?.roomId ?? "";
    },
    myPid: () => session.myPid(),
    state: () => JSON.parse(JSON.stringify(session.conn?.snapshot() ?? null)),
    get results() {
      return session.results.map((r) => ({ ...r }));
    },
    get notices() {
      return [...session.notices];
    },
    fps: () => live.fps(),
  };
  Object.defineProperty(window, "__ringzero", { value: Object.freeze(hooks), configurable: false, writable: false });
}
