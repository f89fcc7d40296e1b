// The dashboard's left column: how students join (code, QR, link), the private host link, the
// pacing buttons (start, pause everyone, resume, end) and the kernel injections.

import { CAP, type CapName } from "../../../shared/abi/caps.ts";
import { MAX_FREEZE_TICKS, MAX_PRESSURE_FRAMES, POLICIES, teamName, type RosterRow, type SessionInfo, type TeacherAction } from "../../../shared/hosting.ts";
import { hostUrl, projectorUrl } from "./api.ts";
import { button, h, statusPill, toast } from "./ui.ts";

/** Capabilities worth revoking in class, first; the rest follow. */
const CAPS_FIRST: CapName[] = ["CAP_KILL", "CAP_SETUID", "CAP_DAC_OVERRIDE", "CAP_SYS_NICE", "CAP_FOWNER", "CAP_SYS_BOOT", "CAP_SYS_MODULE"];

export class Controls {
  readonly el: HTMLElement;
  private readonly status: HTMLSpanElement;
  private readonly start: HTMLButtonElement;
  private readonly pause: HTMLButtonElement;
  private readonly resume: HTMLButtonElement;
  private readonly end: HTMLButtonElement;
  private readonly late: HTMLInputElement;
  private readonly inject: HTMLFieldSetElement;
  private readonly target: HTMLSelectElement;
  private teamCount = 0;

  constructor(info: SessionInfo, host: string, act: (a: TeacherAction) => Promise<boolean>) {
    const link = hostUrl(info.id, host);
    this.status = h("span", { id: "session-status" });
    this.start = button("\u25B6 Start", () => void act({ type: "start" }), { id: "start", class: "btn big go" });
    this.pause = button("\u25AE\u25AE Pause everyone", () => void act({ type: "pause" }), { id: "pause", class: "btn big" });
    this.resume = button("\u25B6 Resume", () => void act({ type: "resume" }), { id: "resume", class: "btn big go" });
    let armed = false;
    this.end = button("\u25A0 End session", () => {
      if (!armed) {
        armed = true;
        this.end.textContent = "\u25A0 Really end?";
        setTimeout(() => ((armed = false), (this.end.textContent = "\u25A0 End session")), 4000);
        return;
      }
      void act({ type: "end" });
    }, { id: "end", class: "btn big danger" });
    this.late = h("input", { id: "late-join", type: "checkbox", checked: info.settings.lateJoin });
    this.late.addEventListener("change", () => void act({ type: "settings", lateJoin: this.late.checked }));
    const copy = button("Copy host link", () => void copyText(link, hostInput), { id: "copy-host", class: "btn small secondary" });
    const hostInput = h("input", { id: "host-link", type: "text", readonly: true, value: link, "aria-label": "Private host link" });

    const frames = h("input", { id: "pressure-frames", type: "number", min: 1, max: MAX_PRESSURE_FRAMES, value: 32, "aria-label": "Frames the kernel takes" });
    const cap = h("select", { id: "revoke-cap", "aria-label": "Capability to revoke" }, ...[...CAPS_FIRST, ...(Object.keys(CAP) as CapName[]).filter((c) => !CAPS_FIRST.includes(c))].map((c) => h("option", { value: c }, c)));
    this.target = h("select", { id: "revoke-target", "aria-label": "Whose processes" });
    const sched = h("select", { id: "sched-policy", "aria-label": "Scheduler policy" }, ...POLICIES.map((x) => h("option", { value: x, selected: x === info.settings.policy }, x.toUpperCase())));
    const ticks = h("input", { id: "freeze-ticks", type: "number", min: 1, max: MAX_FREEZE_TICKS, value: 15, "aria-label": "Ticks to freeze" });
    this.inject = h(
      "fieldset",
      { class: "inject", id: "inject" },
      h("legend", {}, "Inject a kernel event"),
      h("div", { class: "inj" }, h("span", { class: "label" }, "Memory pressure"), frames, h("span", { class: "muted" }, "frames"), button("Apply", () => void act({ type: "pressure", frames: Number(frames.value) }), { id: "inject-pressure", class: "btn small" }), button("Release", () => void act({ type: "release" }), { id: "inject-release", class: "btn small secondary" })),
      h("p", { class: "hint" }, "The kernel takes frames for itself; when they run out the OOM killer picks a victim."),
      h("div", { class: "inj" }, h("span", { class: "label" }, "Revoke"), cap, this.target, button("Revoke", () => void act({ type: "revoke", cap: cap.value as CapName, target: parseTarget(this.target.value) }), { id: "inject-revoke", class: "btn small" })),
      h("div", { class: "inj" }, h("span", { class: "label" }, "Scheduler"), sched, button("Switch now", () => void act({ type: "policy", policy: sched.value as (typeof POLICIES)[number] }), { id: "set-policy", class: "btn small" })),
      h("p", { class: "hint" }, "Round-robin, MLFQ or fair share, mid-round: the run queue is re-ordered by the new rules at once."),
      h("div", { class: "inj" }, h("span", { class: "label" }, "Freeze scheduler"), ticks, h("span", { class: "muted" }, "ticks"), button("Freeze", () => void act({ type: "freeze", ticks: Number(ticks.value) }), { id: "inject-freeze", class: "btn small" })),
    );
    const qr = info.qr ? h("img", { id: "join-qr", src: info.qr, alt: `QR code for ${info.joinUrl}`, width: 190, height: 190 }) : h("span");
    this.el = h(
      "aside",
      { class: "side" },
      h(
        "section",
        { class: "card join", "aria-label": "How students join" },
        h("div", { class: "join-how" }, "Students open ", h("b", { class: "mono" }, info.joinUrl.replace(/\/join\/.*$/, "/join")), " and type"),
        h("div", { id: "join-code", class: "code mono", "aria-label": `Join code ${info.code.split("").join(" ")}` }, info.code),
        qr,
        h("div", { class: "muted small mono", id: "join-url" }, info.joinUrl),
      ),
      h(
        "section",
        { class: "card pace", "aria-label": "Pacing" },
        h("div", { class: "status-row" }, this.status),
        h("div", { class: "buttons" }, this.start, this.pause, this.resume, this.end, info.mode === "classroom" ? button("\u21BB Next round", () => void act({ type: "round" }), { id: "next-round", class: "btn big" }) : ""),
        h("label", { class: "check" }, this.late, " Late join allowed"),
        h("div", { class: "links" }, h("a", { href: projectorUrl(info.id), target: "_blank", rel: "noopener", id: "open-projector" }, "Open projector view \u2197"), h("a", { href: hostUrl(info.id, host, "/teacher/report"), id: "open-report" }, "Report & CSV")),
      ),
      h("section", { class: "card" }, this.inject),
      h("section", { class: "card host", "aria-label": "Private host link" }, h("h3", {}, "Private host link"), h("p", { class: "hint" }, "Anyone with this link can run this session (share it with a co-host only)."), h("div", { class: "row" }, hostInput, copy)),
    );
  }

  update(info: SessionInfo): void {
    const s = info.status;
    this.status.replaceChildren(statusPill(s));
    this.start.hidden = s !== "lobby";
    this.pause.hidden = s !== "running";
    this.resume.hidden = s !== "paused";
    this.end.hidden = s === "ended";
    this.late.checked = info.settings.lateJoin;
    this.late.disabled = s === "ended";
    this.inject.disabled = s === "lobby" || s === "ended";
    this.teamCount = info.settings.teamCount;
  }

  setStudents(rows: readonly RosterRow[]): void {
    const current = this.target.value;
    const opts = [h("option", { value: "all" }, "every student")];
    for (let t = 0; t < this.teamCount; t++) opts.push(h("option", { value: `team:${t}` }, `team ${teamName(t)}`));
    for (const r of rows) if (!r.kicked) opts.push(h("option", { value: `player:${r.key}` }, r.nick));
    this.target.replaceChildren(...opts);
    if ([...this.target.options].some((o) => o.value === current)) this.target.value = current;
  }
}

function parseTarget(v: string): { all: true } | { team: number } | { player: string } {
  if (v.startsWith("team:")) return { team: Number(v.slice(5)) };
  if (v.startsWith("player:")) return { player: v.slice(7) };
  return { all: true };
}

async function copyText(text: string, fallback: HTMLInputElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast("Host link copied. Keep it private.");
  } catch {
    fallback.focus();
    fallback.select();
    toast("Press Ctrl+C to copy the selected link.");
  }
}
