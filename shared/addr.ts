// Virtual addresses. x86-64 uses 48-bit virtual addresses sign-extended to 64 bits ("canonical"):
// user space is 0x0000000000000000-0x00007fffffffffff, the kernel half 0xffff800000000000 and up.
// JS numbers are exact only to 2^53, so an address is carried folded to its low 48 bits
// (0xffffffff81000000 becomes 0xffff81000000); a non-canonical address keeps its low 48 bits plus
// 2^48 so the MMU can refuse it the way the CPU does (a general-protection fault).

export const ADDR_BITS = 48;
const SPAN = 2 ** ADDR_BITS; // 0x1_0000_0000_0000
const HALF = 2 ** (ADDR_BITS - 1); // 0x8000_0000_0000
/** Folded addresses at or above this are non-canonical. */
export const NONCANONICAL = SPAN;

/** True if the folded address is in the kernel half. */
export function isKernelAddr(a: number): boolean {
  return a >= HALF && a < SPAN;
}

export function isCanonical(a: number): boolean {
  return a >= 0 && a < SPAN;
}

/**
 * Parse an address written as a number or a string ("0x7f...", "0xffffffff81000000", "4096", "NULL").
 * Returns the folded value, or undefined if the text is not an address.
 */
export function parseAddr(v: number | string): number | undefined {
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) return undefined;
    if (v < 0) return foldBig(BigInt(v));
    return foldBig(BigInt(v));
  }
  const t = v.trim();
  if (t === "NULL") return 0;
  let big: bigint;
  try {
    if (/^0x[0-9a-f]{1,16}$/i.test(t)) big = BigInt(t);
    else if (/^-?\d{1,20}$/.test(t)) big = BigInt(t);
    else return undefined;
  } catch {
    return undefined;
  }
  return foldBig(big);
}

function foldBig(big: bigint): number | undefined {
  const u = BigInt.asUintN(64, big);
  if (big > 0xffffffffffffffffn) return undefined;
  const low = Number(u & 0xffffffffffffn);
  const high = u >> 47n; // bits 63..47
  if (high === 0n || high === 0x1ffffn) return low;
  return SPAN + low;
}

/** The 64-bit form of a folded address as hex, as a debugger would print it. */
export function formatAddr(a: number): string {
  if (a >= SPAN) return "0x????" + (a - SPAN).toString(16).padStart(12, "0") + " (non-canonical)";
  if (a >= HALF) return "0xffff" + a.toString(16).padStart(12, "0");
  return "0x" + a.toString(16);
}

/** Round down / up to a page boundary (pageSize a power of two). */
export function pageDown(a: number, pageSize: number): number {
  return a - (a % pageSize);
}
export function pageUp(a: number, pageSize: number): number {
  const r = a % pageSize;
  return r === 0 ? a : a + pageSize - r;
}
