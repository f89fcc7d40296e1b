// Reuse Text objects between redraws (a Phaser Text is a canvas and a texture: creating a few dozen
// on every state patch costs frames on a Chromebook). Call begin(), text(key, ...) for each label,
// then end() hides the labels not used this time.

import Phaser from "phaser";

export class TextPool {
  private readonly texts = new Map<string, Phaser.GameObjects.Text>();
  private readonly styles = new Map<string, string>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly depth: number,
  ) {}

  begin(): void {
    this.seen.clear();
  }

  text(key: string, x: number, y: number, s: string, style: Phaser.Types.GameObjects.Text.TextStyle, origin: [number, number] = [0, 0]): Phaser.GameObjects.Text {
    let t = this.texts.get(key);
    const styleKey = JSON.stringify(style);
    if (!t) {
      t = this.scene.add.text(x, y, s, style).setDepth(this.depth);
      this.texts.set(key, t);
      this.styles.set(key, styleKey);
    } else {
      if (this.styles.get(key) !== styleKey) {
        t.setStyle(style);
        this.styles.set(key, styleKey);
      }
      if (t.text !== s) t.setText(s);
      t.setPosition(x, y);
    }
    t.setOrigin(origin[0], origin[1]).setVisible(true);
    this.seen.add(key);
    return t;
  }

  end(): void {
    for (const [k, t] of this.texts) if (!this.seen.has(k)) t.setVisible(false);
  }
}
