// Stable DOM ids for the student page: the single source of them. Browser tests drive the game
// through these like a user with a keyboard, and wait on window.__ringzero (client/src/hooks.ts):
//   { ready, scene, sessionId, roomId, myPid(), state(), results, notices, fps() }
//
// Menu:     #nickname (text input), #play-sandbox (button), #join-error (role=alert)
// Class:    /join/CODE or "Join class": #class-code, #class-next, #class-name (the session's name),
//           #class-nickname, #class-suggestions (buttons), #class-join, #class-error (role=alert);
//           in game #class-lobby, #class-paused, #class-ended (overlays), #class-rejoin
// Game:     #hud (my process), #process-select (which of my processes acts)
//           #palette (dialog), #palette-syscall (select; value = syscall name or "(raw number)"),
//           #arg-<name> per argument (e.g. #arg-pathname, #arg-flags, #arg-fd, #arg-buf, #arg-count;
//           flags pickers are a group of checkboxes/radios inside #arg-<name> whose current value is
//           also in the text input #arg-<name>-text), #palette-preview, #palette-error, #issue
//           #raw-nr / #raw-args (raw syscall number form)
//           #goto-address (text input: type an address, Enter selects it in the MMU view),
//           #access-load / #access-store / #access-exec (buttons acting on the selected page),
//           #selected-address (the selected page, text)
//           #log (my strace-like log, role=log), #tty (terminal output), #tty-input
//           #aria-log (role=log, aria-live=polite: what the canvas shows, in words)
//           #help (dialog), #help-button, #status (reconnecting / lost overlay), #back-to-menu,
//           #death-banner ("killed by SIGSEGV - press R to respawn"), #respawn
// Keys on the game screen (no text field focused): / or Space palette, arrows walk, L/S/X access,
// G go to address, C compute, N next process, T terminal, J log, R respawn, ? help, Esc close.

export const ID = {
  nickname: "nickname",
  playSandbox: "play-sandbox",
  playLevels: "play-levels",
  joinClass: "join-class",
  joinError: "join-error",
  hud: "hud",
  processSelect: "process-select",
  palette: "palette",
  paletteSyscall: "palette-syscall",
  palettePreview: "palette-preview",
  paletteError: "palette-error",
  paletteSummary: "palette-summary",
  issue: "issue",
  rawNr: "raw-nr",
  rawArgs: "raw-args",
  gotoAddress: "goto-address",
  accessLoad: "access-load",
  accessStore: "access-store",
  accessExec: "access-exec",
  selectedAddress: "selected-address",
  log: "log",
  tty: "tty",
  ttyInput: "tty-input",
  ariaLog: "aria-log",
  help: "help",
  helpButton: "help-button",
  status: "status",
  backToMenu: "back-to-menu",
  deathBanner: "death-banner",
  respawn: "respawn",
  ticker: "ticker",
  // Class sessions (client/src/class): the join-by-code form and the lobby / paused / ended screens.
  classForm: "class-form",
  classCode: "class-code",
  classNext: "class-next",
  className: "class-name",
  classNickname: "class-nickname",
  classSuggestions: "class-suggestions",
  classJoin: "class-join",
  classError: "class-error",
  classLobby: "class-lobby",
  classPaused: "class-paused",
  classEnded: "class-ended",
  classRejoin: "class-rejoin",
  // Solo levels (client/src/levels): the level map, a card per level (levelCardId), the in-game
  // level panel with its buttons, the briefing, and the win / failed cards.
  levelMap: "level-map",
  levelMapBack: "level-map-back",
  levelPanel: "level-panel",
  levelHint: "level-hint",
  levelFinish: "level-finish",
  levelRun: "level-run",
  levelPredict: "level-predict",
  levelBriefing: "level-briefing",
  levelStart: "level-start",
  levelDebrief: "level-debrief",
  levelFailed: "level-failed",
  levelNext: "level-next",
  levelRetry: "level-retry",
  levelToMap: "level-to-map",
  // Classroom team play (client/src/classroom): my team's HUD and the round clock, the scoreboard,
  // the end-of-round card with its buttons, and the Ring Wars policy console (K) with its inputs.
  classHud: "class-hud",
  classClock: "class-clock",
  classScoreboard: "class-scoreboard",
  classEnd: "class-end",
  classNextRound: "class-next-round",
  classReplay: "class-replay",
  classEndClose: "class-end-close",
  classPolicy: "class-policy",
  classPolicyFile: "class-policy-file",
  classPolicyMode: "class-policy-mode",
  classPolicyAllow: "class-policy-allow",
} as const;

/** Id of a level's card on the level map: #level-card-hello-kernel. */
export function levelCardId(levelId: string): string {
  return `level-card-${levelId}`;
}

/** Id of the input for one syscall argument: #arg-pathname. */
export function argId(name: string): string {
  return `arg-${name}`;
}
