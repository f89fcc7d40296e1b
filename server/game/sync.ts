// Writing plain values into synced schema objects so that a patch carries only real changes:
// each helper compares against a shadow of what it last wrote and touches the schema only where
// that differs.

import type { ArraySchema } from "@colyseus/schema";

// What was last written into each schema object, as plain values: comparing against these is
// far cheaper than reading schema getters, and unchanged data never touches the schema.
const shadows = new WeakMap<object, unknown>();

/** Assign only when the value differs, so unchanged fields never enter a patch. */
export function set<T extends object, K extends keyof T>(obj: T, key: K, value: T[K]): void {
  if (obj[key] !== value) obj[key] = value;
}

/**
 * Assign the fields of `next` that differ from what was last assigned to `target`. The shadow is
 * updated in place: one long-lived object per target rather than a new one kept each tick, which
 * the garbage collector would copy and promote.
 */
export function assignChanged<T extends object>(target: T, next: Partial<T>): void {
  const prev = shadows.get(target) as Partial<T> | undefined;
  if (!prev) shadows.set(target, { ...next });
  for (const key in next) {
    if (prev && prev[key] === next[key]) continue;
    if (prev) prev[key] = next[key];
    if (target[key] !== next[key]) target[key] = next[key] as T[typeof key];
  }
}

export function syncNumbers(arr: ArraySchema<number>, values: ArrayLike<number>): void {
  let prev = shadows.get(arr) as number[] | undefined;
  if (prev && sameNumbers(prev, values)) return;
  if (!prev) shadows.set(arr, (prev = Array.from(arr)));
  // The shadow mirrors the array: its length is read here, not through the ArraySchema proxy.
  let len = prev.length;
  for (; len > values.length; len--) arr.pop();
  for (let i = 0; i < values.length; i++) {
    if (i >= len) arr.push(values[i]);
    else if (prev[i] !== values[i]) arr[i] = values[i];
  }
  prev.length = values.length;
  for (let i = 0; i < values.length; i++) prev[i] = values[i];
}

/** Same values in every field of `b` (plain rows; for...in allocates no key list, unlike Object.keys). */
function shallowEqual(a: object, b: object): boolean {
  for (const k in b) if ((a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]) return false;
  return true;
}

function sameNumbers(a: readonly number[], b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Keep an array of schema objects in step with `data`, filling only the elements that changed.
 * The shadow keeps its old row where nothing changed, so only changed rows are kept past this call.
 */
export function syncSchemas<V, D extends object>(arr: ArraySchema<V>, data: readonly D[], make: () => V, fill: (v: V, d: D) => void): void {
  let prev = shadows.get(arr) as D[] | undefined;
  if (!prev) {
    if (arr.length > 0) arr.clear();
    shadows.set(arr, (prev = []));
  }
  let len = prev.length; // mirrors arr.length without going through the proxy
  for (; len > data.length; len--) arr.pop();
  for (let i = 0; i < data.length; i++) {
    if (i >= len) {
      const v = make();
      fill(v, data[i]);
      arr.push(v);
    } else if (shallowEqual(prev[i], data[i])) continue;
    else fill(arr[i], data[i]);
    prev[i] = data[i];
  }
  prev.length = data.length;
}

/**
 * Keep a list of distinct values (a run queue) in step with few edits: values that left are
 * spliced out, those that moved are taken out and put back at their new place, arrivals spliced
 * in, while the longest run that kept its relative order stays untouched. The scheduler rotating
 * its queue is then two operations in the patch rather than one per slot.
 */
export function syncQueue(arr: ArraySchema<number>, values: readonly number[]): void {
  const prev = shadows.get(arr) as number[] | undefined;
  if (prev && sameNumbers(prev, values)) return;
  const at = new Map(values.map((v, i) => [v, i]));
  if (!prev || at.size !== values.length) return syncNumbers(arr, values);
  const keep = longestIncreasing(prev.map((v) => at.get(v) ?? -1));
  for (let i = prev.length - 1; i >= 0; i--) {
    if (keep.has(i)) continue;
    arr.splice(i, 1);
    prev.splice(i, 1);
  }
  for (let i = 0; i < values.length; i++) {
    if (prev[i] === values[i]) continue;
    if (i >= prev.length) arr.push(values[i]);
    else arr.splice(i, 0, values[i]);
    prev.splice(i, 0, values[i]);
  }
}

/** Positions of a longest strictly increasing subsequence of `seq` (entries below 0 never count). */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const tails: number[] = []; // tails[k]: position of the smallest tail of an increasing run of length k+1
  const before = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    if (seq[i] < 0) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]] < seq[i]) lo = mid + 1;
      else hi = mid;
    }
    before[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = before[i]) keep.add(i);
  return keep;
}
