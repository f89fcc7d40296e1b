import Phaser from "phaser";
import { SCENE } from "./keys.ts";
import { setScene } from "../hooks.ts";

/** First scene: nothing to load yet; hands over to Preloader, which draws the progress bar. */
export class Boot extends Phaser.Scene {
  constructor() {
    super(SCENE.Boot);
  }

  create(): void {
    setScene(SCENE.Boot);
    this.scene.start(SCENE.Preloader);
  }
}
