// The client's one store: the connection, the latest snapshot of the machine, my results, notices
// and events. Scenes and DOM panels read it and subscribe to it; only actions.ts sends.

import type { ActionResult, KernelEvent } from "../../shared/kernel.ts";
import { S2C, type Notice } from "../../shared/protocol.ts";
import type { ConnStatus, GameConnection } from "./connection.ts";
import { announcements, diffMachines, type MapEvent } from "./logic/diff.ts";
import { eventSentence, resultSentence } from "./logic/format.ts";
import { emptyMachine, emptyPrivate, normalizeMachine, procByPid, type MachineSnap, type PrivateSnap, type ProcSnap } from "./logic/snapshot.ts";

export const RESULTS_KEPT = 50;

type Listener<T> = (v: T) => void;

class Emitter<T> {
  private cbs = new Set<Listener<T>>();
  on(cb: Listener<T>): () => void {
    this.cbs.add(cb);
    return () => this.cbs.delete(cb);
  }
  emit(v: T): void {
    for (const cb of [...this.cbs]) {
      try {
        cb(v);
      } catch (e) {
        console.error(e);
      }
    }
  }
}

export class Session {
  conn: GameConnection | undefined;
  nickname = "";
  machine: MachineSnap = emptyMachine();
  prevMachine: MachineSnap | undefined;
  results: ActionResult[] = [];
  notices: string[] = [];
  status: ConnStatus = { kind: "connected" };
  /** Which of my processes the palette and the keys drive (0: the one the server says is mine). */
  selectedPid = 0;

  readonly machineChanged = new Emitter<{ machine: MachineSnap; events: MapEvent[] }>();
  readonly resultArrived = new Emitter<ActionResult>();
  readonly kernelEvent = new Emitter<KernelEvent>();
  readonly statusChanged = new Emitter<ConnStatus>();
  /** Sentences for the live region (and the on-screen ticker). */
  readonly said = new Emitter<{ text: string; level: "info" | "error"; minor: boolean }>();

  private offs: (() => void)[] = [];

  start(conn: GameConnection, nickname: string): void {
    this.stop();
    this.conn = conn;
    this.nickname = nickname;
    this.machine = emptyMachine();
    this.prevMachine = undefined;
    this.results = [];
    this.notices = [];
    this.selectedPid = 0;
    this.status = { kind: "connected" };
    this.offs.push(
      conn.onState(() => this.refresh()),
      conn.onMessage(S2C.RESULT, (r) => this.onResult(r as ActionResult)),
      conn.onMessage(S2C.EVENT, (e) => this.onEvent(e as KernelEvent)),
      conn.onMessage(S2C.NOTICE, (n) => this.notice(n as Notice)),
      conn.onMessage(S2C.PONG, () => {}),
      conn.onStatus((s) => {
        this.status = s;
        this.statusChanged.emit(s);
      }),
    );
    this.refresh();
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    this.conn = undefined;
  }

  /** Re-read the synced state, diff it, tell the views. */
  refresh(): void {
    if (!this.conn) return;
    const next = normalizeMachine(this.conn.snapshot());
    const prev = this.machine.procs && Object.keys(this.machine.procs).length ? this.machine : undefined;
    const events = diffMachines(prev, next);
    this.prevMachine = prev;
    this.machine = next;
    const mine = new Set(this.myPids());
    for (const text of announcements(events, next, prev, mine)) this.say(text, "info", /^Your process \d+ is /.test(text));
    this.machineChanged.emit({ machine: next, events });
  }

  private onResult(r: ActionResult): void {
    this.results.push(r);
    if (this.results.length > RESULTS_KEPT) this.results.splice(0, this.results.length - RESULTS_KEPT);
    this.resultArrived.emit(r);
    this.say(resultSentence(r), r.kind === "syscall" && r.errno ? "error" : r.kind === "access" && r.fault ? "error" : "info");
  }

  private onEvent(e: KernelEvent): void {
    this.kernelEvent.emit(e);
    const nickOf = (pid: number) => procByPid(this.machine, pid)?.nick ?? "";
    const text = eventSentence(e, nickOf);
    if (text) this.say(text, e.type === "oom-kill" || (e.type === "signal" && e.outcome === "killed") ? "error" : "info");
  }

  notice(n: Notice | string): void {
    const text = typeof n === "string" ? n : n.message;
    const level = typeof n === "string" ? "error" : n.level;
    this.notices.push(text);
    if (this.notices.length > RESULTS_KEPT) this.notices.splice(0, this.notices.length - RESULTS_KEPT);
    this.say(text, level);
  }

  /** Say something in the live region and the ticker; `minor` lines (my state changes) never hide a recent result. */
  say(text: string, level: "info" | "error" = "info", minor = false): void {
    this.said.emit({ text, level, minor });
  }

  get sessionId(): string {
    return this.conn?.sessionId ?? "";
  }

  /** My private view (page table, fds, log): the one entry of `privates` my StateView holds. */
  myPrivate(): PrivateSnap {
    const p = this.machine.privates[this.sessionId] ?? Object.values(this.machine.privates)[0];
    return p ?? emptyPrivate();
  }

  /** The pid the server says I drive now. */
  serverPid(): number {
    const priv = this.myPrivate();
    if (priv.pid) return priv.pid;
    const me = this.machine.players[this.sessionId];
    return me?.pid ?? 0;
  }

  /** My processes: the one I spawned as and the children I forked. */
  myPids(): number[] {
    const mine = this.myPrivate().mine;
    const server = this.serverPid();
    return mine.length ? mine : server ? [server] : [];
  }

  /** The process my actions drive: the selected one while it exists, else the server's choice. */
  myPid(): number {
    const mine = this.myPids();
    if (this.selectedPid && mine.includes(this.selectedPid) && procByPid(this.machine, this.selectedPid)) return this.selectedPid;
    return this.serverPid();
  }

  myProc(): ProcSnap | undefined {
    return procByPid(this.machine, this.myPid());
  }

  /** Owner id of my processes (the public player id the server stamps on them). */
  myOwner(): string {
    return procByPid(this.machine, this.serverPid())?.owner ?? "";
  }
}

export const session = new Session();
