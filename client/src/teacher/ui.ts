// Small building blocks of the teacher pages: team swatches (colour AND name, never colour
// alone), status pills, labelled fields, and a toast for answers. Text only, never HTML.

import { h } from "../ui/dom.ts";
import { TEAM_COLORS, teamName, type SessionStatus } from "../../../shared/hosting.ts";

export { h };

/** A team marker: coloured square with the team's initial, then its name. */
export function teamTag(team: number, withName = true): HTMLSpanElement {
  const color = team >= 0 ? TEAM_COLORS[team % TEAM_COLORS.length] : "#8a8aa0";
  const name = teamName(team);
  return h(
    "span",
    { class: "team-tag", title: team >= 0 ? `team ${name}` : "no team" },
    h("span", { class: "swatch", style: `background:${color}`, "aria-hidden": "true" }, team >= 0 ? name[0] : "-"),
    withName ? (team >= 0 ? name : "no team") : "",
  );
}

const STATUS_WORDS: Record<SessionStatus, string> = {
  lobby: "Lobby - waiting to start",
  running: "Running",
  paused: "Paused",
  ended: "Ended",
};
const STATUS_ICON: Record<SessionStatus, string> = { lobby: "\u25AE\u25AE", running: "\u25B6", paused: "\u25AE\u25AE", ended: "\u25A0" };

export function statusPill(s: SessionStatus): HTMLSpanElement {
  return h("span", { class: `pill status-${s}`, "data-status": s }, `${STATUS_ICON[s]} ${STATUS_WORDS[s]}`);
}

export function button(label: string, onClick: () => void, attrs: Record<string, string | boolean | undefined> = {}): HTMLButtonElement {
  const b = h("button", { type: "button", class: "btn", ...attrs }, label);
  b.addEventListener("click", onClick);
  return b;
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;

/** Show an answer (a refusal in words, or a confirmation) for a few seconds. */
export function toast(text: string, level: "ok" | "error" = "ok"): void {
  let el = document.getElementById("toast");
  if (!el) {
    el = h("div", { id: "toast", role: "status", "aria-live": "polite" });
    document.body.append(el);
  }
  el.textContent = (level === "error" ? "\u2716 " : "\u2714 ") + text;
  el.className = `show ${level}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el?.classList.remove("show"), level === "error" ? 7000 : 3500);
}

export function fmtTime(iso: string | number | undefined): string {
  if (iso === undefined || iso === "") return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
}

export function sumValues(r: Record<string, number>): number {
  let n = 0;
  for (const v of Object.values(r)) n += v;
  return n;
}

/** "EACCES 3, EPERM 1" as small chips. */
export function chips(r: Record<string, number>, cls: string): HTMLSpanElement {
  const el = h("span", { class: "chips" });
  const entries = Object.entries(r).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) el.append(h("span", { class: "muted" }, "0"));
  for (const [k, v] of entries) el.append(h("span", { class: `chip ${cls}`, "data-kind": k }, `${k} ${v}`));
  return el;
}

/** Replace the page's content. */
export function mount(...nodes: Node[]): HTMLElement {
  const app = document.getElementById("app")!;
  app.replaceChildren(...nodes);
  return app;
}
