// What a level adds to the game screen: the level panel, the briefing card until the clock runs,
// the win card with the debrief or the failed card, the level's keys (I hint, F finish, B
// briefing, 1-9 predict, Enter run), and the level messages (hints, "not yet"). Nothing outside a
// level room. Sends only through actions.ts. The keys are ones logic/keymap.ts leaves free.

import * as actions from "../actions.ts";
import { S2C } from "../../../shared/protocol.ts";
import type { LevelMessage } from "../../../shared/levels/types.ts";
import { session } from "../session.ts";
import { inTextField } from "../ui/dom.ts";
import { ID } from "../ui/ids.ts";
import { briefingCard, failedCard, wonCard, type WonInfo } from "../ui/levelCards.ts";
import { LevelPanel } from "../ui/levelPanel.ts";
import { nextLevel } from "./api.ts";
import { levelOf, type LevelSnap } from "./snap.ts";
import { startLevel } from "./start.ts";

export interface LevelOverlayHandlers {
  /** Leave for the level map. */
  toMap(): void;
  /** A new level room was joined: restart the game screen on it. */
  restart(): void;
}

/** Mount the level's panel, cards and keys for the current game screen; returns the unmount function. */
export function mountLevelOverlay(handlers: LevelOverlayHandlers): () => void {
  const first = levelOf(session.conn?.snapshot());
  if (!first) return () => {};
  let level: LevelSnap = first;
  let briefingOpen = false;
  let briefingDismissed = false;
  let won: WonInfo | undefined;
  let card: HTMLElement | undefined;
  let cardKind = "";

  const setCard = (kind: string, make: () => HTMLElement | undefined) => {
    if (kind === cardKind && card?.isConnected) return;
    card?.remove();
    cardKind = kind;
    card = make();
  };

  const play = async (levelId: string) => {
    await session.conn?.leave();
    session.stop();
    try {
      await startLevel(levelId);
      handlers.restart();
    } catch (err) {
      session.notice((err as Error).message);
      handlers.toMap();
    }
  };
  const endButtons = (primaryNext: boolean) => {
    const next = nextLevel(level.id);
    return [
      ...(primaryNext && next ? [{ id: ID.levelNext, label: `Next: ${next.title} \u25B6`, onClick: () => void play(next.id), primary: true }] : []),
      { id: ID.levelRetry, label: "Retry", onClick: () => void play(level.id), primary: !primaryNext || !next },
      { id: ID.levelToMap, label: "Level map", onClick: () => void leaveToMap() },
    ];
  };
  const leaveToMap = async () => {
    await session.conn?.leave();
    session.stop();
    handlers.toMap();
  };

  const begin = () => {
    actions.begin();
    briefingDismissed = true;
    briefingOpen = false;
    render();
  };
  const showBriefing = () => {
    briefingOpen = true;
    render();
  };
  const closeBriefing = () => {
    briefingOpen = false;
    briefingDismissed = true;
    render();
  };

  const panel = new LevelPanel({
    run: begin,
    hint: () => void actions.hint(),
    finish: () => void actions.finish(),
    briefing: showBriefing,
    predict: (o) => void actions.predict(o),
  });

  function render(): void {
    const next = levelOf(session.conn?.snapshot());
    if (next) level = next;
    panel.update(level);
    if (level.phase === "won") {
      const info: WonInfo = won ?? { score: level.score, best: null, debrief: { kernel: level.debrief, lines: level.debriefLines, source: level.source } };
      return setCard(`won:${won ? 1 : 0}`, () => wonCard(level, info, endButtons(true)));
    }
    if (level.phase === "failed") return setCard("failed", () => failedCard(level, endButtons(false)));
    const wantBriefing = briefingOpen || (level.phase === "briefing" && !briefingDismissed);
    if (!wantBriefing) return setCard("", () => undefined);
    const plan = level.clock === "plan";
    const start = level.phase !== "briefing" ? { label: "Back to the machine", onClick: closeBriefing } : plan ? { label: "Plan my moves", onClick: closeBriefing } : { label: "Start (Enter)", onClick: begin };
    setCard(`briefing:${level.phase}`, () => briefingCard(level, start, undefined));
  }

  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (document.getElementById(ID.palette) || document.getElementById(ID.help) || inTextField(e.target)) return;
    if (card && cardKind !== "") return; // a card has the keyboard (its buttons)
    if (e.target instanceof HTMLButtonElement && (e.key === "Enter" || e.key === " ")) return;
    const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const idx = /^[1-9]$/.test(k) ? Number(k) - 1 : -1;
    let done = true;
    if (k === "i") actions.hint();
    else if (k === "f" && level.finish) actions.finish();
    else if (k === "b") showBriefing();
    else if (idx >= 0 && idx < level.predictions.length) actions.predict(level.predictions[idx]);
    else if (k === "Enter" && level.clock === "plan" && level.phase === "briefing") begin();
    else done = false;
    if (done) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  window.addEventListener("keydown", onKey, { capture: true });

  const offs = [
    session.machineChanged.on(render),
    session.conn?.onMessage(S2C.LEVEL, (raw) => {
      const m = raw as LevelMessage;
      if (m.type === "hint") session.say(`Hint ${m.index}: ${m.text}`);
      else if (m.type === "not-yet") {
        panel.setMissing(m.missing);
        session.say(`Not yet: ${m.missing.join("; ")}`, "error");
      } else if (m.type === "won") {
        won = { score: m.score, best: m.best, metrics: m.metrics, debrief: m.debrief };
        session.say(`Level complete! Score ${m.score}.`);
      } else if (m.type === "failed") session.say(`Attempt over: ${m.reason}`, "error");
      render();
    }) ?? (() => {}),
  ];
  render();
  return () => {
    window.removeEventListener("keydown", onKey, { capture: true });
    for (const off of offs) off();
    card?.remove();
    panel.destroy();
  };
}
