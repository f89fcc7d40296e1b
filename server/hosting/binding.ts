// One room of a hosted session: the hooks it attaches to the room's GameSession (counters and
// feed come from there), the teacher's kernel injections, and what the dashboard samples from the
// kernel (CPU and memory per team, the machine at a glance). No sockets here: the room gives a
// small handle to reach its clients.

import type { GameSession, Player, SessionHooks } from "../game/session.ts";
import type { Action } from "../kernel/types.ts";
import { CAP, type CapName } from "../../shared/abi/caps.ts";
import { S2C, type Notice } from "../../shared/protocol.ts";
import { teamName, type MachineGlance } from "../../shared/hosting.ts";

/** What a binding needs from its Colyseus room. */
export interface RoomHandle {
  readonly roomId: string;
  broadcast(type: string, body: unknown): void;
  send(sessionId: string, type: string, body: unknown): void;
  /** Close one client's connection with a code and a reason it can show. */
  disconnect(sessionId: string, code: number, reason: string): void;
  /** Let the room go once its last client leaves (after the session ended). */
  release(): void;
}

/** Events a binding reports to its hosted session. */
export interface BindingEvents {
  admit(playerId: string, nick: string): string | undefined;
  refuse?(player: Player, action: Action): string | undefined;
  result: NonNullable<SessionHooks["onResult"]>;
  event: NonNullable<SessionHooks["onEvent"]>;
  violation: NonNullable<SessionHooks["onViolation"]>;
}

/** Per-series CPU ticks used and resident pages, for one sampling window. */
export interface Sample {
  cpu: Record<string, number>;
  /** CPU ticks the machine could have run in the window (cores x ticks). */
  capacity: number;
  rss: Record<string, number>;
}

export const SYSTEM_SERIES = "system";
export const STUDENTS_SERIES = "students";

export class RoomBinding {
  readonly slot: string;
  readonly session: GameSession;
  readonly room: RoomHandle;
  private readonly teamCount: () => number;
  private lastCpu = new Map<number, number>();
  private lastTick: number;

  constructor(slot: string, session: GameSession, room: RoomHandle, events: BindingEvents, teamCount: () => number) {
    this.slot = slot;
    this.session = session;
    this.room = room;
    this.teamCount = teamCount;
    this.lastTick = session.kernel.tick;
    session.addHooks({
      admit: (playerId, nick) => events.admit(playerId, nick),
      refuse: events.refuse ? (p, a) => events.refuse!(p, a) : undefined,
      onResult: (p, r) => events.result(p, r),
      onEvent: (e, owner) => events.event(e, owner),
      onViolation: (p, text) => events.violation(p, text),
    });
  }

  /** Tell every student in this room something (an injection, the session's state). */
  notice(message: string, level: Notice["level"] = "info"): void {
    this.room.broadcast(S2C.NOTICE, { level, message } satisfies Notice);
  }

  /** The kernel takes `frames` frames; the OOM killer may run. Returns how many it got. */
  pressure(frames: number): number {
    return this.session.kernel.memoryPressure(frames);
  }

  release(): void {
    this.session.kernel.releasePressure();
  }

  freeze(ticks: number): void {
    this.session.kernel.freeze(ticks);
  }

  /**
   * Revoke a capability from the live processes of the given students (their forks included).
   * Returns how many processes had it.
   */
  revoke(cap: CapName, keys: ReadonlySet<string>): number {
    const bit = 1 << CAP[cap];
    let had = 0;
    for (const p of this.session.kernel.ps()) {
      if (!keys.has(p.tag) || p.state === "ZOMBIE") continue;
      if (p.caps & bit) had++;
      this.session.kernel.setCaps(p.pid, p.caps & ~bit);
    }
    return had;
  }

  /** Series a process counts in: its owner's team (or "students"), else "system". */
  private seriesOf(tag: string): string {
    if (!tag) return SYSTEM_SERIES;
    const p = this.session.player(tag);
    if (!p) return SYSTEM_SERIES;
    return this.teamCount() > 0 && p.team >= 0 ? teamName(p.team) : STUDENTS_SERIES;
  }

  /** CPU ticks used per series since the previous sample, and resident pages now. */
  sample(): Sample {
    const k = this.session.kernel;
    const cpu: Record<string, number> = {};
    const rss: Record<string, number> = {};
    const seen = new Map<number, number>();
    for (const p of k.ps()) {
      const used = p.utime + p.stime;
      seen.set(p.pid, used);
      const series = this.seriesOf(p.tag);
      const delta = used - (this.lastCpu.get(p.pid) ?? 0);
      if (delta > 0) cpu[series] = (cpu[series] ?? 0) + delta;
      if (p.state !== "ZOMBIE") rss[series] = (rss[series] ?? 0) + p.rss;
    }
    const capacity = Math.max(0, k.tick - this.lastTick) * k.cores().length;
    this.lastCpu = seen;
    this.lastTick = k.tick;
    return { cpu, capacity, rss };
  }

  /** The machine at a glance: public data only (nicknames, teams, states). */
  glance(frozen: boolean): MachineGlance {
    const k = this.session.kernel;
    const ps = k.ps();
    const byPid = new Map(ps.map((p) => [p.pid, p]));
    const who = (pid: number) => {
      const p = byPid.get(pid);
      const owner = p?.tag ? this.session.player(p.tag) : undefined;
      return { pid, nick: owner?.nick ?? p?.name ?? "", team: owner?.team ?? -1 };
    };
    const frames: Record<string, number> = {};
    const owners = k.frames().owner;
    for (const o of owners) {
      const label = o < 0 ? "free" : o === 0 ? "kernel" : this.frameLabel(byPid.get(o)?.tag ?? "");
      frames[label] = (frames[label] ?? 0) + 1;
    }
    return {
      tick: k.tick,
      policy: k.sched().policy,
      frozen,
      cores: k.cores().map(who),
      runQueue: k.runQueue().map(who),
      frames,
      totalFrames: owners.length,
      procs: ps.filter((p) => p.pid !== 1).map((p) => ({ ...who(p.pid), state: p.state })),
    };
  }

  private frameLabel(tag: string): string {
    const s = this.seriesOf(tag);
    return s;
  }
}
