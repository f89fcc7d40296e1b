// The shape of window.__ringzeroTeacher (set by the dashboard), types only, so browser tests can
// import it without type-checking the whole client.

import type { FeedItem, RosterRow } from "../../../shared/hosting.ts";

export interface TeacherHooks {
  /** The session's status as the dashboard last heard it ("" before the first snapshot). */
  readonly status: string;
  readonly connected: boolean;
  roster(): RosterRow[];
  feed(): FeedItem[];
}

declare global {
  interface Window {
    __ringzeroTeacher?: TeacherHooks;
  }
}
