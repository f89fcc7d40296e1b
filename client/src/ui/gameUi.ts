// All DOM parts of the game screen together, and the game keys: what a key does when no text
// field has focus. Sends only through actions.ts.

import * as actions from "../actions.ts";
import { commandForKey, type Command } from "../logic/keymap.ts";
import type { PaletteContext } from "../logic/palette.ts";
import { session } from "../session.ts";
import { clearLayer, inTextField } from "./dom.ts";
import { Help } from "./help.ts";
import { Hud } from "./hud.ts";
import { LogPanel } from "./log.ts";
import { DeathBanner, helpButton, MmuControls, StatusOverlay, Ticker, type MmuControlHandlers } from "./overlays.ts";
import { Palette } from "./palette.ts";

export interface GameUiHandlers extends MmuControlHandlers {
  move(dir: "up" | "down" | "left" | "right"): void;
  paletteContext(): PaletteContext;
  backToMenu(): void;
}

export class GameUi {
  readonly hud: Hud;
  readonly log: LogPanel;
  readonly palette: Palette;
  readonly help = new Help();
  readonly ticker: Ticker;
  readonly death: DeathBanner;
  readonly status: StatusOverlay;
  readonly mmu: MmuControls;
  private readonly onKeyDown = (e: KeyboardEvent) => this.key(e);

  constructor(private readonly handlers: GameUiHandlers) {
    clearLayer();
    this.ticker = new Ticker();
    helpButton(() => this.help.toggle());
    this.hud = new Hud((pid) => actions.select(pid));
    this.mmu = new MmuControls(handlers);
    this.log = new LogPanel((text) => actions.input(text));
    this.palette = new Palette({
      issue: (call, args) => actions.syscall(call, args),
      closed: () => (document.activeElement as HTMLElement | null)?.blur?.(),
    });
    this.death = new DeathBanner(() => this.run({ type: "respawn" }));
    this.status = new StatusOverlay(() => handlers.backToMenu());
    window.addEventListener("keydown", this.onKeyDown);
  }

  destroy(): void {
    window.removeEventListener("keydown", this.onKeyDown);
    if (this.palette.isOpen) this.palette.close();
    this.help.close();
    clearLayer();
  }

  private key(e: KeyboardEvent): void {
    if (e.defaultPrevented) return;
    if (this.palette.isOpen || this.help.isOpen) return;
    if (inTextField(e.target)) {
      if (e.key === "Escape") (e.target as HTMLElement).blur();
      return;
    }
    if (e.target instanceof HTMLButtonElement && (e.key === " " || e.key === "Enter")) return;
    const cmd = commandForKey(e);
    if (!cmd) return;
    e.preventDefault();
    this.run(cmd);
  }

  run(cmd: Command): void {
    switch (cmd.type) {
      case "move":
        return this.handlers.move(cmd.dir);
      case "access":
        return this.handlers.act(cmd.op);
      case "palette":
        return this.palette.open(this.handlers.paletteContext());
      case "goto":
        this.mmu.input.focus();
        this.mmu.input.select();
        return;
      case "help":
        return this.help.toggle();
      case "respawn":
        actions.respawn();
        this.death.hide();
        return;
      case "next-process": {
        const mine = session.myPids();
        if (mine.length < 2) return session.say("You have one process. fork() to get another.");
        const next = mine[(mine.indexOf(session.myPid()) + 1) % mine.length];
        actions.select(next);
        session.say(`Now acting as process ${next}`);
        return;
      }
      case "compute":
        actions.compute(3);
        return;
      case "cancel":
        actions.cancel();
        session.say("Dropped my queued actions");
        return;
      case "tty":
        this.log.ttyInput.focus();
        return;
      case "log":
        this.log.focusLog();
        return;
      case "close":
        this.death.hide();
        return;
    }
  }
}

