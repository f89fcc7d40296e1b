// What classroom team play adds to the game screen: my team's HUD (workload checklist with
// progress, score, round timer), the live scoreboard of every team, the end-of-round card with
// the explanation and the final scores, the classroom messages in words (OOM kills with the
// reason, Ring Wars captures and policy changes), and for the Ring Wars policy team its console.
// Nothing outside a classroom room. Sends only through actions.ts.

import * as actions from "../actions.ts";
import { S2C } from "../../../shared/protocol.ts";
import type { ClassroomMessage } from "../../../shared/classroom.ts";
import { session } from "../session.ts";
import { h, inTextField, layer } from "../ui/dom.ts";
import { ID } from "../ui/ids.ts";
import { classContext } from "../class/context.ts";
import { checklist, classroomOf, ranked, timeLeft, type ClassroomSnap } from "./snap.ts";
import { PolicyPanel } from "./policy.ts";
import "./classroom.css";

/** Mount the classroom HUD, scoreboard, end card and messages; returns the unmount function. */
export function mountClassroomOverlay(): () => void {
  if (!classroomOf(session.conn?.snapshot())) return () => {};
  const hud = h("section", { id: ID.classHud, class: "cr-hud", "aria-label": "My team" });
  const board = h("section", { id: ID.classScoreboard, class: "cr-board", "aria-label": "Scoreboard" });
  layer().append(hud, board);
  let endCard: HTMLElement | undefined;
  let endShownFor = "";
  let policy: PolicyPanel | undefined;
  let lastKey = "";

  const render = () => {
    const c = classroomOf(session.conn?.snapshot());
    if (!c) return;
    const me = session.machine.players[session.sessionId];
    const team = me && me.team >= 0 ? c.teams[me.team] : undefined;
    const key = JSON.stringify([c, session.machine.tick, me?.team]);
    if (key === lastKey) return;
    lastKey = key;
    renderHud(hud, c, me?.team ?? -1, session.machine.tick);
    renderBoard(board, c, me?.team ?? -1);
    if (c.variant === "ringwars" && team?.role === "policy") {
      policy ??= new PolicyPanel(c.teams.map((x) => x.name));
      policy.update(c);
    }
    const endKey = c.phase === "ended" ? `${c.round}` : "";
    if (endKey !== endShownFor) {
      endShownFor = endKey;
      endCard?.remove();
      endCard = endKey ? endOfRound(c, me?.team ?? -1, () => endCard?.remove()) : undefined;
      if (endCard) layer().append(endCard);
    }
  };

  const onKey = (e: KeyboardEvent) => {
    if (inTextField(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    if ((e.key === "k" || e.key === "K") && policy) {
      policy.toggle();
      e.preventDefault();
    }
  };
  window.addEventListener("keydown", onKey);
  const offs = [
    session.machineChanged.on(render),
    session.conn?.onMessage(S2C.CLASSROOM, (m) => say(m as ClassroomMessage)) ?? (() => {}),
  ];
  render();
  return () => {
    window.removeEventListener("keydown", onKey);
    for (const off of offs) off();
    hud.remove();
    board.remove();
    endCard?.remove();
    policy?.destroy();
  };
}

function say(m: ClassroomMessage): void {
  switch (m.type) {
    case "oom":
      return session.say(`OOM killer: ${m.reason}`, "error");
    case "capture":
      return session.say(`Team ${teamWord(m.team)} read ${m.path} by ${m.how}.`, "info");
    case "policy":
      return session.say(m.text, "info");
    case "round-start":
      return session.say(`Round ${m.round} has started: race your team's workload.`, "info");
    case "round-end":
      return session.say(m.result.headline, "info");
  }
}

function teamWord(team: number): string {
  const c = classroomOf(session.conn?.snapshot());
  return c?.teams[team]?.name ?? String(team + 1);
}

function renderHud(el: HTMLElement, c: ClassroomSnap, myTeam: number, tick: number): void {
  const t = c.teams[myTeam];
  const clock = c.phase === "waiting" ? "not started" : c.phase === "ended" ? `R${c.round} over` : `R${c.round} \u00b7 ${timeLeft(c, tick)}`;
  if (!t) {
    el.replaceChildren(h("div", { class: "cr-hud-head" }, h("b", {}, "No team yet"), h("span", { class: "cr-clock" }, clock)));
    return;
  }
  const role = t.role === "policy" ? "POLICY TEAM: guard the vault, keep the machine working (K: console)" : t.role === "attack" ? `ATTACKERS: reach ${c.vault} by a legitimate way` : "";
  const items = t.role === "policy" ? [] : checklist(c, t);
  el.style.setProperty("--team", t.color);
  el.replaceChildren(
    h("div", { class: "cr-hud-head" }, h("span", { class: "cr-swatch", "aria-hidden": "true" }, t.name[0]), h("b", { title: `Team ${t.name}` }, t.name), h("span", { class: "cr-score" }, `${t.score} pts`), h("span", { class: "cr-clock", id: ID.classClock }, clock)),
    role ? h("div", { class: "cr-role" }, role) : h("div", { class: "cr-bar", role: "progressbar", "aria-valuenow": t.progress, "aria-valuemin": 0, "aria-valuemax": 100, "aria-label": "Workload progress" }, h("span", { style: `width:${t.progress}%` }), h("em", {}, `${t.progress}%`)),
    h("ul", { class: "cr-list" }, ...items.map((i) => h("li", { class: i.done ? "done" : "", title: i.how }, i.done ? "\u2713 " : "\u25CB ", i.text, i.done ? "" : h("small", {}, ` \u2014 ${i.how}`)))),
    t.oomKills || t.faults ? h("div", { class: "cr-pen" }, `${t.oomKills ? `OOM-killed ${t.oomKills}x ` : ""}${t.faults ? `${t.faults} fault${t.faults === 1 ? "" : "s"}` : ""}`) : "",
  );
}

function renderBoard(el: HTMLElement, c: ClassroomSnap, myTeam: number): void {
  el.replaceChildren(
    ...ranked(c).map((t) =>
      h(
        "div",
        { class: `cr-chip${t.index === myTeam ? " mine" : ""}`, style: `--team:${t.color}`, title: `${t.members} players, ${t.denials} denied calls, ${t.faults} faults, ${t.oomKills} OOM kills` },
        h("span", { class: "cr-swatch", "aria-hidden": "true" }, t.name[0]),
        h("b", {}, t.name),
        h("span", { class: "cr-chip-score" }, String(t.score)),
        h("span", { class: "cr-mini" }, h("span", { style: `width:${t.role === "policy" ? 100 : t.progress}%` })),
      ),
    ),
    c.mitigations ? h("div", { class: "cr-mit" }, `hardening on: ${c.mitigations.toUpperCase()}`) : "",
  );
}

function endOfRound(c: ClassroomSnap, myTeam: number, close: () => void): HTMLElement {
  const standalone = !classContext();
  const winner = c.teams[c.winner];
  return h(
    "div",
    { id: ID.classEnd, class: "cr-end", role: "dialog", "aria-label": `Round ${c.round} results` },
    h("h2", { style: winner ? `color:${winner.color}` : "" }, winner ? `Team ${winner.name} wins round ${c.round}` : `Round ${c.round}: a tie`),
    h("p", { class: "cr-headline" }, c.headline),
    h(
      "table",
      { class: "cr-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "team"), h("th", {}, "workload"), h("th", {}, "faults"), h("th", {}, "OOM kills"), h("th", {}, "denied"), h("th", {}, "score"))),
      h("tbody", {}, ...ranked(c).map((t) => h("tr", { class: t.index === myTeam ? "mine" : "" }, h("td", {}, h("span", { class: "cr-swatch", style: `--team:${t.color}` }, t.name[0]), ` ${t.name}`), h("td", {}, t.role === "policy" ? "policy" : `${t.progress}%`), h("td", {}, String(t.faults)), h("td", {}, String(t.oomKills)), h("td", {}, String(t.denials)), h("td", { class: "score" }, String(t.score))))),
    ),
    h("h3", {}, "Why, from the kernel's audit log"),
    h("ul", { class: "cr-why" }, ...c.explanation.slice(0, 5).map((l) => h("li", {}, l))),
    h(
      "div",
      { class: "cr-buttons" },
      c.replayId ? h("a", { id: ID.classReplay, class: "btn", href: `/teacher/replay?round=${encodeURIComponent(c.replayId)}`, target: "_blank", rel: "noopener" }, "Watch the replay") : "",
      standalone ? button(ID.classNextRound, "Next round", () => actions.nextRound()) : h("span", { class: "muted" }, "Your teacher starts the next round."),
      button(ID.classEndClose, "Look at the machine", close),
    ),
  );
}

function button(id: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = h("button", { id, type: "button", class: "btn" }, label);
  b.addEventListener("click", onClick);
  return b;
}
