// A level's machine: the session options its world gives (users, files, processes, limits,
// scheduler), the warm-up, and the script the other processes follow (a warden's SIGTERM every
// few ticks). Arguments are resolved like the scenario runner's: "$player" is the player's pid,
// "$name" another process's pid, the rest by the syscall's argument kinds (shared/args.ts).

import { resolveArgs } from "../../shared/args.ts";
import { syscallByName } from "../../shared/abi/syscalls.ts";
import { AUDIT_RING, DEFAULT_CORES, DEFAULT_FRAMES } from "../../shared/params.ts";
import type { CapName } from "../../shared/abi/caps.ts";
import type { Kernel } from "../kernel/index.ts";
import type { SessionOptions } from "../game/session.ts";
import type { Level } from "./loader.ts";
import { PLAYER_REF } from "./schema.ts";

/** Seed of a level whose world gives none: levels are the same machine every time. */
export const LEVEL_SEED = 1;

/** Session options for a level room (one player). */
export function levelSessionOptions(level: Level): SessionOptions {
  const w = level.world;
  return {
    seed: w.seed ?? LEVEL_SEED,
    mode: "level",
    maxPlayers: 1,
    kernel: {
      cores: w.cores ?? DEFAULT_CORES,
      frames: w.frames ?? DEFAULT_FRAMES,
      sched: w.sched,
      users: w.users,
      groups: w.groups,
      files: w.files,
      auditCapacity: AUDIT_RING,
      // Levels are checked from the audit log and final state, never replayed.
      replayLog: false,
    },
    system: (w.processes ?? []).map((p) => ({ ...p, caps: p.caps as CapName[] | undefined })),
  };
}

/** The other processes' script, run tick by tick once the level's clock has started. */
export class Script {
  private readonly level: Level;
  private readonly kernel: Kernel;
  private readonly npcs = new Map<string, number>();

  constructor(level: Level, kernel: Kernel) {
    this.level = level;
    this.kernel = kernel;
    for (const p of kernel.ps()) if (p.tag === "" && p.pid !== 1 && !this.npcs.has(p.name)) this.npcs.set(p.name, p.pid);
  }

  /** pid of a world process by name. */
  pidOf(name: string): number | undefined {
    return this.npcs.get(name);
  }

  /** Queue the actions due `elapsed` ticks after the clock started; returns readable errors. */
  run(elapsed: number, playerPid: number): string[] {
    const errors: string[] = [];
    for (const [i, s] of (this.level.world.script ?? []).entries()) {
      const due = s.every ? elapsed >= s.at && (elapsed - s.at) % s.every === 0 : elapsed === s.at;
      if (!due) continue;
      const pid = this.npcs.get(s.proc);
      const spec = syscallByName(s.call);
      if (pid === undefined || !spec) continue;
      const p = this.kernel.proc(pid);
      if (!p || p.state === "ZOMBIE") continue;
      const raw = (s.args ?? []).map((a) => (typeof a === "string" && a.startsWith("$") ? (a.slice(1) === PLAYER_REF ? playerPid : (this.npcs.get(a.slice(1)) ?? 0)) : a));
      const r = resolveArgs(spec, raw);
      if (!r.ok) {
        errors.push(`world.script[${i}]: ${r.error}`);
        continue;
      }
      const sub = this.kernel.submit(pid, { kind: "syscall", nr: spec.nr, args: r.args });
      if (!sub.ok) errors.push(`world.script[${i}]: ${sub.error}`);
    }
    return errors;
  }
}
