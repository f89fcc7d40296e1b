// Turning what a person typed or picked into syscall arguments. Used by the game room (palette
// messages), the client (to check a form before sending) and the scenario runner, so "O_RDONLY",
// "0xffffffff81000000", "buf:hello" mean the same thing everywhere.

import { parseAddr } from "./addr.ts";
import { parseFlags, parseInteger } from "./abi/flags.ts";
import type { ArgKind, SyscallSpec } from "./abi/syscalls.ts";
import { LAYOUT } from "./params.ts";

/** A syscall argument as the kernel takes it (see server/kernel/types.ts Arg). */
export type KernelArg = number | { text: string } | { space: number };

/** What a client or scenario may write for one argument. */
export type ArgInput = number | string;

/** Longest path or buffer text a process may pass (PATH_MAX is 4096; the wire limit is smaller). */
export const MAX_ARG_TEXT = 1024;
/** Largest read buffer a process may ask for. */
export const MAX_ARG_SPACE = 4096;

export type ArgResult = { ok: true; arg: KernelArg } | { ok: false; error: string };

const ADDRESS_KINDS: ReadonlySet<ArgKind> = new Set(["addr", "ptr"]);

/**
 * Resolve one argument by the kind its syscall declares.
 * - path / inbuf: a string is the text itself ("buf:TEXT" also works); the process's C library
 *   puts it in its own memory;
 * - outbuf: a size ("64" or "buf:64") becomes a buffer of that many bytes; a number or hex string
 *   is a raw pointer (which may be bad: that is how EFAULT is taught);
 * - addr / ptr: hex ("0x7f..."), decimal, or NULL;
 * - handler: "handler" means a real function in the process's text, or SIG_DFL / SIG_IGN / an address;
 * - everything else: integers or symbolic constants joined with "|".
 */
export function resolveArg(input: ArgInput, kind: ArgKind, name = "argument"): ArgResult {
  if (typeof input === "number") {
    if (!Number.isFinite(input) || !Number.isInteger(input)) return fail(name, `${input} is not an integer`);
    if (ADDRESS_KINDS.has(kind) || kind === "outbuf" || kind === "inbuf" || kind === "path") {
      const a = parseAddr(input);
      return a === undefined ? fail(name, `${input} is not an address`) : { ok: true, arg: a };
    }
    return { ok: true, arg: input };
  }
  const s = input;
  if (s.length > MAX_ARG_TEXT) return fail(name, `is ${s.length} characters long; the limit is ${MAX_ARG_TEXT}`);
  const buf = s.startsWith("buf:") ? s.slice(4) : undefined;
  switch (kind) {
    case "path":
    case "inbuf":
      if (buf !== undefined) return { ok: true, arg: { text: buf } };
      if (/^0x[0-9a-f]+$/i.test(s)) return addr(s, name);
      return { ok: true, arg: { text: s } };
    case "outbuf": {
      const size = parseInteger(buf ?? s);
      if (buf !== undefined || (size !== undefined && !/^0x/i.test(s))) {
        if (size === undefined || size < 0 || size > MAX_ARG_SPACE) return fail(name, `buffer size must be 0..${MAX_ARG_SPACE}`);
        return { ok: true, arg: { space: size } };
      }
      return addr(s, name);
    }
    case "addr":
    case "ptr":
      if (buf !== undefined) return { ok: true, arg: kind === "ptr" ? { space: Number(buf) || 8 } : { text: buf } };
      return addr(s, name);
    case "handler":
      if (s === "handler") return { ok: true, arg: LAYOUT.TEXT };
      if (/^0x[0-9a-f]+$/i.test(s)) return addr(s, name);
      return constant(s, name);
    default:
      return constant(s, name);
  }
}

/** Resolve every argument of a call; a missing trailing argument is an error naming it. */
export function resolveArgs(spec: SyscallSpec, inputs: readonly ArgInput[]): { ok: true; args: KernelArg[] } | { ok: false; error: string } {
  if (inputs.length > spec.args.length) {
    return { ok: false, error: `${spec.name} takes ${spec.args.length} argument${spec.args.length === 1 ? "" : "s"}, got ${inputs.length}` };
  }
  const args: KernelArg[] = [];
  for (let i = 0; i < spec.args.length; i++) {
    const a = spec.args[i];
    const v = inputs[i];
    if (v === undefined) return { ok: false, error: `${spec.name}: argument ${i + 1} (${a.name}) is missing` };
    const r = resolveArg(v, a.kind, `${spec.name}: ${a.name}`);
    if (!r.ok) return r;
    args.push(r.arg);
  }
  return { ok: true, args };
}

function addr(s: string, name: string): ArgResult {
  const a = parseAddr(s);
  return a === undefined ? fail(name, `"${s}" is not an address (write it like 0x7f0000000000 or NULL)`) : { ok: true, arg: a };
}

function constant(s: string, name: string): ArgResult {
  const r = parseFlags(s);
  return r.ok ? { ok: true, arg: r.value } : fail(name, r.error);
}

function fail(name: string, why: string): { ok: false; error: string } {
  return { ok: false, error: `${name}: ${why}` };
}
