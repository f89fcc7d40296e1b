// What a student in a class sees on top of the game: the lobby (who has arrived, my team) until
// the teacher starts, a "paused by teacher" banner, the end with my own summary, and a way back
// in when the connection is lost (the same browser finds its process again).

import { CLASS_SUMMARY, PAUSE_REASON, TEAM_COLORS, sum, teamName, type ClassSummary } from "../../../shared/hosting.ts";
import { session } from "../session.ts";
import { h, layer } from "../ui/dom.ts";
import { ID } from "../ui/ids.ts";
import { classContext } from "./context.ts";
import { enterClass } from "./enter.ts";
import "./class.css";

export interface ClassOverlayHandlers {
  /** Leave for the menu. */
  menu(): void;
  /** Rejoined after a lost connection: the game screen again, or (solo levels) the level map. */
  rejoined(where: "game" | "levels"): void;
}

/** Mount the class overlays for the current game screen; returns the unmount function. */
export function mountClassOverlay(handlers: ClassOverlayHandlers): () => void {
  const ctx = classContext();
  if (!ctx) return () => {};
  let shown = "";
  let el: HTMLElement | undefined;
  const show = (key: string, make: () => HTMLElement | undefined) => {
    if (key === shown && el?.isConnected) return;
    el?.remove();
    shown = key;
    el = make();
    if (el) layer().append(el);
  };

  const render = () => {
    const m = session.machine;
    const me = m.players[session.sessionId];
    if (!m.paused) return show("", () => undefined);
    if (m.pauseReason === PAUSE_REASON.lobby) {
      const players = Object.values(m.players);
      const key = `lobby:${JSON.stringify(players.map((p) => [p.nick, p.team, p.connected]))}`;
      return show(key, () => lobby(ctx.info.name, me?.nick ?? ctx.nickname, me?.team ?? -1, players));
    }
    if (m.pauseReason === PAUSE_REASON.ended) return show(`ended:${ctx.summary ? 1 : 0}`, () => ended(ctx.info.name, ctx.summary, handlers.menu));
    if (m.pauseReason === PAUSE_REASON.teacher) return show("paused", paused);
    return show("", () => undefined);
  };

  const offs = [
    session.machineChanged.on(render),
    session.conn?.onMessage(CLASS_SUMMARY, (s) => {
      ctx.summary = s as ClassSummary;
      shown = "";
      render();
    }) ?? (() => {}),
    session.statusChanged.on((s) => {
      if (s.kind !== "closed" || /removed/i.test(s.message)) return;
      // The game's own overlay says the connection is gone; offer the way back into the class.
      queueMicrotask(() => offerRejoin(handlers));
    }),
  ];
  render();
  return () => {
    for (const off of offs) off();
    el?.remove();
    document.getElementById(ID.classRejoin)?.remove();
  };
}

function lobby(name: string, nick: string, team: number, players: { nick: string; team: number; connected: boolean }[]): HTMLElement {
  const teamEl = team >= 0 ? h("span", { class: "team" }, swatch(team), ` team ${teamName(team)}`) : "";
  return h(
    "div",
    { id: ID.classLobby, class: "class-overlay", role: "dialog", "aria-label": "Class lobby" },
    h(
      "div",
      { class: "class-card" },
      h("p", { class: "muted" }, name),
      h("h2", {}, "Waiting for the teacher to start"),
      h("p", { class: "me" }, "You are ", h("b", {}, nick), team >= 0 ? " in " : "", teamEl),
      h("p", { class: "muted" }, `${players.length} in the class so far:`),
      h("ul", { class: "class-names" }, ...players.map((p) => h("li", { class: p.connected ? "" : "away" }, p.team >= 0 ? swatch(p.team) : "", ` ${p.nick}`))),
      h("p", { class: "hint" }, "Your process is already on the machine behind this card. When the teacher starts, the kernel begins to tick."),
    ),
  );
}

function paused(): HTMLElement {
  return h("div", { id: ID.classPaused, class: "class-banner", role: "status" }, "\u25AE\u25AE Paused by teacher", h("span", {}, "The kernel has stopped ticking. Actions you queue wait until the teacher resumes."));
}

function ended(name: string, s: ClassSummary | undefined, menu: () => void): HTMLElement {
  const back = h("button", { type: "button", class: "btn" }, "Back to the menu");
  back.addEventListener("click", menu);
  const list = (r: Record<string, number>) => (Object.keys(r).length ? Object.entries(r).map(([k, v]) => `${k} ${v}`).join(", ") : "none");
  return h(
    "div",
    { id: ID.classEnded, class: "class-overlay", role: "dialog", "aria-label": "Session ended" },
    h(
      "div",
      { class: "class-card" },
      h("p", { class: "muted" }, name),
      h("h2", {}, "Session ended"),
      s
        ? h(
            "dl",
            { class: "summary" },
            h("dt", {}, "System calls granted"), h("dd", {}, String(s.counts.granted)),
            h("dt", {}, "Denied"), h("dd", {}, `${sum(s.counts.denied)} (${list(s.counts.denied)})`),
            h("dt", {}, "Faults"), h("dd", {}, `${sum(s.counts.faults)} (${list(s.counts.faults)})`),
            h("dt", {}, "Levels done"), h("dd", {}, String(s.counts.levels.length)),
            h("dt", {}, "Score"), h("dd", {}, String(s.counts.score)),
          )
        : h("p", {}, "Thanks for playing!"),
      back,
    ),
  );
}

function swatch(team: number): HTMLElement {
  return h("span", { class: "swatch", style: `background:${TEAM_COLORS[team % TEAM_COLORS.length]}`, "aria-hidden": "true" }, teamName(team)[0]);
}

function offerRejoin(handlers: ClassOverlayHandlers): void {
  const ctx = classContext();
  if (!ctx || document.getElementById(ID.classRejoin)) return;
  const b = h("button", { id: ID.classRejoin, type: "button", class: "btn" }, "Rejoin the class");
  b.addEventListener("click", () => {
    b.disabled = true;
    b.textContent = "Rejoining...";
    enterClass(ctx.info, ctx.nickname)
      .then((where) => handlers.rejoined(where))
      .catch((e: Error) => {
        b.disabled = false;
        b.textContent = "Rejoin the class";
        b.title = e.message;
        session.notice(e.message);
      });
  });
  const box = document.querySelector("#status > div");
  (box ?? layer()).append(b);
}
