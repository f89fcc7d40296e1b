// Where everything sits on the 1280x720 logical screen, and where each process's character
// stands on the machine map. Pure arithmetic over a MachineSnap: the Phaser views only draw it.

import { wchanLabel } from "./format.ts";
import { procList, type MachineSnap, type ProcSnap } from "./snapshot.ts";

export const SCREEN = { w: 1280, h: 720 } as const;

/** Screen regions (logical pixels). */
export const REGION = {
  header: { x: 0, y: 0, w: 1280, h: 44 },
  kernel: { x: 12, y: 48, w: 792, h: 150 },
  wall: { x: 12, y: 198, w: 792, h: 30 },
  gate: { x: 360, y: 192, w: 96, h: 66 },
  user: { x: 12, y: 228, w: 792, h: 330 },
  memory: { x: 12, y: 564, w: 792, h: 150 },
  hud: { x: 816, y: 48, w: 452, h: 96 },
  mmu: { x: 816, y: 148, w: 452, h: 372 },
  log: { x: 816, y: 526, w: 452, h: 188 },
} as const;

/** Character sprites are 16x16 pixel art drawn at these scales. */
export const CHAR_PX = 16;

export type Area = "core" | "kernel" | "queue" | "offcpu";

export interface Placement {
  pid: number;
  x: number;
  /** Feet (bottom centre) y. */
  y: number;
  scale: number;
  area: Area;
}

export interface GroupLabel {
  text: string;
  x: number;
  y: number;
  kind: "blocked" | "stopped" | "zombie";
}

export interface MapLayout {
  places: Map<number, Placement>;
  cores: { index: number; x: number; y: number; w: number; h: number; pid: number }[];
  queue: { x: number; y: number; w: number; hidden: number };
  groups: GroupLabel[];
}

const CORE_TOP = 282;
const QUEUE_Y = 340;
const OFFCPU_TOP = 350;
const OFFCPU_BOTTOM = 558;

/** Core chips: up to 3 at full size, more get smaller. */
export function coreBoxes(n: number): { x: number; y: number; w: number; h: number }[] {
  const big = n <= 3;
  const w = big ? 80 : 64;
  const h = big ? 57 : 46;
  const pitch = w + (big ? 20 : 12);
  return Array.from({ length: n }, (_, i) => ({ x: REGION.user.x + 20 + i * pitch, y: CORE_TOP + (big ? 0 : 12), w, h }));
}

/** Place every process's character on the machine map. */
export function layoutMap(m: MachineSnap): MapLayout {
  const places = new Map<number, Placement>();
  const boxes = coreBoxes(m.cores.length);
  const cores = boxes.map((b, i) => ({ index: i, ...b, pid: m.cores[i] ?? 0 }));
  const procs = procList(m);
  const byPid = new Map(procs.map((p) => [p.pid, p]));

  // On a core (or in the kernel, for a process in ring 0 on that core).
  let kernelSlot = 0;
  for (const c of cores) {
    const p = byPid.get(c.pid);
    if (!p) continue;
    if (p.ring === 0) {
      places.set(p.pid, { pid: p.pid, x: REGION.gate.x + REGION.gate.w + 40 + kernelSlot++ * 56, y: REGION.kernel.y + REGION.kernel.h - 8, scale: 3, area: "kernel" });
    } else {
      places.set(p.pid, { pid: p.pid, x: c.x + c.w / 2, y: c.y + 4, scale: c.w > 64 ? 3 : 2, area: "core" });
    }
  }
  // Running processes the core list does not mention (should not happen; be robust).
  for (const p of procs) {
    if (p.state === "RUNNING" && !places.has(p.pid)) {
      places.set(p.pid, { pid: p.pid, x: REGION.gate.x + REGION.gate.w + 40 + kernelSlot++ * 56, y: REGION.kernel.y + REGION.kernel.h - 8, scale: 3, area: "kernel" });
    }
  }

  // The ready queue: first in line nearest the cores.
  const qx = (boxes.length ? boxes[boxes.length - 1].x + boxes[boxes.length - 1].w : REGION.user.x) + 56;
  const qw = REGION.user.x + REGION.user.w - qx - 12;
  const pitch = 56;
  const fits = Math.max(1, Math.floor(qw / pitch));
  const queued = m.runQueue.filter((pid) => byPid.has(pid) && !places.has(pid));
  for (const p of procs) if (p.state === "RUNNABLE" && !queued.includes(p.pid) && !places.has(p.pid)) queued.push(p.pid);
  queued.slice(0, fits).forEach((pid, i) => places.set(pid, { pid, x: qx + 20 + i * pitch, y: QUEUE_Y, scale: 2, area: "queue" }));
  const hidden = Math.max(0, queued.length - fits);

  // Off the CPU: asleep (grouped by what they wait for), stopped, zombies - in a flowing layout.
  const groups: GroupLabel[] = [];
  const groupsOf = new Map<string, { kind: GroupLabel["kind"]; procs: ProcSnap[] }>();
  for (const p of procs) {
    if (places.has(p.pid) || queued.includes(p.pid)) continue;
    const key =
      p.state === "BLOCKED"
        ? `asleep - ${wchanLabel(p.wchan)}`
        : p.state === "STOPPED"
          ? "stopped (SIGSTOP)"
          : p.state === "ZOMBIE"
            ? "zombies - exited, not yet reaped"
            : p.state === "EXITED"
              ? "ghosts - gone (R respawns)"
              : p.state.toLowerCase();
    const kind: GroupLabel["kind"] = p.state === "STOPPED" ? "stopped" : p.state === "ZOMBIE" || p.state === "EXITED" ? "zombie" : "blocked";
    if (!groupsOf.has(key)) groupsOf.set(key, { kind, procs: [] });
    groupsOf.get(key)!.procs.push(p);
  }
  const left = REGION.user.x + 20;
  const right = REGION.user.x + REGION.user.w - 16;
  const lineH = 68;
  let x = left;
  let y = OFFCPU_TOP;
  const charW = 60;
  for (const [text, g] of groupsOf) {
    const labelW = Math.max(text.length * 8.2 + 16, 60);
    const needed = Math.max(labelW, g.procs.length * charW + 12);
    if (x > left && x + needed > right) {
      x = left;
      y += lineH;
    }
    if (y + lineH > OFFCPU_BOTTOM + 8) break;
    // Nicks above the heads, the group's sign on the floor under the feet.
    groups.push({ text, x, y: y + 50, kind: g.kind });
    g.procs.forEach((p, i) => {
      let cx = x + 18 + i * charW;
      let cy = y + 48;
      if (cx > right - 10) {
        // wrap very long groups
        const perLine = Math.max(1, Math.floor((right - x - 10) / charW));
        cx = x + 18 + (i % perLine) * charW;
        cy = y + 48 + Math.floor(i / perLine) * lineH;
      }
      places.set(p.pid, { pid: p.pid, x: cx, y: cy, scale: 2, area: "offcpu" });
    });
    x += needed + 24;
  }
  return { places, cores, queue: { x: qx, y: QUEUE_Y, w: qw, hidden }, groups };
}

/** Physical memory grid: cell position of frame i of n (32 columns while that fits). */
export function frameCell(i: number, n: number): { x: number; y: number; size: number } {
  const cols = n <= 128 ? 32 : Math.ceil(n / 4);
  const rows = Math.max(1, Math.ceil(n / cols));
  const areaW = REGION.memory.w - 24;
  const areaH = REGION.memory.h - 50;
  const pitch = Math.max(6, Math.floor(Math.min(areaW / cols, areaH / rows)));
  const col = i % cols;
  const row = Math.floor(i / cols);
  return { x: REGION.memory.x + 12 + col * pitch, y: REGION.memory.y + 28 + row * pitch, size: pitch - 2 };
}
