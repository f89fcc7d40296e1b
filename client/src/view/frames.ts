// Physical memory: the frame grid. Each frame shows its owner by colour AND pattern AND the owning
// pid written in it ("K" for the kernel), so it never depends on colour alone; frames mapped by two
// or more page tables (copy-on-write sharing) get a white corner; mine get a bright border.

import Phaser from "phaser";
import { frameCell, REGION } from "../logic/layout.ts";
import { OKABE_ITO, colorFor } from "../logic/identity.ts";
import { procByPid, type MachineSnap } from "../logic/snapshot.ts";
import { COLOR, FONT, TEXT } from "./theme.ts";

/** Pattern per owner colour index, so two owners differ by texture as well as colour. */
type Pattern = "solid" | "slash" | "backslash" | "hlines" | "vlines" | "dots" | "checker";
const PATTERNS: readonly Pattern[] = ["solid", "slash", "backslash", "hlines", "vlines", "dots", "checker"];

export class FrameGrid {
  private readonly g: Phaser.GameObjects.Graphics;
  private readonly labels: Phaser.GameObjects.Text[] = [];
  private readonly title: Phaser.GameObjects.Text;
  private readonly legend: Phaser.GameObjects.Container;
  private last = "";

  constructor(private readonly scene: Phaser.Scene) {
    this.g = scene.add.graphics().setDepth(6);
    this.title = scene.add.text(REGION.memory.x + 12, REGION.memory.y + 6, "", { ...TEXT.zoneTitle, fontSize: "17px" }).setDepth(6);
    this.legend = scene.add.container(0, 0).setDepth(6);
  }

  update(m: MachineSnap, colors: ReadonlyMap<string, number>, mine: ReadonlySet<number>): void {
    const key = JSON.stringify([m.frames, m.frameRefs, [...colors], [...mine]]);
    if (key === this.last) return;
    this.last = key;
    const n = m.frames.length;
    const used = m.frames.filter((f) => f !== -1).length;
    this.title.setText(`PHYSICAL MEMORY  ${n} frames: ${used} used, ${n - used} free`);
    const g = this.g.clear();
    const ownerOf = (pid: number) => procByPid(m, pid)?.owner ?? "";
    for (let i = 0; i < n; i++) {
      const { x, y, size } = frameCell(i, n);
      const owner = m.frames[i];
      let label = "";
      if (owner === -1) {
        g.lineStyle(1, 0x3a3955).strokeRect(x + 0.5, y + 0.5, size - 1, size - 1);
      } else if (owner === 0) {
        g.fillStyle(COLOR.kernelFrame).fillRect(x, y, size, size);
        g.lineStyle(1, 0x8a4a4a);
        for (let d = -size; d < size; d += 5) g.lineBetween(x + Math.max(0, d), y + Math.max(0, -d), x + Math.min(size, size + d), y + Math.min(size, size - d));
        label = "K";
      } else {
        const o = ownerOf(owner);
        const idx = colors.get(o);
        const color = colorFor(o, colors);
        this.drawPattern(x, y, size, color, idx === undefined ? "solid" : PATTERNS[idx % PATTERNS.length]);
        label = String(owner);
        if (mine.has(owner)) g.lineStyle(2, 0xffffff).strokeRect(x + 1, y + 1, size - 2, size - 2);
      }
      if ((m.frameRefs[i] ?? 0) >= 2) {
        g.fillStyle(0xffffff).fillTriangle(x + size - 9, y, x + size, y, x + size, y + 9);
        g.fillStyle(0x0d0c16).fillTriangle(x + size - 4, y + 1, x + size - 1, y + 1, x + size - 1, y + 4);
      }
      this.setLabel(i, x + size / 2, y + size / 2, label, size);
    }
    for (let i = n; i < this.labels.length; i++) this.labels[i].setVisible(false);
    this.drawLegend(m, colors);
  }

  private drawPattern(x: number, y: number, s: number, color: number, p: Pattern): void {
    const g = this.g;
    const dark = Phaser.Display.Color.IntegerToColor(color).darken(35).color;
    g.fillStyle(color).fillRect(x, y, s, s);
    g.lineStyle(2, dark);
    switch (p) {
      case "solid":
        break;
      case "slash":
        for (let d = 0; d < 2 * s; d += 7) g.lineBetween(x + Math.max(0, d - s), y + Math.min(s, d), x + Math.min(s, d), y + Math.max(0, d - s));
        break;
      case "backslash":
        for (let d = 0; d < 2 * s; d += 7) g.lineBetween(x + Math.max(0, s - d), y + Math.max(0, d - s), x + Math.min(s, 2 * s - d), y + Math.min(s, d));
        break;
      case "hlines":
        for (let d = 3; d < s; d += 6) g.lineBetween(x, y + d, x + s, y + d);
        break;
      case "vlines":
        for (let d = 3; d < s; d += 6) g.lineBetween(x + d, y, x + d, y + s);
        break;
      case "dots":
        g.fillStyle(dark);
        for (let a = 3; a < s - 1; a += 6) for (let b = 3; b < s - 1; b += 6) g.fillRect(x + a, y + b, 2, 2);
        break;
      case "checker":
        g.fillStyle(dark);
        for (let a = 0; a < s; a += 6) for (let b = 0; b < s; b += 6) if ((a + b) % 12 === 0) g.fillRect(x + a, y + b, 6, 6);
        break;
    }
  }

  private setLabel(i: number, cx: number, cy: number, text: string, size: number): void {
    let t = this.labels[i];
    if (!t) {
      t = this.scene.add.text(0, 0, "", { fontFamily: FONT.mono, fontSize: "11px", color: "#ffffff", fontStyle: "bold", stroke: "#0d0c16", strokeThickness: 3 }).setOrigin(0.5).setDepth(7);
      this.labels[i] = t;
    }
    t.setVisible(text !== "" && size >= 14).setText(text).setPosition(cx, cy);
  }

  private drawLegend(m: MachineSnap, colors: ReadonlyMap<string, number>): void {
    this.legend.removeAll(true);
    const y = REGION.memory.y + REGION.memory.h - 20;
    let x = REGION.memory.x + 12;
    const add = (swatch: (g: Phaser.GameObjects.Graphics) => void, text: string) => {
      const g = this.scene.add.graphics();
      swatch(g);
      g.setPosition(x, y);
      const t = this.scene.add.text(x + 18, y - 1, text, TEXT.small);
      this.legend.add([g, t]);
      x += 18 + t.width + 14;
    };
    add((g) => g.lineStyle(1, 0x6a6985).strokeRect(0.5, 0.5, 13, 13), "free");
    add((g) => g.fillStyle(COLOR.kernelFrame).fillRect(0, 0, 14, 14), "K kernel");
    add((g) => g.fillStyle(0x6a6985).fillRect(0, 0, 14, 14).fillStyle(0xffffff).fillTriangle(6, 0, 14, 0, 14, 8), "shared (copy-on-write)");
    add((g) => g.lineStyle(2, 0xffffff).strokeRect(1, 1, 12, 12), "mine");
    const owners = new Map<string, string>();
    for (const p of Object.values(m.procs)) if (p.owner && !owners.has(p.owner)) owners.set(p.owner, p.nick || p.owner.slice(0, 6));
    for (const [owner, nick] of owners) {
      if (x > REGION.memory.x + REGION.memory.w - 90) break;
      const idx = colors.get(owner) ?? 0;
      add((g) => g.fillStyle(OKABE_ITO[idx]).fillRect(0, 0, 14, 14), nick.slice(0, 10));
    }
  }
}
