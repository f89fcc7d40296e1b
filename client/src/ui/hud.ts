// The HUD: my process at a glance (pid, uid/euid, ring, state, CPU time, resident pages, nice /
// MLFQ level) and, after fork, which of my processes acts.

import { cpuTicks, wchanLabel } from "../logic/format.ts";
import type { ProcSnap } from "../logic/snapshot.ts";
import { cssColor } from "../logic/identity.ts";
import { h, panel, REGION } from "./dom.ts";
import { ID } from "./ids.ts";

export class Hud {
  private readonly root: HTMLDivElement;
  private readonly who: HTMLDivElement;
  private readonly stats: HTMLDivElement;
  private readonly select: HTMLSelectElement;
  private lastKey = "";

  constructor(onSelect: (pid: number) => void) {
    this.root = panel(ID.hud, REGION.hud);
    this.root.setAttribute("role", "region");
    this.root.setAttribute("aria-label", "My process");
    this.who = h("div", { class: "who" });
    this.stats = h("div", { class: "stats" });
    this.select = h("select", { id: ID.processSelect, "aria-label": "Which of my processes acts" });
    this.select.addEventListener("change", () => onSelect(Number(this.select.value)));
    this.root.append(this.who, this.stats);
  }

  update(p: ProcSnap | undefined, mine: readonly number[], color: number, extra: { caps: string; ruid: number }): void {
    const key = JSON.stringify([p, mine, color, extra]);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.who.replaceChildren();
    this.stats.replaceChildren();
    if (!p) {
      this.who.append("No process - press R to respawn");
      return;
    }
    const state = p.state === "BLOCKED" ? `asleep (${wchanLabel(p.wchan)})` : p.state.toLowerCase();
    this.who.append(
      h("span", { class: "swatch", style: `background:${cssColor(color)}`, "aria-hidden": "true" }),
      `pid ${p.pid} ${p.nick || p.name}`,
      h("span", { class: `ring ring${p.ring === 0 ? 0 : 3}`, title: p.ring === 0 ? "in the kernel" : "user mode" }, p.ring === 0 ? "ring 0 (kernel)" : "ring 3 (user)"),
    );
    if (mine.length > 1) {
      this.select.replaceChildren(...mine.map((pid) => h("option", { value: pid, selected: pid === p.pid }, `acts as pid ${pid}`)));
      this.who.append(this.select);
    }
    const stat = (label: string, value: string, title?: string) => h("span", { title }, `${label} `, h("b", {}, value));
    this.stats.append(
      stat("state", state),
      stat("uid/euid", `${p.uid}/${p.euid}`, "real uid / effective uid"),
      stat("CPU", cpuTicks(p), "CPU time used, in ticks"),
      stat("pages", String(p.rss), "resident pages (frames in use)"),
      stat("nice", `${p.nice}`, "scheduling niceness"),
      stat("level", String(p.level), "MLFQ queue level (0 = top)"),
      p.queued ? stat("queued", String(p.queued), "actions waiting for your next time slice") : "",
      extra.caps ? stat("caps", extra.caps.split(",").length + "", extra.caps) : "",
    );
  }
}
