// The simulated kernel's public face: the Kernel class a room, the scenario runner and the tests
// drive. Each method checks its input, records state-changing calls in the input log (so a
// session is its seed plus that log), and delegates to the modules that do the work.

import { CAP_ALL } from "../../shared/abi/caps.ts";
import { isValidSignal, signalName } from "../../shared/abi/signals.ts";
import { syscallName } from "../../shared/abi/syscalls.ts";
import { KERNEL_RESERVED_FRAMES, MAX_QUEUED_ACTIONS } from "../../shared/params.ts";
import type {
  Action, ActionResult, Arg, AuditEntry, FdInfo, FileSpec, FrameInfo, InputRecord, KernelConfig, KernelEvent, KernelSnapshot, PageInfo, ProcInfo,
  ProcSpec, SchedConfig, SubmitResult, SyscallResultExtra, VmaInfo,
} from "./types.ts";
import type { ProcState } from "../../shared/kernel.ts";
import { KState } from "./kstate.ts";
import { Proc } from "./proc.ts";
import { bootKernelHalf, makeRunnable, spawnProcess, wake } from "./lifecycle.ts";
import { bootTree } from "./vfs.ts";
import { checkAction } from "./cpu.ts";
import { step } from "./tick.ts";
import { malformedCall, syscall, validArgs } from "./syscall.ts";
import { applyRecord, recordInput, recordStep, recordTrap } from "./replay.ts";
import { deliverPending, sendSignal } from "./signal.ts";
import { freezeScheduler, returnFrames, setCaps, takeFrames } from "./inject.ts";
import { listFds } from "./fd.ts";
import { byteStringToText, textToByteString } from "./bytes.ts";
import { hashState, restoreState, snapshotState } from "./snapshot.ts";
import { fullSchedConfig, weightOf } from "./sched.ts";
import { frameInfo, kernelPageRows, procInfo, vmaRows } from "./info.ts";
import { listPages } from "./vm.ts";
import { newCreds } from "./cred.ts";
import { applyAdmin, type AdminOp, type AdminResult, type Mitigations } from "./policy.ts";

/** The simulated kernel (see the contract in types.ts and the methods below). */
export class Kernel {
  private ks: KState;

  /** Boot a machine: kernel frames and half, the default file tree plus config.files, init (pid 1). */
  constructor(config: KernelConfig) {
    const cfg: KernelConfig = JSON.parse(JSON.stringify(config ?? { seed: 0 }));
    if (!Number.isInteger(cfg.seed)) cfg.seed = 0;
    this.ks = new KState(cfg);
    const ks = this.ks;
    bootKernelHalf(ks, KERNEL_RESERVED_FRAMES);
    bootTree(ks.vfs, ks.users, (g) => ks.group(g));
    for (const f of Array.isArray(cfg.files) ? cfg.files : []) if (f && typeof f.path === "string" && f.path.startsWith("/")) ks.vfs.apply(f);
    const init = new Proc();
    init.pid = 1;
    init.pgid = 1;
    init.name = "init";
    init.cred = newCreds(0, 0, [0], CAP_ALL);
    init.state = "BLOCKED";
    init.wchan = "wait4";
    init.rlimits = { nproc: 0, nofile: 0, as: 0, data: 0 };
    ks.procs.set(1, init);
    ks.nextPid = 2;
    ks.log("proc", init, 3, "init: pid 1", `kernel booted: ${ks.frames.total} frames (${KERNEL_RESERVED_FRAMES} reserved for the kernel), ${ks.cores.length} cores, scheduler ${ks.sched.cfg.policy}`);
  }

  private record(op: string, args: unknown[]): void {
    recordInput(this.ks, op, args);
  }

  /** Ticks since boot. */
  get tick(): number {
    return this.ks.tick;
  }

  /** A new process (child of init unless spec.ppid): fresh address space, fds 0-2 on its terminal. */
  spawn(spec: ProcSpec): { ok: true; pid: number } | { ok: false; error: string } {
    this.record("spawn", [spec]);
    return spawnProcess(this.ks, spec);
  }

  /** Queue an action for pid; wakes an idle interactive process. Error text if it cannot be queued. */
  submit(pid: number, action: Action): SubmitResult {
    this.record("submit", [pid, action]);
    const p = this.ks.procs.get(pid);
    if (!p) return { ok: false, error: `no process has pid ${pid}` };
    if (pid === 1) return { ok: false, error: "pid 1 (init) belongs to the kernel; it takes no actions" };
    if (p.state === "ZOMBIE") return { ok: false, error: `pid ${pid} has exited (a zombie); it can do nothing more` };
    const bad = checkAction(action);
    if (bad) return { ok: false, error: `malformed action: ${bad}` };
    if (p.queue.length >= MAX_QUEUED_ACTIONS) return { ok: false, error: `pid ${pid} already has ${MAX_QUEUED_ACTIONS} actions queued`, full: true };
    const ticket = this.ks.newTicket();
    p.queue.push({ ticket, action: JSON.parse(JSON.stringify(action)) as Action });
    if (p.idleOnTty) makeRunnable(this.ks, p);
    return { ok: true, ticket };
  }

  /** Drop pid's queued actions (not one already running); returns how many. */
  cancel(pid: number): number {
    this.record("cancel", [pid]);
    const p = this.ks.procs.get(pid);
    if (!p) return 0;
    const n = p.queue.length;
    p.queue = [];
    return n;
  }

  /** Advance one tick. */
  step(): void {
    recordStep(this.ks);
    step(this.ks);
  }

  /** Submit, then step until that action completes (at most maxTicks ticks). */
  run(pid: number, action: Action, maxTicks = 1000): ActionResult | { kind: "pending"; ticket: number; wchan: string } | { kind: "error"; error: string } {
    const s = this.submit(pid, action);
    if (!s.ok) return { kind: "error", error: s.error };
    const ks = this.ks;
    ks.awaited.add(s.ticket);
    try {
      for (let i = 0; i < maxTicks && !ks.completed.has(s.ticket); i++) {
        const p = ks.procs.get(pid);
        if (!p || p.state === "ZOMBIE") break;
        this.step();
      }
      const r = ks.completed.get(s.ticket);
      if (r) return r;
      const p = ks.procs.get(pid);
      if (!p || p.state === "ZOMBIE") return { kind: "error", error: `pid ${pid} ${p?.termSignal !== undefined ? `was killed by ${signalName(p.termSignal)}` : "exited"} before the action ran` };
      const wchan = p.blocked?.ticket === s.ticket ? p.blocked.wchan : p.state === "RUNNABLE" ? "runqueue" : p.state === "STOPPED" ? "stopped" : p.wchan || "runqueue";
      return { kind: "pending", ticket: s.ticket, wchan };
    } finally {
      ks.awaited.delete(s.ticket);
      ks.completed.delete(s.ticket);
    }
  }

  /**
   * Run one syscall now for a RUNNING process (the in-process path the benchmark measures): the
   * same code as a scheduled syscall, audit entries included; its result is returned rather than
   * posted as an event (a call that blocks posts its result when it completes). Throws if pid is
   * not RUNNING.
   */
  trap(pid: number, nr: number, args: Arg[]): SyscallResultExtra {
    const ks = this.ks;
    const p = ks.procs.get(pid);
    if (!p || p.state !== "RUNNING") throw new Error(`trap: pid ${pid} is not running on a core`);
    recordTrap(this.ks, pid, nr, args);
    const ticket = ks.newTicket();
    if (!Number.isSafeInteger(nr) || !validArgs(args)) return malformedCall(ks, p, nr, ticket);
    ks.current = pid;
    ks.trapTicket = ticket;
    const o = syscall(ks, p, nr, args, ticket);
    ks.trapTicket = -1;
    if (p.state === "RUNNING") deliverPending(ks, p);
    ks.current = 0;
    const yielded = p.yielded;
    p.yielded = false;
    if (yielded && p.state === "RUNNING") {
      ks.sched.gaveUp(p);
      makeRunnable(ks, p);
    }
    if ("blocked" in o) {
      const name = syscallName(nr);
      return { kind: "syscall", ticket, pid, tick: ks.tick, nr, name, ret: 0, line: `${name}(...) = ? <unfinished ...>`, reason: `blocked on ${o.blocked}: the call completes later (see its result event)`, blocked: o.blocked };
    }
    const r = o.done;
    if (r.kind === "syscall") return r;
    return { kind: "syscall", ticket, pid, tick: ks.tick, nr, name: syscallName(nr), ret: -1, line: r.line, reason: r.reason, ...(r.fault ? { fault: r.fault } : {}) };
  }

  /** Events since the last drain, in order. */
  drainEvents(): KernelEvent[] {
    const e = this.ks.events;
    this.ks.events = [];
    return e;
  }

  /** Audit entries with seq greater than `seq` still in the ring (auditSince(auditSeq) later gives the new ones). */
  auditSince(seq: number): AuditEntry[] {
    return this.ks.audit.since(seq);
  }

  /** The last n audit entries. */
  auditTail(n: number): AuditEntry[] {
    return this.ks.audit.tail(n);
  }

  /** Sequence number of the latest audit entry (entries are numbered from 1). */
  get auditSeq(): number {
    return this.ks.audit.seq;
  }

  /** Every process, zombies included until reaped, sorted by pid. */
  ps(): ProcInfo[] {
    return [...this.ks.procs.values()].sort((a, b) => a.pid - b.pid).map((p) => procInfo(this.ks, p));
  }

  /** A process's state (zombies included), without building its ProcInfo: for per-message checks. */
  stateOf(pid: number): ProcState | undefined {
    return this.ks.procs.get(pid)?.state;
  }

  /** The live (not zombie) processes carrying `tag`, by pid: one player's processes. */
  pidsTagged(tag: string): number[] {
    const pids: number[] = [];
    for (const p of this.ks.procs.values()) if (p.tag === tag && p.state !== "ZOMBIE") pids.push(p.pid);
    return pids.sort((a, b) => a - b);
  }

  /** Whose pid is, from `tag`'s side: "live" is pidsTagged(tag).includes(pid) without the list; "exited" a zombie of tag's. */
  ownership(pid: number, tag: string): "live" | "exited" | "other" | "none" {
    const p = this.ks.procs.get(pid);
    if (!p) return "none";
    if (p.tag !== tag) return "other";
    return p.state === "ZOMBIE" ? "exited" : "live";
  }

  proc(pid: number): ProcInfo | undefined {
    const p = this.ks.procs.get(pid);
    return p ? procInfo(this.ks, p) : undefined;
  }

  /** The pid on each core, 0 when idle. */
  cores(): number[] {
    return [...this.ks.cores];
  }

  /** RUNNABLE pids in the order the policy would pick them. */
  runQueue(): number[] {
    return this.ks.sched.order((pid) => this.ks.procs.get(pid));
  }

  frames(): FrameInfo {
    return frameInfo(this.ks);
  }

  /** Bytes of a physical frame (null: never written, all zero; undefined: no such frame). */
  frameContents(frame: number): Uint8Array | null | undefined {
    if (!Number.isInteger(frame) || frame < 0 || frame >= this.ks.frames.total) return undefined;
    const b = this.ks.frames.contents[frame];
    return b ? b.slice() : null;
  }

  vmas(pid: number): VmaInfo[] {
    const p = this.ks.procs.get(pid);
    return p ? vmaRows(p) : [];
  }

  /** User pages (a large mapping lists only its present pages) then the kernel half (user:false). */
  pageTable(pid: number): PageInfo[] {
    const p = this.ks.procs.get(pid);
    if (!p || p.state === "ZOMBIE") return [];
    return [...listPages(p.mm), ...kernelPageRows(this.ks)];
  }

  fds(pid: number): FdInfo[] {
    const p = this.ks.procs.get(pid);
    return p ? listFds(p) : [];
  }

  sched(): Required<SchedConfig> {
    return { ...this.ks.sched.cfg };
  }

  /** Change the scheduling policy now; runnable processes keep their order in the new queues. */
  setSched(cfg: SchedConfig): void {
    this.record("setSched", [cfg]);
    const ks = this.ks;
    const before = ks.sched.cfg.policy;
    ks.sched.migrate(cfg, [...ks.procs.values()], (pid) => ks.procs.get(pid));
    let sumW = 0;
    for (const p of ks.procs.values()) if (p.state === "RUNNING" || p.state === "RUNNABLE") sumW += weightOf(p.nice);
    for (const p of ks.running()) ks.sched.startSlice(p, sumW);
    const c = fullSchedConfig(cfg);
    ks.log("policy", undefined, 0, `sched: ${before} -> ${c.policy}`, `scheduler set to ${c.policy}${c.policy === "rr" ? ` (quantum ${c.quantum})` : c.policy === "mlfq" ? ` (allotment ${c.allotment ? "on" : "off"}, boost ${c.boost ? "on" : "off"})` : ""}`);
  }

  /** A signal from the kernel itself (e.g. SIGSTOP when a player disconnects). */
  sendSignal(pid: number, sig: number, reason: string): { ok: true } | { ok: false; error: string } {
    this.record("sendSignal", [pid, sig, reason]);
    const p = this.ks.procs.get(pid);
    if (!p) return { ok: false, error: `no process has pid ${pid}` };
    if (!isValidSignal(sig)) return { ok: false, error: `${sig} is not a signal number` };
    sendSignal(this.ks, p, sig, undefined, typeof reason === "string" ? reason : "");
    return { ok: true };
  }

  /** Set a process's capabilities (a teacher revoking one); revoked ones also leave the bounding set. */
  setCaps(pid: number, caps: number): void {
    this.record("setCaps", [pid, caps]);
    setCaps(this.ks, pid, caps);
  }

  /** The kernel takes n free frames (the OOM killer may run); returns how many it got. */
  memoryPressure(frames: number): number {
    this.record("memoryPressure", [frames]);
    return takeFrames(this.ks, frames);
  }

  /** Give back every frame memoryPressure took. */
  releasePressure(): void {
    this.record("releasePressure", []);
    returnFrames(this.ks);
  }

  /** For the next `ticks` ticks the scheduler neither dispatches nor preempts; time still passes. */
  freeze(ticks: number): void {
    this.record("freeze", [ticks]);
    freezeScheduler(this.ks, ticks);
  }

  /** Bytes typed on pid's terminal; a reader sleeping on it wakes. */
  terminalInput(pid: number, text: string): void {
    this.record("terminalInput", [pid, text]);
    const p = this.ks.procs.get(pid);
    const term = p ? this.ks.terminals.get(p.tty) : undefined;
    if (!p || !term || typeof text !== "string") return;
    term.input += textToByteString(text);
    for (const q of this.ks.procs.values()) if (q.blocked?.wchan === "tty" && q.tty === p.tty) wake(this.ks, q);
  }

  /** What has been written to pid's terminal (the tail). */
  terminalOutput(pid: number): string {
    const p = this.ks.procs.get(pid);
    const term = p ? this.ks.terminals.get(p.tty) : undefined;
    return term ? byteStringToText(term.output) : "";
  }

  /** A regular file's contents as text, or undefined. */
  readFile(path: string): string | undefined {
    const n = typeof path === "string" ? this.ks.vfs.lookup(path) : undefined;
    return n && n.type === "file" ? byteStringToText(n.data) : undefined;
  }

  /** Create or overwrite a file (missing parents become root 0755 directories). */
  writeFile(path: string, data: string, spec?: Omit<FileSpec, "path" | "data">): void {
    this.record("writeFile", [path, data, spec ?? {}]);
    if (typeof path !== "string" || !path.startsWith("/") || typeof data !== "string") return;
    this.ks.vfs.apply({ ...(spec ?? {}), path, data });
  }

  /** An administrator's change (groups, file mode, syscall allow-list, SMEP/SMAP/KPTI): see policy.ts. */
  admin(op: AdminOp): AdminResult {
    this.record("admin", [op]);
    return applyAdmin(this.ks, op);
  }

  /** Which hardening switches are on. */
  mitigations(): Mitigations {
    return { ...this.ks.mitigations };
  }

  /** Log a forged or malformed message as a privilege violation. */
  recordViolation(pid: number, text: string, reason: string): AuditEntry {
    this.record("recordViolation", [pid, text, reason]);
    return this.ks.log("violation", this.ks.procs.get(pid) ?? undefined, 3, String(text), String(reason));
  }

  userName(uid: number): string {
    return this.ks.user(uid);
  }

  groupName(gid: number): string {
    return this.ks.group(gid);
  }

  /** The complete state as plain JSON. */
  snapshot(): KernelSnapshot {
    return snapshotState(this.ks);
  }

  /** A kernel identical to the one snapshotted (undrained events are not carried over). */
  static restore(s: KernelSnapshot): Kernel {
    const k = new Kernel({ seed: 0, frames: 16 });
    k.ks = restoreState(s);
    return k;
  }

  /** Stable hex digest of the state; equal states give equal hashes on every machine. */
  hash(): string {
    return hashState(this.ks);
  }

  /** Every state-changing call so far, with the tick it arrived on (empty when config.replayLog is false). */
  inputLog(): InputRecord[] {
    return JSON.parse(JSON.stringify(this.ks.inputLog)) as InputRecord[];
  }

  /** Boot from config and re-apply the log (up to, not including, untilTick): the same state. */
  static replay(config: KernelConfig, log: InputRecord[], untilTick?: number): Kernel {
    const k = new Kernel(config);
    for (const r of Array.isArray(log) ? log : []) {
      if (!r || typeof r !== "object" || !Array.isArray(r.args)) continue;
      if (untilTick !== undefined && r.tick >= untilTick) break;
      k.replayInput(r, untilTick);
    }
    return k;
  }

  /** Re-apply one input-log record (what replay() does for each; stepping stops at untilTick). */
  replayInput(r: InputRecord, untilTick?: number): void {
    applyRecord(this, r, untilTick);
  }
}
