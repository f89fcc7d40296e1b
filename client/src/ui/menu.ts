// The menu's form: nickname (prefilled, editable), Play sandbox, Levels (the level map) and Join
// class; a button whose handler is not given is shown disabled.

import { NICKNAME_MAX } from "../../../shared/protocol.ts";
import { cleanNickname, generateNickname, loadNickname } from "../logic/identity.ts";
import { h, layer } from "./dom.ts";
import { ID } from "./ids.ts";

export interface MenuForm {
  setBusy(busy: boolean): void;
  showError(message: string, reload: boolean): void;
  destroy(): void;
}

/** Build the menu form; `onPlay` gets the cleaned nickname. */
export function showMenuForm(onPlay: (nickname: string) => void, onJoinClass?: () => void, onLevels?: (nickname: string) => void): MenuForm {
  document.getElementById("menu-form")?.remove();
  const input = h("input", {
    id: ID.nickname,
    type: "text",
    maxlength: NICKNAME_MAX,
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "nickname-hint",
  });
  input.value = loadNickname(localStorageOrUndefined()) ?? generateNickname();
  const play = h("button", { id: ID.playSandbox, class: "btn", type: "submit" }, "Play sandbox");
  const error = h("div", { id: ID.joinError, class: "error", role: "alert" });
  const form = h(
    "form",
    { id: "menu-form", class: "menu-form", "aria-label": "Start a game" },
    h("label", { for: ID.nickname }, "Your nickname"),
    h("div", { class: "row" }, input, play),
    h("p", { id: "nickname-hint", class: "hint" }, `Up to ${NICKNAME_MAX} characters. Everyone in the sandbox sees it on your character.`),
    h(
      "div",
      { class: "more" },
      levelsButton(() => {
        const nick = cleanNickname(input.value);
        if (!nick) {
          error.textContent = "Pick a nickname first.";
          input.focus();
          return;
        }
        onLevels?.(nick);
      }, !onLevels),
      joinClassButton(onJoinClass),
    ),
    error,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const nick = cleanNickname(input.value);
    if (!nick) {
      error.textContent = "Pick a nickname first.";
      input.focus();
      return;
    }
    input.value = nick;
    onPlay(nick);
  });
  layer().append(form);
  input.focus();
  input.select();
  return {
    setBusy(busy) {
      play.disabled = busy;
      input.disabled = busy;
      play.textContent = busy ? "Connecting..." : "Play sandbox";
      if (busy) error.textContent = "";
      else input.focus();
    },
    showError(message, reload) {
      error.textContent = message;
      if (reload) {
        const b = h("button", { class: "btn secondary", type: "button" }, "Reload");
        b.addEventListener("click", () => location.reload());
        error.append(" ", b);
      }
    },
    destroy() {
      form.remove();
    },
  };
}

/** "Levels": the level map (client/src/scenes/LevelMap.ts). */
function levelsButton(onClick: () => void, disabled: boolean): HTMLButtonElement {
  const b = h("button", { id: ID.playLevels, class: "btn secondary", type: "button", disabled }, "Levels");
  b.addEventListener("click", onClick);
  return b;
}

/** "Join class": opens the join-by-code form (client/src/class). */
function joinClassButton(onJoinClass: (() => void) | undefined): HTMLButtonElement {
  const b = h("button", { id: ID.joinClass, class: "btn secondary", type: "button", disabled: !onJoinClass }, "Join class");
  if (onJoinClass) b.addEventListener("click", onJoinClass);
  return b;
}

export function localStorageOrUndefined(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
