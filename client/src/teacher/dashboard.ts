// The live dashboard of one session (needs its host link): join card and controls, roster with
// per-student counts, the kernel audit feed, charts, and the machine at a glance. Updates arrive
// over the teacher channel about four times a second.

import { TEACHER_EV, type ActionAck, type DashboardSnapshot, type DashboardUpdate, type FeedItem, type MachineGlance, type RosterRow, type SessionInfo, type TeacherAction } from "../../../shared/hosting.ts";
import { connect, saveHostLink } from "./api.ts";
import { Charts } from "./charts.ts";
import { Controls } from "./controls.ts";
import { FeedPanel } from "./feed.ts";
import { Roster } from "./roster.ts";
import { h, mount, teamTag, toast } from "./ui.ts";

import type {} from "./hooks-api.ts";

export function showDashboard(id: string, host: string): void {
  mount(h("p", { class: "loading" }, "Connecting to the session..."));
  const socket = connect(id, host);
  let info: SessionInfo | undefined;
  let roster: RosterRow[] = [];
  const feedItems: FeedItem[] = [];
  let built: { controls: Controls; roster: Roster; feed: FeedPanel; charts: Charts; machine: HTMLElement; title: HTMLElement } | undefined;

  // Read-only hooks for browser tests: nothing beyond what the page shows.
  window.__ringzeroTeacher = {
    get status() {
      return info?.status ?? "";
    },
    get connected() {
      return socket.connected;
    },
    roster: () => JSON.parse(JSON.stringify(roster)),
    feed: () => JSON.parse(JSON.stringify(feedItems)),
  };

  const act = async (a: TeacherAction): Promise<boolean> => {
    try {
      const ack = (await socket.timeout(8000).emitWithAck(TEACHER_EV.ACT, a)) as ActionAck;
      if (!ack.ok) toast(ack.error, "error");
      else if (ack.message) toast(ack.message);
      return ack.ok;
    } catch {
      toast("The server did not answer. Check the connection.", "error");
      return false;
    }
  };

  const apply = (u: DashboardUpdate) => {
    if (!built) return;
    if (u.session) {
      info = u.session;
      built.controls.update(info);
      built.title.textContent = info.name;
      built.roster.setup(info.settings.teamCount, info.status === "ended");
      built.roster.update(roster);
    }
    if (u.roster) {
      roster = u.roster;
      built.roster.update(roster);
      built.feed.setStudents(roster);
      built.controls.setStudents(roster);
    }
    if (u.feed) {
      feedItems.push(...u.feed);
      if (feedItems.length > 1000) feedItems.splice(0, feedItems.length - 1000);
      built.feed.add(u.feed);
    }
    if (u.chart) built.charts.add(u.chart);
    if (u.machine) showMachine(built.machine, u.machine);
  };

  socket.on(TEACHER_EV.SNAPSHOT, (snap: DashboardSnapshot | undefined) => {
    if (!snap) return mount(h("p", { class: "error big" }, "This session does not exist on this server."));
    info = snap.session;
    roster = snap.roster;
    feedItems.splice(0, feedItems.length, ...snap.feed);
    saveHostLink({ id, host, name: info.name, code: info.code, createdAt: info.createdAt });
    built = build(info, host, act);
    built.roster.setup(info.settings.teamCount, info.status === "ended");
    built.charts.start(info.settings.teamCount, snap.chart);
    apply({ session: info, roster, machine: snap.machine });
    built.feed.add(snap.feed);
  });
  socket.on(TEACHER_EV.UPDATE, apply);
  socket.on(TEACHER_EV.DENIED, (d: { error: string }) => mount(h("section", { class: "card denied" }, h("h2", {}, "Cannot open this dashboard"), h("p", {}, d.error), h("p", {}, h("a", { href: "/teacher" }, "Back to the teacher page")))));
  socket.on("disconnect", () => document.body.classList.add("offline"));
  socket.on("connect", () => document.body.classList.remove("offline"));
  socket.on("connect_error", () => {
    document.body.classList.add("offline");
    if (!built) mount(h("p", { class: "error big" }, "Cannot reach the Ring Zero server. It will keep trying..."));
  });
}

function build(info: SessionInfo, host: string, act: (a: TeacherAction) => Promise<boolean>) {
  const controls = new Controls(info, host, act);
  const roster = new Roster((a) => void act(a));
  const feed = new FeedPanel();
  const charts = new Charts();
  const machine = h("section", { id: "machine", class: "card machine", "aria-label": "The machine at a glance" });
  const title = h("span", { id: "session-name" }, info.name);
  const balance = h("button", { type: "button", class: "btn small secondary", id: "balance", hidden: info.settings.teamCount === 0 }, "Auto-balance teams");
  balance.addEventListener("click", () => void act({ type: "balance" }));
  mount(
    h("header", { class: "top" }, h("h1", {}, h("a", { href: "/teacher", class: "home-link" }, "Ring Zero"), " \u00b7 ", title), h("div", { class: "top-actions" }, balance), h("div", { id: "offline-banner", role: "alert" }, "Connection lost - reconnecting...")),
    h("div", { class: "dash" }, controls.el, h("div", { class: "main" }, roster.el, machine, h("div", { class: "split" }, feed.el, charts.el))),
  );
  return { controls, roster, feed, charts, machine, title };
}

/** One line of the machine: who is on each core, the run queue, memory use. */
export function showMachine(el: HTMLElement, m: MachineGlance): void {
  const who = (p: { pid: number; nick: string; team: number }) => h("span", { class: "proc" }, teamTag(p.team, false), ` ${p.nick || "?"} `, h("span", { class: "muted mono" }, `(${p.pid})`));
  const free = m.frames.free ?? 0;
  el.replaceChildren(
    h("h2", {}, "Machine ", h("span", { class: "muted" }, `tick ${m.tick} \u00b7 scheduler ${m.policy}${m.frozen ? " \u00b7 FROZEN" : ""}`)),
    h("div", { class: "row wrap" }, h("b", {}, "On the cores: "), ...m.cores.map((c, i) => h("span", { class: "core" }, `CPU${i} `, c.pid ? who(c) : h("span", { class: "muted" }, "idle")))),
    h("div", { class: "row wrap" }, h("b", {}, `Run queue (${m.runQueue.length}): `), ...m.runQueue.slice(0, 12).map(who), m.runQueue.length > 12 ? h("span", { class: "muted" }, ` +${m.runQueue.length - 12} more`) : ""),
    h("div", { class: "row wrap" }, h("b", {}, "Memory: "), `${free} of ${m.totalFrames} frames free \u00b7 kernel ${m.frames.kernel ?? 0}`, ...Object.entries(m.frames).filter(([k]) => k !== "free" && k !== "kernel").map(([k, v]) => h("span", { class: "muted" }, ` \u00b7 ${k} ${v}`))),
  );
}
