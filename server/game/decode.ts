// Turning a raw client message into what the player means, or into a readable refusal.
// Pure: the session decides what to do with the intent.

import type { Action } from "../kernel/types.ts";
import { MODE_MESSAGES, Msg, describeZodError, type ModeMsgType, type MsgType } from "../../shared/protocol.ts";
import { resolveArgs } from "../../shared/args.ts";
import { parseAddr } from "../../shared/addr.ts";
import { syscallByName, syscallByNr } from "../../shared/abi/syscalls.ts";

export type Intent =
  /** An action for one of my processes (pid undefined: the one I drive). */
  | { kind: "act"; pid?: number; action: Action }
  | { kind: "ping"; body: { t: number } }
  | { kind: "respawn" }
  | { kind: "select"; pid: number }
  | { kind: "cancel"; pid?: number }
  | { kind: "input"; pid?: number; text: string }
  /** A message only some modes take (MODE_MESSAGES): the session passes it to the mode's hooks. */
  | { kind: "mode"; type: ModeMsgType; body: Record<string, unknown> }
  /** Well-formed but unusable (a bad address, an argument that does not parse): tell the player. */
  | { kind: "error"; message: string }
  /** Not a message a game client sends: a privilege violation. */
  | { kind: "violation"; text: string; message: string };

/** Validate a message against the protocol's schemas and decode it. */
export function decodeMessage(type: string, raw: unknown): Intent {
  const name = String(type).slice(0, 40);
  if (!Object.prototype.hasOwnProperty.call(Msg, type)) {
    return { kind: "violation", text: `unknown message type "${name}"`, message: `The game has no "${name}" message; only the palette's actions reach the kernel.` };
  }
  const parsed = Msg[type as MsgType].safeParse(raw);
  if (!parsed.success) {
    const why = describeZodError(parsed.error);
    return { kind: "violation", text: `malformed "${name}" message: ${why}`, message: `Your "${name}" was not understood: ${why}.` };
  }
  const m = parsed.data as Record<string, unknown>;
  const pid = m.pid as number | undefined;
  if ((MODE_MESSAGES as readonly string[]).includes(type)) return { kind: "mode", type: type as ModeMsgType, body: m };
  switch (type as Exclude<MsgType, ModeMsgType>) {
    case "ping":
      return { kind: "ping", body: m as { t: number } };
    case "respawn":
      return { kind: "respawn" };
    case "select":
      return { kind: "select", pid: m.pid as number };
    case "cancel":
      return { kind: "cancel", pid };
    case "input":
      return { kind: "input", pid, text: m.text as string };
    case "compute":
      return { kind: "act", pid, action: { kind: "compute", ticks: m.ticks as number } };
    case "access": {
      const addr = parseAddr(m.addr as string | number);
      if (addr === undefined) return { kind: "error", message: `"${String(m.addr)}" is not an address. Write it in hex, like 0x400000 or 0xffffffff81000000.` };
      return { kind: "act", pid, action: { kind: "access", op: m.op as "load" | "store" | "exec", addr, value: m.value as number | undefined } };
    }
    case "syscall": {
      const args = m.args as (number | string)[];
      const spec = m.name !== undefined ? syscallByName(m.name as string) : syscallByNr(m.nr as number);
      // A number the table does not know still traps: the kernel answers ENOSYS.
      if (!spec) return { kind: "act", pid, action: { kind: "syscall", nr: m.nr as number, args: args.filter((a): a is number => typeof a === "number") } };
      const r = resolveArgs(spec, args);
      if (!r.ok) return { kind: "error", message: r.error };
      return { kind: "act", pid, action: { kind: "syscall", nr: spec.nr, args: r.args } };
    }
  }
}
