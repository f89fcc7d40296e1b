// The help overlay: every key, and what the map's shapes and patterns mean.

import { KEY_HELP } from "../logic/keymap.ts";
import { h, layer } from "./dom.ts";
import { ID } from "./ids.ts";

export class Help {
  private root?: HTMLDivElement;
  private returnFocus?: HTMLElement | null;

  get isOpen(): boolean {
    return !!this.root;
  }

  toggle(): void {
    if (this.root) this.close();
    else this.open();
  }

  open(): void {
    if (this.root) return;
    this.returnFocus = document.activeElement as HTMLElement | null;
    const dl = h("dl");
    for (const k of KEY_HELP) dl.append(h("dt", {}, k.keys), h("dd", {}, k.what));
    const close = h("button", { class: "close", type: "button", "aria-label": "Close help" }, "Esc");
    const root = h(
      "div",
      { id: ID.help, class: "dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": "help-title", tabindex: -1 },
      h("h2", { id: "help-title" }, "How to play"),
      close,
      dl,
      h(
        "p",
        { class: "legend" },
        "The map: the kernel (ring 0, hatched, above the wall) holds the devices; user space (ring 3, dotted) holds the CPUs, the ready queue and the sleepers. " +
          "The only way through the wall is the syscall gate. Each process is a character: its colour and pattern name its player, its hat names its pid. " +
          "Physical memory frames show the owning pid (K: kernel); a white corner means shared copy-on-write. " +
          "In the MMU view, r/w/x are the page's permissions; dashed tiles are not present yet (first touch maps them); hatched red tiles are supervisor-only.",
      ),
    );
    close.addEventListener("click", () => this.close());
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape" || e.key === "?" || e.key === "h" || e.key === "H") {
        e.preventDefault();
        this.close();
      }
      e.stopPropagation();
    });
    layer().append(root);
    this.root = root;
    close.focus();
  }

  close(): void {
    this.root?.remove();
    this.root = undefined;
    this.returnFocus?.focus?.();
  }
}
