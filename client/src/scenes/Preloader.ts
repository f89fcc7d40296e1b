import Phaser from "phaser";
import { SCENE } from "./keys.ts";
import { setScene } from "../hooks.ts";
import { FONT_FACES, SPRITES } from "../assets.ts";
import { SCREEN } from "../logic/layout.ts";
import { COLOR, FONT } from "../view/theme.ts";

/** Loads every sprite and the fonts, with a progress bar, then shows the menu. */
export class Preloader extends Phaser.Scene {
  constructor() {
    super(SCENE.Preloader);
  }

  init(): void {
    setScene(SCENE.Preloader);
    const cx = SCREEN.w / 2;
    const cy = SCREEN.h / 2;
    this.add.text(cx, cy - 60, "RING ZERO", { fontFamily: FONT.ui, fontSize: "40px", color: "#f4f4f8", fontStyle: "bold" }).setOrigin(0.5);
    this.add.text(cx, cy + 44, "Booting the kernel...", { fontFamily: FONT.ui, fontSize: "20px", color: "#b9b9cc" }).setOrigin(0.5);
    this.add.rectangle(cx, cy, 468, 32).setStrokeStyle(3, COLOR.line);
    const bar = this.add.rectangle(cx - 230, cy, 4, 24, COLOR.ring3).setOrigin(0, 0.5);
    this.load.on(Phaser.Loader.Events.PROGRESS, (p: number) => {
      bar.width = 4 + 456 * p;
    });
  }

  preload(): void {
    for (const s of SPRITES) this.load.svg(s.key, s.url);
  }

  create(): void {
    // Fonts: the canvas measures text with whatever font is loaded, so wait for ours (briefly).
    const fonts = Promise.all(FONT_FACES.map((f) => document.fonts.load(f).catch(() => [])));
    const timeout = new Promise((res) => setTimeout(res, 4000));
    Promise.race([fonts, timeout]).then(() => this.scene.start(SCENE.Menu));
  }
}
