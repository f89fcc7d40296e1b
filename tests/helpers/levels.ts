// Playing a level through the real room protocol, the way the browser does: an @colyseus/sdk
// client in a level room, sending palette messages and reading results, events, notices, level
// messages and the synced level view. Used by tests/rooms/levels.test.ts and its solutions table.

import type { Room as ClientRoom } from "@colyseus/sdk";
import type { AccessResult, ActionResult, KernelEvent, SyscallResult } from "../../shared/kernel.ts";
import type { LevelMessage } from "../../shared/levels/types.ts";
import { ROOM, S2C, type Notice } from "../../shared/protocol.ts";
import { MachineState } from "../../shared/state.ts";
import type { TestGame } from "./game.ts";
import { joinOptions, waitForState } from "./game.ts";

export type Arg = number | string;

export class LevelDriver {
  readonly room: ClientRoom<any, MachineState>;
  readonly results: ActionResult[] = [];
  readonly events: KernelEvent[] = [];
  readonly notices: Notice[] = [];
  readonly messages: LevelMessage[] = [];
  private waiters: (() => void)[] = [];

  constructor(room: ClientRoom<any, MachineState>) {
    this.room = room;
    const push = <T>(list: T[]) => (m: T) => {
      list.push(m);
      for (const w of this.waiters.splice(0)) w();
    };
    room.onMessage(S2C.RESULT, push(this.results));
    room.onMessage(S2C.EVENT, push(this.events));
    room.onMessage(S2C.NOTICE, push(this.notices));
    room.onMessage(S2C.LEVEL, push(this.messages));
  }

  /** Create a level room for `playerId` (a fresh attempt) and wait for its first state. */
  static async open(game: TestGame, levelId: string, playerId: string, nick = "tester"): Promise<LevelDriver> {
    const room = await game.colyseus.sdk.create(ROOM.LEVEL, joinOptions(nick, { playerId, levelId }), MachineState);
    await room.waitForInitialState();
    const d = new LevelDriver(room as ClientRoom<any, MachineState>);
    await waitForState(d.room, (s) => s.level.id === levelId && (s.players.get(room.sessionId)?.pid ?? 0) > 0);
    return d;
  }

  get level() {
    return this.room.state.level;
  }

  /** The process the palette drives now. */
  pid(): number {
    return this.room.state.players.get(this.room.sessionId)?.pid ?? 0;
  }

  send(type: string, body: unknown): void {
    this.room.send(type as never, body as never);
  }

  begin(): void {
    this.send("begin", {});
  }

  finish(): void {
    this.send("finish", {});
  }

  /** Send a syscall without waiting for it. */
  queue(name: string, args: Arg[], pid?: number): void {
    this.send("syscall", { name, args, ...(pid ? { pid } : {}) });
  }

  compute(ticks: number): void {
    this.send("compute", { ticks });
  }

  /** Issue a syscall and wait for its result. */
  async call(name: string, args: Arg[], pid?: number, timeoutMs = 8000): Promise<SyscallResult> {
    const who = pid ?? this.pid();
    const from = this.results.length;
    this.queue(name, args, pid);
    return (await this.until(() => this.results.slice(from).find((r) => r.kind === "syscall" && r.name === name && r.pid === who), `${name} result`, timeoutMs)) as SyscallResult;
  }

  /** A load, store or exec, and its result. */
  async access(op: "load" | "store" | "exec", addr: string, value?: number): Promise<AccessResult> {
    const who = this.pid();
    const from = this.results.length;
    this.send("access", { op, addr, ...(value === undefined ? {} : { value }) });
    return (await this.until(() => this.results.slice(from).find((r) => r.kind === "access" && r.pid === who), `${op} result`)) as AccessResult;
  }

  /** Predict the next action's outcome; resolves once the room has taken it. */
  async predict(outcome: string): Promise<void> {
    const from = this.notices.length;
    this.send("predict", { outcome });
    const n = await this.until(() => this.notices.slice(from).find((x) => /Prediction noted|Predict/.test(x.message)), "prediction notice");
    if (!n.message.startsWith("Prediction noted")) throw new Error(`prediction refused: ${n.message}`);
  }

  async hint(): Promise<string> {
    const from = this.messages.length;
    this.send("hint", {});
    const m = await this.until(() => this.messages.slice(from).find((x) => x.type === "hint"), "hint");
    return (m as { text: string }).text;
  }

  /** The next level message of a type. */
  async message<T extends LevelMessage["type"]>(type: T, timeoutMs = 8000): Promise<Extract<LevelMessage, { type: T }>> {
    return (await this.until(() => this.messages.find((m) => m.type === type), `level message "${type}"`, timeoutMs)) as Extract<LevelMessage, { type: T }>;
  }

  async event(pred: (e: KernelEvent) => boolean, what: string, timeoutMs = 12000): Promise<KernelEvent> {
    return this.until(() => this.events.find(pred), what, timeoutMs);
  }

  async phase(phase: string, timeoutMs = 12000): Promise<void> {
    await waitForState(this.room, (s) => s.level.phase === phase, timeoutMs);
  }

  /** Let the room tick a few times (the check runs after each tick). */
  async ticks(n: number): Promise<void> {
    const t0 = this.room.state.tick;
    await waitForState(this.room, (s) => s.tick >= t0 + n, 5000 + n * 400);
  }

  async leave(): Promise<void> {
    await this.room.leave().catch(() => undefined);
  }

  private until<T>(find: () => T | undefined, what: string, timeoutMs = 8000): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const tail = this.notices.slice(-3).map((n) => n.message).join(" | ");
        reject(new Error(`no ${what} within ${timeoutMs} ms${tail ? ` (last notices: ${tail})` : ""}`));
      }, timeoutMs);
      const check = () => {
        const f = find();
        if (f === undefined) return void this.waiters.push(check);
        clearTimeout(timer);
        resolve(f);
      };
      this.waiters.push(check);
    });
  }
}
