// The classroom round for the teacher's projector: the synced round view as plain data, and the
// live audit feed of what the class should see happen (denials with their errno and reason,
// faults, OOM kills, policy changes). Public only: a syscall's arguments (a student's typed text)
// are never shown, only its name, its errno and the kernel's reason.

import { TICK_HZ } from "../../shared/params.ts";
import type { ClassroomGlance, RoundPhase, TeamRole, Variant } from "../../shared/classroom.ts";
import type { AuditEntry } from "../kernel/types.ts";
import type { GameSession } from "../game/session.ts";

const FEED_LINES = 10;
const SCANNED = 400;

/** The projector's classroom part, or undefined when the session is not a classroom. */
export function classroomGlance(session: GameSession): ClassroomGlance | undefined {
  const c = session.state.classroom;
  if (!c.variant) return undefined;
  const k = session.kernel;
  return {
    variant: c.variant as Variant,
    round: c.round,
    phase: c.phase as RoundPhase,
    secondsLeft: c.phase === "playing" ? Math.max(0, Math.ceil((c.endTick - k.tick) / TICK_HZ)) : c.phase === "waiting" ? Math.ceil(c.roundTicks / TICK_HZ) : 0,
    teams: c.teams.map((t) => ({ name: t.name, color: t.color, role: t.role as TeamRole, members: t.members, progress: t.progress, score: t.score, oomKills: t.oomKills, faults: t.faults, denials: t.denials, captures: t.captures, finishedAt: t.finishedAt })),
    winner: c.winner,
    headline: c.headline,
    explanation: [...c.explanation],
    mitigations: c.mitigations,
    replayId: c.replayId,
    feed: feedOf(session, k.auditTail(SCANNED)),
  };
}

function feedOf(session: GameSession, entries: readonly AuditEntry[]): ClassroomGlance["feed"] {
  const out: ClassroomGlance["feed"] = [];
  for (const e of entries) {
    const line = feedLine(session, e);
    if (line) out.push(line);
  }
  return out.slice(-FEED_LINES);
}

function feedLine(session: GameSession, e: AuditEntry): ClassroomGlance["feed"][number] | undefined {
  const tag = e.pid ? session.kernel.proc(e.pid)?.tag : undefined;
  const owner = tag ? session.player(tag) : undefined;
  const who = owner ? `${owner.nick} (pid ${e.pid})` : e.pid ? `pid ${e.pid}` : "kernel";
  const team = owner?.team ?? -1;
  if (e.kind === "exit" && e.errno) return { tick: e.tick, team, text: `${who}: ${e.syscall ?? "syscall"} = -1 ${e.errno}`, reason: e.reason };
  if (e.kind === "fault" && e.code) return { tick: e.tick, team, text: `${who}: SIGSEGV (${e.code})`, reason: e.reason };
  if (e.kind === "oom") return { tick: e.tick, team, text: `OOM killer: SIGKILL to ${who}`, reason: e.text };
  if (e.kind === "policy" && e.pid === 0) return { tick: e.tick, team: -1, text: e.text, reason: e.reason };
  if (e.kind === "violation") return { tick: e.tick, team, text: `${who}: forged message`, reason: e.reason };
  return undefined;
}
