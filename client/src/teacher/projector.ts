// The projector view for the class screen: large type, no private data (no browser ids, no
// per-student errors). Lobby: the code, the QR and who has arrived. During play: the machine at
// a glance, the teams' totals and what just happened. Read-only: it holds no host token.

import { TEACHER_EV, TEAM_COLORS, TEAM_NAMES, type MachineGlance, type ProjectorView } from "../../../shared/hosting.ts";
import { connect } from "./api.ts";
import { h, mount, teamTag } from "./ui.ts";
import { classroomSide } from "./classroomProjector.ts";

export function showProjector(id: string | null): void {
  document.body.classList.add("projector");
  if (!id) {
    mount(h("p", { class: "error big" }, "This projector link has no session. Open it from the teacher dashboard."));
    return;
  }
  mount(h("p", { class: "loading" }, "Connecting..."));
  const socket = connect(id);
  socket.on(TEACHER_EV.PROJECTOR, (v: ProjectorView) => render(v));
  socket.on(TEACHER_EV.DENIED, (d: { error: string }) => mount(h("div", { class: "pj-message" }, h("h1", {}, "Ring Zero"), h("p", {}, d.error))));
  socket.on("connect_error", () => mount(h("div", { class: "pj-message" }, h("h1", {}, "Ring Zero"), h("p", {}, "Reconnecting to the server..."))));
}

function render(v: ProjectorView): void {
  const head = h("header", { class: "pj-head" }, h("span", { class: "pj-brand" }, "RING ZERO"), h("span", { class: "pj-name" }, v.name), h("span", { class: "pj-code" }, "code ", h("b", { class: "mono" }, v.code)));
  if (v.status === "lobby") return void mount(head, lobby(v));
  const banner =
    v.status === "paused" ? h("div", { class: "pj-banner paused", role: "status" }, "\u25AE\u25AE Paused by the teacher - the kernel has stopped ticking") :
    v.status === "ended" ? h("div", { class: "pj-banner ended", role: "status" }, "\u25A0 Session ended - thank you!") : h("div");
  mount(head, banner, h("div", { class: "pj-play" }, v.machine ? machine(v.machine) : h("div"), h("div", { class: "pj-side" }, ...(v.classroom ? [classroomSide(v.classroom, v.machine?.frames), happenings(v)] : [teams(v), happenings(v)]))));
}

function lobby(v: ProjectorView): HTMLElement {
  const host = v.joinUrl.replace(/^https?:\/\//, "").replace(/\/join\/.*$/, "/join");
  return h(
    "div",
    { class: "pj-lobby" },
    h(
      "div",
      { class: "pj-join" },
      h("p", { class: "pj-step" }, "1. Open ", h("b", { class: "mono" }, host)),
      h("p", { class: "pj-step" }, "2. Type the code"),
      h("div", { class: "pj-bigcode mono", "aria-label": `Join code ${v.code.split("").join(" ")}` }, v.code),
      h("p", { class: "pj-step" }, "or scan:"),
    ),
    h("img", { class: "pj-qr", src: v.qr, alt: `QR code for ${v.joinUrl}` }),
    h(
      "div",
      { class: "pj-arrivals" },
      h("h2", {}, `${v.students.length} ${v.students.length === 1 ? "student" : "students"} here`),
      h("ul", { class: "pj-names" }, ...v.students.map((s) => h("li", { class: s.connected ? "" : "away" }, v.teamCount > 0 ? teamTag(s.team, false) : "", " ", s.nick))),
      h("p", { class: "pj-wait" }, "Waiting for the teacher to start..."),
    ),
  );
}

function machine(m: MachineGlance): HTMLElement {
  const proc = (p: { pid: number; nick: string; team: number }) => h("span", { class: "pj-proc", style: `--team:${p.team >= 0 ? TEAM_COLORS[p.team % TEAM_COLORS.length] : "#b8b8c8"}` }, teamTag(p.team, false), ` ${p.nick || "?"}`, h("small", {}, ` pid ${p.pid}`));
  const total = m.totalFrames || 1;
  const segments = Object.entries(m.frames).sort((a, b) => order(a[0]) - order(b[0]));
  return h(
    "section",
    { class: "pj-machine", "aria-label": "The machine" },
    h("h2", {}, "The machine ", h("small", {}, `tick ${m.tick} \u00b7 scheduler ${m.policy.toUpperCase()}${m.frozen ? " \u00b7 FROZEN \u2744" : ""}`)),
    h("div", { class: "pj-cores" }, ...m.cores.map((c, i) => h("div", { class: `pj-core${c.pid ? "" : " idle"}` }, h("div", { class: "pj-core-label" }, `CPU ${i}`), c.pid ? proc(c) : h("span", { class: "muted" }, "idle")))),
    h("h3", {}, `Waiting for a CPU (${m.runQueue.length})`),
    h("div", { class: "pj-queue" }, ...m.runQueue.slice(0, 14).map(proc), m.runQueue.length === 0 ? h("span", { class: "muted" }, "nobody - every ready process has a core") : ""),
    h("h3", {}, `Physical memory: ${m.frames.free ?? 0} of ${m.totalFrames} frames free`),
    h("div", { class: "pj-mem", role: "img", "aria-label": segments.map(([k, n]) => `${k} ${n}`).join(", ") }, ...segments.map(([k, n]) => h("span", { class: `seg seg-${k.replace(/\W/g, "")}`, style: `width:${(100 * n) / total}%;${segColor(k)}`, title: `${k}: ${n}` }, n / total > 0.06 ? `${k} ${n}` : ""))),
    h("h3", {}, "Everyone's processes ", h("small", { class: "pj-states" }, ...stateCounts(m))),
    h("div", { class: "pj-procs" }, ...m.procs.filter((p) => p.state !== "ZOMBIE").slice(0, 40).map((p) => h("span", { class: `pj-p ${p.state.toLowerCase()}` }, proc(p), h("em", {}, STATE_WORDS[p.state] ?? p.state.toLowerCase())))),
  );
}

/** Process states in the words the game uses. */
const STATE_WORDS: Record<string, string> = { RUNNING: "running", RUNNABLE: "ready", BLOCKED: "asleep", STOPPED: "stopped", ZOMBIE: "zombie" };

function order(k: string): number {
  return k === "kernel" ? 0 : k === "free" ? 99 : k === "system" ? 1 : 2;
}

function segColor(k: string): string {
  const t = (TEAM_NAMES as readonly string[]).indexOf(k);
  if (t >= 0) return `background:${TEAM_COLORS[t]};color:#111`;
  if (k === "students") return `background:${TEAM_COLORS[1]};color:#111`;
  return "";
}

function stateCounts(m: MachineGlance): (HTMLElement | string)[] {
  const n = new Map<string, number>();
  for (const p of m.procs) n.set(p.state, (n.get(p.state) ?? 0) + 1);
  return [...n].map(([s, c]) => h("span", { class: `pj-state ${s.toLowerCase()}` }, `${c} ${STATE_WORDS[s] ?? s.toLowerCase()}`));
}

function teams(v: ProjectorView): HTMLElement {
  const rows = [...v.teams].sort((a, b) => b.score - a.score || b.granted - a.granted);
  return h(
    "section",
    { class: "pj-teams", "aria-label": "Teams" },
    h("h2", {}, v.teamCount > 0 ? "Teams" : "The class"),
    h(
      "table",
      {},
      h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, "players"), h("th", {}, "granted"), h("th", {}, "denied"), h("th", {}, "faults"), h("th", {}, "score"))),
      h("tbody", {}, ...rows.map((t) => h("tr", {}, h("td", {}, t.team >= 0 ? teamTag(t.team) : "everyone"), h("td", {}, String(t.students)), h("td", {}, String(t.granted)), h("td", {}, String(t.denied)), h("td", {}, String(t.faults)), h("td", { class: "score" }, String(t.score))))),
    ),
  );
}

function happenings(v: ProjectorView): HTMLElement {
  return h(
    "section",
    { class: "pj-news", "aria-label": "What just happened" },
    h("h2", {}, "Kernel news"),
    h("ul", {}, ...[...v.happenings].reverse().slice(0, 5).map((x) => h("li", {}, h("small", {}, new Date(x.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })), " ", x.text)), v.happenings.length === 0 ? h("li", { class: "muted" }, "Quiet so far.") : ""),
  );
}
