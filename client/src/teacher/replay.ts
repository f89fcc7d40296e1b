// The replay viewer (/teacher/replay?round=ID): a recorded round rebuilt on the server from its
// seed and input log, drawn tick by tick — cores, the run queue, physical memory by team, every
// process's state, the audit lines of the moment — with a timeline to scrub and play, and the
// round's results beside it. Public data only, like the projector.

import { CLASSROOM_API, FRAME_FREE, FRAME_KERNEL, type ReplayFrame, type ReplayMeta } from "../../../shared/classroom.ts";
import { TICK_MS } from "../../../shared/params.ts";
import { h, mount } from "./ui.ts";
import "./classroomProjector.css";
import "./replay.css";

const STATE_WORDS: Record<string, string> = { RUNNING: "running", RUNNABLE: "ready", BLOCKED: "asleep", STOPPED: "stopped" };

export async function showReplay(id: string | null): Promise<void> {
  document.body.classList.add("projector", "replay");
  if (!id) return void mount(h("p", { class: "error big" }, "This replay link names no round."));
  mount(h("p", { class: "loading" }, "Rebuilding the round from its seed and input log..."));
  const res = await fetch(`${CLASSROOM_API}/rounds/${encodeURIComponent(id)}`);
  const meta = (await res.json()) as ReplayMeta & { error?: string };
  if (!res.ok) return void mount(h("div", { class: "pj-message" }, h("h1", {}, "Ring Zero"), h("p", {}, meta.error ?? "This replay could not be loaded.")));
  new ReplayView(meta).start();
}

class ReplayView {
  private readonly meta: ReplayMeta;
  private readonly slider: HTMLInputElement;
  private readonly tickLabel = h("span", { class: "rp-tick mono", id: "replay-tick" });
  private readonly play = h("button", { type: "button", class: "btn", id: "replay-play" }, "\u25B6 Play");
  private readonly stage = h("div", { class: "rp-stage" });
  private timer: ReturnType<typeof setInterval> | undefined;
  private pending = 0;
  private shown = -1;

  constructor(meta: ReplayMeta) {
    this.meta = meta;
    this.slider = h("input", { type: "range", id: "replay-timeline", min: meta.startTick, max: meta.endTick, value: meta.startTick, step: 1, "aria-label": "Tick" });
  }

  start(): void {
    const m = this.meta;
    const r = m.result;
    const marks = r.teams.filter((t) => t.finishedAt > 0).map((t) => h("span", { class: "rp-mark", style: `left:${(100 * (t.finishedAt - m.startTick)) / Math.max(1, m.endTick - m.startTick)}%;--team:${m.teams[t.team]?.color}`, title: `team ${t.name} finished at tick ${t.finishedAt}` }, t.name[0]));
    mount(
      h("header", { class: "pj-head" }, h("span", { class: "pj-brand" }, "RING ZERO"), h("span", { class: "pj-name" }, `Replay \u00b7 round ${m.round}${m.variant === "ringwars" ? " \u00b7 Ring Wars" : ""}`), h("span", { class: "pj-code mono", title: "final state hash" }, `hash ${m.finalHash}`)),
      h("div", { class: "rp-timeline" }, this.play, h("div", { class: "rp-track" }, this.slider, h("div", { class: "rp-marks" }, ...marks)), this.tickLabel),
      h("div", { class: "pj-play" }, this.stage, h("div", { class: "pj-side" }, results(m))),
    );
    this.slider.addEventListener("input", () => this.show(Number(this.slider.value)));
    this.play.addEventListener("click", () => this.toggle());
    window.addEventListener("keydown", (e) => {
      if (e.key === " ") {
        e.preventDefault();
        this.toggle();
      } else if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
        e.preventDefault();
        this.show(Number(this.slider.value) + (e.key === "ArrowRight" ? 1 : -1) * (e.shiftKey ? 10 : 1));
      }
    });
    void this.show(m.startTick);
  }

  private toggle(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.play.textContent = "\u25B6 Play";
      return;
    }
    this.play.textContent = "\u25AE\u25AE Pause";
    this.timer = setInterval(() => {
      const next = Number(this.slider.value) + 1;
      if (next > this.meta.endTick) return this.toggle();
      void this.show(next);
    }, TICK_MS);
  }

  /** Fetch and draw the machine at tick t (the newest request wins). */
  async show(t: number): Promise<void> {
    const tick = Math.max(this.meta.startTick, Math.min(this.meta.endTick, Math.round(t)));
    this.slider.value = String(tick);
    this.tickLabel.textContent = `tick ${tick} / ${this.meta.endTick}`;
    const ask = ++this.pending;
    const res = await fetch(`${CLASSROOM_API}/rounds/${encodeURIComponent(this.meta.id)}/at/${tick}`);
    if (ask !== this.pending || !res.ok) return;
    const f = (await res.json()) as ReplayFrame;
    this.shown = f.tick;
    document.body.dataset.replayTick = String(f.tick);
    this.stage.replaceChildren(machine(f, this.meta));
  }
}

function color(meta: ReplayMeta, team: number): string {
  return team >= 0 ? (meta.teams[team]?.color ?? "#b8b8c8") : "#b8b8c8";
}

function chip(meta: ReplayMeta, p: { pid: number; team: number; nick: string }): HTMLElement {
  return h("span", { class: "pj-proc", style: `--team:${color(meta, p.team)}` }, h("span", { class: "swatch rp-swatch", style: `background:${color(meta, p.team)}`, "aria-hidden": "true" }, p.team >= 0 ? (meta.teams[p.team]?.name[0] ?? "?") : "-"), ` ${p.nick || "?"}`, h("small", {}, ` pid ${p.pid}`));
}

function machine(f: ReplayFrame, meta: ReplayMeta): HTMLElement {
  const counts = new Map<number, number>();
  for (const o of f.frames) counts.set(o, (counts.get(o) ?? 0) + 1);
  const free = counts.get(FRAME_FREE) ?? 0;
  const states = new Map<string, number>();
  for (const p of f.procs) states.set(p.state, (states.get(p.state) ?? 0) + 1);
  return h(
    "section",
    { class: "pj-machine", "aria-label": "The machine at this tick" },
    h("h2", {}, "The machine ", h("small", {}, `tick ${f.tick} \u00b7 scheduler ${f.policy.toUpperCase()}${f.mitigations.length ? ` \u00b7 ${f.mitigations.join(" ").toUpperCase()} on` : ""}`)),
    h("div", { class: "pj-cores" }, ...f.cores.map((c, i) => h("div", { class: `pj-core${c.pid ? "" : " idle"}` }, h("div", { class: "pj-core-label" }, `CPU ${i}`), c.pid ? chip(meta, c) : h("span", { class: "muted" }, "idle")))),
    h("h3", {}, `Waiting for a CPU (${f.runQueue.length})`),
    h("div", { class: "pj-queue" }, ...f.runQueue.slice(0, 12).map((p) => chip(meta, p)), f.runQueue.length > 12 ? h("span", { class: "muted" }, `+${f.runQueue.length - 12} more`) : "", f.runQueue.length === 0 ? h("span", { class: "muted" }, "nobody") : ""),
    h("h3", {}, `Physical memory by team: ${free} of ${f.frames.length} frames free `, h("small", { class: "rp-legend" }, ...meta.teams.map((t, i) => h("span", {}, h("i", { style: `background:${t.color}` }), ` ${t.name} ${counts.get(i) ?? 0}`)), h("span", {}, h("i", { class: "k" }), ` kernel ${counts.get(FRAME_KERNEL) ?? 0}`))),
    h("div", { class: "rp-frames", role: "img", "aria-label": `${free} free frames` }, ...f.frames.map((o) => h("i", { class: o === FRAME_FREE ? "f" : o === FRAME_KERNEL ? "k" : o < 0 ? "o" : "", style: o >= 0 ? `background:${color(meta, o)}` : "" }))),
    h("h3", {}, "Processes ", h("small", { class: "pj-states" }, ...[...states].map(([s, n]) => h("span", { class: `pj-state ${s.toLowerCase()}` }, `${n} ${STATE_WORDS[s] ?? s.toLowerCase()}`)))),
    h("h3", {}, "Audit log at this moment"),
    h("ul", { class: "rp-feed", id: "replay-feed" }, ...f.feed.slice(-8).map((e) => h("li", { class: e.errno ? "bad" : "" }, h("b", { class: "mono" }, `[${e.tick}] ${e.text}`), h("small", {}, ` ${e.reason}`))), f.feed.length === 0 ? h("li", { class: "muted" }, "quiet") : ""),
  );
}

function results(meta: ReplayMeta): HTMLElement {
  const r = meta.result;
  const ranked = [...r.teams].sort((a, b) => b.score - a.score);
  return h(
    "section",
    { class: "pjc" },
    h("div", { class: "pjc-round" }, h("h2", {}, `Round ${r.round} result`)),
    h("p", { class: "pjc-headline" }, r.headline),
    h("ol", { class: "pjc-teams" }, ...ranked.map((t) => h("li", { class: `pjc-team${t.team === r.winner ? " winner" : ""}`, style: `--team:${meta.teams[t.team]?.color}` }, h("span", { class: "pjc-swatch" }, t.name[0]), h("span", { class: "pjc-name" }, t.name), h("span", { class: "pjc-score mono" }, String(t.score)), h("span", { class: "pjc-pen" }, `${t.progress}% work \u00b7 ${t.oomKills} OOM \u00b7 waited ${t.meanWait} ticks/action`)))),
    h("section", { class: "pjc-why" }, h("ul", {}, ...r.lines.slice(0, 3).map((l) => h("li", {}, l)))),
  );
}
