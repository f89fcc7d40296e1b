// Joining a class by code: the code (from /join/CODE or typed), then a nickname (typed, or one
// of the server's friendly suggestions). The server checks both; its refusals are shown as they
// come, in words. Everything is set as text, never as HTML.

import { JOIN_CODE_LENGTH, normalizeJoinCode, type JoinInfo } from "../../../shared/hosting.ts";
import { NICKNAME_MAX } from "../../../shared/protocol.ts";
import { cleanNickname, loadNickname } from "../logic/identity.ts";
import { h, layer } from "../ui/dom.ts";
import { ID } from "../ui/ids.ts";
import { localStorageOrUndefined } from "../ui/menu.ts";
import { lookupCode } from "./context.ts";
import "./class.css";

export interface ClassJoinHandlers {
  /** Join with this nickname; rejects with a readable Error. */
  join(info: JoinInfo, nickname: string): Promise<void>;
  /** Back to the menu. */
  back(): void;
}

export interface ClassJoinForm {
  destroy(): void;
}

const STATUS_WORDS: Record<JoinInfo["status"], string> = {
  lobby: "The teacher has not started yet: you will wait in the lobby.",
  running: "The session is running: you join straight in.",
  paused: "The session is paused by the teacher right now.",
  ended: "This session has ended.",
};

/** Show the join-by-code form over the menu backdrop. */
export function showClassJoinForm(code: string, handlers: ClassJoinHandlers): ClassJoinForm {
  document.getElementById(ID.classForm)?.remove();
  const error = h("div", { id: ID.classError, class: "error", role: "alert" });
  const body = h("div", { class: "class-body" });
  const back = h("button", { type: "button", class: "btn secondary small-btn" }, "\u2190 Menu");
  back.addEventListener("click", () => handlers.back());
  const form = h("form", { id: ID.classForm, class: "menu-form class-form", "aria-label": "Join a class" }, h("div", { class: "class-top" }, h("h2", {}, "Join a class"), back), body, error);
  layer().append(form);

  const codeStep = (value: string) => {
    const input = h("input", { id: ID.classCode, type: "text", value, maxlength: JOIN_CODE_LENGTH + 4, autocomplete: "off", spellcheck: "false", autocapitalize: "characters", "aria-describedby": "class-code-hint", class: "code-input" });
    const next = h("button", { id: ID.classNext, class: "btn", type: "submit" }, "Next");
    body.replaceChildren(h("label", { for: ID.classCode }, "Class code"), h("div", { class: "row" }, input, next), h("p", { id: "class-code-hint", class: "hint" }, `${JOIN_CODE_LENGTH} letters and digits, on the board. No 0, O, 1, I or L: they are easy to confuse.`));
    form.onsubmit = (e) => {
      e.preventDefault();
      const c = normalizeJoinCode(input.value);
      if (!c) {
        error.textContent = `A class code has ${JOIN_CODE_LENGTH} letters and digits (no 0, O, 1, I or L).`;
        input.focus();
        return;
      }
      void check(c, next);
    };
    input.focus();
  };

  const check = async (c: string, busy?: HTMLButtonElement) => {
    error.textContent = "";
    if (busy) (busy.disabled = true), (busy.textContent = "Checking...");
    try {
      nickStep(await lookupCode(c));
    } catch (e) {
      codeStep(c);
      error.textContent = (e as Error).message;
    }
  };

  const nickStep = (info: JoinInfo) => {
    const input = h("input", { id: ID.classNickname, type: "text", maxlength: NICKNAME_MAX, autocomplete: "off", spellcheck: "false", "aria-describedby": "class-nick-hint" });
    input.value = loadNickname(localStorageOrUndefined()) ?? info.suggestions[0] ?? "";
    const pick = (n: string) => {
      const b = h("button", { type: "button", class: "chip-btn" }, n);
      b.addEventListener("click", () => ((input.value = n), input.focus()));
      return b;
    };
    const suggestions = h("div", { id: ID.classSuggestions, class: "suggestions", role: "group", "aria-label": "Suggested nicknames" }, ...info.suggestions.map(pick));
    const join = h("button", { id: ID.classJoin, class: "btn", type: "submit" }, "Join");
    body.replaceChildren(
      h("p", { class: "class-title" }, h("span", { class: "muted" }, `Code ${info.code}: `), h("b", { id: ID.className }, info.name)),
      h("p", { class: "hint" }, STATUS_WORDS[info.status]),
      h("label", { for: ID.classNickname }, "Your nickname"),
      h("div", { class: "row" }, input, join),
      h("p", { id: "class-nick-hint", class: "hint" }, "Pick one or type your own (no real names needed). Your teacher and class see it."),
      suggestions,
    );
    form.onsubmit = (e) => {
      e.preventDefault();
      const nick = cleanNickname(input.value);
      if (!nick) {
        error.textContent = "Pick a nickname first.";
        input.focus();
        return;
      }
      input.value = nick;
      join.disabled = true;
      input.disabled = true;
      join.textContent = "Joining...";
      error.textContent = "";
      handlers.join(info, nick).catch((err: Error) => {
        join.disabled = false;
        input.disabled = false;
        join.textContent = "Join";
        error.textContent = err.message;
        const other = /for example (\S+?)\.?$/.exec(err.message)?.[1];
        if (other && ![...suggestions.children].some((c) => c.textContent === other)) suggestions.prepend(pick(other));
        input.focus();
        input.select();
      });
    };
    input.focus();
    input.select();
  };

  const c = normalizeJoinCode(code);
  if (c) void check(c);
  else codeStep(code);
  return { destroy: () => form.remove() };
}
