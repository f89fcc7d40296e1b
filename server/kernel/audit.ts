// The audit log: every kernel decision as an entry in a fixed-size ring. Sequence numbers keep
// counting past the ring's capacity, so a reader can ask for "everything after seq N".

import type { AuditEntry } from "./types.ts";

/** A ring of audit entries with a sequence number that never resets. */
export class AuditLog {
  readonly capacity: number;
  private ring: (AuditEntry | undefined)[];
  /** Sequence number of the last entry written (0: none yet). Entries are numbered from 1. */
  seq = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
    this.ring = new Array<AuditEntry | undefined>(this.capacity);
  }

  /** Append an entry (its seq is assigned here) and return it. */
  write(e: AuditEntry): AuditEntry {
    e.seq = ++this.seq;
    this.ring[(e.seq - 1) % this.capacity] = e;
    return e;
  }

  /** Entries with seq > `seq` still held in the ring, oldest first. */
  since(seq: number): AuditEntry[] {
    const first = Math.max(Math.floor(seq) + 1, this.seq - this.capacity + 1, 1);
    const out: AuditEntry[] = [];
    for (let s = first; s <= this.seq; s++) out.push(this.ring[(s - 1) % this.capacity]!);
    return out;
  }

  /** The last n entries, oldest first. */
  tail(n: number): AuditEntry[] {
    return this.since(this.seq - Math.max(0, Math.floor(n)));
  }

  toJSON(): { capacity: number; seq: number; entries: AuditEntry[] } {
    return { capacity: this.capacity, seq: this.seq, entries: this.since(0) };
  }

  static fromJSON(j: { capacity: number; seq: number; entries: AuditEntry[] }): AuditLog {
    const a = new AuditLog(j.capacity);
    for (const e of j.entries) a.ring[(e.seq - 1) % a.capacity] = { ...e };
    a.seq = j.seq;
    return a;
  }
}
