// The MMU view: my address space as rows of page tiles (kernel half behind a wall on top), my
// character standing on the selected page, and the selected page's bits spelled out below.

import Phaser from "phaser";
import { REGION } from "../logic/layout.ts";
import { accessoryFor } from "../logic/identity.ts";
import { type Cursor, type Row, type Tile } from "../logic/mmu.ts";
import { COLOR, FONT, TEXT, reducedMotion } from "./theme.ts";
import { TextPool } from "./textPool.ts";

const TOP = REGION.mmu.y + 66;
const ROW_H = 25;
const VISIBLE = 10;
const LABEL_X = REGION.mmu.x + 10;
const TILE_X = REGION.mmu.x + 120;
const PITCH = 48;
const TILE_W = 44;
const TILE_H = 22;

export class MmuView {
  private readonly g: Phaser.GameObjects.Graphics;
  private readonly texts: TextPool;
  private readonly title: Phaser.GameObjects.Text;
  private readonly detail1: Phaser.GameObjects.Text;
  private readonly detail2: Phaser.GameObjects.Text;
  private readonly walker: Phaser.GameObjects.Container;
  private readonly walkerBody: Phaser.GameObjects.Image;
  private readonly walkerAcc: Phaser.GameObjects.Image;
  private scroll = 0;
  private lastRows: readonly Row[] = [];

  constructor(private readonly scene: Phaser.Scene) {
    const r = REGION.mmu;
    scene.add.rectangle(r.x, r.y, r.w, r.h, COLOR.panel, 0.96).setOrigin(0).setStrokeStyle(2, COLOR.line).setDepth(0);
    this.title = scene.add.text(r.x + 10, r.y + 6, "", { ...TEXT.zoneTitle, fontSize: "17px" }).setDepth(1);
    this.g = scene.add.graphics().setDepth(2);
    this.texts = new TextPool(scene, 4);
    this.detail1 = scene.add.text(r.x + 10, r.y + r.h - 27, "", { fontFamily: FONT.mono, fontSize: "14px", color: "#f4f4f8", fontStyle: "bold" }).setDepth(3);
    this.detail2 = scene.add.text(r.x + r.w - 10, r.y + r.h - 27, "", { fontFamily: FONT.mono, fontSize: "14px", color: "#d8d8e6" }).setOrigin(1, 0).setDepth(3);
    this.walkerBody = scene.add.image(0, 0, "char-waiting").setOrigin(0.5, 1).setScale(1.25);
    this.walkerAcc = scene.add.image(0, 0, "acc-tophat").setOrigin(0.5, 1).setScale(1.25);
    this.walker = scene.add.container(0, 0, [this.walkerBody, this.walkerAcc]).setDepth(8);
  }

  /** Draw rows and the cursor. `color` and `pid` dress the walking character as my process. */
  update(rows: readonly Row[], cur: Cursor, pid: number, color: number, alive: boolean): void {
    this.lastRows = rows;
    this.title.setText(pid ? `MMU VIEW  address space of pid ${pid}` : "MMU VIEW  (no process)");
    if (cur.row < this.scroll) this.scroll = cur.row;
    if (cur.row >= this.scroll + VISIBLE) this.scroll = cur.row - VISIBLE + 1;
    this.scroll = Math.max(0, Math.min(this.scroll, Math.max(0, rows.length - VISIBLE)));
    const g = this.g.clear();
    this.texts.begin();
    const shown = rows.slice(this.scroll, this.scroll + VISIBLE);
    let wallDrawn = false;
    shown.forEach((row, i) => {
      const y = TOP + i * ROW_H;
      const ri = this.scroll + i;
      // The wall between the kernel half and everything below it.
      if (!wallDrawn && row.kind !== "kernel" && ri > 0 && rows[ri - 1].kind === "kernel") {
        g.fillStyle(0x8d3b2c).fillRect(REGION.mmu.x + 6, y - 5, REGION.mmu.w - 12, 4);
        wallDrawn = true;
      }
      const name = row.region.replace(/^typed: /, "\u2192 ");
      this.text(`label${i}`, LABEL_X, y + 4, name.length > 15 ? name.slice(0, 14) + "\u2026" : name, {
        ...TEXT.label,
        fontSize: "14px",
        fontStyle: "bold",
        color: row.kind === "kernel" ? "#ffcf70" : row.kind === "user" ? "#9fd6f5" : "#b9b9cc",
      });
      row.tiles.forEach((t, c) => this.drawTile(`t${i}.${c}`, t, TILE_X + c * PITCH, y, ri === cur.row && c === cur.col));
      if (row.more > 0) this.text(`more${i}`, TILE_X + row.tiles.length * PITCH, y + 4, `+${row.more}`, TEXT.small);
    });
    if (this.scroll > 0) this.text("up", REGION.mmu.x + REGION.mmu.w - 20, TOP - 14, "\u25B2", TEXT.small);
    if (this.scroll + VISIBLE < rows.length) this.text("down", REGION.mmu.x + REGION.mmu.w - 20, TOP + VISIBLE * ROW_H - 10, "\u25BC", TEXT.small);
    this.texts.end();

    const tile = rows[cur.row]?.tiles[cur.col];
    if (tile) {
      const vi = cur.row - this.scroll;
      // My character stands inside the selected tile, on its left; the permissions move right.
      const x = TILE_X + cur.col * PITCH + 9;
      const y = TOP + vi * ROW_H + TILE_H + 1;
      this.walkerBody.setTexture(alive ? "char-waiting" : "char-killed").setTint(color);
      this.walkerAcc.setTexture(accessoryFor(pid || 1));
      if (reducedMotion() || !this.walker.visible) this.walker.setPosition(x, y);
      else this.scene.tweens.add({ targets: this.walker, x, y, duration: 110 });
      this.walker.setVisible(true);
      this.detail1.setText(tile.hex);
      this.detail2.setText(bitsLine(tile));
    } else {
      this.walker.setVisible(false);
      this.detail1.setText("");
      this.detail2.setText("");
    }
  }

  /**
   * Light a page up: demand paging gave it a frame (first touch), or copy-on-write split it.
   * Returns false when the page is not on screen.
   */
  flash(addr: number, color: number, text: string): boolean {
    const r = this.lastRows.findIndex((row) => row.tiles.some((t) => t.addr === addr));
    if (r < 0 || r < this.scroll || r >= this.scroll + VISIBLE) return false;
    const c = this.lastRows[r].tiles.findIndex((t) => t.addr === addr);
    const x = TILE_X + c * PITCH;
    const y = TOP + (r - this.scroll) * ROW_H;
    const glow = this.scene.add.rectangle(x - 3, y - 3, TILE_W + 6, TILE_H + 6, color, 0.9).setOrigin(0).setDepth(7);
    const label = this.scene.add
      .text(x + TILE_W + 6, y + TILE_H / 2, text, { ...TEXT.nick, fontSize: "13px" })
      .setOrigin(0, 0.5)
      .setDepth(9);
    this.scene.tweens.add({
      targets: [glow, label],
      alpha: { from: 1, to: 0 },
      duration: reducedMotion() ? 1800 : 1400,
      delay: 300,
      onComplete: () => {
        glow.destroy();
        label.destroy();
      },
    });
    return true;
  }

  private drawTile(key: string, t: Tile, x: number, y: number, selected: boolean): void {
    const g = this.g;
    let label: string;
    let textColor = "#ffffff";
    if (t.kind === "hole") {
      g.fillStyle(0x0a0a10).fillRect(x, y, TILE_W, TILE_H);
      g.lineStyle(1, 0x5a5a70).lineBetween(x, y, x + TILE_W, y + TILE_H).lineBetween(x + TILE_W, y, x, y + TILE_H);
      label = "??";
    } else if (!t.mapped) {
      g.fillStyle(0x101018).fillRect(x, y, TILE_W, TILE_H);
      for (let d = 0; d < TILE_W; d += 4) g.fillStyle(0x5a5a70).fillRect(x + d, y, 2, 1).fillRect(x + d, y + TILE_H - 1, 2, 1);
      label = "---";
      textColor = "#8a8aa0";
    } else if (!t.user) {
      g.fillStyle(0x5e2620).fillRect(x, y, TILE_W, TILE_H);
      g.lineStyle(1, 0x8a4030);
      for (let d = 4; d < TILE_H; d += 6) g.lineBetween(x, y + d, x + TILE_W, y + d);
      label = perms(t);
      textColor = "#ffd9a0";
    } else if (t.present) {
      g.fillStyle(0x2b6d9c).fillRect(x, y, TILE_W, TILE_H);
      label = perms(t);
    } else {
      g.fillStyle(0x132238).fillRect(x, y, TILE_W, TILE_H);
      g.lineStyle(1, 0x56b4e9);
      for (let d = 0; d < TILE_W; d += 6) g.lineBetween(x + d, y, x + Math.min(TILE_W, d + 3), y).lineBetween(x + d, y + TILE_H, x + Math.min(TILE_W, d + 3), y + TILE_H);
      label = perms(t);
      textColor = "#9fd6f5";
    }
    if (t.cow) g.fillStyle(0xffffff).fillTriangle(x + TILE_W - 8, y, x + TILE_W, y, x + TILE_W, y + 8);
    if (selected) {
      g.lineStyle(3, COLOR.focus).strokeRect(x - 2, y - 2, TILE_W + 4, TILE_H + 4);
    }
    this.text(key, selected ? x + TILE_W - 2 : x + TILE_W / 2, y + TILE_H / 2, label, { fontFamily: FONT.mono, fontSize: "13px", color: textColor, fontStyle: "bold" }, [selected ? 1 : 0.5, 0.5]);
  }

  private text(key: string, x: number, y: number, s: string, style: Phaser.Types.GameObjects.Text.TextStyle, origin: [number, number] = [0, 0]): Phaser.GameObjects.Text {
    return this.texts.text(key, x, y, s, style, origin);
  }
}

/** /proc/self/maps style permissions: r w x, "-" where not allowed. */
function perms(t: Tile): string {
  return `r${t.writable ? "w" : "-"}${t.nx ? "-" : "x"}`;
}

function bitsLine(t: Tile): string {
  if (t.kind === "hole") return "no PTE can map it";
  if (!t.mapped) return "not mapped (no PTE)";
  const b = (v: boolean) => (v ? "1" : "0");
  return `P=${b(t.present)} R/W=${b(t.writable)} U/S=${t.user ? "U" : "S"} NX=${b(t.nx)}${t.cow ? " COW" : ""}`;
}
