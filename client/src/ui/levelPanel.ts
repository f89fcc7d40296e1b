// The level panel on the game screen: the level's objectives (ticked by the server's check), what
// is allowed, prediction buttons, Run / Hint / Finish / Briefing, the hints revealed so far, and
// the attempt's metrics. Buttons only send through the handlers; the server decides.

import { MAX_QUEUED_ACTIONS } from "../../../shared/params.ts";
import { levelLabel, type LevelSnap } from "../levels/snap.ts";
import { h, layer } from "./dom.ts";
import { ID } from "./ids.ts";
import "../levels/levels.css";

export interface LevelPanelHandlers {
  run(): void;
  hint(): void;
  finish(): void;
  briefing(): void;
  predict(outcome: string): void;
}

export class LevelPanel {
  private readonly root: HTMLDivElement;
  private readonly handlers: LevelPanelHandlers;
  private lastKey = "";
  private missing: string[] = [];

  constructor(handlers: LevelPanelHandlers) {
    this.handlers = handlers;
    document.getElementById(ID.levelPanel)?.remove();
    this.root = h("div", { id: ID.levelPanel, class: "panel", role: "region", "aria-label": "Level objectives and controls" });
    layer().append(this.root);
  }

  /** What the last Finish found missing ([] clears it). */
  setMissing(missing: string[]): void {
    this.missing = missing;
    this.lastKey = "";
  }

  update(l: LevelSnap): void {
    const key = JSON.stringify([l.phase, l.objectives, l.hints, l.predicted, l.plan, l.syscalls, l.cpuTicks, l.faults, this.missing]);
    if (key === this.lastKey) return;
    this.lastKey = key;
    const playing = l.phase === "playing" || l.phase === "briefing";
    const btn = (id: string | undefined, label: string, k: string, onClick: () => void, opts: { go?: boolean; disabled?: boolean; pressed?: boolean } = {}) => {
      const b = h("button", { id, type: "button", class: opts.go ? "go" : undefined, disabled: opts.disabled, "aria-pressed": opts.pressed === undefined ? undefined : String(opts.pressed), "aria-keyshortcuts": k }, h("kbd", {}, k), ` ${label}`);
      b.addEventListener("click", onClick);
      return b;
    };
    const children: (Node | undefined)[] = [
      h("h2", {}, `${levelLabel(l.order)} \u00b7 ${l.title}`),
      h("ul", { class: "objectives", "aria-label": "Objectives" }, ...l.objectives.map((o) => h("li", { class: o.broken ? "broken" : o.done ? "done" : undefined }, o.goal, o.done ? h("span", { class: "sr-only" }, " (done)") : undefined))),
      h("div", { class: "allowed" }, `Allowed: ${l.allowed}`),
    ];
    if (l.predictions.length && playing) {
      children.push(
        h(
          "div",
          { id: ID.levelPredict, class: "row", role: "group", "aria-label": "Predict the kernel's answer to your next action" },
          h("span", { class: "predict-label" }, "Predict:"),
          ...l.predictions.map((p, i) => btn(undefined, p, String(i + 1), () => this.handlers.predict(p), { pressed: l.predicted === p })),
        ),
      );
    }
    const planning = l.clock === "plan" && l.phase === "briefing";
    if (planning) {
      children.push(h("div", { class: "plan", role: "status" }, l.plan.length ? `Plan (${l.plan.length}/${MAX_QUEUED_ACTIONS}): ${l.plan.join(", ")}` : "Plan: nothing queued yet. C queues compute(3); / opens the palette."));
    }
    const row = h("div", { class: "row" });
    if (planning) row.append(btn(ID.levelRun, "Run \u25B6", "Enter", () => this.handlers.run(), { go: true }));
    row.append(btn(ID.levelHint, `Hint ${l.hints.length}/${l.hintsTotal}`, "I", () => this.handlers.hint(), { disabled: !playing || l.hints.length >= l.hintsTotal }));
    if (l.finish) row.append(btn(ID.levelFinish, "Finish", "F", () => this.handlers.finish(), { go: l.phase === "playing", disabled: l.phase !== "playing" }));
    row.append(btn(undefined, "Brief", "B", () => this.handlers.briefing()));
    children.push(row);
    if (this.missing.length) children.push(h("div", { class: "missing", role: "status" }, `Not yet: ${this.missing.join("; ")}`));
    children.push(h("ol", { class: "hints", "aria-label": "Hints" }, ...l.hints.map((t, i) => h("li", {}, `${i + 1}. ${t}`))));
    children.push(h("div", { class: "metrics", title: "syscalls, CPU ticks and faults of this attempt" }, `calls ${l.syscalls} \u00b7 CPU ${l.cpuTicks} \u00b7 faults ${l.faults}`));
    this.root.replaceChildren(...children.filter((c): c is Node => !!c));
  }

  destroy(): void {
    this.root.remove();
  }
}
