// My strace-like log (call, result, and the reason in words; errno marked by a label and a symbol,
// not only by colour) and my terminal: what my process wrote, and a line to type into it.

import { errnoInLine } from "../logic/format.ts";
import { h, panel, REGION } from "./dom.ts";
import { ID } from "./ids.ts";

export class LogPanel {
  private readonly list: HTMLOListElement;
  private readonly tty: HTMLPreElement;
  readonly ttyInput: HTMLInputElement;
  private lastLog: string | undefined;
  private lastTty: string | undefined;

  constructor(onInput: (text: string) => void) {
    const root = panel("log-panel", REGION.log);
    this.list = h("ol", { id: ID.log, role: "log", "aria-label": "My system calls (strace)", tabindex: 0 });
    this.tty = h("pre", { id: ID.tty, "aria-label": "My terminal output", tabindex: 0 });
    this.ttyInput = h("input", { id: ID.ttyInput, type: "text", maxlength: 256, autocomplete: "off", "aria-label": "Type a line on my terminal", placeholder: "type a line for read(0, ...), Enter" });
    this.ttyInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && this.ttyInput.value !== "") {
        onInput(this.ttyInput.value + "\n");
        this.ttyInput.value = "";
      }
    });
    root.append(h("div", { class: "tabs" }, h("h2", {}, "strace: my system calls")), this.list, this.tty, h("div", { id: "tty-row" }, this.ttyInput));
  }

  update(log: readonly string[], tty: string): void {
    const key = log.join("\n");
    if (key !== this.lastLog) {
      this.lastLog = key;
      this.list.replaceChildren(...(log.length ? log.map((l) => this.item(l)) : [h("li", { class: "empty" }, "Nothing yet. Press / to make a system call.")]));
      // Show the newest entry from its first line (a long reason must not push the call out of view).
      const last = this.list.lastElementChild as HTMLElement | null;
      if (last) this.list.scrollTop = last.offsetHeight > this.list.clientHeight ? last.offsetTop : this.list.scrollHeight;
    }
    if (tty !== this.lastTty) {
      this.lastTty = tty;
      this.tty.textContent = tty || "(terminal: nothing written yet)";
      this.tty.classList.toggle("empty", !tty);
      this.tty.scrollTop = this.tty.scrollHeight;
    }
  }

  focusLog(): void {
    this.list.focus();
  }

  /** One log line: "call = result" then the reason on its own line; an errno gets a labelled chip. */
  private item(line: string): HTMLLIElement {
    const sep = line.search(/\s(?:\u2014|--)\s|\n/);
    const call = sep < 0 ? line : line.slice(0, sep);
    const reason = sep < 0 ? "" : line.slice(sep).replace(/^\s(?:\u2014|--)\s|^\n/, "");
    const err = errnoInLine(call);
    const li = h("li", { class: err ? "err" : "ok" });
    const callEl = h("span", { class: "call" });
    if (err) {
      const i = call.indexOf(err.errno);
      callEl.append(call.slice(0, i), h("span", { class: "errno", title: err.text }, err.errno), call.slice(i + err.errno.length));
    } else callEl.append(call);
    li.append(callEl);
    if (reason) li.append(h("span", { class: "reason" }, reason));
    return li;
  }
}
