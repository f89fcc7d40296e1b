// The projector's classroom side: the round and its clock, each team's workload progress and
// score in large type, the live audit feed (denials with errno and reason, faults, OOM kills,
// policy changes), and after a round the winner, why, and the replay link. Public data only.

import type { ClassroomGlance } from "../../../shared/classroom.ts";
import { h } from "./ui.ts";
import "./classroomProjector.css";

const ROLE_WORDS: Record<string, string> = { policy: "policy team", attack: "attackers", race: "" };

function clock(s: number): string {
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** The classroom column of the projector. */
export function classroomSide(c: ClassroomGlance, frames: Record<string, number> = {}): HTMLElement {
  const title = c.phase === "waiting" ? "Waiting for the first round" : c.phase === "ended" ? `Round ${c.round} is over` : `Round ${c.round}`;
  const ranked = c.teams.map((t, i) => ({ ...t, i })).sort((a, b) => b.score - a.score || a.i - b.i);
  return h(
    "div",
    { class: "pjc", id: "pj-classroom" },
    h("div", { class: "pjc-round" }, h("h2", {}, title, c.variant === "ringwars" ? h("small", {}, " \u00b7 Ring Wars") : ""), c.phase === "playing" ? h("span", { class: "pjc-clock mono", id: "pj-clock" }, clock(c.secondsLeft)) : ""),
    c.phase === "ended" && c.headline ? h("p", { class: "pjc-headline", id: "pj-headline" }, c.headline) : "",
    h(
      "ol",
      { class: "pjc-teams", "aria-label": "Scoreboard" },
      ...ranked.map((t) =>
        h(
          "li",
          { class: `pjc-team${c.phase === "ended" && t.i === c.winner ? " winner" : ""}`, style: `--team:${t.color}` },
          h("span", { class: "pjc-swatch", "aria-hidden": "true" }, t.name[0]),
          h("span", { class: "pjc-name" }, t.name, h("small", {}, ` ${t.members} ${t.members === 1 ? "player" : "players"}${ROLE_WORDS[t.role] ? ` \u00b7 ${ROLE_WORDS[t.role]}` : ""}`)),
          h("span", { class: "pjc-score mono" }, String(t.score)),
          t.role === "policy"
            ? h("span", { class: "pjc-note" }, `${t.captures} legitimate calls denied`)
            : h("span", { class: "pjc-bar", role: "img", "aria-label": `${t.progress}% of the workload` }, h("span", { style: `width:${t.progress}%` }), h("em", {}, t.finishedAt ? "done \u2713" : `${t.progress}%`)),
          h("span", { class: "pjc-pen" }, `${frames[t.name] ?? 0} frames \u00b7 ${t.faults} faults \u00b7 ${t.oomKills} OOM \u00b7 ${t.denials} denied${t.role === "attack" ? ` \u00b7 ${t.captures} flags` : ""}`),
        ),
      ),
    ),
    c.mitigations ? h("p", { class: "pjc-mit" }, `Hardening on: ${c.mitigations.toUpperCase()}`) : "",
    c.phase === "ended"
      ? h("section", { class: "pjc-why" }, h("h3", {}, "Why, from the audit log"), h("ul", {}, ...c.explanation.slice(0, 4).map((l) => h("li", {}, l))), c.replayId ? h("a", { id: "pj-replay", class: "pjc-replay", href: `/teacher/replay?round=${encodeURIComponent(c.replayId)}`, target: "_blank", rel: "noopener" }, "\u25B6 Watch the replay") : "")
      : h("section", { class: "pjc-feed", "aria-label": "Live audit feed" }, h("h3", {}, "Live audit feed"), h("ul", {}, ...c.feed.slice(-7).map((f) => h("li", { style: f.team >= 0 ? `--team:${c.teams[f.team]?.color ?? "#888"}` : "" }, h("b", {}, f.text), h("small", {}, ` ${f.reason}`))), c.feed.length === 0 ? h("li", { class: "muted" }, "Nothing denied yet.") : "")),
  );
}
