// The synced state every game room shares with its clients (Colyseus schema 5, builder style).
// The room projects the kernel onto these classes after each tick; clients only read them.
// Private data (a process's page table, its fds, its strace log) is not in the room state: each
// player's PrivateView travels on its own channel (server/game/private.ts, shared/private.ts).

import { schema, t, type SchemaType } from "@colyseus/schema";
import { LevelView } from "./levels/types.ts";
import { ClassroomView } from "./classroom.ts";

/** One process as everyone in the room sees it (a character on the machine map). */
export const ProcView = schema(
  {
    pid: t.uint32().default(0),
    ppid: t.uint32().default(0),
    name: t.string().default(""),
    /** PlayerView.id of the player who drives it ("" for system processes). */
    owner: t.string().default(""),
    nick: t.string().default(""),
    /** Team index (0-based), -1 when not in a team. */
    team: t.int8().default(-1),
    state: t.string().default("RUNNABLE"),
    wchan: t.string().default(""),
    ring: t.uint8().default(3),
    uid: t.uint32().default(0),
    euid: t.uint32().default(0),
    nice: t.int8().default(0),
    core: t.int8().default(-1),
    utime: t.uint32().default(0),
    stime: t.uint32().default(0),
    rss: t.uint16().default(0),
    level: t.uint8().default(0),
    badness: t.uint32().default(0),
    queued: t.uint8().default(0),
    /** Short public outcome of its last kernel crossing ("= 3", "EACCES", "SIGSEGV") and when. */
    lastCall: t.string().default(""),
    lastOutcome: t.string().default(""),
    lastTick: t.uint32().default(0),
    /** Exit description once it is a zombie or dead ("exited 0", "killed by SIGSEGV"). */
    exit: t.string().default(""),
  },
  "ProcView",
);
export type ProcView = SchemaType<typeof ProcView>;

/** A player, keyed in MachineState.players by their connection's session id. */
export const PlayerView = schema(
  {
    /** Stable public id of this player in this room (ProcView.owner points here). */
    id: t.string().default(""),
    nick: t.string().default(""),
    team: t.int8().default(-1),
    /** The process this player drives now (0 while it has none). */
    pid: t.uint32().default(0),
    connected: t.boolean().default(true),
    score: t.int32().default(0),
  },
  "PlayerView",
);
export type PlayerView = SchemaType<typeof PlayerView>;

export const VmaView = schema(
  {
    start: t.string().default(""),
    end: t.string().default(""),
    prot: t.uint8().default(0),
    flags: t.uint32().default(0),
    name: t.string().default(""),
  },
  "VmaView",
);
export type VmaView = SchemaType<typeof VmaView>;

/** One page-table entry as the MMU view shows it. */
export const PageView = schema(
  {
    addr: t.string().default(""),
    vma: t.string().default(""),
    present: t.boolean().default(false),
    writable: t.boolean().default(false),
    user: t.boolean().default(true),
    nx: t.boolean().default(true),
    cow: t.boolean().default(false),
    frame: t.int32().default(-1),
  },
  "PageView",
);
export type PageView = SchemaType<typeof PageView>;

export const FdView = schema(
  {
    fd: t.uint16().default(0),
    path: t.string().default(""),
    flags: t.uint32().default(0),
    offset: t.uint32().default(0),
  },
  "FdView",
);
export type FdView = SchemaType<typeof FdView>;

/** What only the owning player sees: its process's credentials, address space, fds and log. */
export const PrivateView = schema(
  {
    pid: t.uint32().default(0),
    ruid: t.uint32().default(0),
    suid: t.uint32().default(0),
    egid: t.uint32().default(0),
    groups: t.array("uint32"),
    /** Capability names, comma-separated ("" for none). */
    caps: t.string().default(""),
    brk: t.string().default(""),
    vmas: t.array(VmaView),
    pages: t.array(PageView),
    fds: t.array(FdView),
    /** My processes (the one I spawned as and the children I forked). */
    mine: t.array("uint32"),
    /** My strace-like log, newest last, with the reasons. */
    log: t.array("string"),
    /**
     * What my processes wrote to their terminal, one entry per write, newest last; the oldest
     * go past TTY_KEPT_CHARS. Pieces, not one string, so a write sends only its own bytes.
     */
    tty: t.array("string"),
  },
  "PrivateView",
);
export type PrivateView = SchemaType<typeof PrivateView>;

export const MachineState = schema(
  {
    mode: t.string().default("sandbox"),
    tick: t.uint32().default(0),
    paused: t.boolean().default(false),
    pauseReason: t.string().default(""),
    policy: t.string().default("rr"),
    quantum: t.uint8().default(0),
    allotment: t.boolean().default(true),
    boost: t.boolean().default(true),
    /** pid on each core, 0 when idle. */
    cores: t.array("uint32"),
    /** RUNNABLE pids in the order the scheduler will pick them. */
    runQueue: t.array("uint32"),
    /** Owner of each physical frame: -1 free, 0 the kernel, else a pid. */
    frames: t.array("int32"),
    /** How many page tables map each frame (2+ = shared copy-on-write). */
    frameRefs: t.array("uint8"),
    procs: t.map(ProcView),
    players: t.map(PlayerView),
    /** The level being played (level rooms only; empty elsewhere). */
    level: t.ref(LevelView),
    /** The classroom round (classroom rooms only; empty elsewhere). */
    classroom: t.ref(ClassroomView),
  },
  "MachineState",
);
export type MachineState = SchemaType<typeof MachineState>;
