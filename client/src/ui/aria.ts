// The ARIA live region: a polite log that mirrors, in words, what the canvas shows.

import { session } from "../session.ts";
import { h } from "./dom.ts";
import { ID } from "./ids.ts";

const KEEP = 30;

export function installAriaLog(): void {
  if (document.getElementById(ID.ariaLog)) return;
  const log = h("div", { id: ID.ariaLog, role: "log", "aria-live": "polite", "aria-label": "What is happening in the game", class: "sr-only" });
  document.body.append(log);
  session.said.on(({ text }) => announce(text));
}

/** Add one sentence to the live region (old ones are dropped). */
export function announce(text: string): void {
  const log = document.getElementById(ID.ariaLog);
  if (!log) return;
  log.append(h("p", {}, text));
  while (log.childElementCount > KEEP) log.firstElementChild?.remove();
}
