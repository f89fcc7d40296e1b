// The live kernel audit feed: what every student's process asked and what the kernel answered,
// newest first, filterable by student and by errno. Plus injections, OOM kills and violations.

import type { FeedItem, RosterRow } from "../../../shared/hosting.ts";
import { h, teamTag } from "./ui.ts";

const SHOWN = 300;

export class FeedPanel {
  readonly el: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly who: HTMLSelectElement;
  private readonly errno: HTMLSelectElement;
  private readonly onlyDenied: HTMLInputElement;
  private items: FeedItem[] = [];
  private readonly errnos = new Set<string>();

  constructor() {
    this.list = h("ol", { id: "feed", class: "feed", "aria-live": "off" });
    this.who = h("select", { id: "feed-student", "aria-label": "Show one student" }, h("option", { value: "" }, "Everyone"));
    this.errno = h("select", { id: "feed-errno", "aria-label": "Show one errno" }, h("option", { value: "" }, "Any result"));
    this.onlyDenied = h("input", { id: "feed-denied", type: "checkbox" });
    for (const c of [this.who, this.errno, this.onlyDenied]) c.addEventListener("change", () => this.render());
    this.el = h(
      "section",
      { class: "card feed-panel", "aria-label": "Kernel audit feed" },
      h("h2", {}, "Kernel audit feed"),
      h("div", { class: "filters" }, this.who, this.errno, h("label", { class: "check" }, this.onlyDenied, " refusals and faults only")),
      this.list,
    );
  }

  setStudents(rows: readonly RosterRow[]): void {
    const current = this.who.value;
    this.who.replaceChildren(h("option", { value: "" }, "Everyone"), ...rows.map((r) => h("option", { value: r.key, selected: r.key === current }, r.nick)));
  }

  add(items: readonly FeedItem[]): void {
    if (items.length === 0) return;
    this.items.push(...items);
    if (this.items.length > 1000) this.items.splice(0, this.items.length - 1000);
    let newErrno = false;
    for (const i of items) {
      const k = i.errno ?? i.fault;
      if (k && !this.errnos.has(k)) (this.errnos.add(k), (newErrno = true));
    }
    if (newErrno) {
      const current = this.errno.value;
      this.errno.replaceChildren(h("option", { value: "" }, "Any result"), ...[...this.errnos].sort().map((e) => h("option", { value: e, selected: e === current }, e)));
    }
    this.render();
  }

  private render(): void {
    const who = this.who.value;
    const errno = this.errno.value;
    const only = this.onlyDenied.checked;
    const shown = this.items.filter((i) => (!who || i.key === who) && (!errno || i.errno === errno || i.fault === errno) && (!only || !i.ok)).slice(-SHOWN).reverse();
    this.list.replaceChildren(...shown.map(line));
    if (shown.length === 0) this.list.append(h("li", { class: "empty muted" }, this.items.length ? "Nothing matches the filters." : "Nothing yet: system calls, faults and your injections appear here as they happen."));
  }
}

function line(i: FeedItem): HTMLLIElement {
  const time = new Date(i.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const badge = i.errno ?? i.fault;
  return h(
    "li",
    { class: `item ${i.kind} ${i.ok ? "ok" : "bad"}`, "data-errno": i.errno, "data-fault": i.fault, "data-kind": i.kind },
    h("span", { class: "when mono" }, time, i.tick ? ` t${i.tick}` : ""),
    h("span", { class: "who" }, i.kind === "teacher" ? h("b", {}, "Teacher") : teamTag(i.team, false), " ", i.kind === "teacher" ? "" : h("b", {}, i.nick)),
    h("span", { class: "what" }, h("span", { class: "mono text" }, i.ok ? "\u2714 " : "\u2716 ", i.text), badge ? h("span", { class: `badge ${i.errno ? "errno" : "fault"}` }, badge) : "", i.reason ? h("span", { class: "reason" }, i.reason) : ""),
  );
}
