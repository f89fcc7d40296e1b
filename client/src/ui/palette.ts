// The syscall palette: a DOM dialog (keyboard and screen-reader friendly). Pick a syscall, fill
// its arguments with pickers built by logic/palette.ts, Enter issues it, Escape closes.

import { syscallByName, type SyscallSpec } from "../../../shared/abi/syscalls.ts";
import {
  defaultValues,
  deriveValues,
  joinFlags,
  paletteFields,
  paletteSyscalls,
  parseRaw,
  previewCall,
  RAW_SYSCALL,
  splitFlags,
  validateValues,
  type ArgField,
  type PaletteContext,
} from "../logic/palette.ts";
import type { ArgInput } from "../../../shared/args.ts";
import { h, layer } from "./dom.ts";
import { argId, ID } from "./ids.ts";

export interface PaletteCallbacks {
  issue(call: string | { nr: number }, args: ArgInput[]): { ok: true } | { ok: false; error: string };
  closed(): void;
}

export class Palette {
  private root?: HTMLDivElement;
  private values: Record<string, string> = {};
  private touched = new Set<string>();
  private current = "write";
  private readonly remembered = new Map<string, Record<string, string>>();
  private ctx!: PaletteContext;

  constructor(private readonly cb: PaletteCallbacks) {}

  get isOpen(): boolean {
    return !!this.root;
  }

  open(ctx: PaletteContext): void {
    this.ctx = ctx;
    if (this.root) {
      (this.root.querySelector(`#${ID.paletteSyscall}`) as HTMLSelectElement | null)?.focus();
      return;
    }
    const select = h("select", { id: ID.paletteSyscall, "aria-label": "System call" });
    const offered = paletteSyscalls(ctx.allowed);
    for (const s of offered) select.append(h("option", { value: s.name }, `${s.name}  (${s.nr})  ${s.summary}`));
    if (!ctx.allowed) select.append(h("option", { value: RAW_SYSCALL }, "(raw number)  any syscall number, unknown ones give ENOSYS"));
    if (!offered.some((s) => s.name === this.current) && !(this.current === RAW_SYSCALL && !ctx.allowed)) this.current = offered[0]?.name ?? RAW_SYSCALL;
    select.value = this.current;
    select.addEventListener("change", () => this.choose(select.value));
    const root = h(
      "div",
      { id: ID.palette, class: "dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": "palette-title" },
      h("h2", { id: "palette-title" }, "System call"),
      h("button", { class: "close", type: "button", "aria-label": "Close the palette" }, "Esc"),
      h("div", { class: "field" }, h("label", { class: "name", for: ID.paletteSyscall }, "call"), select),
      h("p", { id: ID.paletteSummary }),
      h("div", { id: "palette-args" }),
      h("div", { id: ID.palettePreview, "aria-live": "polite", "aria-label": "The call as strace would print it" }),
      h("div", { id: ID.paletteError, class: "error", role: "alert" }),
      h(
        "div",
        { class: "actions" },
        h("button", { id: ID.issue, class: "btn", type: "button" }, "Issue syscall (Enter)"),
        h("span", { class: "muted", id: "palette-acts" }),
      ),
    );
    root.querySelector(".close")!.addEventListener("click", () => this.close());
    root.querySelector(`#${ID.issue}`)!.addEventListener("click", () => this.issue());
    root.addEventListener("keydown", (e) => this.onKey(e));
    layer().append(root);
    this.root = root;
    this.choose(this.current);
    select.focus();
  }

  close(): void {
    if (!this.root) return;
    this.remembered.set(this.current, { ...this.values });
    this.root.remove();
    this.root = undefined;
    this.cb.closed();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      this.close();
    } else if (e.key === "Enter" && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      e.stopPropagation();
      this.issue();
    } else if (e.key === "Tab") {
      // Keep focus inside the dialog.
      const f = [...this.root!.querySelectorAll<HTMLElement>("select, input, button")].filter((x) => !x.hasAttribute("disabled"));
      const i = f.indexOf(document.activeElement as HTMLElement);
      if (e.shiftKey && i <= 0) {
        e.preventDefault();
        f[f.length - 1].focus();
      } else if (!e.shiftKey && i === f.length - 1) {
        e.preventDefault();
        f[0].focus();
      }
    }
    e.stopPropagation();
  }

  private choose(name: string): void {
    if (this.current !== name) this.remembered.set(this.current, { ...this.values });
    this.current = name;
    this.touched = new Set();
    const args = this.root!.querySelector("#palette-args")!;
    args.replaceChildren();
    const summary = this.root!.querySelector(`#${ID.paletteSummary}`)!;
    this.root!.querySelector("#palette-acts")!.textContent = `acts as pid ${this.ctx.myPid}  -  Esc closes`;
    if (name === RAW_SYSCALL) {
      summary.textContent = "syscall(2): any number from the x86-64 table; arguments as numbers or hex, comma-separated.";
      this.values = this.remembered.get(name) ?? { nr: "450", args: "" };
      args.append(
        this.row("nr", "the syscall number (rax)", this.textInput(ID.rawNr, "nr", []).el),
        this.row("args", "up to 6, e.g. 1, 0x402000, 5", this.textInput(ID.rawArgs, "args", []).el),
      );
    } else {
      const spec = syscallByName(name)!;
      summary.textContent = `${spec.man}: ${spec.summary}${spec.args.length ? "" : " (no arguments)"}`;
      const fields = paletteFields(spec, this.ctx);
      this.values = { ...defaultValues(fields), ...(this.remembered.get(name) ?? {}) };
      for (const f of fields) args.append(this.field(spec, f));
    }
    this.refresh();
  }

  private field(spec: SyscallSpec, f: ArgField): HTMLElement {
    const c = f.control;
    let input: HTMLElement;
    if (c.type === "select") {
      const sel = h("select", { id: argId(f.name) });
      for (const o of c.options) sel.append(h("option", { value: o.value }, o.label));
      sel.value = this.values[f.name];
      sel.addEventListener("change", () => this.set(spec, f.name, sel.value));
      input = sel;
    } else if (c.type === "flags") {
      const { input: text } = this.textInput(argId(f.name), f.name, [], spec);
      const group = h("div", { id: `${argId(f.name)}-picker`, class: "flags", role: "group", "aria-label": `${f.name} flags` });
      const chosen = () => splitFlags(this.values[f.name]);
      const sync = () => {
        for (const box of group.querySelectorAll<HTMLInputElement>("input")) box.checked = chosen().includes(box.value);
      };
      const mk = (flag: string, radio: boolean) => {
        const box = h("input", { type: radio ? "radio" : "checkbox", name: `${argId(f.name)}-mode`, value: flag });
        box.addEventListener("change", () => {
          let next = chosen().filter((x) => !(radio && c.exclusive.includes(x)));
          if (box.checked) next.push(flag);
          else next = next.filter((x) => x !== flag);
          this.set(spec, f.name, joinFlags(c, next));
          text.value = this.values[f.name];
        });
        return h("label", {}, box, flag);
      };
      for (const e of c.exclusive) group.append(mk(e, true));
      if (c.exclusive.length) group.append(h("span", { class: "sep" }));
      for (const o of c.others) group.append(mk(o, false));
      text.addEventListener("input", sync);
      sync();
      input = h("div", {}, text, group);
    } else {
      input = this.textInput(argId(f.name), f.name, c.suggestions, spec, c.type === "number" || c.mono).el;
    }
    return this.row(f.name, f.help, input, f.kind);
  }

  /** A text input (with a datalist of suggestions when there are any) and the element to place. */
  private textInput(id: string, name: string, suggestions: { value: string; label: string }[], spec?: SyscallSpec, mono = true): { input: HTMLInputElement; el: HTMLElement } {
    const listId = `${id}-list`;
    const input = h("input", { id, type: "text", class: mono ? "mono" : "", autocomplete: "off", spellcheck: "false", list: suggestions.length ? listId : undefined });
    input.value = (this.values[name] ?? "").replace(/\n/g, "\\n");
    input.addEventListener("input", () => {
      this.touched.add(name);
      if (spec) this.set(spec, name, input.value);
      else {
        this.values[name] = input.value;
        this.refresh();
      }
    });
    if (!suggestions.length) return { input, el: input };
    const dl = h("datalist", { id: listId });
    for (const s of suggestions) dl.append(h("option", { value: s.value }, s.label));
    return { input, el: h("div", {}, input, dl) };
  }

  private row(name: string, help: string, input: HTMLElement, kind?: string): HTMLElement {
    const inputId = input.matches("input, select") ? input.id : (input.querySelector("input, select")?.id ?? "");
    return h(
      "div",
      { class: "field" },
      h("label", { class: "name", for: inputId }, name),
      input,
      h("div", { class: "help" }, kind ? `${help}` : help),
    );
  }

  private set(spec: SyscallSpec, name: string, value: string): void {
    const prev = this.values;
    this.values = deriveValues(spec, { ...prev, [name]: value.replace(/\\n/g, "\n") }, name, this.touched);
    // Reflect derived values (count) into their inputs.
    for (const [k, v] of Object.entries(this.values)) {
      if (k === name || prev[k] === v) continue;
      const el = this.root?.querySelector<HTMLInputElement>(`#${argId(k)}`);
      if (el) el.value = v;
    }
    this.refresh();
  }

  private refresh(): void {
    if (!this.root) return;
    const preview = this.root.querySelector(`#${ID.palettePreview}`)!;
    const error = this.root.querySelector(`#${ID.paletteError}`)!;
    if (this.current === RAW_SYSCALL) {
      const r = parseRaw(this.values.nr ?? "", this.values.args ?? "");
      preview.textContent = r.ok ? `syscall(${[r.nr, ...r.args].join(", ")})` : "syscall(?)";
      error.textContent = r.ok ? "" : r.error;
      return;
    }
    const spec = syscallByName(this.current)!;
    preview.textContent = previewCall(spec, this.values);
    const v = validateValues(spec, this.values);
    error.textContent = v.ok ? "" : v.error;
  }

  private issue(): void {
    const error = this.root!.querySelector(`#${ID.paletteError}`)!;
    let r: { ok: true } | { ok: false; error: string };
    if (this.current === RAW_SYSCALL) {
      const p = parseRaw(this.values.nr ?? "", this.values.args ?? "");
      r = p.ok ? this.cb.issue({ nr: p.nr }, p.args) : p;
    } else {
      const spec = syscallByName(this.current)!;
      const v = validateValues(spec, this.values);
      r = v.ok ? this.cb.issue(spec.name, v.args) : v;
    }
    if (!r.ok) {
      error.textContent = r.error;
      return;
    }
    this.close();
  }
}
