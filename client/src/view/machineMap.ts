// The machine map's scenery: the kernel zone (ring 0, hatched) with its devices, the wall and the
// syscall gate, user space (ring 3, dotted) with the CPU cores, the ready queue and the off-CPU
// area; plus the labels that change with the state (core occupants, queue, sleeper groups).

import Phaser from "phaser";
import { REGION, type MapLayout } from "../logic/layout.ts";
import type { MachineSnap } from "../logic/snapshot.ts";
import { COLOR, FONT, TEXT } from "./theme.ts";
import { TextPool } from "./textPool.ts";
import { SYSCALLS } from "../../../shared/abi/syscalls.ts";

const SYSCALL_COUNT = SYSCALLS.length;

export class MachineMap {
  private readonly labels: TextPool;
  private readonly queueLine: Phaser.GameObjects.Graphics;
  private readonly coreImages: Phaser.GameObjects.Image[] = [];
  private readonly header: Phaser.GameObjects.Text;
  private readonly gateGlow: Phaser.GameObjects.Rectangle;
  private readonly plates: Phaser.GameObjects.Text[] = [];
  readonly gate: Phaser.GameObjects.Image;

  constructor(private readonly scene: Phaser.Scene) {
    const g = scene.add.graphics().setDepth(0);
    const k = REGION.kernel;
    const u = REGION.user;
    // Ring 0: warm, diagonal hatching. Ring 3: cool, dotted. Different by pattern, not just colour.
    g.fillStyle(COLOR.kernelBg).fillRect(k.x, k.y, k.w, k.h + 10);
    g.lineStyle(2, COLOR.kernelHatch);
    for (let x = k.x - k.h; x < k.x + k.w; x += 16) {
      const x0 = Math.max(k.x, x);
      const y0 = k.y + k.h - (x0 - x);
      const x1 = Math.min(k.x + k.w, x + k.h);
      const y1 = k.y + k.h - (x1 - x);
      g.lineBetween(x0, y0, x1, y1);
    }
    g.fillStyle(COLOR.userBg).fillRect(u.x, u.y, u.w, u.h);
    g.fillStyle(COLOR.userDot);
    for (let y = u.y + 8; y < u.y + u.h; y += 14) for (let x = u.x + 6; x < u.x + u.w; x += 14) g.fillRect(x, y, 2, 2);
    g.lineStyle(2, COLOR.line).strokeRect(k.x, k.y, k.w, u.y + u.h - k.y);

    scene.add.text(k.x + 12, k.y + 8, "KERNEL SPACE  ring 0", { ...TEXT.zoneTitle, color: "#ffcf70" }).setDepth(1);
    scene.add.text(k.x + 12, k.y + 32, "only the kernel runs here; devices are reached through it", TEXT.small).setDepth(1);
    scene.add.text(u.x + u.w - 12, u.y + 8, "USER SPACE  ring 3", { ...TEXT.zoneTitle, color: "#9fd6f5" }).setOrigin(1, 0).setDepth(1);
    scene.add
      .text(k.x + k.w - 12, k.y + 10, "inside a system call, a process\nstands in ring 0, right of the gate", { ...TEXT.small, align: "right", color: "#e8c9a0" })
      .setOrigin(1, 0)
      .setDepth(1);

    // Devices inside the kernel zone.
    const devs: [string, string][] = [
      ["dev-disk", "disk"],
      ["dev-terminal", "terminal"],
      ["dev-network", "network"],
    ];
    devs.forEach(([key, label], i) => {
      const x = k.x + 54 + i * 96;
      scene.add.image(x, k.y + 96, key).setScale(2).setDepth(1);
      scene.add.text(x, k.y + 120, label, TEXT.label).setOrigin(0.5, 0).setDepth(1);
    });

    // The kernel's own machinery, so "the kernel" is more than a colour: what it keeps and decides.
    const plateNames = ["syscall table", "scheduler", "frame allocator"];
    plateNames.forEach((name, i) => {
      const x = k.x + 318 + i * 150;
      const y = k.y + 66;
      g.fillStyle(0x1a0b0d, 0.9).fillRect(x, y, 138, 50);
      g.lineStyle(2, 0x7a3b2e).strokeRect(x, y, 138, 50);
      scene.add.text(x + 8, y + 5, name, { ...TEXT.labelBold, fontSize: "14px", color: "#ffcf70" }).setDepth(1);
      this.plates.push(scene.add.text(x + 8, y + 26, "", { ...TEXT.small, color: "#f4dccb" }).setDepth(1));
    });

    // The wall, and the gate: the only way through.
    const w = REGION.wall;
    scene.add.tileSprite(w.x, w.y, w.w, w.h, "tile-brick").setOrigin(0).setTileScale(2, 3).setDepth(2);
    const gr = REGION.gate;
    this.gateGlow = scene.add.rectangle(gr.x + gr.w / 2, gr.y + gr.h / 2 - 6, gr.w + 16, gr.h + 6, COLOR.focus, 0).setDepth(2);
    this.gate = scene.add.image(gr.x + gr.w / 2, gr.y + gr.h / 2 - 6, "tile-gate").setScale(3).setDepth(3);
    scene.add
      .text(gr.x + gr.w + 14, w.y + 4, "SYSCALL GATE", { fontFamily: FONT.pixel, fontSize: "18px", color: "#f0e442", fontStyle: "bold", stroke: "#0d0c16", strokeThickness: 5 })
      .setDepth(3);
    scene.add
      .text(gr.x - 14, w.y + 5, "the wall: crossing anywhere else faults", { ...TEXT.small, color: "#ffd9c9", stroke: "#0d0c16", strokeThickness: 4 })
      .setOrigin(1, 0)
      .setDepth(3);

    // Memory panel frame.
    const m = REGION.memory;
    g.fillStyle(COLOR.panel).fillRect(m.x, m.y, m.w, m.h);
    g.lineStyle(2, COLOR.line).strokeRect(m.x, m.y, m.w, m.h);

    // Header.
    scene.add.text(14, 8, "RING ZERO", { fontFamily: FONT.pixel, fontSize: "24px", color: "#f0e442", fontStyle: "bold" });
    this.header = scene.add.text(1146, 14, "", { ...TEXT.label, align: "right" }).setOrigin(1, 0);
    this.labels = new TextPool(scene, 5);
    this.queueLine = scene.add.graphics().setDepth(4);
  }

  /** Redraw what depends on the state: core chips and their labels, queue, sleeper groups. */
  update(m: MachineSnap, layout: MapLayout, nickOf: (pid: number) => string): void {
    this.labels.begin();
    while (this.coreImages.length > layout.cores.length) this.coreImages.pop()!.destroy();
    layout.cores.forEach((c, i) => {
      if (!this.coreImages[i]) this.coreImages[i] = this.scene.add.image(0, 0, "tile-core").setOrigin(0).setDepth(4);
      const img = this.coreImages[i].setPosition(c.x, c.y).setScale(c.w / 32);
      img.setTint(c.pid ? 0xffffff : 0x8888a0);
      this.labels.text(`core${i}`, c.x + c.w / 2, c.y + c.h / 2 - 9, `CPU ${i}`, { ...TEXT.labelBold, fontSize: "15px" }, [0.5, 0.5]);
      // A cut name must look cut ("updatedb" must not read as "updated").
      const nick = nickOf(c.pid);
      const who = c.pid ? `${c.pid} ${nick.length > 8 ? nick.slice(0, 7) + "\u2026" : nick}` : "idle";
      this.labels.text(`core${i}who`, c.x + c.w / 2, c.y + c.h / 2 + 9, who, { ...TEXT.small, color: c.pid ? "#f0e442" : "#b9b9cc", fontStyle: "bold" }, [0.5, 0.5]);
    });
    const q = layout.queue;
    this.labels.text("queue", q.x, q.y + 6, "READY QUEUE  \u2190 next on a CPU", { ...TEXT.labelBold, color: "#9fd6f5" });
    const qg = this.queueLine.clear();
    qg.lineStyle(2, 0x3b5a80).lineBetween(q.x, q.y + 1, q.x + q.w, q.y + 1);
    qg.fillStyle(0x3b5a80).fillTriangle(q.x - 10, q.y + 1, q.x, q.y - 5, q.x, q.y + 7);
    if (m.runQueue.length === 0) this.labels.text("queueEmpty", q.x + 12, q.y - 22, "(empty: nobody is waiting for a CPU)", TEXT.small);
    if (q.hidden > 0) this.labels.text("queueMore", q.x + q.w - 4, q.y + 6, `+${q.hidden} more`, TEXT.labelBold, [1, 0]);
    layout.groups.forEach((gl, i) => {
      const color = gl.kind === "zombie" ? "#d9c9ff" : gl.kind === "stopped" ? "#9ad8ff" : "#c9d6e6";
      const prefix = gl.kind === "zombie" ? "\u2020 " : gl.kind === "stopped" ? "|| " : "z ";
      this.labels.text(`group${i}`, gl.x, gl.y, prefix + gl.text, { ...TEXT.label, color, fontSize: "14px" });
    });
    this.labels.end();
    const policy = m.policy === "mlfq" ? "MLFQ" : m.policy === "fair" ? "fair share" : "round-robin";
    const free = m.frames.filter((f) => f === -1).length;
    this.plates[0].setText(`${SYSCALL_COUNT} calls, by number`);
    this.plates[1].setText(`${policy}, ${m.runQueue.length} waiting`);
    this.plates[2].setText(`${free} of ${m.frames.length} frames free`);
    this.header.setText(`tick ${m.tick}   scheduler: ${policy}${m.quantum ? ` (slice ${m.quantum})` : ""}   ${m.cores.length} CPUs${m.paused ? "   PAUSED" : ""}`);
  }

  /** Light the gate up for a crossing. */
  flashGate(bad: boolean, still: boolean): void {
    this.gateGlow.setFillStyle(bad ? COLOR.bad : COLOR.focus, 0.85);
    this.scene.tweens.add({ targets: this.gateGlow, alpha: { from: 0.9, to: 0 }, duration: still ? 600 : 500, ease: "Quad.out" });
  }

  gatePoint(): { x: number; y: number } {
    return { x: REGION.gate.x + REGION.gate.w / 2, y: REGION.wall.y + REGION.wall.h };
  }

}
