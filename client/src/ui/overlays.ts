// Small DOM pieces of the game screen: the ticker (the latest thing that happened), the help
// button, the death banner, the reconnecting / connection-lost overlay, and the MMU controls
// (go to an address; load / store / exec buttons).

import type { ConnStatus } from "../connection.ts";
import { h, layer } from "./dom.ts";
import { ID } from "./ids.ts";

export class Ticker {
  private readonly el: HTMLDivElement;
  constructor() {
    document.getElementById(ID.ticker)?.remove();
    this.el = h("div", { id: ID.ticker, "aria-hidden": "true" });
    layer().append(this.el);
  }
  private shownAt = 0;
  private major = false;

  show(text: string, level: "info" | "error", minor = false): void {
    const now = performance.now();
    if (minor && this.major && now - this.shownAt < 6000) return;
    this.shownAt = now;
    this.major = !minor;
    this.el.title = text;
    this.el.textContent = (level === "error" ? "\u2716 " : "\u25B6 ") + text;
    this.el.className = level === "error" ? "err" : "";
  }
}

export function helpButton(onClick: () => void): HTMLButtonElement {
  document.getElementById(ID.helpButton)?.remove();
  const b = h("button", { id: ID.helpButton, type: "button", "aria-keyshortcuts": "?" }, "? Help");
  b.addEventListener("click", onClick);
  layer().append(b);
  return b;
}

export class DeathBanner {
  private el?: HTMLDivElement;
  constructor(private readonly onRespawn: () => void) {}

  show(title: string, why: string): void {
    this.hide();
    const btn = h("button", { id: ID.respawn, class: "btn", type: "button", "aria-keyshortcuts": "R" }, "Respawn (R)");
    btn.addEventListener("click", this.onRespawn);
    this.el = h("div", { id: ID.deathBanner, role: "alert" }, h("span", {}, `\u2620 ${title}`), h("span", { class: "why" }, why), btn);
    layer().append(this.el);
  }

  hide(): void {
    this.el?.remove();
    this.el = undefined;
  }

  get visible(): boolean {
    return !!this.el;
  }
}

export class StatusOverlay {
  private el?: HTMLDivElement;
  constructor(private readonly onMenu: () => void) {}

  update(s: ConnStatus): void {
    this.el?.remove();
    this.el = undefined;
    if (s.kind === "connected") return;
    const box = h("div", { role: "alertdialog", "aria-live": "assertive" });
    if (s.kind === "reconnecting") {
      box.append(h("p", {}, "Reconnecting\u2026"), h("p", { class: "muted" }, "Your process is stopped (SIGSTOP) and will continue when you are back."));
    } else {
      const menu = h("button", { id: ID.backToMenu, class: "btn", type: "button" }, "Back to the menu");
      menu.addEventListener("click", this.onMenu);
      box.append(h("p", {}, s.message), menu);
      if (s.reload) {
        const r = h("button", { class: "btn secondary", type: "button" }, "Reload");
        r.addEventListener("click", () => location.reload());
        box.append(" ", r);
      }
      queueMicrotask(() => menu.focus());
    }
    this.el = h("div", { id: ID.status }, box);
    layer().append(this.el);
  }
}

export interface MmuControlHandlers {
  goto(text: string): void;
  act(op: "load" | "store" | "exec"): void;
}

/** The row above the MMU view: an address field and the three access buttons. */
export class MmuControls {
  readonly input: HTMLInputElement;
  constructor(handlers: MmuControlHandlers) {
    document.getElementById("mmu-controls")?.remove();
    this.input = h("input", {
      id: ID.gotoAddress,
      type: "text",
      autocomplete: "off",
      spellcheck: "false",
      placeholder: "go to address (G)",
      "aria-label": "Go to address, for example 0xffffffff81000000; Enter selects it",
      list: "goto-list",
    });
    const list = h("datalist", { id: "goto-list" });
    for (const a of ["0xffffffff81000000", "0x0", "0x402000", "0x404000", "0x0000800000000000", "0x7ffffffff000"]) list.append(h("option", { value: a }));
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        handlers.goto(this.input.value);
      } else if (e.key === "Escape") {
        e.preventDefault();
        this.input.blur();
      }
      e.stopPropagation();
    });
    const btn = (id: string, key: string, label: string, op: "load" | "store" | "exec") => {
      const b = h("button", { id, type: "button", "aria-keyshortcuts": key, title: `${label} at the selected page (${key})` }, h("kbd", {}, key), ` ${label}`);
      b.addEventListener("click", () => handlers.act(op));
      return b;
    };
    const root = h(
      "div",
      { id: "mmu-controls", role: "group", "aria-label": "Memory access" },
      this.input,
      list,
      btn(ID.accessLoad, "L", "load", "load"),
      btn(ID.accessStore, "P", "store", "store"),
      btn(ID.accessExec, "X", "exec", "exec"),
      h("span", { id: ID.selectedAddress, class: "sr-only", "aria-live": "polite" }),
    );
    layer().append(root);
  }

  setSelected(text: string): void {
    const el = document.getElementById(ID.selectedAddress);
    if (el) el.textContent = text;
  }
}
