// Which room class runs each hosted mode. The sandbox is here now; solo levels (issue 4,
// server/rooms/LevelRoom.ts) and classroom team play (issue 6, server/rooms/ClassroomRoom.ts
// exporting ClassroomRoom) plug in by existing: a mode whose room file is missing is shown as
// "not available yet" on the teacher page.
//
// Integration contract for a mode's room class: a GameRoom subclass with a no-argument
// constructor. The hosting wrapper (hostedRoom.ts) calls its onCreate with its own create options
// plus `createOptions(session)` below, and its sessionOptions(seed), adding the teacher's scheduler
// policy (shared-machine modes) and, after a restart, the restore data. A level room gets the
// teacher's level locks as a function (so a change applies to the next level a student opens)
// and the join code, through the symbol keys LevelRoom exports; it reports won levels with
// reportLevelDone() from ./levels.ts.

import { SandboxRoom } from "../rooms/SandboxRoom.ts";
import type { GameRoom } from "../rooms/GameRoom.ts";
import type { HostedMode } from "../../shared/hosting.ts";
import type { LiveSession } from "./live.ts";
import { log } from "../log.ts";
import { TICK_HZ } from "../../shared/params.ts";

type RoomClass = new (...args: any[]) => GameRoom;

export interface ModeRoom {
  klass: RoomClass;
  /** Extra create options for a room of this session (server-only keys may be symbols). */
  createOptions?(session: LiveSession): Record<PropertyKey, unknown>;
}

async function optional(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(new URL(file, import.meta.url).href)) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") log.error({ file, err }, "a hosted mode's room failed to load");
    return undefined;
  }
}

/** The room of every mode this server can host. */
export async function hostedModeRooms(): Promise<Partial<Record<HostedMode, ModeRoom>>> {
  const out: Partial<Record<HostedMode, ModeRoom>> = { sandbox: { klass: SandboxRoom } };
  const level = await optional("../rooms/LevelRoom.ts");
  if (typeof level?.LevelRoom === "function" && typeof level.LEVEL_LOCKS === "symbol" && typeof level.LEVEL_CLASS === "symbol") {
    const locks = level.LEVEL_LOCKS;
    const code = level.LEVEL_CLASS;
    out.levels = {
      klass: level.LevelRoom as RoomClass,
      createOptions: (s) => ({ [locks]: () => s.rec.settings.unlocked, [code]: s.rec.code }),
    };
  }
  const classroom = await optional("../rooms/ClassroomRoom.ts");
  if (typeof classroom?.ClassroomRoom === "function") {
    const key = classroom.CLASSROOM_HOSTED;
    out.classroom = {
      klass: classroom.ClassroomRoom as RoomClass,
      createOptions: typeof key === "symbol" ? (s) => ({ [key]: { teams: s.rec.settings.teamCount, variant: s.rec.settings.variant ?? "race", roundTicks: (s.rec.settings.roundSeconds ?? 120) * TICK_HZ, classCode: s.rec.code } }) : undefined,
    };
  }
  return out;
}
