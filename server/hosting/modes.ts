// Which room class runs each hosted mode. The sandbox is here now; solo levels (issue 4,
// server/rooms/LevelRoom.ts exporting LevelRoom) and classroom team play (issue 6,
// server/rooms/ClassroomRoom.ts exporting ClassroomRoom) plug in by existing: a mode whose room
// file is missing is shown as "not available yet" on the teacher page.
//
// Integration contract for a mode's room class: a GameRoom subclass with a no-argument
// constructor. The hosting wrapper (hostedRoom.ts) calls its sessionOptions(seed) and adds the
// teacher's scheduler policy and, after a restart, the restore data. For solo levels the room
// also receives `unlocked` (level ids, [] = all) in its create options and reports finished
// levels with reportLevelDone() from ./levels.ts.

import { SandboxRoom } from "../rooms/SandboxRoom.ts";
import type { GameRoom } from "../rooms/GameRoom.ts";
import type { HostedMode } from "../../shared/hosting.ts";
import { log } from "../log.ts";

type RoomClass = new (...args: any[]) => GameRoom;

const OPTIONAL: Partial<Record<HostedMode, { file: string; name: string }>> = {
  levels: { file: "../rooms/LevelRoom.ts", name: "LevelRoom" },
  classroom: { file: "../rooms/ClassroomRoom.ts", name: "ClassroomRoom" },
};

/** The room class of every mode this server can host. */
export async function hostedModeClasses(): Promise<Partial<Record<HostedMode, RoomClass>>> {
  const out: Partial<Record<HostedMode, RoomClass>> = { sandbox: SandboxRoom };
  for (const [mode, where] of Object.entries(OPTIONAL) as [HostedMode, { file: string; name: string }][]) {
    const url = new URL(where.file, import.meta.url);
    try {
      const mod = (await import(url.href)) as Record<string, unknown>;
      if (typeof mod[where.name] === "function") out[mode] = mod[where.name] as RoomClass;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") log.error({ mode, err }, "hosted mode room failed to load");
    }
  }
  return out;
}
