// Plain-JSON shapes of the synced state (shared/state.ts) as `room.state.toJSON()` gives them.
// Everything the client draws is computed from one of these, so the drawing logic is testable in
// Node without Colyseus or Phaser. Field names and meanings are those of shared/state.ts.

export interface ProcSnap {
  pid: number;
  ppid: number;
  name: string;
  owner: string;
  nick: string;
  team: number;
  state: string;
  wchan: string;
  ring: number;
  uid: number;
  euid: number;
  nice: number;
  core: number;
  utime: number;
  stime: number;
  rss: number;
  level: number;
  badness: number;
  queued: number;
  lastCall: string;
  lastOutcome: string;
  lastTick: number;
  exit: string;
}

export interface PlayerSnap {
  id: string;
  nick: string;
  team: number;
  pid: number;
  connected: boolean;
  score: number;
}

export interface VmaSnap {
  start: string;
  end: string;
  prot: number;
  flags: number;
  name: string;
}

export interface PageSnap {
  addr: string;
  vma: string;
  present: boolean;
  writable: boolean;
  user: boolean;
  nx: boolean;
  cow: boolean;
  frame: number;
}

export interface FdSnap {
  fd: number;
  path: string;
  flags: number;
  offset: number;
}

export interface PrivateSnap {
  pid: number;
  ruid: number;
  suid: number;
  egid: number;
  groups: number[];
  caps: string;
  brk: string;
  vmas: VmaSnap[];
  pages: PageSnap[];
  fds: FdSnap[];
  mine: number[];
  log: string[];
  tty: string;
}

export interface MachineSnap {
  mode: string;
  tick: number;
  paused: boolean;
  pauseReason: string;
  policy: string;
  quantum: number;
  allotment: boolean;
  boost: boolean;
  cores: number[];
  runQueue: number[];
  frames: number[];
  frameRefs: number[];
  procs: Record<string, ProcSnap>;
  players: Record<string, PlayerSnap>;
  privates: Record<string, PrivateSnap>;
}

export function emptyMachine(): MachineSnap {
  return {
    mode: "sandbox",
    tick: 0,
    paused: false,
    pauseReason: "",
    policy: "rr",
    quantum: 0,
    allotment: true,
    boost: true,
    cores: [],
    runQueue: [],
    frames: [],
    frameRefs: [],
    procs: {},
    players: {},
    privates: {},
  };
}

/**
 * Normalise whatever toJSON produced (missing collections, undefined fields on a fresh state) into
 * a complete MachineSnap, so the rest of the client never checks for undefined.
 */
export function normalizeMachine(raw: unknown): MachineSnap {
  const m = emptyMachine();
  if (!raw || typeof raw !== "object") return m;
  const r = raw as Partial<MachineSnap>;
  return {
    ...m,
    ...r,
    cores: arr(r.cores),
    runQueue: arr(r.runQueue),
    frames: arr(r.frames),
    frameRefs: arr(r.frameRefs),
    procs: { ...(r.procs ?? {}) },
    players: { ...(r.players ?? {}) },
    privates: Object.fromEntries(
      Object.entries(r.privates ?? {}).map(([k, p]) => [
        k,
        { ...emptyPrivate(), ...p, vmas: arr(p?.vmas), pages: arr(p?.pages), fds: arr(p?.fds), mine: arr(p?.mine), log: arr(p?.log), groups: arr(p?.groups), tty: ttyText(p?.tty) },
      ]),
    ),
  };
}

/** The terminal as one text: the state carries it as the pieces written, newest last. */
function ttyText(v: unknown): string {
  return Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "";
}

export function emptyPrivate(): PrivateSnap {
  return { pid: 0, ruid: 0, suid: 0, egid: 0, groups: [], caps: "", brk: "", vmas: [], pages: [], fds: [], mine: [], log: [], tty: "" };
}

function arr<T>(v: T[] | undefined): T[] {
  return Array.isArray(v) ? [...v] : [];
}

/** All processes, ordered by pid. */
export function procList(m: MachineSnap): ProcSnap[] {
  return Object.values(m.procs).sort((a, b) => a.pid - b.pid);
}

export function procByPid(m: MachineSnap, pid: number): ProcSnap | undefined {
  return m.procs[String(pid)] ?? Object.values(m.procs).find((p) => p.pid === pid);
}
