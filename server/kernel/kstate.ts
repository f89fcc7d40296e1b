// The kernel's whole state in one place (what a snapshot captures), plus the small services every
// part of the kernel uses: names for reasons, audit and event output, and frame allocation that
// falls back on the OOM killer.

import { AUDIT_RING, DEFAULT_CORES, DEFAULT_FRAMES, MAX_CORES, MAX_PENDING_EVENTS, KERNEL_RESERVED_FRAMES } from "../../shared/params.ts";
import type { ActionResult, AuditEntry, AuditKind, InputRecord, KernelConfig, KernelEvent, UserSpec } from "./types.ts";
import { AuditLog } from "./audit.ts";
import type { Names } from "./cred.ts";
import type { Pipe, Terminal } from "./fd.ts";
import { FrameAllocator, KERNEL_OWNER } from "./frames.ts";
import type { Proc } from "./proc.ts";
import { Rng } from "./rng.ts";
import { Scheduler } from "./sched.ts";
import type { MemCtx } from "./vm.ts";
import { Vfs } from "./vfs.ts";
import { oomKill } from "./oom.ts";
import type { Mitigations } from "./policy.ts";

/** A page of the kernel half, mapped supervisor-only in every address space. */
export interface KernelPage {
  addr: number;
  frame: number;
  writable: boolean;
  nx: boolean;
  name: string;
}

/** The overflow user, always present. */
export const NOBODY = 65534;

/** Everything the kernel knows; see snapshot.ts for how it is saved. */
export class KState implements MemCtx, Names {
  config: KernelConfig;
  tick = 0;
  rng: Rng;
  frames: FrameAllocator;
  procs = new Map<number, Proc>();
  nextPid = 1;
  /** pid on each core, 0 when idle. */
  cores: number[];
  sched: Scheduler;
  vfs = new Vfs();
  pipes = new Map<number, Pipe>();
  nextPipe = 1;
  nextFile = 1;
  terminals = new Map<number, Terminal>();
  audit: AuditLog;
  events: KernelEvent[] = [];
  nextTicket = 1;
  /** Ticks left during which the scheduler makes no decisions. */
  frozen = 0;
  /** Ticket of the call trap() is running: its result is returned, not posted as an event. */
  trapTicket = -1;
  /** pid of the process executing its unit (or a trap) right now, 0 between units. */
  current = 0;
  /** Frames the kernel took under memoryPressure(). */
  pressure: number[] = [];
  users: UserSpec[];
  groupNames = new Map<number, string>();
  kernelPages: KernelPage[] = [];
  inputLog: InputRecord[] = [];
  /** Hardening switches (policy.ts); all off at boot. */
  mitigations: Mitigations = { smep: false, smap: false, kpti: false };
  /** Not state: tickets run() waits for, and their results. */
  awaited = new Set<number>();
  completed = new Map<number, ActionResult>();

  constructor(config: KernelConfig) {
    this.config = config;
    this.rng = new Rng(config.seed);
    const frames = clampInt(config.frames, DEFAULT_FRAMES, KERNEL_RESERVED_FRAMES + 4, 1 << 20);
    this.frames = new FrameAllocator(frames);
    this.cores = new Array<number>(clampInt(config.cores, DEFAULT_CORES, 1, MAX_CORES)).fill(0);
    this.sched = new Scheduler(config.sched);
    this.audit = new AuditLog(clampInt(config.auditCapacity, AUDIT_RING, 1, 1 << 22));
    const users: UserSpec[] = [{ name: "root", uid: 0, gid: 0, groups: [0] }];
    const isId = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
    for (const u of Array.isArray(config.users) ? config.users : []) {
      if (!u || typeof u.name !== "string" || !isId(u.uid) || !isId(u.gid) || users.some((x) => x.uid === u.uid)) continue;
      users.push({ name: u.name, uid: u.uid, gid: u.gid, groups: Array.isArray(u.groups) ? u.groups.filter(isId) : [u.gid] });
    }
    if (!users.some((u) => u.uid === NOBODY)) users.push({ name: "nobody", uid: NOBODY, gid: NOBODY, groups: [NOBODY] });
    this.users = users;
    this.groupNames.set(0, "root");
    for (const u of users) if (!this.groupNames.has(u.gid)) this.groupNames.set(u.gid, u.uid === NOBODY ? "nogroup" : u.name);
    for (const g of Array.isArray(config.groups) ? config.groups : []) if (g && isId(g.gid) && typeof g.name === "string") this.groupNames.set(g.gid, g.name);
  }

  user(uid: number): string {
    return this.users.find((u) => u.uid === uid)?.name ?? String(uid);
  }

  group(gid: number): string {
    return this.groupNames.get(gid) ?? String(gid);
  }

  get(pid: number): Proc | undefined {
    return this.procs.get(pid);
  }

  fileData(ino: number): string | undefined {
    return this.vfs.get(ino)?.data;
  }

  /** A frame for pid; when none is free the OOM killer runs. -1 if nothing could be freed or pid itself died. */
  allocFrame(pid: number): number {
    const known = this.procs.has(pid);
    for (;;) {
      const f = this.frames.alloc(pid);
      if (f >= 0) return f;
      if (!oomKill(this, pid)) return -1;
      const me = this.procs.get(pid);
      if (known && (!me || me.state === "ZOMBIE")) return -1;
    }
  }

  /** Give a still-shared frame a new owner: the lowest pid that maps it. */
  reown(f: number, former: number): void {
    let best = -1;
    for (const p of this.procs.values()) {
      if (p.pid === former || p.state === "ZOMBIE") continue;
      for (const pte of p.mm.ptes.values()) {
        if (pte.frame === f) {
          if (best < 0 || p.pid < best) best = p.pid;
          break;
        }
      }
    }
    this.frames.owner[f] = best < 0 ? KERNEL_OWNER : best;
  }

  /** Append a kernel event (the oldest half is dropped if nobody drains them). */
  emit(e: KernelEvent): void {
    if (this.events.length >= MAX_PENDING_EVENTS) this.events.splice(0, this.events.length >> 1);
    this.events.push(e);
  }

  /** Post an action's result as an event (and for run(), if it is waiting on the ticket). */
  post(r: ActionResult): void {
    if (r.ticket === this.trapTicket) return;
    this.emit({ type: "result", result: r });
    if (this.awaited.has(r.ticket)) this.completed.set(r.ticket, r);
  }

  /** Write an audit entry of a kind other than enter/exit. */
  log(kind: AuditKind, p: Proc | undefined, ring: 0 | 3, text: string, reason: string, extra?: Partial<AuditEntry>): AuditEntry {
    const e: AuditEntry = { seq: 0, tick: this.tick, pid: p?.pid ?? 0, uid: p?.cred.euid ?? 0, kind, ring, text, reason };
    if (extra) Object.assign(e, extra);
    return this.audit.write(e);
  }

  newTicket(): number {
    return this.nextTicket++;
  }

  /** Running processes, in core order. */
  running(): Proc[] {
    const r: Proc[] = [];
    for (const pid of this.cores) if (pid) r.push(this.procs.get(pid)!);
    return r;
  }
}

function clampInt(v: number | undefined, dflt: number, lo: number, hi: number): number {
  if (typeof v !== "number" || !Number.isInteger(v)) return dflt;
  return Math.max(lo, Math.min(hi, v));
}
