// One process drawn as a character: a body in the owner's colour (tinted white pixel art), a
// per-pid accessory, a pose for its state, an overlay (asleep, stopped), its pid and nick, and a
// marker when it is mine.

import Phaser from "phaser";
import { accessoryFor } from "../logic/identity.ts";
import { poseFor, type Pose } from "../logic/format.ts";
import type { ProcSnap } from "../logic/snapshot.ts";
import { FONT } from "./theme.ts";

const POSE_KEY: Record<Pose, string> = {
  running: "char-running",
  waiting: "char-waiting",
  blocked: "char-blocked",
  stopped: "char-stopped",
  zombie: "char-zombie",
  killed: "char-killed",
};

export class CharacterSprite {
  readonly container: Phaser.GameObjects.Container;
  private readonly shadow: Phaser.GameObjects.Ellipse;
  private readonly body: Phaser.GameObjects.Image;
  private readonly acc: Phaser.GameObjects.Image;
  private readonly overlay: Phaser.GameObjects.Image;
  private readonly label: Phaser.GameObjects.Text;
  private readonly you: Phaser.GameObjects.Image;
  private readonly ring: Phaser.GameObjects.Graphics;
  private scale = 2;
  private labelAbove = false;
  pose: Pose = "waiting";

  constructor(
    private readonly scene: Phaser.Scene,
    readonly pid: number,
  ) {
    this.shadow = scene.add.ellipse(0, 0, 28, 8, 0x000000, 0.35);
    this.ring = scene.add.graphics();
    this.body = scene.add.image(0, 0, "char-waiting").setOrigin(0.5, 1);
    this.acc = scene.add.image(0, 0, accessoryFor(pid)).setOrigin(0.5, 1);
    this.overlay = scene.add.image(0, 0, "ovl-zzz").setOrigin(0, 1).setVisible(false);
    this.label = scene.add
      .text(0, 0, "", { fontFamily: FONT.ui, fontSize: "13px", color: "#ffffff", fontStyle: "bold", stroke: "#0d0c16", strokeThickness: 4, align: "center" })
      .setOrigin(0.5, 0);
    this.you = scene.add.image(0, 0, "ovl-you").setOrigin(0.5, 1).setVisible(false);
    this.container = scene.add.container(0, 0, [this.shadow, this.ring, this.body, this.acc, this.overlay, this.label, this.you]);
    this.container.setDepth(10);
  }

  /** Redraw for the process's current state. */
  update(p: ProcSnap, color: number, mine: boolean, scale: number, labelAbove: boolean, fullLabel: boolean, hideLabel = false): void {
    this.scale = scale;
    this.labelAbove = labelAbove;
    this.pose = poseFor(p);
    this.body.setTexture(POSE_KEY[this.pose]).setScale(scale).setTint(color);
    this.acc.setScale(scale);
    const ghost = this.pose === "zombie" || this.pose === "killed";
    this.body.setAlpha(ghost ? 0.72 : 1);
    this.acc.setAlpha(ghost ? 0.72 : 1);
    this.shadow.setSize(14 * scale, 4 * scale).setVisible(!ghost);
    this.body.y = ghost ? -2 * scale : 0;
    this.acc.y = this.body.y;
    const over = this.pose === "blocked" ? "ovl-zzz" : this.pose === "stopped" ? "ovl-pause" : undefined;
    this.overlay.setVisible(!!over);
    if (over) this.overlay.setTexture(over).setScale(scale).setPosition(6 * scale, -8 * scale);
    const nick = p.nick || p.name || "";
    // In a crowd a label must fit between neighbours: at most 9 characters with the pid.
    const budget = Math.max(3, 9 - String(p.pid).length - 1);
    const shortNick = fullLabel || nick.length <= budget ? nick : nick.slice(0, budget - 1) + "\u2026";
    this.label.setText(mine && fullLabel ? `${p.pid} ${shortNick} (you)` : `${p.pid} ${shortNick}`);
    // Mine: dark text on a yellow tag (a shape, not just a colour), everyone else: white on the map.
    this.label.setColor(mine ? "#14131f" : "#ffffff");
    this.label.setBackgroundColor(mine ? "#f0e442" : "");
    this.label.setPadding(mine ? 3 : 0, mine ? 1 : 0);
    this.label.setStroke("#0d0c16", mine ? 0 : 4);
    this.label.setPosition(0, labelAbove ? -CHAR_H * scale - 17 : 1);
    this.label.setVisible(!hideLabel);
    // The arrow only where there is room above the head (on a core, in the kernel); crowds get the ring.
    this.you.setVisible(mine && fullLabel && !labelAbove).setScale(2).setPosition(0, -CHAR_H * scale - 2);
    this.ring.clear();
    if (mine) {
      // A bright double outline under my character: visible without relying on colour.
      this.ring.lineStyle(3, 0xf0e442, 1).strokeEllipse(0, 0, 18 * scale, 6 * scale);
      this.ring.lineStyle(1, 0x0d0c16, 1).strokeEllipse(0, 0, 18 * scale + 6, 6 * scale + 4);
    }
  }

  /** Height of the character's head above its feet, in screen pixels. */
  headY(): number {
    return this.container.y - CHAR_H * this.scale - (this.labelAbove ? 22 : 4);
  }

  destroy(): void {
    this.container.destroy();
  }

  get x(): number {
    return this.container.x;
  }
  get y(): number {
    return this.container.y;
  }
  get sceneRef(): Phaser.Scene {
    return this.scene;
  }
}

export const CHAR_H = 16;
