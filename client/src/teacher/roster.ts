// The roster table: one row per student with their counters, and the teacher's per-student
// actions (rename, team, kick). Rows are keyed and updated in place, so an open rename field
// survives the live updates.

import { MAX_TEAMS, teamName, type RosterRow, type TeacherAction } from "../../../shared/hosting.ts";
import { NICKNAME_MAX } from "../../../shared/protocol.ts";
import { chips, h, teamTag } from "./ui.ts";

interface RowEls {
  tr: HTMLTableRowElement;
  nick: HTMLTableCellElement;
  team: HTMLTableCellElement;
  online: HTMLTableCellElement;
  granted: HTMLTableCellElement;
  denied: HTMLTableCellElement;
  faults: HTMLTableCellElement;
  levels: HTMLTableCellElement;
  score: HTMLTableCellElement;
  actions: HTMLTableCellElement;
  editing: boolean;
  last: string;
}

export class Roster {
  readonly el: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly count: HTMLSpanElement;
  private readonly rows = new Map<string, RowEls>();
  private teamCount = 0;
  private ended = false;
  private readonly act: (a: TeacherAction) => void;

  constructor(act: (a: TeacherAction) => void) {
    this.act = act;
    this.body = h("tbody");
    this.count = h("span", { class: "muted", id: "roster-count" });
    const cols = ["Student", "Team", "Online", "Syscalls granted", "Denied (by errno)", "Faults", "Levels", "Score", ""];
    this.el = h(
      "section",
      { id: "roster", class: "card roster", "aria-label": "Students" },
      h("h2", {}, "Students ", this.count),
      h("div", { class: "scroll" }, h("table", { class: "table" }, h("thead", {}, h("tr", {}, ...cols.map((c) => h("th", { scope: "col" }, c)))), this.body)),
    );
  }

  setup(teamCount: number, ended: boolean): void {
    this.teamCount = teamCount;
    this.ended = ended;
    for (const r of this.rows.values()) r.last = "";
  }

  update(students: readonly RosterRow[]): void {
    const shown = students.filter((s) => !s.kicked);
    const online = shown.filter((s) => s.connected).length;
    this.count.textContent = `${shown.length} (${online} online${students.length > shown.length ? `, ${students.length - shown.length} removed` : ""})`;
    const seen = new Set<string>();
    for (const s of students) {
      seen.add(s.key);
      let r = this.rows.get(s.key);
      if (!r) {
        r = this.newRow(s.key);
        this.rows.set(s.key, r);
        this.body.append(r.tr);
      }
      this.fill(r, s);
    }
    for (const [k, r] of this.rows) if (!seen.has(k)) (r.tr.remove(), this.rows.delete(k));
    if (students.length === 0 && !this.body.querySelector(".empty")) this.body.append(h("tr", { class: "empty" }, h("td", { colspan: 9 }, "No students yet. They join at the link or with the code on the left.")));
    if (students.length > 0) this.body.querySelector(".empty")?.remove();
  }

  private newRow(key: string): RowEls {
    const td = () => h("td");
    const r: RowEls = { tr: h("tr", { "data-key": key }), nick: td(), team: td(), online: td(), granted: h("td", { class: "num" }), denied: td(), faults: td(), levels: h("td", { class: "num" }), score: h("td", { class: "num" }), actions: td(), editing: false, last: "" };
    r.tr.append(r.nick, r.team, r.online, r.granted, r.denied, r.faults, r.levels, r.score, r.actions);
    return r;
  }

  private fill(r: RowEls, s: RosterRow): void {
    const sig = JSON.stringify(s);
    if (r.editing || sig === r.last) return;
    r.last = sig;
    r.tr.className = s.kicked ? "kicked" : s.connected ? "" : "away";
    r.tr.dataset.nick = s.nick;
    r.nick.replaceChildren(h("span", { class: "nick" }, s.nick), s.kicked ? h("span", { class: "muted" }, " (removed)") : "");
    r.online.replaceChildren(s.kicked ? "-" : s.connected ? h("span", { class: "online" }, "\u25CF online") : h("span", { class: "offline" }, "\u25CB away"));
    r.granted.textContent = String(s.counts.granted);
    r.denied.replaceChildren(chips(s.counts.denied, "errno"));
    r.faults.replaceChildren(chips(s.counts.faults, "fault"));
    r.levels.textContent = String(s.counts.levels.length);
    r.levels.title = s.counts.levels.join(", ");
    r.score.textContent = String(s.counts.score);
    if (s.kicked || this.ended || this.teamCount === 0) r.team.replaceChildren(teamTag(s.team));
    else {
      const sel = h("select", { "aria-label": `Team of ${s.nick}`, class: "team-select" }, ...Array.from({ length: Math.min(this.teamCount, MAX_TEAMS) }, (_, t) => h("option", { value: t, selected: t === s.team }, teamName(t))));
      sel.addEventListener("change", () => this.act({ type: "team", player: s.key, team: Number(sel.value) }));
      r.team.replaceChildren(teamTag(s.team, false), sel);
    }
    r.actions.replaceChildren();
    if (s.kicked || this.ended) return;
    const rename = h("button", { type: "button", class: "btn small secondary", "data-action": "rename" }, "Rename");
    rename.addEventListener("click", () => this.editNick(r, s));
    const kick = h("button", { type: "button", class: "btn small danger", "data-action": "kick" }, "Kick");
    let armed = false;
    kick.addEventListener("click", () => {
      if (!armed) {
        armed = true;
        kick.textContent = "Really kick?";
        setTimeout(() => ((armed = false), (kick.textContent = "Kick")), 4000);
        return;
      }
      this.act({ type: "kick", player: s.key });
    });
    r.actions.append(rename, " ", kick);
  }

  private editNick(r: RowEls, s: RosterRow): void {
    r.editing = true;
    const input = h("input", { type: "text", value: s.nick, maxlength: NICKNAME_MAX, "aria-label": `New nickname for ${s.nick}`, class: "rename" });
    const done = (save: boolean) => {
      r.editing = false;
      r.last = "";
      if (save && input.value.trim() && input.value.trim() !== s.nick) this.act({ type: "rename", player: s.key, nick: input.value.trim() });
      this.fill(r, s);
    };
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") done(true);
      if (e.key === "Escape") done(false);
    });
    const save = h("button", { type: "button", class: "btn small" }, "Save");
    save.addEventListener("click", () => done(true));
    r.nick.replaceChildren(input, " ", save);
    input.focus();
    input.select();
  }
}
