// Projects kernel state onto the synced schema after each tick. Assignments only happen when a
// value changed, so the Colyseus patch carries just the differences.

import type { ArraySchema } from "@colyseus/schema";
import type { Kernel } from "../kernel/index.ts";
import type { ActionResult, KernelEvent, ProcInfo } from "../kernel/types.ts";
import { capNames } from "../../shared/abi/caps.ts";
import { signalName } from "../../shared/abi/signals.ts";
import { formatAddr } from "../../shared/addr.ts";
import { LAYOUT } from "../../shared/params.ts";
import { FdView, MachineState, PageView, PlayerView, ProcView, VmaView, type PrivateView } from "../../shared/state.ts";
import type { Player } from "./session.ts";
import { PrivateChannel } from "./private.ts";
import { assignChanged, set, syncNumbers, syncQueue, syncSchemas } from "./sync.ts";

/** What of a process says whether it has run since it was last projected (see projectPlayer). */
type Run = Pick<ProcInfo, "pid" | "utime" | "stime" | "state" | "minorFaults" | "caps">;
const runOf = (p: ProcInfo): Run => ({ pid: p.pid, utime: p.utime, stime: p.stime, state: p.state, minorFaults: p.minorFaults, caps: p.caps });
const sameRun = (a: Run, p: ProcInfo): boolean =>
  a.pid === p.pid && a.utime === p.utime && a.stime === p.stime && a.state === p.state && a.minorFaults === p.minorFaults && a.caps === p.caps;

const NONE: readonly number[] = [];

/** ProcView.state for a process that is gone but still shown (as a ghost) until its owner respawns. */
export const EXITED = "EXITED";

export class Projector {
  private readonly tags = new Map<number, string>();
  private readonly exits = new Map<number, string>();
  private readonly logSeen = new Map<string, number>();
  private readonly ttySeen = new Map<string, number>();
  private readonly mmSeen = new Map<string, Run>();
  /** Each player's private view and its encoder, by session id. */
  private readonly privates = new Map<string, PrivateChannel>();

  private readonly kernel: Kernel;
  private readonly state: MachineState;

  constructor(kernel: Kernel, state: MachineState) {
    this.kernel = kernel;
    this.state = state;
  }

  /** Remember the public outcome of a result so every client can animate the gate crossing. */
  noteResult(r: ActionResult): void {
    const v = this.state.procs.get(String(r.pid));
    if (!v) return;
    v.lastTick = r.tick;
    if (r.kind === "syscall") {
      v.lastCall = r.name;
      v.lastOutcome = r.errno ?? `= ${r.ret}`;
    } else if (r.kind === "access") {
      v.lastCall = `${r.op} ${formatAddr(r.addr)}`;
      v.lastOutcome = r.ok ? "ok" : (r.fault?.signal ?? "fault");
    } else {
      v.lastCall = "compute";
      v.lastOutcome = "";
    }
  }

  /** Remember how a process ended, for its ghost. */
  noteEvent(e: KernelEvent): void {
    if (e.type === "exit") this.exits.set(e.pid, e.signal ? `killed by ${signalName(e.signal)}` : `exited with ${e.status}`);
  }

  /** The player's private channel (created by the first projection after they joined). */
  channel(sessionId: string): PrivateChannel | undefined {
    return this.privates.get(sessionId);
  }

  tagOf(pid: number): string | undefined {
    return this.tags.get(pid);
  }

  /** Drop everything shown for a player who left. */
  forget(sessionId: string): void {
    const key = this.state.players.get(sessionId)?.id;
    this.privates.delete(sessionId);
    this.logSeen.delete(sessionId);
    this.ttySeen.delete(sessionId);
    this.mmSeen.delete(sessionId);
    this.state.players.delete(sessionId);
    for (const [pid, v] of this.state.procs) if (v.owner === key && v.state === EXITED) this.state.procs.delete(pid);
  }

  project(players: ReadonlyMap<string, Player>): void {
    const k = this.kernel;
    const s = this.state;
    set(s, "tick", k.tick);
    const sched = k.sched();
    set(s, "policy", sched.policy);
    set(s, "quantum", sched.quantum);
    set(s, "allotment", sched.allotment);
    set(s, "boost", sched.boost);
    syncNumbers(s.cores, k.cores());
    syncQueue(s.runQueue, k.runQueue());
    const frames = k.frames();
    syncNumbers(s.frames, frames.owner);
    syncNumbers(s.frameRefs, frames.refcount);

    const byKey = new Map<string, Player>();
    for (const p of players.values()) byKey.set(p.key, p);
    const live = new Set<string>();
    const infos = new Map<number, ProcInfo>();
    const mine = new Map<string, number[]>();
    for (const p of k.ps()) {
      infos.set(p.pid, p);
      if (p.pid === 1) continue;
      if (p.tag && p.state !== "ZOMBIE") {
        const pids = mine.get(p.tag);
        if (pids) pids.push(p.pid);
        else mine.set(p.tag, [p.pid]);
      }
      const key = String(p.pid);
      live.add(key);
      if (p.tag) this.tags.set(p.pid, p.tag);
      let v = s.procs.get(key);
      if (!v) {
        v = new ProcView();
        v.pid = p.pid;
        s.procs.set(key, v);
      }
      this.projectProc(v, p, byKey.get(p.tag));
    }
    for (const [key, v] of s.procs) {
      if (live.has(key)) continue;
      const owner = byKey.get(v.owner);
      // A dead player process stays as a ghost while its owner has nothing newer alive.
      if (owner && owner.pid === v.pid) {
        set(v, "state", EXITED);
        set(v, "core", -1);
        set(v, "exit", this.exits.get(v.pid) ?? "exited");
      } else {
        s.procs.delete(key);
        this.exits.delete(v.pid);
      }
    }

    for (const p of players.values()) this.projectPlayer(p, mine.get(p.key) ?? NONE, infos.get(p.pid));
  }

  /**
   * Append what is new in a kept tail (`items`, of `total` ever added) and drop what the tail
   * dropped: a new line sends only itself, never the whole log again.
   */
  private syncTail(arr: ArraySchema<string>, items: readonly string[], total: number, seen: Map<string, number>, sessionId: string): void {
    const before = seen.get(sessionId) ?? 0;
    if (before === total) return; // nothing added, so nothing dropped either
    const fresh = Math.min(total - before, items.length);
    for (let i = items.length - fresh; i < items.length; i++) arr.push(items[i]);
    while (arr.length > items.length) arr.shift();
    seen.set(sessionId, total);
  }

  private projectProc(v: ProcView, p: ProcInfo, owner: Player | undefined): void {
    const next = {
      ppid: p.ppid,
      name: p.name,
      owner: p.tag,
      nick: owner?.nick ?? "",
      team: owner?.team ?? -1,
      state: p.state,
      wchan: p.wchan,
      ring: p.ring,
      uid: p.ruid,
      euid: p.euid,
      nice: p.nice,
      core: p.core,
      utime: p.utime,
      stime: p.stime,
      rss: p.rss,
      level: p.level,
      badness: Math.max(0, Math.round(p.badness)),
      queued: p.queued,
      exit: p.state === "ZOMBIE" ? (this.exits.get(p.pid) ?? "exited") : "",
    };
    assignChanged(v, next);
  }

  private projectPlayer(player: Player, mine: readonly number[], info: ProcInfo | undefined): void {
    const s = this.state;
    let pv = s.players.get(player.sessionId);
    if (!pv) {
      pv = new PlayerView();
      pv.id = player.key;
      s.players.set(player.sessionId, pv);
    }
    assignChanged(pv, { nick: player.nick, team: player.team, pid: player.pid, connected: player.connected });

    let channel = this.privates.get(player.sessionId);
    if (!channel) {
      channel = new PrivateChannel();
      this.privates.set(player.sessionId, channel);
    }
    const priv: PrivateView = channel.view;
    this.syncTail(priv.log, player.log, player.logTotal, this.logSeen, player.sessionId);
    this.syncTail(priv.tty, player.tty, player.ttyTotal, this.ttySeen, player.sessionId);
    const k = this.kernel;
    syncNumbers(priv.mine, mine);
    set(priv, "pid", info ? player.pid : 0);
    if (!info || info.state === "ZOMBIE") return;
    // Only a process's own actions change its address space, credentials and fds: if it has not
    // run since the last projection, there is nothing new to send.
    const seen = this.mmSeen.get(player.sessionId);
    if (seen && sameRun(seen, info)) return;
    if (seen) Object.assign(seen, runOf(info)); // in place: one long-lived record per player, not one per tick
    else this.mmSeen.set(player.sessionId, runOf(info));
    set(priv, "ruid", info.ruid);
    set(priv, "suid", info.suid);
    set(priv, "egid", info.egid);
    syncNumbers(priv.groups, info.groups);
    set(priv, "caps", capNames(info.caps).join(","));
    const vmas = k.vmas(player.pid);
    const heap = vmas.find((m) => m.name === "heap");
    set(priv, "brk", formatAddr(heap ? heap.end : LAYOUT.HEAP));
    syncSchemas(priv.vmas, vmas, () => new VmaView(), (v, m) => {
      set(v, "start", formatAddr(m.start));
      set(v, "end", formatAddr(m.end));
      set(v, "prot", m.prot);
      set(v, "flags", m.flags);
      set(v, "name", m.name);
    });
    syncSchemas(priv.pages, k.pageTable(player.pid), () => new PageView(), (v, pg) => {
      set(v, "addr", formatAddr(pg.addr));
      set(v, "vma", pg.vma);
      set(v, "present", pg.present);
      set(v, "writable", pg.writable);
      set(v, "user", pg.user);
      set(v, "nx", pg.nx);
      set(v, "cow", pg.cow);
      set(v, "frame", pg.frame);
    });
    syncSchemas(priv.fds, k.fds(player.pid), () => new FdView(), (v, f) => {
      set(v, "fd", f.fd);
      set(v, "path", f.path);
      set(v, "flags", f.flags);
      set(v, "offset", f.offset);
    });
  }
}
