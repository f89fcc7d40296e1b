// DEV ONLY (loaded with ?fake on the Vite dev server; never part of a production build):
// a pretend room with a fabricated machine, so the map, the palette and the animations can be
// built and screenshot without the game server. It answers a few calls the way the real kernel
// would for the lesson (EACCES on /etc/shadow, SIGSEGV on a kernel address); it is not a kernel.

import type { ActionResult } from "../../../shared/kernel.ts";
import { formatAddr, isKernelAddr, NONCANONICAL, parseAddr } from "../../../shared/addr.ts";
import type { ConnStatus, GameConnection } from "../connection.ts";
import type { MachineSnap, ProcSnap } from "../logic/snapshot.ts";

const SID = "me-session";

function proc(pid: number, nick: string, owner: string, state: string, extra: Partial<ProcSnap> = {}): ProcSnap {
  return {
    pid, ppid: 1, name: "sh", owner, nick, team: -1, state, wchan: state === "BLOCKED" ? "tty" : "", ring: 3, uid: 1000 + pid, euid: 1000 + pid, nice: 0,
    core: -1, utime: pid * 3, stime: pid, rss: 4, level: 0, badness: 10, queued: 0, lastCall: "", lastOutcome: "", lastTick: 0, exit: "", ...extra,
  };
}

export function fakeJoin(nick: string): GameConnection {
  const frames = Array.from({ length: 128 }, (_, i) => (i < 8 ? 0 : i < 14 ? 7 : i < 19 ? 9 : i < 22 ? 11 : i === 40 || i === 41 ? 12 : i < 26 ? 14 : -1));
  const refs = frames.map((_, i) => (i === 12 || i === 13 ? 2 : frames[i] === -1 ? 0 : 1));
  const m: MachineSnap = {
    mode: "sandbox", tick: 100, paused: false, pauseReason: "", policy: "rr", quantum: 3, allotment: true, boost: true,
    cores: [9, 0], runQueue: [11, 14], frames, frameRefs: refs,
    procs: {
      "7": proc(7, nick, "me", "BLOCKED"),
      "9": proc(9, "bob", "p-bob", "RUNNING", { core: 0 }),
      "11": proc(11, "carol", "p-carol", "RUNNABLE"),
      "12": proc(12, "bob", "p-bob", "BLOCKED", { wchan: "wait4", ppid: 9 }),
      "14": proc(14, "dave", "p-dave", "RUNNABLE"),
      "15": proc(15, "erin", "p-erin", "ZOMBIE", { exit: "killed by SIGSEGV" }),
      "16": proc(16, "frank", "p-frank", "STOPPED"),
      "17": proc(17, "grace", "p-grace", "BLOCKED"),
    },
    players: { [SID]: { id: "me", nick, team: -1, pid: 7, connected: true, score: 0 } },
    privates: {
      [SID]: {
        pid: 7, ruid: 1007, suid: 1007, egid: 1000, groups: [1000], caps: "", brk: "0x404000",
        vmas: [
          { start: "0x400000", end: "0x401000", prot: 5, flags: 2, name: "text" },
          { start: "0x401000", end: "0x402000", prot: 1, flags: 2, name: "rodata" },
          { start: "0x402000", end: "0x403000", prot: 3, flags: 2, name: "data" },
          { start: "0x403000", end: "0x404000", prot: 3, flags: 0x22, name: "heap" },
          { start: "0x7f0000000000", end: "0x7f0000004000", prot: 3, flags: 0x22, name: "mmap" },
          { start: "0x7fffffffd000", end: "0x7ffffffff000", prot: 3, flags: 0x22, name: "stack" },
        ],
        pages: [
          { addr: "0x400000", vma: "text", present: true, writable: false, user: true, nx: false, cow: false, frame: 8 },
          { addr: "0x402000", vma: "data", present: true, writable: true, user: true, nx: true, cow: true, frame: 12 },
          { addr: "0x7ffffffff000", vma: "stack", present: true, writable: true, user: true, nx: true, cow: false, frame: 10 },
        ],
        fds: [
          { fd: 0, path: "/dev/tty", flags: 0, offset: 0 },
          { fd: 1, path: "/dev/tty", flags: 1, offset: 0 },
          { fd: 2, path: "/dev/tty", flags: 1, offset: 0 },
        ],
        mine: [7], log: [], tty: "",
      },
    },
  };
  // ?fake=30 adds that many more sleeping players, to see a full classroom.
  const extra = Math.min(60, Number(new URLSearchParams(location.search).get("fake")) || 0);
  const names = ["ana", "ben", "cleo", "dmitri", "eve", "farah", "gus", "hana", "ivan", "jules", "kofi", "lena", "mo", "nia", "otto"];
  for (let i = 0; i < extra; i++) {
    const pid = 30 + i;
    m.procs[String(pid)] = proc(pid, names[i % names.length] + (i >= names.length ? i : ""), `p-x${i}`, i % 9 === 0 ? "RUNNABLE" : "BLOCKED");
    if (i % 9 === 0) m.runQueue.push(pid);
  }
  const stateCbs = new Set<() => void>();
  const msgCbs = new Map<string, Set<(p: unknown) => void>>();
  const emit = (type: string, payload: unknown) => msgCbs.get(type)?.forEach((cb) => cb(payload));
  let ticket = 0;
  const me = () => m.procs["7"];
  const finish = (r: ActionResult, logLine: string) => {
    const p = m.procs[String(r.pid)];
    p.lastTick = m.tick;
    p.lastCall = r.kind === "syscall" ? r.name : r.kind;
    p.lastOutcome = r.kind === "syscall" ? (r.errno ?? `= ${r.ret}`) : r.kind === "access" ? (r.ok ? "ok" : "SIGSEGV") : "";
    m.privates[SID].log = [...m.privates[SID].log, logLine].slice(-40);
    emit("result", r);
  };
  const timer = setInterval(() => {
    m.tick++;
    // Rotate the run queue a little so the map moves.
    if (m.tick % 5 === 0) {
      const running = m.cores[0];
      const next = m.runQueue.shift();
      if (next) {
        m.procs[String(running)].state = "RUNNABLE";
        m.procs[String(running)].core = -1;
        m.runQueue.push(running);
        m.procs[String(next)].state = "RUNNING";
        m.procs[String(next)].core = 0;
        m.cores[0] = next;
      }
    }
    stateCbs.forEach((cb) => cb());
  }, 200);
  return {
    sessionId: SID,
    roomId: "fake-room",
    snapshot: () => JSON.parse(JSON.stringify(m)),
    send(type, msg) {
      const body = msg as Record<string, unknown>;
      const pid = (body.pid as number) || 7;
      setTimeout(() => {
        if (type === "syscall") {
          const name = (body.name as string) ?? `syscall_${body.nr}`;
          const args = body.args as (string | number)[];
          if (name === "open" && args[0] === "/etc/shadow") {
            const line = `open("/etc/shadow", ${args[1]}) = -1 EACCES (Permission denied)`;
            const reason = "/etc/shadow is mode 0640, owner root, group shadow; you are uid 1007, not in group shadow";
            finish({ kind: "syscall", ticket: ++ticket, pid, tick: m.tick, nr: 2, name, ret: -13, errno: "EACCES", line, reason }, `${line} — ${reason}`);
          } else if (!body.name) {
            const line = `syscall_0x${Number(body.nr).toString(16)}() = -1 ENOSYS (Function not implemented)`;
            finish({ kind: "syscall", ticket: ++ticket, pid, tick: m.tick, nr: Number(body.nr), name, ret: -38, errno: "ENOSYS", line, reason: "no such syscall number" }, `${line} — no such syscall number`);
          } else {
            const ret = name === "getpid" ? pid : name === "write" ? Number(args[2]) : 0;
            const line = `${name}(${args.map((a) => JSON.stringify(a)).join(", ")}) = ${ret}`;
            if (name === "write") m.privates[SID].tty += String(args[1]);
            finish({ kind: "syscall", ticket: ++ticket, pid, tick: m.tick, nr: 0, name, ret, line, reason: "ok" }, `${line} — ok`);
          }
        } else if (type === "access") {
          const addr = parseAddr(body.addr as string) ?? 0;
          const op = body.op as "load" | "store" | "exec";
          const bad = isKernelAddr(addr) || addr >= NONCANONICAL || addr < 0x400000;
          const line = `${op} ${formatAddr(addr)}${bad ? " = SIGSEGV" : " = ok"}`;
          if (bad) {
            const bit = addr >= NONCANONICAL ? "canonical" : isKernelAddr(addr) ? "U/S" : "P";
            const reason = bit === "U/S" ? "kernel page: supervisor-only, you are in ring 3" : "nothing is mapped at this address";
            finish({ kind: "access", ticket: ++ticket, pid, tick: m.tick, op, addr, ok: false, fault: { signal: "SIGSEGV", code: "SEGV_MAPERR", bit }, line, reason }, `${line} — ${reason}`);
            Object.assign(me(), { state: "ZOMBIE", exit: "killed by SIGSEGV" });
            m.privates[SID].mine = [];
          } else finish({ kind: "access", ticket: ++ticket, pid, tick: m.tick, op, addr, ok: true, value: 0, line, reason: "ok" }, `${line} — ok`);
        } else if (type === "respawn") {
          Object.assign(me(), { state: "BLOCKED", exit: "", wchan: "tty" });
          m.privates[SID].mine = [7];
        }
        stateCbs.forEach((cb) => cb());
      }, 250);
    },
    onState(cb) {
      stateCbs.add(cb);
      return () => stateCbs.delete(cb);
    },
    onMessage(type, cb) {
      if (!msgCbs.has(type)) msgCbs.set(type, new Set());
      msgCbs.get(type)!.add(cb);
      return () => msgCbs.get(type)!.delete(cb);
    },
    onStatus(_cb: (s: ConnStatus) => void) {
      return () => {};
    },
    async leave() {
      clearInterval(timer);
    },
  };
}
