// The sandbox room through its public boundary: the Colyseus protocol, as a browser speaks it.

import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { Room as ClientRoom } from "@colyseus/sdk";
import { MachineState } from "../../shared/state.ts";
import { CLOSE, ROOM, S2C } from "../../shared/protocol.ts";
import { MAX_MESSAGES_PER_SECOND } from "../../shared/params.ts";
import type { GameSession } from "../../server/game/session.ts";
import { bootGame, followPrivate, joinOptions, waitForMessageWhere, waitForPrivate, waitForState, type TestGame } from "../helpers/game.ts";
import type { PrivateMirror } from "../../shared/private.ts";
import { roomTicks } from "../../server/ticks.ts";
import { log } from "../../server/log.ts";

let game: TestGame;

beforeAll(async () => {
  game = await bootGame();
});
afterAll(async () => {
  await game.close();
});

const mirrors = new WeakMap<ClientRoom, PrivateMirror>();

async function join(nick: string): Promise<ClientRoom<any, MachineState>> {
  const room = await game.colyseus.sdk.joinOrCreate(ROOM.SANDBOX, joinOptions(nick), MachineState);
  mirrors.set(room, followPrivate(room));
  await room.waitForInitialState();
  return room as ClientRoom<any, MachineState>;
}

/** The player's private view as their browser holds it. */
function privateOf(room: ClientRoom): PrivateMirror {
  return mirrors.get(room)!;
}

function sessionOf(room: ClientRoom): GameSession {
  return (game.colyseus.getRoomById(room.roomId) as unknown as { session: GameSession }).session;
}

function myPid(room: ClientRoom<any, MachineState>): number {
  return room.state.players.get(room.sessionId)?.pid ?? 0;
}

describe("sandbox room", () => {
  test("a joining player gets a process, visible to everyone, with private data only they see", async () => {
    const alice = await join("alice");
    const bob = await join("bob");
    expect(bob.roomId).toBe(alice.roomId);
    const s = await waitForState(alice, (st) => st.players.size === 2 && st.procs.size >= 3);
    const bobPid = s.players.get(bob.sessionId)!.pid;
    expect(bobPid).toBeGreaterThan(1);
    expect(s.procs.get(String(bobPid))?.nick).toBe("bob");
    // Alice sees her own page table and log, and not Bob's: the room state carries none, and her
    // private channel carries her process only.
    const mine = await waitForPrivate(privateOf(alice), (v) => v.pages.length > 0);
    expect(mine.pid).toBe(s.players.get(alice.sessionId)!.pid);
    expect(Object.keys(alice.state.toJSON())).not.toContain("privates");
    const bobs = await waitForPrivate(privateOf(bob), (v) => v.pages.length > 0);
    expect(bobs.pid).toBe(bobPid);
    const pages = mine.pages.map((p) => ({ addr: p.addr, user: p.user }));
    expect(pages.some((p) => p.addr === "0x400000" && p.user)).toBe(true);
    expect(pages.some((p) => p.addr.startsWith("0xffffffff8") && !p.user)).toBe(true);
    await alice.leave();
    await bob.leave();
  });

  test("open(\"/etc/shadow\") is EACCES, with the reason in words, in the result and in the synced log", async () => {
    const room = await join("carol");
    const result = waitForMessageWhere(room, S2C.RESULT, (r) => r.kind === "syscall" && r.name === "open");
    room.send("syscall", { name: "open", args: ["/etc/shadow", "O_RDONLY", 0] });
    const r = await result;
    expect(r.ret).toBe(-1);
    expect(r.errno).toBe("EACCES");
    expect(r.line).toBe('open("/etc/shadow", O_RDONLY) = -1 EACCES (Permission denied)');
    expect(r.reason).toMatch(/0600/);
    await waitForPrivate(privateOf(room), (v) => v.log.some((l) => l.includes("EACCES")));
    await room.leave();
  });

  test("a store to a kernel address is SIGSEGV (SEGV_MAPERR, U/S); the process dies and respawns", async () => {
    const room = await join("dave");
    const pid = myPid(room);
    const result = waitForMessageWhere(room, S2C.RESULT, (r) => r.kind === "access");
    room.send("access", { op: "store", addr: "0xffffffff81000000" });
    const r = await result;
    expect(r.ok).toBe(false);
    expect(r.fault).toEqual({ signal: "SIGSEGV", code: "SEGV_MAPERR", bit: "U/S" });
    await waitForState(room, (st) => st.procs.get(String(pid))?.state === "EXITED");
    expect(room.state.procs.get(String(pid))?.exit).toMatch(/SIGSEGV/);
    room.send("respawn", {});
    const s = await waitForState(room, (st) => (st.players.get(room.sessionId)?.pid ?? pid) !== pid);
    const fresh = s.players.get(room.sessionId)!.pid;
    expect(s.procs.get(String(fresh))?.state).not.toBe("EXITED");
    await room.leave();
  });

  test("malformed, forged and unknown messages get a readable notice, are audited as violations, and the room lives on", async () => {
    const mallory = await join("mallory");
    const victim = await join("victim");
    const victimPid = myPid(victim);
    const session = sessionOf(mallory);

    const n1 = waitForMessageWhere(mallory, S2C.NOTICE);
    mallory.send("syscall", { name: "open", args: [{ evil: true }] });
    expect((await n1).message).toMatch(/not understood/);

    const n2 = waitForMessageWhere(mallory, S2C.NOTICE);
    mallory.send("syscall", { pid: victimPid, name: "exit", args: [0] });
    expect((await n2).message).toMatch(/not yours/);

    const n3 = waitForMessageWhere(mallory, S2C.NOTICE);
    mallory.send("become_root", { please: true });
    expect((await n3).message).toMatch(/no "become_root" message/);

    const violations = session.kernel.auditTail(200).filter((e) => e.kind === "violation");
    expect(violations.length).toBeGreaterThanOrEqual(3);
    expect(violations.some((v) => v.text.includes(`pid ${victimPid}`))).toBe(true);
    // The victim's process was not touched, and the room still answers.
    expect(session.kernel.proc(victimPid)?.state).not.toBe("ZOMBIE");
    const pong = waitForMessageWhere(mallory, S2C.PONG);
    mallory.send("ping", { t: 42 });
    expect((await pong).t).toBe(42);
    await mallory.leave();
    await victim.leave();
  });

  test("a flood of messages is cut at the per-second limit with one notice, and the room lives on", async () => {
    const room = await join("flood");
    const notices: string[] = [];
    room.onMessage(S2C.NOTICE, (n: { message: string }) => notices.push(n.message));
    const pongs: number[] = [];
    room.onMessage(S2C.PONG, (m: { t: number }) => pongs.push(m.t));
    for (let i = 0; i < 3 * MAX_MESSAGES_PER_SECOND; i++) room.send("ping", { t: i });
    await waitForMessageWhere(room, S2C.NOTICE, (n: { message: string }) => /faster than/.test(n.message));
    room.send("ping", { t: -1 }); // still over the limit in this window: dropped, and no second notice
    await new Promise((r) => setTimeout(r, 300));
    expect(pongs).toEqual(Array.from({ length: MAX_MESSAGES_PER_SECOND }, (_, i) => i));
    expect(notices.filter((m) => /faster than/.test(m))).toHaveLength(1);
    // A second later the window is fresh: messages are handled again.
    await new Promise((r) => setTimeout(r, 1000));
    const back = waitForMessageWhere(room, S2C.PONG, (m: { t: number }) => m.t === 99);
    room.send("ping", { t: 99 });
    await back;
    await room.leave();
  });

  test("a stale page is refused with a reason to reload, logged as a refusal rather than a server error", async () => {
    const errors = vi.spyOn(log, "error");
    const infos = vi.spyOn(log, "info");
    try {
      await expect(game.colyseus.sdk.joinOrCreate(ROOM.SANDBOX, joinOptions("old", { protocol: 0 }))).rejects.toMatchObject({
        code: CLOSE.PROTOCOL_MISMATCH,
        message: expect.stringMatching(/out of date/),
      });
      await expect(game.colyseus.sdk.joinOrCreate(ROOM.SANDBOX, { protocol: 1, nickname: "" })).rejects.toThrow(/nickname|player id/);
      expect(errors).not.toHaveBeenCalled();
      expect(infos).toHaveBeenCalledWith(expect.objectContaining({ method: "onJoin", code: CLOSE.PROTOCOL_MISMATCH }), "request refused");
    } finally {
      errors.mockRestore();
      infos.mockRestore();
    }
  });

  test("a dropped player's process is STOPPED and resumes when they reconnect", async () => {
    const room = await join("erin");
    const pid = myPid(room);
    const session = sessionOf(room);
    const token = room.reconnectionToken;
    room.reconnection.enabled = false;
    room.connection.close(4100, "network went away");
    await expect.poll(() => session.kernel.proc(pid)?.state, { timeout: 5000 }).toBe("STOPPED");
    const back = (await game.colyseus.sdk.reconnect(token, MachineState)) as ClientRoom<any, MachineState>;
    const mirror = followPrivate(back);
    expect(back.sessionId).toBe(room.sessionId);
    await expect.poll(() => session.kernel.proc(pid)?.state, { timeout: 5000 }).not.toBe("STOPPED");
    await waitForState(back, (st) => st.players.get(back.sessionId)?.pid === pid);
    // The reconnected page gets its private view whole again, then its changes as before.
    await waitForPrivate(mirror, (v) => v.pid === pid && v.pages.length > 0);
    back.send("syscall", { name: "open", args: ["/etc/shadow", "O_RDONLY", 0] });
    await waitForPrivate(mirror, (v) => v.log.some((l) => l.startsWith('open("/etc/shadow"')));
    await back.leave();
  });

  test("a room ticks on the server's shared clock while it lives, and leaves it when disposed", async () => {
    const before = roomTicks.size;
    const room = await game.colyseus.sdk.create(ROOM.SANDBOX, joinOptions("fay"), MachineState);
    await room.waitForInitialState();
    expect(roomTicks.size).toBe(before + 1);
    const t0 = room.state.tick;
    await waitForState(room, (st) => st.tick >= t0 + 3);
    await room.leave();
    await expect.poll(() => roomTicks.size, { timeout: 5000 }).toBe(before);
  });
});
