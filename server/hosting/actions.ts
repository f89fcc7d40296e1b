// What each teacher action does to a live session: the state machine (lobby -> running <->
// paused -> ended), the roster (kick, rename, teams), settings, and kernel injections. Callers
// have already checked that the teacher holds the host link and that the action is well-formed.

import { CLOSE } from "../../shared/protocol.ts";
import { HOSTED_MODE, MAX_TEAMS, PAUSE_REASON, teamName, type ActionAck, type TeacherAction } from "../../shared/hosting.ts";
import { classroomOf } from "../classroom/play.ts";

type TeacherPolicy = Extract<TeacherAction, { type: "policy" }>["policy"];
import { CAP_MEANING } from "../../shared/abi/caps.ts";
import type { LiveSession } from "./live.ts";
import { balanceTeams } from "./teams.ts";
import { checkNickname } from "./nickname.ts";

export const KICK_REASON = "The teacher removed you from this session.";

/** Apply one teacher action. Returns a readable refusal when the session's state does not allow it. */
export function applyAction(s: LiveSession, a: TeacherAction): ActionAck {
  const status = s.rec.status;
  if (status === "ended") return { ok: false, error: "This session has ended; open its report instead." };
  switch (a.type) {
    case "start":
      if (status !== "lobby") return { ok: false, error: "The session has already started." };
      s.rec.startedAt = new Date().toISOString();
      return setStatus(s, "running", "started the session", "The teacher started the session. Go!");
    case "pause":
      if (status !== "running") return { ok: false, error: status === "lobby" ? "Start the session first." : "The session is already paused." };
      return setStatus(s, "paused", "paused everyone", "Paused by the teacher: the kernel has stopped ticking.");
    case "resume":
      if (status !== "paused") return { ok: false, error: "The session is not paused." };
      return setStatus(s, "running", "resumed", "The teacher resumed the session.");
    case "end":
      s.rec.endedAt = new Date().toISOString();
      setStatus(s, "ended", "ended the session", "The session has ended. Well done!");
      s.sendSummaries();
      for (const b of s.bindings.values()) b.room.release();
      return { ok: true };
    case "kick":
      return kick(s, a.player);
    case "rename":
      return rename(s, a.player, a.nick);
    case "team":
      return setTeam(s, a.player, a.team);
    case "balance":
      return balance(s);
    case "settings":
      if (a.lateJoin !== undefined) s.rec.settings.lateJoin = a.lateJoin;
      if (a.unlocked !== undefined) s.rec.settings.unlocked = a.unlocked;
      s.changed();
      s.teacherDid(`settings: late join ${s.rec.settings.lateJoin ? "on" : "off"}${s.rec.settings.unlocked.length ? `, levels unlocked: ${s.rec.settings.unlocked.join(", ")}` : ""}`, "");
      return { ok: true };
    case "policy":
      return setPolicy(s, a.policy);
    case "round":
      return nextRound(s);
    case "pressure":
    case "release":
    case "revoke":
    case "freeze":
      if (status === "lobby") return { ok: false, error: "Start the session before injecting kernel events." };
      if (s.bindings.size === 0) return { ok: false, error: "No machine is running in this session yet." };
      return inject(s, a);
  }
}

function setStatus(s: LiveSession, status: "running" | "paused" | "ended", did: string, tell: string): ActionAck {
  s.rec.status = status;
  s.changed();
  const reason = s.pauseReason();
  for (const b of s.bindings.values()) {
    if (reason) b.session.pause(reason);
    else b.session.resume();
    b.notice(tell);
  }
  s.teacherDid(`teacher ${did}`, reason ? `every machine is paused: "${reason === PAUSE_REASON.teacher ? "paused by teacher" : reason}"` : "every machine is ticking", tell);
  return { ok: true };
}

function setPolicy(s: LiveSession, policy: TeacherPolicy): ActionAck {
  const before = s.rec.settings.policy;
  s.rec.settings.policy = policy;
  s.changed();
  for (const b of s.bindings.values()) if (!HOSTED_MODE[s.rec.mode].perStudent) b.session.kernel.setSched({ policy });
  const text = `Scheduler changed from ${before.toUpperCase()} to ${policy.toUpperCase()}: the kernel now decides who runs by ${POLICY_WORDS[policy]}.`;
  for (const b of s.bindings.values()) b.notice(`Teacher event - ${text}`);
  s.teacherDid(`scheduler ${before} -> ${policy}`, "runnable processes keep their place; the new policy picks from the next dispatch on", text);
  return { ok: true };
}

const POLICY_WORDS: Record<TeacherPolicy, string> = { rr: "round-robin (equal slices, in turn)", mlfq: "MLFQ (interactive jobs first, CPU hogs sink)", fair: "fair share weighted by nice" };

/** Classroom team play: the next round on every machine of the session. */
function nextRound(s: LiveSession): ActionAck {
  if (s.rec.mode !== "classroom") return { ok: false, error: "Rounds belong to classroom team play." };
  if (s.rec.status !== "running") return { ok: false, error: s.rec.status === "lobby" ? "Start the session first: the first round starts with it." : "Resume the session first." };
  let started = 0;
  for (const b of s.bindings.values()) if (classroomOf(b.session)?.startRound()) started++;
  if (started === 0) return { ok: false, error: "The current round is still running." };
  s.teacherDid("started the next round", "", "A new round has started.");
  return { ok: true };
}

function kick(s: LiveSession, key: string): ActionAck {
  const st = s.roster.get(key);
  if (!st) return { ok: false, error: "No such student in this session." };
  if (st.rec.kicked) return { ok: false, error: `${st.rec.nick} was already removed.` };
  st.rec.kicked = true;
  st.connected = false;
  const b = s.bindings.get(st.rec.slot);
  const gk = s.gameKey(st);
  const p = gk ? b?.session.kick(gk) : undefined;
  if (b && p) b.room.disconnect(p.sessionId, CLOSE.KICKED, KICK_REASON);
  s.touch(key);
  s.teacherDid(`removed ${st.rec.nick}`, "their processes were killed; this browser cannot rejoin the session");
  return { ok: true };
}

function rename(s: LiveSession, key: string, nick: string): ActionAck {
  const st = s.roster.get(key);
  if (!st) return { ok: false, error: "No such student in this session." };
  const c = checkNickname(nick);
  if (!c.ok) return { ok: false, error: c.error };
  for (const o of s.roster.values()) if (o !== st && !o.rec.kicked && o.rec.nick.toLowerCase() === c.nick.toLowerCase()) return { ok: false, error: `Someone is already called "${c.nick}".` };
  const before = st.rec.nick;
  st.rec.nick = c.nick;
  const gk = s.gameKey(st);
  if (gk) s.bindings.get(st.rec.slot)?.session.rename(gk, c.nick);
  s.touch(key);
  s.teacherDid(`renamed ${before} to ${c.nick}`, "");
  return { ok: true };
}

function setTeam(s: LiveSession, key: string, team: number): ActionAck {
  const st = s.roster.get(key);
  if (!st) return { ok: false, error: "No such student in this session." };
  const count = s.rec.settings.teamCount;
  if (count === 0 && team >= 0) return { ok: false, error: "This session has no teams." };
  if (team >= Math.min(count, MAX_TEAMS)) return { ok: false, error: `Teams go from ${teamName(0)} to ${teamName(count - 1)}.` };
  st.rec.team = team;
  const gk = s.gameKey(st);
  if (gk) s.bindings.get(st.rec.slot)?.session.setTeam(gk, team);
  s.touch(key);
  return { ok: true };
}

function balance(s: LiveSession): ActionAck {
  const count = s.rec.settings.teamCount;
  if (count === 0) return { ok: false, error: "This session has no teams." };
  const members = [...s.roster.values()].filter((x) => !x.rec.kicked).sort((a, b) => (a.rec.joinedAt < b.rec.joinedAt ? -1 : a.rec.joinedAt > b.rec.joinedAt ? 1 : 0));
  const teams = balanceTeams(members.map((m) => ({ key: m.rec.key, team: m.rec.team })), count);
  for (const m of members) {
    const t = teams.get(m.rec.key)!;
    if (t !== m.rec.team) setTeam(s, m.rec.key, t);
  }
  s.teacherDid(`balanced ${members.length} students over ${count} teams`, "");
  return { ok: true };
}

function inject(s: LiveSession, a: Extract<TeacherAction, { type: "pressure" | "release" | "revoke" | "freeze" }>): ActionAck {
  const bindings = [...s.bindings.values()];
  switch (a.type) {
    case "pressure": {
      let got = 0;
      for (const b of bindings) got += b.pressure(a.frames);
      const text = `Memory pressure: the kernel took ${got} frames. When free frames run out, the OOM killer picks a victim.`;
      for (const b of bindings) b.notice(`Teacher event - ${text}`);
      s.teacherDid(`memory pressure: ${a.frames} frames requested, ${got} taken`, "the kernel allocated frames for itself; a process that needs a frame now may wake the OOM killer", text);
      return { ok: true, message: `The kernel took ${got} frames.` };
    }
    case "release":
      for (const b of bindings) b.release();
      for (const b of bindings) b.notice("Teacher event - the kernel gave its extra frames back.");
      s.teacherDid("memory pressure released", "", "The kernel gave its frames back.");
      return { ok: true };
    case "revoke": {
      const keys = new Set<string>();
      for (const st of s.roster.values()) {
        if (st.rec.kicked) continue;
        if ("all" in a.target || ("team" in a.target && st.rec.team === a.target.team) || ("player" in a.target && st.rec.key === a.target.player)) keys.add(s.gameKey(st) ?? st.rec.key);
      }
      if (keys.size === 0) return { ok: false, error: "No student matches that target." };
      let had = 0;
      for (const b of bindings) had += b.revoke(a.cap, keys);
      const who = "all" in a.target ? "every student" : "team" in a.target ? `team ${teamName(a.target.team)}` : (s.roster.get(a.target.player)?.rec.nick ?? "a student");
      const text = `${a.cap} revoked from ${who}: their processes may no longer ${CAP_MEANING[a.cap]}; the ordinary permission checks apply.`;
      for (const b of bindings) b.notice(`Teacher event - ${text}`);
      s.teacherDid(`revoked ${a.cap} from ${who} (${had} processes had it)`, "capabilities(7): a process without the capability goes through the normal checks", text);
      return { ok: true, message: `${had} processes had ${a.cap}.` };
    }
    case "freeze": {
      for (const b of bindings) b.freeze(a.ticks);
      const main = s.mainBinding() ?? bindings[0];
      s.frozenUntil = main.session.kernel.tick + a.ticks;
      const text = `Scheduler frozen for ${a.ticks} ticks: no process is dispatched or preempted.`;
      for (const b of bindings) b.notice(`Teacher event - ${text}`);
      s.teacherDid(`froze the scheduler for ${a.ticks} ticks`, "running processes keep their cores; the run queue waits", text);
      return { ok: true };
    }
  }
}
