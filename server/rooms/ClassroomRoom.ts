// Classroom team play (issue 6): 2-6 teams of students share one machine and race a workload
// under the teacher's scheduler, or play Ring Wars. A thin GameRoom: the machine comes from
// server/classroom/world.ts, the rules are attached to the session through its hooks
// (server/classroom/play.ts). Standalone: client.create(ROOM.CLASSROOM, { teams, variant,
// roundTicks }) (tests, a teacher-less class). Hosted: the hosting layer wraps it as
// "hosted-classroom" and passes the teacher's settings under CLASSROOM_HOSTED.

import { CLASS_CORES, CLASS_FRAMES, CLASS_MAX_PLAYERS, DEFAULT_ROUND_TICKS, MAX_CLASS_TEAMS, MIN_CLASS_TEAMS, VARIANTS, type Variant } from "../../shared/classroom.ts";
import type { SessionOptions } from "../game/session.ts";
import { ClassroomPlay } from "../classroom/play.ts";
import { classFiles, classGroups, CLASS_SYSTEM, DEFAULT_WORKLOAD, type Workload } from "../classroom/world.ts";
import { saveRound, type RoundRecord } from "../classroom/store.ts";
import { services } from "../services.ts";
import { log } from "../log.ts";
import { GameRoom, type GameRoomOptions } from "./GameRoom.ts";

/** Create-option key only server code can set: the hosted session's settings. */
export const CLASSROOM_HOSTED = Symbol("ringzero.classroomHosted");

export interface ClassroomRoomOptions extends GameRoomOptions {
  teams?: unknown;
  variant?: unknown;
  roundTicks?: unknown;
  /** Scale the workload down for short rounds (tests): { inputs, computeTicks, pages }. */
  workload?: unknown;
  [CLASSROOM_HOSTED]?: { teams: number; variant: Variant; roundTicks?: number; classCode: string };
}

const int = (v: unknown, lo: number, hi: number, dflt: number) => (typeof v === "number" && Number.isInteger(v) ? Math.max(lo, Math.min(hi, v)) : dflt);

function workloadOf(v: unknown): Workload {
  const w = (v && typeof v === "object" ? v : {}) as Record<string, unknown>;
  return { inputs: int(w.inputs, 1, 8, DEFAULT_WORKLOAD.inputs), computeTicks: int(w.computeTicks, 1, 500, DEFAULT_WORKLOAD.computeTicks), pages: int(w.pages, 1, 64, DEFAULT_WORKLOAD.pages) };
}

export class ClassroomRoom extends GameRoom {
  override maxClients = CLASS_MAX_PLAYERS;
  protected play!: ClassroomPlay;
  private teams = MIN_CLASS_TEAMS;
  private variant: Variant = "race";
  private workload: Workload = DEFAULT_WORKLOAD;
  private writes: Promise<unknown> = Promise.resolve();

  override onCreate(options: ClassroomRoomOptions = {}): void {
    const hosted = options[CLASSROOM_HOSTED];
    this.teams = int(hosted?.teams ?? options.teams, MIN_CLASS_TEAMS, MAX_CLASS_TEAMS, MIN_CLASS_TEAMS);
    const variant = hosted?.variant ?? options.variant;
    this.variant = (VARIANTS as readonly unknown[]).includes(variant) ? (variant as Variant) : "race";
    this.workload = workloadOf(options.workload);
    super.onCreate({ seed: options.seed });
    this.play = new ClassroomPlay(this.session, {
      teams: this.teams,
      variant: this.variant,
      roundTicks: int(hosted?.roundTicks ?? options.roundTicks, 20, 36_000, DEFAULT_ROUND_TICKS),
      workload: this.workload,
      standalone: !hosted,
      roomId: this.roomId,
      classCode: hosted?.classCode,
      record: (rec) => this.record(rec),
    });
    this.session.addHooks(this.play);
  }

  protected sessionOptions(seed: number): SessionOptions {
    return {
      seed,
      mode: "classroom",
      maxPlayers: this.maxClients,
      kernel: {
        cores: CLASS_CORES,
        frames: CLASS_FRAMES,
        files: classFiles(this.teams, this.workload, this.variant === "ringwars"),
        groups: classGroups(this.teams),
        sched: { policy: "rr" },
      },
      system: CLASS_SYSTEM,
    };
  }

  private record(rec: RoundRecord): void {
    this.writes = this.writes.then(() => saveRound(services().db, rec)).catch((err) => log.error({ err, room: this.roomId }, "could not store a classroom round"));
  }

  /** Rounds still being written are finished before the room goes. */
  override async onDispose(): Promise<void> {
    await super.onDispose();
    await this.writes;
  }
}
