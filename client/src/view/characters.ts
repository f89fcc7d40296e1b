// All characters on the machine map: created, moved and removed as processes come and go, and
// the gate-crossing animation with the result floating above the character.

import Phaser from "phaser";
import type { ActionResult } from "../../../shared/kernel.ts";
import { colorFor, ownerColorIndex } from "../logic/identity.ts";
import { floatText, isFailure } from "../logic/format.ts";
import { floatLane, type MapLayout, type Span } from "../logic/layout.ts";
import { procList, type MachineSnap } from "../logic/snapshot.ts";
import { CharacterSprite } from "./character.ts";
import type { MachineMap } from "./machineMap.ts";
import { TEXT, reducedMotion } from "./theme.ts";

export class Characters {
  private readonly sprites = new Map<number, CharacterSprite>();
  private readonly busy = new Set<number>();
  /** Crossings waiting for the one in flight to finish (results can arrive faster than the walk). */
  private readonly pending = new Map<number, (() => void)[]>();
  private colors = new Map<string, number>();
  /**
   * Result floats still showing, oldest first, each with its lane (see floatLane) and the lane it
   * is drawn at on its way there: lanes are taken anew each frame, so a float settles lower once
   * the one under it has started to fade or its character has walked away from the others.
   */
  private readonly floats: (Span & { lane: number; shown: number; leaving: boolean })[] = [];

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly map: MachineMap,
  ) {}

  colorOf(owner: string): number {
    return colorFor(owner, this.colors);
  }

  colorIndices(): ReadonlyMap<string, number> {
    return this.colors;
  }

  /** Sync characters with the state and move them to their places. */
  update(m: MachineSnap, layout: MapLayout, mine: ReadonlySet<number>): void {
    const procs = procList(m);
    this.colors = ownerColorIndex(procs.map((p) => ({ owner: p.owner, team: p.team })));
    const still = reducedMotion();
    for (const p of procs) {
      const place = layout.places.get(p.pid);
      let s = this.sprites.get(p.pid);
      if (!place) {
        s?.container.setVisible(false);
        continue;
      }
      if (!s) {
        s = new CharacterSprite(this.scene, p.pid);
        s.container.setPosition(place.x, place.y);
        this.sprites.set(p.pid, s);
        if (!still) {
          s.container.setAlpha(0);
          this.scene.tweens.add({ targets: s.container, alpha: 1, duration: 300 });
        }
      }
      s.container.setVisible(true);
      s.update(p, this.colorOf(p.owner), mine.has(p.pid), place.scale, place.area !== "core", place.area === "core" || place.area === "kernel", place.area === "core");
      s.container.setDepth(mine.has(p.pid) ? 20 : 10);
      if (this.busy.has(p.pid)) continue;
      if (still) s.container.setPosition(place.x, place.y);
      else if (s.x !== place.x || s.y !== place.y) {
        this.scene.tweens.killTweensOf(s.container);
        s.container.setAlpha(1);
        this.scene.tweens.add({ targets: s.container, x: place.x, y: place.y, duration: 350, ease: "Quad.out" });
      }
    }
    const alive = new Set(procs.map((p) => p.pid));
    for (const [pid, s] of this.sprites) {
      if (alive.has(pid)) continue;
      this.sprites.delete(pid);
      this.busy.delete(pid);
      this.pending.delete(pid);
      if (still) s.destroy();
      else this.scene.tweens.add({ targets: s.container, alpha: 0, y: s.y - 20, duration: 400, onComplete: () => s.destroy() });
    }
  }

  /**
   * The crossing: walk to the gate, through it into ring 0 and back, then float the outcome.
   * With reduced motion the character stays put; the gate flashes and the text appears.
   */
  cross(pid: number, text: string, bad: boolean, detail?: string, icon?: string): void {
    const s = this.sprites.get(pid);
    if (!s || !s.container.visible) return;
    const still = reducedMotion();
    if (this.busy.has(pid)) {
      const q = this.pending.get(pid) ?? [];
      if (q.length < 4) q.push(() => this.cross(pid, text, bad, detail, icon));
      this.pending.set(pid, q);
      return;
    }
    if (still) {
      this.map.flashGate(bad, true);
      this.float(s, text, bad, detail, icon);
      return;
    }
    this.busy.add(pid);
    const gate = this.map.gatePoint();
    const home = { x: s.x, y: s.y };
    const c = s.container;
    this.scene.tweens.chain({
      targets: c,
      tweens: [
        { x: gate.x, y: gate.y + 40, duration: 260, ease: "Quad.in" },
        { y: gate.y - 44, duration: 180, ease: "Quad.out", onStart: () => this.map.flashGate(bad, false) },
        { y: gate.y + 40, duration: 180, ease: "Quad.in", delay: 120 },
        { x: home.x, y: home.y, duration: 260, ease: "Quad.out" },
      ],
      onComplete: () => {
        this.busy.delete(pid);
        this.float(s, text, bad, detail, icon);
        this.pending.get(pid)?.shift()?.();
      },
    });
  }

  /** An access that needs no kernel (or faults right where it is): no crossing, just the result. */
  flash(pid: number, text: string, bad: boolean, detail?: string, icon?: string): void {
    const s = this.sprites.get(pid);
    if (!s || !s.container.visible) return;
    if (bad && !reducedMotion()) this.scene.cameras.main.shake(160, 0.004);
    this.float(s, text, bad, detail, icon);
  }

  /** Show a result for one of my processes (from the "result" message). */
  showResult(r: ActionResult): void {
    const bad = isFailure(r);
    const text = floatText(r);
    // A fault's full story is in the death banner and the log; the float names the bit that said no.
    const detail = undefined;
    // A lock for a permission refusal (EACCES, EPERM), a skull for a fatal fault.
    const icon = r.kind === "syscall" && (r.errno === "EACCES" || r.errno === "EPERM") ? "icon-lock" : r.kind === "access" && r.fault ? "icon-skull" : undefined;
    if (r.kind === "syscall") this.cross(r.pid, text, bad, detail, icon);
    else this.flash(r.pid, text, bad, detail, icon);
  }

  /**
   * Float the outcome above the character and keep it there while the character moves (a dying
   * process walks to the ghosts; its SIGSEGV must not stay behind over someone else).
   */
  private float(s: CharacterSprite, text: string, bad: boolean, detail?: string, icon?: string): void {
    const mark = bad ? "\u2716 " : "\u2714 ";
    const t = this.scene.add.text(0, 0, mark + text, { ...TEXT.float, color: bad ? "#ffb38a" : "#8ff0c8" }).setOrigin(0.5, 1).setDepth(50);
    const d = detail ? this.scene.add.text(0, 0, detail, { ...TEXT.nick, fontSize: "14px", color: "#ffd2b8" }).setOrigin(0.5, 0).setDepth(50) : undefined;
    const img = icon ? this.scene.add.image(0, 0, icon).setScale(2).setOrigin(1, 0.5).setDepth(50) : undefined;
    const parts = [t, d, img].filter((p): p is NonNullable<typeof p> => p !== undefined);
    const rise = { v: 0 };
    const iconW = img ? 28 : 0;
    // Keep it on screen: shift right when the text would start left of the map.
    const shift = () => Math.max(0, 16 - (s.x - t.width / 2 - iconW));
    const x0 = s.x + shift();
    const span = { left: x0 - t.width / 2 - iconW, right: x0 + t.width / 2, lane: 0, shown: 0, leaving: false };
    // The floats older than this one (all of them, until it joins the list) that are not fading.
    const below = () => {
      const i = this.floats.indexOf(span);
      return (i < 0 ? this.floats : this.floats.slice(0, i)).filter((f) => !f.leaving);
    };
    span.lane = span.shown = floatLane(span, below());
    this.floats.push(span);
    // Called each frame, oldest float first: each takes the lowest lane clear of the older ones.
    const place = (_time = 0, delta = 0) => {
      if (!s.container.active) return;
      const x = s.x + shift();
      span.left = x - t.width / 2 - iconW;
      span.right = x + t.width / 2;
      if (!span.leaving) span.lane = floatLane(span, below());
      span.shown = reducedMotion() ? span.lane : span.shown + (span.lane - span.shown) * Math.min(1, delta / 90);
      const y = s.headY() - 4 - rise.v - span.shown * (t.height + 6);
      t.setPosition(x, y);
      d?.setPosition(x, y + 2);
      img?.setPosition(x - t.width / 2 - 4, y - t.height / 2);
    };
    place();
    this.scene.events.on("update", place);
    this.scene.tweens.add({
      targets: rise,
      v: reducedMotion() ? 0 : 30,
      delay: bad ? 2600 : 1400,
      duration: 700,
      // A fading float rises out of its lane and leaves it to the next one.
      onStart: () => void (span.leaving = true),
      onUpdate: (tw) => parts.forEach((p) => p.setAlpha(1 - tw.progress)),
      onComplete: () => {
        this.scene.events.off("update", place);
        this.floats.splice(this.floats.indexOf(span), 1);
        parts.forEach((p) => p.destroy());
      },
    });
  }

  sprite(pid: number): CharacterSprite | undefined {
    return this.sprites.get(pid);
  }
}
