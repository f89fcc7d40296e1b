// Snapshot, restore and hash: the whole kernel state as plain JSON, rebuilt exactly, and a
// stable digest of its canonical (sorted-key) serialisation. Undrained events are not state.

import type { AuditEntry, InputRecord, KernelConfig, KernelSnapshot, SchedConfig, UserSpec } from "./types.ts";
import { AuditLog } from "./audit.ts";
import type { OpenFile, Pipe, Terminal } from "./fd.ts";
import { FrameAllocator } from "./frames.ts";
import { KState, type KernelPage } from "./kstate.ts";
import { procFromJSON, procToJSON } from "./proc.ts";
import { Rng } from "./rng.ts";
import { Scheduler } from "./sched.ts";
import { Vfs } from "./vfs.ts";

/** Bumped when the snapshot layout changes; restore() refuses other versions. */
export const SNAPSHOT_VERSION = 1;

/** The complete state as plain JSON (processes, page tables, frames with contents, VFS, ...). */
export function snapshotState(ks: KState): KernelSnapshot {
  return JSON.parse(JSON.stringify(buildSnapshot(ks))) as KernelSnapshot;
}

/** The snapshot's structure; it may share arrays with the live state, so it is only read. */
function buildSnapshot(ks: KState): Record<string, unknown> {
  const files = new Map<number, OpenFile>();
  for (const p of ks.procs.values()) for (const f of p.fds) if (f) files.set(f.id, f);
  const snap = {
    version: SNAPSHOT_VERSION,
    config: ks.config,
    tick: ks.tick,
    rng: ks.rng.state(),
    frames: ks.frames.toJSON(),
    procs: [...ks.procs.values()].map(procToJSON),
    nextPid: ks.nextPid,
    cores: ks.cores,
    sched: ks.sched.toJSON(),
    vfs: ks.vfs.toJSON(),
    files: [...files.values()].sort((a, b) => a.id - b.id),
    pipes: [...ks.pipes.values()],
    nextPipe: ks.nextPipe,
    nextFile: ks.nextFile,
    terminals: [...ks.terminals.values()],
    audit: ks.audit.toJSON(),
    nextTicket: ks.nextTicket,
    frozen: ks.frozen,
    pressure: ks.pressure,
    users: ks.users,
    groupNames: [...ks.groupNames],
    kernelPages: ks.kernelPages,
    inputLog: ks.inputLog,
    // Only when a hardening switch is on, so machines that never use them keep their hash.
    ...(Object.values(ks.mitigations).some(Boolean) ? { mitigations: { ...ks.mitigations } } : {}),
  };
  return snap;
}

/** Rebuild the state from snapshotState output. */
export function restoreState(s: KernelSnapshot): KState {
  const j = s as any;
  if (j.version !== SNAPSHOT_VERSION) throw new Error(`snapshot version ${String(j.version)} is not ${SNAPSHOT_VERSION}`);
  const ks = new KState(j.config as KernelConfig);
  ks.tick = j.tick;
  ks.rng = Rng.fromState(j.rng);
  ks.frames = FrameAllocator.fromJSON(j.frames);
  const files = new Map<number, OpenFile>((j.files as OpenFile[]).map((f) => [f.id, { ...f }]));
  ks.procs = new Map();
  for (const pj of j.procs) {
    const p = procFromJSON(pj, (id) => files.get(id)!);
    ks.procs.set(p.pid, p);
  }
  ks.nextPid = j.nextPid;
  ks.cores = [...j.cores];
  ks.sched = Scheduler.fromJSON(j.sched as { cfg: Required<SchedConfig>; rr: number[]; levels: number[][]; fair: number[]; minVruntime: number });
  ks.vfs = Vfs.fromJSON(j.vfs);
  ks.pipes = new Map((j.pipes as Pipe[]).map((p) => [p.id, { ...p }]));
  ks.nextPipe = j.nextPipe;
  ks.nextFile = j.nextFile;
  ks.terminals = new Map((j.terminals as Terminal[]).map((t) => [t.id, { ...t }]));
  ks.audit = AuditLog.fromJSON(j.audit as { capacity: number; seq: number; entries: AuditEntry[] });
  ks.nextTicket = j.nextTicket;
  ks.frozen = j.frozen;
  ks.pressure = [...j.pressure];
  ks.users = (j.users as UserSpec[]).map((u) => ({ ...u }));
  ks.groupNames = new Map(j.groupNames as [number, string][]);
  ks.kernelPages = (j.kernelPages as KernelPage[]).map((k) => ({ ...k }));
  if (j.mitigations) ks.mitigations = { ...ks.mitigations, ...j.mitigations };
  ks.inputLog = (j.inputLog as InputRecord[]).map((r) => JSON.parse(JSON.stringify(r)) as InputRecord);
  return ks;
}

/** JSON with object keys sorted at every level (undefined members dropped): one text per state. */
export function canonicalJSON(v: unknown): string {
  if (v === null || typeof v !== "object") return v === undefined ? "null" : JSON.stringify(v);
  if (Array.isArray(v)) return "[" + v.map((x) => canonicalJSON(x)).join(",") + "]";
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonicalJSON(o[k])).join(",") + "}";
}

/** Two independent 32-bit FNV-1a lanes over the UTF-16 code units: 16 hex digits. */
export function digest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c ^ (b >>> 15), 0x5bd1e995);
  }
  a ^= a >>> 13;
  a = Math.imul(a, 0x5bd1e995);
  a ^= a >>> 15;
  b ^= b >>> 13;
  b = Math.imul(b, 0x01000193);
  b ^= b >>> 16;
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

/** Hash of the state: the canonical snapshot without the input log (how we got here is not what we are). */
export function hashState(ks: KState): string {
  const s = buildSnapshot(ks);
  delete s.inputLog;
  return digest(canonicalJSON(s));
}
