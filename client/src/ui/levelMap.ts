// The level map's DOM: a card per level (number, title, the idea it teaches, locked / open /
// completed, best score), arrow keys to move between cards, Enter to play, Esc for the menu.

import type { LevelSummary } from "../../../shared/levels/types.ts";
import { moveFocus } from "../levels/snap.ts";
import { h, layer } from "./dom.ts";
import { ID, levelCardId } from "./ids.ts";
import "../levels/levels.css";

export interface LevelMapHandlers {
  open(levelId: string): void;
  back(): void;
}

export interface LevelMapView {
  show(levels: readonly LevelSummary[]): void;
  status(text: string, error?: boolean): void;
  busy(levelId: string | undefined): void;
  destroy(): void;
}

function statusLine(l: LevelSummary, prev: LevelSummary | undefined): string {
  if (l.status === "completed") return `\u2714 completed \u00b7 best ${l.best ?? 0}`;
  if (l.status === "locked") return prev ? `locked \u00b7 win level ${String(prev.order).padStart(2, "0")} first` : "locked";
  return "\u25B6 play";
}

/** Build the level map; cards appear with show(). */
export function showLevelMap(handlers: LevelMapHandlers): LevelMapView {
  document.getElementById(ID.levelMap)?.remove();
  const list = h("ol", { class: "level-grid", "aria-label": "Levels, in order" });
  const note = h("p", { class: "level-note", role: "status", "aria-live": "polite" }, "Loading the levels\u2026");
  const back = h("button", { id: ID.levelMapBack, class: "btn secondary", type: "button", "aria-keyshortcuts": "Escape" }, "\u2190 Menu (Esc)");
  back.addEventListener("click", () => handlers.back());
  const summary = h("span", { class: "level-summary" });
  const root = h(
    "section",
    { id: ID.levelMap, "aria-labelledby": "level-map-title" },
    h("h1", { id: "level-map-title", class: "sr-only" }, "Level map"),
    list,
    h("div", { class: "level-foot" }, back, summary, note),
  );
  let cards: HTMLButtonElement[] = [];
  root.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      handlers.back();
      return;
    }
    const i = cards.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const to = moveFocus(i, e.key, cards.length);
    if (to !== i) {
      e.preventDefault();
      cards[to].focus();
    }
  });
  layer().append(root);
  back.focus();

  return {
    show(levels) {
      cards = levels.map((l, i) => {
        const locked = l.status === "locked";
        const b = h(
          "button",
          { id: levelCardId(l.id), class: `level-card ${l.status}`, type: "button", title: `Source: ${l.source}`, "aria-disabled": locked ? "true" : undefined, "aria-describedby": `${levelCardId(l.id)}-idea` },
          h("span", { class: "num", "aria-hidden": "true" }, String(l.order).padStart(2, "0")),
          h("span", { class: "title" }, l.title),
          h("span", { class: "idea", id: `${levelCardId(l.id)}-idea` }, l.idea),
          h("span", { class: "state" }, statusLine(l, levels[i - 1])),
        );
        b.addEventListener("click", () => (locked ? this.status(`"${l.title}" is locked: win "${levels[i - 1]?.title ?? "the level before it"}" first.`, true) : handlers.open(l.id)));
        return b;
      });
      list.replaceChildren(...cards.map((c) => h("li", {}, c)));
      const done = levels.filter((l) => l.status === "completed");
      summary.textContent = `${done.length} of ${levels.length} completed \u00b7 score ${done.reduce((n, l) => n + (l.best ?? 0), 0)}`;
      note.textContent = "Arrow keys choose a level, Enter plays it.";
      note.classList.remove("err");
      const first = cards.find((c) => c.classList.contains("unlocked")) ?? cards[0];
      first?.focus();
    },
    status(text, error = false) {
      note.textContent = text;
      note.classList.toggle("err", error);
    },
    busy(levelId) {
      for (const c of cards) c.classList.toggle("busy", c.id === (levelId ? levelCardId(levelId) : ""));
      if (levelId) this.status("Booting your machine\u2026");
    },
    destroy() {
      root.remove();
    },
  };
}
