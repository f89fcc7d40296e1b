// GameSession without sockets: messages in, kernel decisions and outgoing messages out.

import { describe, expect, test } from "vitest";
import { GameSession, commName } from "../../server/game/session.ts";
import { SANDBOX_FILES } from "../../server/game/world.ts";
import { PrivateMirror } from "../../shared/private.ts";
import { S2C } from "../../shared/protocol.ts";
import { metrics } from "../../server/metrics.ts";
import { MAX_QUEUED_ACTIONS, TTY_KEPT_CHARS } from "../../shared/params.ts";

function session(maxPlayers = 4) {
  return new GameSession({ seed: 7, maxPlayers, kernel: { cores: 1, files: SANDBOX_FILES } });
}

function tickUntil(s: GameSession, done: () => boolean, max = 200): void {
  for (let i = 0; i < max && !done(); i++) s.tick();
}

describe("GameSession", () => {
  test("each player is a different Unix user, so one cannot kill the other (kill(2): EPERM)", () => {
    const s = session();
    const a = s.join("A", "ann", "browser-A");
    const b = s.join("B", "ben", "browser-B");
    if (!a.ok || !b.ok) throw new Error("join failed");
    expect(a.player.uid).not.toBe(b.player.uid);
    s.handle("A", "syscall", { name: "kill", args: [b.player.pid, "SIGKILL"] });
    let result: any;
    tickUntil(s, () => (result = s.flush().find((m) => m.to === "A" && m.type === S2C.RESULT)) !== undefined);
    expect(result.body).toMatchObject({ name: "kill", ret: -1, errno: "EPERM" });
    expect(s.kernel.proc(b.player.pid)?.state).not.toBe("ZOMBIE");
  });

  test("a player acts only as their own live processes: another's pid is a violation, a dead one asks for a respawn", () => {
    const s = session();
    const a = s.join("A", "ann", "browser-A");
    const b = s.join("B", "ben", "browser-B");
    if (!a.ok || !b.ok) throw new Error("join failed");
    s.flush();
    const notices = () => s.flush().filter((m) => m.to === "A" && m.type === S2C.NOTICE).map((m) => (m.body as { message: string }).message);
    s.handle("A", "select", { pid: b.player.pid });
    expect(notices()).toEqual([`Process ${b.player.pid} is not yours. A process can only make its own system calls; the kernel never runs code on behalf of another process.`]);
    expect(a.player.pid).not.toBe(b.player.pid);
    s.handle("A", "syscall", { name: "getpid", args: [], pid: b.player.pid });
    expect(notices()).toHaveLength(1);
    expect(s.kernel.auditTail(20).filter((e) => e.kind === "violation" && e.text.includes(`pid ${b.player.pid}`))).toHaveLength(2);
    s.handle("A", "syscall", { name: "getpid", args: [], pid: a.player.pid });
    expect(notices()).toEqual([]);
    expect(s.kernel.proc(a.player.pid)?.queued).toBe(1);
    // A's child that has exited stays a zombie (A never waits for it): it can take no more actions.
    s.handle("A", "syscall", { name: "fork", args: [] });
    let forked: any;
    tickUntil(s, () => (forked = s.flush().find((m) => m.to === "A" && m.type === S2C.RESULT && (m.body as { name: string; pid: number }).name === "fork" && (m.body as { pid: number }).pid === a.player.pid)) !== undefined);
    const child = forked.body.ret as number;
    s.handle("A", "syscall", { name: "exit", args: [0], pid: child });
    tickUntil(s, () => s.kernel.stateOf(child) === "ZOMBIE");
    s.flush();
    const violations = () => s.kernel.auditTail(50).filter((e) => e.kind === "violation").length;
    const audited = violations();
    // Refused, but not as a forgery: the child is A's own, it merely exited (a race a player can
    // lose by pressing a key just as the child exits).
    const exited = `Process ${child} has exited: it stays a zombie until its parent waits for it, and runs nothing more.`;
    s.handle("A", "compute", { ticks: 1, pid: child });
    expect(notices()).toEqual([exited]);
    expect(s.kernel.proc(child)?.queued).toBe(0);
    s.handle("A", "select", { pid: child });
    expect(notices()).toEqual([exited]);
    expect(a.player.pid).not.toBe(child);
    s.handle("A", "syscall", { name: "getpid", args: [], pid: 999 });
    expect(notices()).toEqual(["There is no process 999 (it may have exited and been reaped)."]);
    expect(violations()).toBe(audited);
    // Once A's own process has died, A has nothing left to drive until it respawns.
    s.handle("A", "syscall", { name: "exit", args: [0] });
    tickUntil(s, () => s.kernel.stateOf(a.player.pid) !== "RUNNABLE" && s.kernel.stateOf(a.player.pid) !== "RUNNING");
    s.flush();
    s.handle("A", "compute", { ticks: 1 });
    expect(notices()).toEqual(["You have no live process. Press R to respawn."]);
  });

  test("a full queue is told once per burst, and again after the queue has taken an action", () => {
    const s = session();
    const a = s.join("A", "ann", "browser-A");
    if (!a.ok) throw new Error("join failed");
    s.join("B", "ben", "browser-B");
    s.flush();
    const fullNotices = () => s.flush().filter((m) => m.to === "A" && m.type === S2C.NOTICE && /actions queued/.test((m.body as { message: string }).message));
    for (let i = 0; i < MAX_QUEUED_ACTIONS + 5; i++) s.handle("A", "compute", { ticks: 1 });
    const told = fullNotices();
    expect(told).toHaveLength(1);
    expect((told[0].body as { message: string }).message).toMatch(/dropped until it has room/);
    expect(s.kernel.proc(a.player.pid)?.queued).toBe(MAX_QUEUED_ACTIONS);
    tickUntil(s, () => (s.kernel.proc(a.player.pid)?.queued ?? 0) < MAX_QUEUED_ACTIONS);
    s.handle("A", "compute", { ticks: 1 }); // accepted: the burst is over
    expect(fullNotices()).toHaveLength(0);
    s.handle("A", "compute", { ticks: 1 });
    s.handle("A", "compute", { ticks: 1 });
    expect(fullNotices()).toHaveLength(1);
  });

  test("terminal output is synced piece by piece, newest last, keeping the last TTY_KEPT_CHARS", () => {
    const s = session();
    s.join("A", "ann", "browser-A");
    // What the player's browser holds: the full view on join, then each tick's patch.
    const mirror = new PrivateMirror();
    mirror.full(s.privateFull("A")!);
    const tty = () => [...mirror.view.tty];
    const write = (text: string) => {
      s.handle("A", "syscall", { name: "write", args: [1, text, text.length] });
      tickUntil(s, () => s.flush().some((m) => m.type === S2C.RESULT));
      s.tick(); // the projection after the result
      const patch = s.privatePatch("A");
      if (patch) mirror.patch(patch);
      expect(tty()).toEqual([...s.privateView("A")!.tty]);
    };
    write("hello\n");
    write("world\n");
    expect(tty()).toEqual(["hello\n", "world\n"]);
    const line = "x".repeat(99) + "\n";
    for (let i = 0; i < 25; i++) write(line);
    const kept = tty();
    expect(kept.join("").length).toBeLessThanOrEqual(TTY_KEPT_CHARS);
    expect(kept.join("").length).toBeGreaterThan(TTY_KEPT_CHARS - line.length);
    expect(kept.at(-1)).toBe(line);
    expect(kept).not.toContain("hello\n");
  });

  test("results go only to the player who owns the process", () => {
    const s = session();
    s.join("A", "ann", "browser-A");
    s.join("B", "ben", "browser-B");
    s.handle("A", "syscall", { name: "getpid", args: [] });
    const out: { to: string; type: string }[] = [];
    tickUntil(s, () => {
      out.push(...s.flush());
      return out.some((m) => m.type === S2C.RESULT);
    });
    expect(out.filter((m) => m.type === S2C.RESULT).map((m) => m.to)).toEqual(["A"]);
  });

  test("a syscall waits for the CPU: it completes only on a tick where its process is on a core", () => {
    const s = session();
    const players = ["A", "B", "C"].map((id) => s.join(id, id, `browser-${id}`));
    for (const id of ["A", "B", "C"]) s.handle(id, "syscall", { name: "getpid", args: [] });
    const done: number[] = [];
    tickUntil(s, () => {
      for (const m of s.flush()) if (m.type === S2C.RESULT) done.push((m.body as { tick: number }).tick);
      return done.length === 3;
    });
    // One core: the three calls complete on three different ticks.
    expect(new Set(done).size).toBe(3);
    expect(players.every((p) => p.ok)).toBe(true);
  });

  test("the machine refuses players beyond its user slots with a readable error", () => {
    const s = session(1);
    expect(s.join("A", "ann", "browser-A").ok).toBe(true);
    const r = s.join("B", "ben", "browser-B");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/full/);
  });

  test("leaving kills the player's processes and frees the slot", () => {
    const s = session(1);
    const a = s.join("A", "ann", "browser-A");
    if (!a.ok) throw new Error("join failed");
    s.leave("A");
    s.tick();
    expect(s.kernel.proc(a.player.pid)).toBeUndefined();
    expect(s.join("B", "ben", "browser-B").ok).toBe(true);
  });

  test("a browser that comes back (same playerId, new connection) gets its user and process back", () => {
    const s = session();
    const first = s.join("conn-1", "ann", "browser-A");
    if (!first.ok) throw new Error("join failed");
    const { uid, pid } = first.player;
    s.drop("conn-1");
    s.tick();
    expect(s.kernel.proc(pid)?.state).toBe("STOPPED");
    const again = s.join("conn-2", "ann", "browser-A");
    if (!again.ok) throw new Error("rejoin failed");
    expect(again.player.uid).toBe(uid);
    expect(again.player.pid).toBe(pid);
    expect(s.ownedPids("conn-2")).toEqual([pid]);
    expect(s.ownedPids("conn-1")).toEqual([]);
    expect(s.kernel.proc(pid)?.state).not.toBe("STOPPED");
  });

  test("while paused the kernel does not tick; queued actions run after resume", () => {
    const s = session();
    s.join("A", "ann", "browser-A");
    s.pause("paused by teacher");
    const t0 = s.kernel.tick;
    s.handle("A", "syscall", { name: "getpid", args: [] });
    for (let i = 0; i < 10; i++) s.tick();
    expect(s.kernel.tick).toBe(t0);
    expect(s.state.paused).toBe(true);
    expect(s.state.pauseReason).toBe("paused by teacher");
    expect(s.flush().some((m) => m.type === S2C.RESULT)).toBe(false);
    s.resume();
    tickUntil(s, () => s.flush().some((m) => m.type === S2C.RESULT), 20);
    expect(s.kernel.tick).toBeGreaterThan(t0);
  });

  test("a kicked browser cannot rejoin the session; its processes are killed", () => {
    const s = session();
    const a = s.join("A", "ann", "browser-A");
    if (!a.ok) throw new Error("join failed");
    expect(s.kick(a.player.key)?.nick).toBe("ann");
    s.tick();
    expect(s.kernel.proc(a.player.pid)).toBeUndefined();
    const again = s.join("A2", "ann again", "browser-A");
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error).toMatch(/removed you/);
    expect(s.join("B", "ben", "browser-B").ok).toBe(true);
  });

  test("hooks can refuse joins and actions with a reason, and see results", () => {
    const s = session();
    const seen: string[] = [];
    s.addHooks({
      admit: (_id, nick) => (nick === "late" ? "The session has started and late join is off." : undefined),
      refuse: (_p, action) => (action.kind === "syscall" && action.nr === 57 ? "fork is not allowed in this level" : undefined),
      onResult: (_p, r) => seen.push(r.kind === "syscall" ? r.name : r.kind),
    });
    const late = s.join("L", "late", "browser-L");
    expect(late.ok).toBe(false);
    s.join("A", "ann", "browser-A");
    s.handle("A", "syscall", { name: "fork", args: [] });
    expect(s.flush().find((m) => m.type === S2C.NOTICE)?.body).toMatchObject({ message: "fork is not allowed in this level" });
    s.handle("A", "syscall", { name: "getpid", args: [] });
    tickUntil(s, () => seen.length > 0);
    expect(seen).toEqual(["getpid"]);
  });

  test("rename and team changes show in the synced state", () => {
    const s = session();
    const a = s.join("A", "ann", "browser-A");
    if (!a.ok) throw new Error("join failed");
    s.rename(a.player.key, "annie");
    s.setTeam(a.player.key, 2);
    expect(s.state.players.get("A")?.nick).toBe("annie");
    expect(s.state.players.get("A")?.team).toBe(2);
    expect(s.state.procs.get(String(a.player.pid))?.team).toBe(2);
  });

  test("the server adds no delay: a syscall first in line on a RUNNING process completes on the next tick", () => {
    metrics.reset();
    const s = session();
    for (const id of ["A", "B", "C"]) s.join(id, id, `browser-${id}`);
    for (let round = 0; round < 5; round++) for (const id of ["A", "B", "C"]) s.handle(id, "syscall", { name: "getpid", args: [] });
    for (let i = 0; i < 80; i++) s.tick();
    expect(metrics.syscallTicksAll.count).toBe(15);
    // Waiting for the one core is the game: some calls waited several ticks...
    expect(metrics.syscallTicksAll.percentile(100)).toBeGreaterThan(1);
    // ...but once first in line on a core, every one ran on the very next tick.
    expect(metrics.syscallTicksRunning.count).toBe(15);
    expect(metrics.syscallTicksRunning.percentile(100)).toBe(1);
  });

  test("comm names are printable ASCII of at most 15 bytes, like Linux's", () => {
    expect(commName("<script>alert(1)</script>")).toBe("<script>alert(1");
    expect(commName("ünïcödé 🎉")).toBe("ncd");
    expect(commName("   ")).toBe("player");
  });
});
