// A game session: one kernel, the players driving its processes, and the translation between
// their messages and kernel actions. No Colyseus and no sockets here (tldraw's sync-core habit):
// the room feeds messages in and sends what comes out, so this is tested with plain calls.

import { Kernel } from "../kernel/index.ts";
import type { Action, ActionResult, KernelEvent, ProcSpec } from "../kernel/types.ts";
import type { Outgoing, Player, RestoredPlayer, SessionHooks, SessionOptions } from "./types.ts";
import { S2C, type Notice } from "../../shared/protocol.ts";
import { decodeMessage } from "./decode.ts";
import { SIG, signalName } from "../../shared/abi/signals.ts";
import { MAX_MESSAGES_PER_SECOND, PLAYER_LOG_LINES, TTY_KEPT_CHARS } from "../../shared/params.ts";
import { MachineState, type PrivateView } from "../../shared/state.ts";
import { nanoid } from "nanoid";
import { Projector } from "./project.ts";
import { LatencyTracker } from "./latency.ts";
import { playerUsers, PLAYER_UID_BASE } from "./world.ts";

export type { Outgoing, Player, RestoredPlayer, SessionHooks, SessionOptions } from "./types.ts";

export class GameSession {
  readonly kernel: Kernel;
  readonly state = new MachineState();
  /** Players by their current connection's session id. */
  readonly players = new Map<string, Player>();
  private readonly byKey = new Map<string, Player>();
  private readonly outbox: Outgoing[] = [];
  private readonly projector: Projector;
  private readonly freeSlots: number[];
  private readonly latency = new LatencyTracker();

  readonly options: SessionOptions;
  private readonly hooks: SessionHooks[] = [];
  /** Browsers removed by the teacher: they may not come back into this session. */
  private readonly banned = new Set<string>();

  constructor(options: SessionOptions) {
    this.options = options;
    const users = [...(options.kernel?.users ?? []), ...playerUsers(options.maxPlayers)];
    this.kernel = options.restore ? Kernel.restore(options.restore.kernel) : new Kernel({ ...options.kernel, seed: options.seed, users });
    if (!options.restore) for (const spec of options.system ?? []) this.kernel.spawn(spec);
    this.freeSlots = Array.from({ length: options.maxPlayers }, (_, i) => i);
    this.state.mode = options.mode ?? "sandbox";
    this.projector = new Projector(this.kernel, this.state);
    for (const r of options.restore?.players ?? []) this.adopt(r);
    this.projector.project(this.players);
  }

  /** Take back a restored player: their Unix user slot, and their processes stopped until they rejoin. */
  private adopt(r: RestoredPlayer): void {
    const slot = this.freeSlots.indexOf(r.uid - PLAYER_UID_BASE);
    if (slot < 0 || this.byKey.has(r.key)) return;
    this.freeSlots.splice(slot, 1);
    const sessionId = `restored-${r.key}`;
    const p: Player = { key: r.key, playerId: r.playerId, sessionId, nick: r.nick, uid: r.uid, team: r.team, pid: r.pid, connected: true, log: [], logTotal: 0, tty: [], ttyTotal: 0 };
    this.players.set(sessionId, p);
    this.byKey.set(r.key, p);
    this.drop(sessionId);
  }

  /**
   * Admit a player: give them a Unix user and a fresh process. A browser that was here before
   * (same playerId) gets its old user and processes back. Error text if the machine is full.
   */
  join(sessionId: string, nick: string, playerId: string, team = -1): { ok: true; player: Player } | { ok: false; error: string } {
    if (this.banned.has(playerId)) return { ok: false, error: "The teacher removed you from this session, so you cannot rejoin it." };
    const known = [...this.byKey.values()].find((p) => p.playerId === playerId);
    if (known) return { ok: true, player: this.rebind(known, sessionId, nick) };
    for (const h of this.hooks) {
      const refusal = h.admit?.(playerId, nick);
      if (refusal) return { ok: false, error: refusal };
    }
    const slot = this.freeSlots.shift();
    if (slot === undefined) return { ok: false, error: "This machine is full: every user slot is taken. Try another room." };
    const key = `k${PLAYER_UID_BASE + slot}-${nanoid(8)}`;
    const player: Player = { key, playerId, sessionId, nick, uid: PLAYER_UID_BASE + slot, team, pid: 0, connected: true, log: [], logTotal: 0, tty: [], ttyTotal: 0 };
    this.players.set(sessionId, player);
    this.byKey.set(key, player);
    const spawned = this.spawnFor(player);
    if (!spawned.ok) {
      this.players.delete(sessionId);
      this.byKey.delete(key);
      this.freeSlots.unshift(slot);
      return spawned;
    }
    this.projector.project(this.players);
    for (const h of this.hooks) h.onJoin?.(player);
    return { ok: true, player };
  }

  /** Attach a mode's or the host's hooks. */
  addHooks(h: SessionHooks): void {
    this.hooks.push(h);
  }

  /** Find a player by their public key. */
  player(key: string): Player | undefined {
    return this.byKey.get(key);
  }

  /** Stop the kernel's clock: ticks do nothing until resume(). Actions may still queue. */
  pause(reason: string): void {
    this.state.paused = true;
    this.state.pauseReason = reason;
  }

  resume(): void {
    this.state.paused = false;
    this.state.pauseReason = "";
  }

  /** Remove a player for good: their processes are killed and their browser may not rejoin. */
  kick(key: string): Player | undefined {
    const p = this.byKey.get(key);
    if (!p) return undefined;
    this.banned.add(p.playerId);
    this.leave(p.sessionId);
    return p;
  }

  rename(key: string, nick: string): boolean {
    const p = this.byKey.get(key);
    if (!p) return false;
    p.nick = nick;
    this.projector.project(this.players);
    return true;
  }

  setTeam(key: string, team: number): boolean {
    const p = this.byKey.get(key);
    if (!p) return false;
    p.team = team;
    this.projector.project(this.players);
    return true;
  }

  /** Attach a returning player to a new connection, resuming their stopped processes. */
  private rebind(p: Player, sessionId: string, nick: string): Player {
    if (p.sessionId !== sessionId) {
      this.players.delete(p.sessionId);
      this.projector.forget(p.sessionId);
      p.sessionId = sessionId;
      this.players.set(sessionId, p);
    }
    p.nick = nick;
    if (!p.connected) this.reconnect(sessionId);
    this.projector.project(this.players);
    return p;
  }

  /** The connection dropped: stop the player's processes (SIGSTOP) until they come back. False if unknown. */
  drop(sessionId: string): boolean {
    const p = this.players.get(sessionId);
    if (!p) return false;
    p.connected = false;
    for (const pid of this.ownedPids(sessionId)) this.kernel.sendSignal(pid, SIG.SIGSTOP, `${p.nick} lost their connection`);
    this.projector.project(this.players);
    return true;
  }

  reconnect(sessionId: string): void {
    const p = this.players.get(sessionId);
    if (!p) return;
    p.connected = true;
    for (const pid of this.ownedPids(sessionId)) this.kernel.sendSignal(pid, SIG.SIGCONT, `${p.nick} is back`);
    this.projector.project(this.players);
  }

  /** The player is gone for good: their processes are killed and their slot freed. */
  leave(sessionId: string): void {
    const p = this.players.get(sessionId);
    if (!p) return;
    for (const pid of this.ownedPids(sessionId)) this.kernel.sendSignal(pid, SIG.SIGKILL, `${p.nick} left the game`);
    this.players.delete(sessionId);
    this.byKey.delete(p.key);
    for (const h of this.hooks) h.onLeave?.(p);
    this.freeSlots.push(p.uid - PLAYER_UID_BASE);
    this.projector.forget(sessionId);
    this.projector.project(this.players);
  }

  /**
   * Handle one message from a player. Every message is validated; a malformed or forged one
   * gets a readable notice and is recorded in the kernel's audit log as a privilege violation.
   */
  handle(sessionId: string, type: string, raw: unknown): void {
    const player = this.players.get(sessionId);
    if (!player) return;
    const intent = decodeMessage(type, raw);
    switch (intent.kind) {
      case "violation":
        return this.violation(player, intent.text, intent.message);
      case "error":
        return this.notice(sessionId, "error", intent.message);
      case "ping":
        return this.send(sessionId, S2C.PONG, intent.body);
      case "respawn":
        return this.respawn(player);
      case "select":
        return this.select(player, intent.pid);
      case "cancel":
        return this.withPid(player, intent.pid, (pid) => {
          this.kernel.cancel(pid);
          this.latency.cancelled(pid);
        });
      case "input":
        return this.withPid(player, intent.pid, (pid) => this.kernel.terminalInput(pid, intent.text));
      case "act":
        return this.act(player, intent.pid, intent.action);
      case "mode":
        for (const h of this.hooks) if (h.onMessage?.(player, intent.type, intent.body)) return;
        return this.notice(sessionId, "error", `This room does not take "${intent.type}" messages; they belong to another game mode.`);
    }
  }

  /** Queue a message for one player (by session id) or everyone ("*"): how hooks talk to clients. */
  post(to: string, type: string, body: unknown): void {
    this.send(to, type, body);
  }

  /** A player sent messages faster than the room takes them. */
  tooFast(sessionId: string): void {
    this.notice(sessionId, "error", `You are sending actions faster than ${MAX_MESSAGES_PER_SECOND} per second; the extra ones were dropped. Queue fewer at a time.`);
  }

  /** Advance the kernel one tick and route what happened. Does nothing while paused. */
  tick(): void {
    if (this.state.paused) return;
    this.kernel.step();
    for (const e of this.kernel.drainEvents()) this.route(e);
    // Actions of processes that died before running never report back; forget them.
    this.latency.afterTick(this.kernel);
    this.projector.project(this.players);
    for (const h of this.hooks) h.afterTick?.();
  }

  /** The player's private view (page table, fds, log, terminal) as it stands. */
  privateView(sessionId: string): PrivateView | undefined {
    return this.projector.channel(sessionId)?.view;
  }

  /** The player's whole private view, encoded, for the S2C.PRIVATE_FULL a (re)joining client needs. */
  privateFull(sessionId: string): Uint8Array | undefined {
    return this.projector.channel(sessionId)?.full();
  }

  /** What changed in the player's private view since it was last sent, encoded (S2C.PRIVATE). */
  privatePatch(sessionId: string): Uint8Array | undefined {
    return this.projector.channel(sessionId)?.patch();
  }

  /** Messages produced since the last flush. */
  flush(): Outgoing[] {
    return this.outbox.splice(0);
  }

  /** pids this player owns: the process it spawned as and everything forked from it. */
  ownedPids(sessionId: string): number[] {
    const key = this.players.get(sessionId)?.key;
    return key === undefined ? [] : this.kernel.pidsTagged(key);
  }

  private spawnFor(player: Player): { ok: true } | { ok: false; error: string } {
    const extra: Partial<ProcSpec> = Object.assign({}, ...this.hooks.map((h) => h.processSpec?.(player) ?? {}));
    const r = this.kernel.spawn({ ...extra, name: commName(player.nick), uid: player.uid, gid: player.uid, tag: player.key });
    if (!r.ok) return { ok: false, error: `The kernel could not start your process: ${r.error}` };
    player.pid = r.pid;
    return { ok: true };
  }

  private respawn(player: Player): void {
    if (this.ownedPids(player.sessionId).length > 0) return this.notice(player.sessionId, "info", "You still have a live process; respawn is for when all of yours have died.");
    const r = this.spawnFor(player);
    if (!r.ok) return this.notice(player.sessionId, "error", r.error);
    this.pushLog(player, `--- new process ${player.pid} started as ${this.kernel.userName(player.uid)} ---`);
  }

  private select(player: Player, pid: number): void {
    if (this.usable(player, pid)) player.pid = pid;
  }

  private withPid(player: Player, pid: number | undefined, fn: (pid: number) => void): void {
    const target = pid ?? player.pid;
    if (this.usable(player, target)) fn(target);
  }

  /**
   * May the player drive pid? If not, say why: someone else's process is a privilege violation
   * (audited); the player's own exited one is not, since it may have exited while the action was
   * on its way (the client offers no exited process).
   */
  private usable(player: Player, pid: number): boolean {
    const whose = this.kernel.ownership(pid, player.key);
    if (whose === "live") return true;
    // The player's own process (the server's record, not the message's) is never a forgery, even
    // if its pid has since been given to someone else's process.
    if (pid === player.pid) this.notice(player.sessionId, "error", "You have no live process. Press R to respawn.");
    else if (whose === "other") this.forged(player, pid);
    else if (whose === "exited") this.notice(player.sessionId, "error", `Process ${pid} has exited: it stays a zombie until its parent waits for it, and runs nothing more.`);
    else this.notice(player.sessionId, "error", `There is no process ${pid} (it may have exited and been reaped).`);
    return false;
  }

  private act(player: Player, pid: number | undefined, action: Action): void {
    for (const h of this.hooks) {
      const refusal = h.refuse?.(player, action);
      if (refusal) return this.notice(player.sessionId, "error", refusal);
    }
    this.withPid(player, pid, (target) => {
      const r = this.kernel.submit(target, action);
      if (!r.ok && !r.full) return this.notice(player.sessionId, "error", r.error);
      if (!r.ok) {
        // Told once per burst, like the message throttle: a player who keeps clicking hears it
        // once, not once per click, and hears it again only after the queue has taken an action.
        if (player.toldFull) return;
        player.toldFull = true;
        return this.notice(player.sessionId, "error", `${r.error}: it takes them one at a time, on its own time slices. Further actions are dropped until it has room (Backspace drops the queue).`);
      }
      player.toldFull = false;
      this.latency.submitted(this.kernel, target, r.ticket);
    });
  }

  private forged(player: Player, pid: number): void {
    this.violation(player, `tried to act as pid ${pid}, which is not one of its processes`, `Process ${pid} is not yours. A process can only make its own system calls; the kernel never runs code on behalf of another process.`);
  }

  private violation(player: Player, text: string, message: string): void {
    this.kernel.recordViolation(player.pid, `${player.nick}: ${text}`, "privilege violation: the server only accepts well-formed actions for your own processes");
    for (const h of this.hooks) h.onViolation?.(player, text);
    this.notice(player.sessionId, "error", message);
  }

  private route(e: KernelEvent): void {
    this.projector.noteEvent(e);
    if (this.hooks.length > 0) {
      const owner = this.ownerOf(e.type === "result" ? e.result.pid : e.type === "fork" ? e.parent : e.type === "reaped" ? e.by : e.type === "oom-kill" ? e.victim : e.pid);
      for (const h of this.hooks) h.onEvent?.(e, owner);
    }
    if (e.type === "result") return this.routeResult(e.result);
    if (e.type === "oom-kill") return this.send("*", S2C.EVENT, e);
    const pid = e.type === "fork" ? e.parent : e.type === "reaped" ? e.by : e.pid;
    const owner = this.ownerOf(pid);
    if (!owner) return;
    if (e.type === "signal" && e.outcome !== "pending") this.pushLog(owner, `--- ${signalName(e.sig)} to ${e.pid}: ${e.outcome} ---`);
    if (e.type === "exit") this.pushLog(owner, `+++ ${e.pid} ${e.signal ? `killed by ${signalName(e.signal)}${e.core ? " (core dumped)" : ""}` : `exited with ${e.status}`} +++`);
    this.send(owner.sessionId, S2C.EVENT, e);
  }

  private routeResult(r: ActionResult): void {
    this.latency.completed(r);
    const owner = this.ownerOf(r.pid);
    this.projector.noteResult(r);
    if (!owner) return;
    this.pushLog(owner, `${r.line} — ${r.reason}`);
    const output = r.kind === "syscall" ? (r as { output?: string }).output : undefined;
    if (output) this.pushTty(owner, output);
    this.send(owner.sessionId, S2C.RESULT, r);
    for (const h of this.hooks) h.onResult?.(owner, r);
  }

  private ownerOf(pid: number): Player | undefined {
    const tag = this.kernel.proc(pid)?.tag ?? this.projector.tagOf(pid);
    return tag ? this.byKey.get(tag) : undefined;
  }

  private pushLog(p: Player, line: string): void {
    p.log.push(line);
    p.logTotal++;
    if (p.log.length > PLAYER_LOG_LINES) p.log.splice(0, p.log.length - PLAYER_LOG_LINES);
  }

  private pushTty(p: Player, text: string): void {
    p.tty.push(text.slice(-TTY_KEPT_CHARS));
    p.ttyTotal++;
    let chars = p.tty.reduce((n, piece) => n + piece.length, 0);
    while (chars > TTY_KEPT_CHARS) chars -= p.tty.shift()!.length;
  }

  private notice(to: string, level: Notice["level"], message: string): void {
    this.send(to, S2C.NOTICE, { level, message } satisfies Notice);
  }

  private send(to: string, type: string, body: unknown): void {
    this.outbox.push({ to, type, body });
  }
}

/** A process name from a nickname: like Linux's comm, at most 15 bytes, printable ASCII. */
export function commName(nick: string): string {
  const ascii = nick.replace(/[^\x21-\x7e]/g, "").slice(0, 15);
  return ascii || "player";
}
