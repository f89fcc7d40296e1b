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
const OFFCPU_TOP = 368;
/** Off-CPU crowd: distance between characters and between lines. */
const OFF_PITCH = 66;
const OFF_LINE = 64;
const OFFCPU_BOTTOM = 558;

/** Core chips: up to 3 at full size, more get smaller. */
export function coreBoxes(n: number): { x: number; y: number; w: number; h: number }[] {
  const big = n <= 3;
  const w = big ? 80 : 64;
  const h = big ? 57 : 46;
  const pitch = w + (big ? 20 : 12);
  return Array.from({ length: n }, (_, i) => ({ x: REGION.user.x + 20 + i * pitch, y: CORE_TOP + (big ? 0 : 12), w, h }));
}

/** Place every process's character on the machine map; mine go first in their group (never hidden). */
export function layoutMap(m: MachineSnap, mine: ReadonlySet<number> = new Set()): MapLayout {
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
  const pitch = 68;
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
  let x = left;
  let y = OFFCPU_TOP;
  // Small groups first (zombies, stopped, a wait4): they must stay visible; the big crowd of
  // sleepers waiting on their terminals goes last and shows "+N more" if the room is very full.
  const ordered = [...groupsOf].sort((a, b) => a[1].procs.length - b[1].procs.length);
  for (const [, g] of ordered) g.procs.sort((a, b) => Number(mine.has(b.pid)) - Number(mine.has(a.pid)) || a.pid - b.pid);
  for (const [text, g] of ordered) {
    const labelW = Math.max(text.length * 7.6 + 24, 60);
    let perLine = Math.max(1, Math.floor((right - x - 12) / OFF_PITCH));
    const oneLine = g.procs.length <= perLine;
    const needed = Math.max(labelW, Math.min(g.procs.length, perLine) * OFF_PITCH + 12);
    if (x > left && (x + needed > right || !oneLine)) {
      x = left;
      y += OFF_LINE;
      perLine = Math.max(1, Math.floor((right - x - 12) / OFF_PITCH));
    }
    const linesLeft = Math.floor((OFFCPU_BOTTOM - y + 8) / OFF_LINE);
    if (linesLeft < 1) break;
    const lines = Math.min(linesLeft, Math.ceil(g.procs.length / perLine));
    const shown = Math.min(g.procs.length, lines * perLine);
    g.procs.slice(0, shown).forEach((p, i) => {
      const cx = x + 24 + (i % perLine) * OFF_PITCH;
      const cy = y + 48 + Math.floor(i / perLine) * OFF_LINE;
      places.set(p.pid, { pid: p.pid, x: cx, y: cy, scale: 2, area: "offcpu" });
    });
    // Nicks above the heads, the group's sign on the floor under its last line.
    const more = g.procs.length - shown;
    groups.push({ text: more > 0 ? `${text} (+${more} more)` : text, x, y: y + (lines - 1) * OFF_LINE + 50, kind: g.kind });
    if (lines > 1) {
      x = left;
      y += lines * OFF_LINE;
    } else x += Math.max(labelW, shown * OFF_PITCH + 12) + 20;
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

/** The horizontal extent of a result float on the map. */
export interface Span {
  left: number;
  right: number;
}

/**
 * The lowest lane (0 = just above the character's head, 1 = one float higher, ...) where a new
 * float spanning `span` overlaps none of the floats still showing: two results at once, over
 * neighbouring characters, stack instead of printing over each other.
 */
export function floatLane(span: Span, showing: readonly (Span & { lane: number })[]): number {
  const taken = new Set(showing.filter((f) => f.left < span.right && span.left < f.right).map((f) => f.lane));
  let lane = 0;
  while (taken.has(lane)) lane++;
  return lane;
}
