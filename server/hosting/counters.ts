// Per-student counters and the live feed, from what the session hooks report: syscalls granted
// or denied (by errno), faults by kind, OOM kills, privilege violations. Pure functions.

import type { ActionResult, KernelEvent } from "../kernel/types.ts";
import type { FeedItem, StudentCounts } from "../../shared/hosting.ts";

/** Who did it, as the feed shows it. */
export interface Actor {
  key: string;
  nick: string;
  team: number;
}

/** Count one result of a student's process. Returns true if a counter changed. */
export function countResult(c: StudentCounts, r: ActionResult): boolean {
  if (r.kind === "syscall") {
    if (r.errno) c.denied[r.errno] = (c.denied[r.errno] ?? 0) + 1;
    else c.granted++;
    return true;
  }
  if (r.kind === "access" && r.fault) {
    c.faults[r.fault.code] = (c.faults[r.fault.code] ?? 0) + 1;
    return true;
  }
  return false;
}

/** Fault kind for a process the OOM killer picked. */
export const OOM_KILL = "OOM_KILL";

/** Count a kernel event against its owner. Returns true if a counter changed. */
export function countEvent(c: StudentCounts, e: KernelEvent): boolean {
  if (e.type === "oom-kill") {
    c.faults[OOM_KILL] = (c.faults[OOM_KILL] ?? 0) + 1;
    return true;
  }
  return false;
}

/** The feed line for a result; undefined for results not worth a line (plain compute). */
export function resultItem(a: Actor, r: ActionResult, at: number): Omit<FeedItem, "seq"> | undefined {
  if (r.kind === "syscall") return { at, tick: r.tick, kind: "syscall", ...a, ok: !r.errno, errno: r.errno, text: r.line, reason: r.reason };
  if (r.kind === "access") return { at, tick: r.tick, kind: "access", ...a, ok: r.ok, fault: r.fault?.code, text: r.line, reason: r.reason };
  return undefined;
}

/** A bounded ring of feed items with increasing sequence numbers. */
export class Feed {
  private readonly items: FeedItem[] = [];
  private seq = 0;
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  push(item: Omit<FeedItem, "seq">): FeedItem {
    const full = { ...item, seq: ++this.seq };
    this.items.push(full);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
    return full;
  }

  /** Items after `seq` (all kept ones for 0). */
  since(seq: number): FeedItem[] {
    return this.items.filter((i) => i.seq > seq);
  }

  tail(n: number): FeedItem[] {
    return this.items.slice(-n);
  }

  get last(): number {
    return this.seq;
  }
}
