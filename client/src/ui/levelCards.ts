// The level's big cards over the game: the briefing (what to achieve, what is allowed), the win
// with its debrief (score, what happened in the kernel, this attempt's key audit lines, the
// source to read), and a failed attempt. Text is always set as text.

import type { AttemptMetrics, Debrief } from "../../../shared/levels/types.ts";
import { levelLabel, splitLine, type LevelSnap } from "../levels/snap.ts";
import { h, layer } from "./dom.ts";
import { ID } from "./ids.ts";
import "../levels/levels.css";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

type Button = { id: string; label: string; onClick: () => void; primary?: boolean };

function card(id: string, cls: string, label: string, body: (Node | string | undefined)[], buttons: Button[]): HTMLElement {
  document.getElementById(id)?.remove();
  const actions = h("div", { class: "actions" });
  for (const b of buttons) {
    const el = h("button", { id: b.id, class: b.primary ? "btn" : "btn secondary", type: "button" }, b.label);
    el.addEventListener("click", b.onClick);
    actions.append(el);
  }
  const box = h("div", { class: `level-card-big ${cls}`, role: "dialog", "aria-modal": "true", "aria-label": label }, ...body, actions);
  const root = h("div", { id, class: "level-overlay" }, box);
  box.addEventListener("keydown", (e) => e.stopPropagation());
  layer().append(root);
  queueMicrotask(() => (actions.querySelector("button") as HTMLButtonElement | null)?.focus());
  return root;
}

/** The briefing; `start` starts the clock (or, in a plan level, closes the card to plan). */
export function briefingCard(l: LevelSnap, start: { label: string; onClick: () => void }, close?: () => void): HTMLElement {
  return card(
    ID.levelBriefing,
    "",
    `Briefing: ${l.title}`,
    [
      h("p", { class: "kicker" }, levelLabel(l.order)),
      h("h2", {}, l.title),
      h("p", { class: "idea" }, l.idea),
      h("p", {}, l.briefing),
      h("h3", {}, "To win"),
      h("ul", { class: "goals" }, ...l.objectives.map((o) => h("li", {}, o.goal))),
      h("p", { class: "muted" }, `Up to ${l.hintsTotal} hint${l.hintsTotal === 1 ? "" : "s"} (I); each one costs points. The kernel's audit log decides when you have won.`),
    ],
    [{ id: ID.levelStart, label: start.label, onClick: start.onClick, primary: true }, ...(close ? [{ id: `${ID.levelBriefing}-close`, label: "Close", onClick: close }] : [])],
  );
}

export interface WonInfo {
  score: number;
  best: number | null;
  metrics?: AttemptMetrics;
  debrief: Debrief;
}

/** The win screen with the debrief. */
export function wonCard(l: LevelSnap, w: WonInfo, buttons: Button[]): HTMLElement {
  const m = w.metrics;
  return card(
    ID.levelDebrief,
    "won",
    `Level complete: ${l.title}`,
    [
      h("p", { class: "kicker" }, `${levelLabel(l.order)} complete`),
      h("h2", {}, l.title),
      h(
        "div",
        { class: "score" },
        h("b", {}, String(w.score)),
        h("span", {}, w.best !== null && w.best > w.score ? `your best: ${w.best}` : "your best so far"),
        m ? h("span", {}, [plural(m.syscalls, "syscall"), plural(m.cpuTicks, "CPU tick"), plural(m.faults, "fault"), plural(m.hints, "hint")].join(" \u00b7 ")) : undefined,
      ),
      h("h3", {}, "What happened in the kernel"),
      h("p", {}, w.debrief.kernel),
      h("h3", {}, "Your attempt in the audit log"),
      h("ul", { class: "lines" }, ...w.debrief.lines.map((line) => {
        const { call, why } = splitLine(line);
        return h("li", {}, call, why ? h("span", { class: "why" }, why) : undefined);
      })),
      h("p", {}, "Read more: ", h("span", { class: "source" }, w.debrief.source)),
    ],
    buttons,
  );
}

/** A failed attempt: why, and the way to try again. */
export function failedCard(l: LevelSnap, buttons: Button[]): HTMLElement {
  return card(
    ID.levelFailed,
    "failed",
    `Attempt over: ${l.title}`,
    [h("p", { class: "kicker" }, levelLabel(l.order)), h("h2", {}, "Attempt over"), h("p", {}, l.outcome), h("p", { class: "muted" }, "A retry gives you a fresh machine. A hint (I) may help.")],
    buttons,
  );
}
