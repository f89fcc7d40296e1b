// Tiny DOM helpers. Text is always set as text (textContent / text nodes), never as HTML, so a
// nickname or a file name can never inject markup.

import { REGION, SCREEN } from "../logic/layout.ts";

type Attrs = Record<string, string | number | boolean | undefined>;

/** Create an element: h("button", { id: "x", class: "big", type: "button" }, "Play"). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | undefined | false)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === "class") el.className = String(v);
    else if (k === "text") el.textContent = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === undefined || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}

export function layer(): HTMLElement {
  return document.getElementById("ui-layer")!;
}

/** A panel absolutely placed over the canvas at a logical-pixel region. */
export function panel(id: string, region: { x: number; y: number; w: number; h: number }, cls = "panel"): HTMLDivElement {
  document.getElementById(id)?.remove();
  const el = h("div", { id, class: cls });
  Object.assign(el.style, { left: `${region.x}px`, top: `${region.y}px`, width: `${region.w}px`, height: `${region.h}px` });
  layer().append(el);
  return el;
}

/** Keep #ui-layer exactly over the canvas, at the canvas's scale. */
export function syncLayer(canvas: HTMLCanvasElement): void {
  const r = canvas.getBoundingClientRect();
  const el = layer();
  const s = r.width / SCREEN.w;
  el.style.transform = `translate(${r.left + window.scrollX}px, ${r.top + window.scrollY}px) scale(${s})`;
  el.style.setProperty("--ui-scale", String(s));
}

/** Is the key event aimed at a text field (so game keys must leave it alone)? */
export function inTextField(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
}

export function clearLayer(keep: readonly string[] = []): void {
  for (const child of [...layer().children]) if (!keep.includes(child.id)) child.remove();
}

export { REGION };
