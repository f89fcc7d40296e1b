import { beforeEach, describe, expect, test } from "vitest";
import type { ActionResult } from "../../shared/kernel.ts";
import type { ConnStatus, GameConnection } from "../../client/src/connection.ts";
import { RESULTS_KEPT, session } from "../../client/src/session.ts";
import * as actions from "../../client/src/actions.ts";
import { Msg } from "../../shared/protocol.ts";
import { MAX_QUEUED_ACTIONS } from "../../shared/params.ts";

/** A connection that records what was sent and lets the test push state and messages. */
function fakeConnection() {
  let state: unknown = {
    tick: 1,
    cores: [0, 0],
    runQueue: [],
    frames: [],
    frameRefs: [],
    procs: { "7": { pid: 7, ppid: 1, nick: "ada", owner: "k1", state: "BLOCKED", wchan: "tty", exit: "", lastTick: 0, lastCall: "" } },
    players: { s1: { id: "k1", nick: "ada", pid: 7 } },
    privates: { s1: { pid: 7, mine: [7, 9], vmas: [], pages: [], fds: [], log: [], tty: "" } },
  };
  const sent: { type: string; msg: unknown }[] = [];
  const stateCbs = new Set<() => void>();
  const msgCbs = new Map<string, (p: unknown) => void>();
  const statusCbs = new Set<(s: ConnStatus) => void>();
  const conn: GameConnection = {
    sessionId: "s1",
    roomId: "r1",
    snapshot: () => state,
    send: (type, msg) => void sent.push({ type, msg }),
    onState: (cb) => (stateCbs.add(cb), () => stateCbs.delete(cb)),
    onMessage: (type, cb) => (msgCbs.set(type, cb), () => msgCbs.delete(type)),
    onStatus: (cb) => (statusCbs.add(cb), () => statusCbs.delete(cb)),
    leave: async () => {},
  };
  return {
    conn,
    sent,
    setState(s: unknown) {
      state = s;
      stateCbs.forEach((cb) => cb());
    },
    message(type: string, body: unknown) {
      msgCbs.get(type)?.(body);
    },
    status(s: ConnStatus) {
      statusCbs.forEach((cb) => cb(s));
    },
    get state() {
      return state as Record<string, unknown>;
    },
  };
}

let fake: ReturnType<typeof fakeConnection>;
const said: string[] = [];

beforeEach(() => {
  fake = fakeConnection();
  said.length = 0;
  session.start(fake.conn, "ada");
  session.said.on(({ text }) => said.push(text));
});

describe("session", () => {
  test("knows my pid and my processes from my private view", () => {
    expect(session.myPid()).toBe(7);
    expect(session.myPids()).toEqual([7, 9]);
    expect(session.myProc()?.nick).toBe("ada");
  });

  test("keeps the last 50 results and says each one", () => {
    for (let i = 0; i < RESULTS_KEPT + 5; i++) {
      const r: ActionResult = { kind: "compute", ticket: i, pid: 7, tick: i, ticks: 1, line: `compute #${i}`, reason: "" };
      fake.message("result", r);
    }
    expect(session.results).toHaveLength(RESULTS_KEPT);
    expect(session.results[0].ticket).toBe(5);
    expect(said.at(-1)).toBe(`compute #${RESULTS_KEPT + 4}`);
  });

  test("notices are kept and said", () => {
    fake.message("notice", { level: "error", message: "too fast" });
    expect(session.notices).toEqual(["too fast"]);
    expect(said).toContain("too fast");
  });

  test("a state change of my process is announced", () => {
    const s = structuredClone(fake.state) as { procs: Record<string, Record<string, unknown>>; cores: number[] };
    s.procs["7"].state = "RUNNING";
    s.procs["7"].core = 1;
    s.cores = [0, 7];
    fake.setState(s);
    expect(said).toContain("Your process 7 is running on core 1");
  });

  test("connection status is tracked", () => {
    fake.status({ kind: "reconnecting" });
    expect(session.status.kind).toBe("reconnecting");
  });
});

describe("actions", () => {
  test("valid calls are sent, with my pid, in the protocol's shape", () => {
    expect(actions.syscall("open", ["/etc/shadow", "O_RDONLY", "0644"])).toEqual({ ok: true });
    expect(actions.access("store", "0xffffffff81000000")).toEqual({ ok: true });
    expect(actions.compute(3)).toEqual({ ok: true });
    expect(actions.syscall({ nr: 450 }, [])).toEqual({ ok: true });
    expect(actions.input("hi\n")).toEqual({ ok: true });
    expect(actions.respawn()).toEqual({ ok: true });
    for (const m of fake.sent) expect(Msg[m.type as keyof typeof Msg].safeParse(m.msg).success, m.type).toBe(true);
    expect(fake.sent[0]).toEqual({ type: "syscall", msg: { pid: 7, name: "open", args: ["/etc/shadow", "O_RDONLY", "0644"] } });
  });

  test("garbage is refused with a readable error and never sent", () => {
    const r = actions.syscall("open", ["/etc/shadow", "O_WHATEVER", "0644"]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/O_WHATEVER/);
    expect(actions.syscall("frobnicate", []).ok).toBe(false);
    expect(actions.access("store", "kernel please").ok).toBe(false);
    expect(actions.compute(0).ok).toBe(false);
    expect(actions.syscall("write", [1, "x"]).ok).toBe(false); // count missing
    expect(fake.sent).toEqual([]);
    expect(session.notices.length).toBeGreaterThanOrEqual(4);
  });

  test("an action for a process whose queue is full is refused here, with what to do", () => {
    const s = structuredClone(fake.state) as { procs: Record<string, Record<string, unknown>> };
    s.procs["7"].queued = MAX_QUEUED_ACTIONS;
    fake.setState(s);
    for (const r of [actions.compute(1), actions.syscall("getpid", []), actions.access("load", "0x400000")]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/already has 8 actions waiting.*Backspace/);
    }
    expect(fake.sent).toEqual([]);
    expect(actions.cancel()).toEqual({ ok: true }); // dropping the queue is always possible
    s.procs["7"].queued = MAX_QUEUED_ACTIONS - 1;
    fake.setState(s);
    expect(actions.compute(1)).toEqual({ ok: true });
  });

  test("select drives later actions", () => {
    actions.select(9);
    const s = structuredClone(fake.state) as { procs: Record<string, unknown> };
    s.procs["9"] = { pid: 9, ppid: 7, nick: "ada", owner: "k1", state: "BLOCKED", wchan: "tty", exit: "", lastTick: 0, lastCall: "" };
    fake.setState(s);
    actions.compute(1);
    expect(fake.sent.at(-1)).toEqual({ type: "compute", msg: { pid: 9, ticks: 1 } });
  });
});
