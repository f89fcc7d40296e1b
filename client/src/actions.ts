// The one typed action module: every message this client sends goes through here, checked first
// with the protocol's zod schemas (and resolveArgs for syscall arguments), so a student sees a
// readable error instead of the server receiving garbage. Scenes and panels call these; the kernel
// on the server decides what happens.

import { syscallByName, syscallByNr } from "../../shared/abi/syscalls.ts";
import type { AccessOp } from "../../shared/kernel.ts";
import { resolveArgs, type ArgInput } from "../../shared/args.ts";
import { parseAddr } from "../../shared/addr.ts";
import { describeZodError, Msg, type MsgOf, type MsgType } from "../../shared/protocol.ts";
import { session } from "./session.ts";
import { procByPid } from "./logic/snapshot.ts";
import { MAX_QUEUED_ACTIONS } from "../../shared/params.ts";

export type Sent = { ok: true } | { ok: false; error: string };

function send<K extends MsgType>(type: K, msg: unknown): Sent {
  const parsed = Msg[type].safeParse(msg);
  if (!parsed.success) return fail(describeZodError(parsed.error));
  const conn = session.conn;
  if (!conn) return fail("not connected to a game");
  if (session.status.kind === "closed") return fail("the connection is closed");
  conn.send(type, parsed.data);
  return { ok: true };
}

function fail(error: string): Sent {
  session.notice({ level: "error", message: error });
  return { ok: false, error };
}

/**
 * Refuse here, without a round trip, an action for a process whose queue the last state showed
 * full (the server refuses it too, and says so once per burst).
 */
function queueFull(pid?: number): Sent | undefined {
  const p = procByPid(session.machine, pid ?? session.myPid());
  if (!p || (p.queued ?? 0) < MAX_QUEUED_ACTIONS) return undefined;
  return fail(`Process ${p.pid} already has ${MAX_QUEUED_ACTIONS} actions waiting: it runs them one at a time on its own time slices. Wait for it, or press Backspace to drop them.`);
}

/** The pid field: the process I selected, if it is not the server's default. */
function pidField(pid?: number): number | undefined {
  const p = pid ?? session.myPid();
  return p > 0 ? p : undefined;
}

/** Classroom, Ring Wars: the policy team changes the kernel's policy (the server checks the team). */
export function policy(msg: MsgOf<"policy"> | Record<string, unknown>): Sent {
  return send("policy", msg);
}

/** Classroom without a teacher: start the next round. */
export function nextRound(): Sent {
  return send("round", {});
}

/** Issue a syscall by name (palette) or by raw number. Arguments are checked before sending. */
export function syscall(call: string | { nr: number }, args: readonly ArgInput[], pid?: number): Sent {
  const full = queueFull(pid);
  if (full) return full;
  if (typeof call === "string") {
    const spec = syscallByName(call);
    if (!spec) return fail(`${call} is not a syscall this machine knows`);
    const r = resolveArgs(spec, args);
    if (!r.ok) return fail(r.error);
    return send("syscall", { pid: pidField(pid), name: call, args: [...args] });
  }
  const spec = syscallByNr(call.nr);
  if (spec) {
    const r = resolveArgs(spec, args);
    if (!r.ok) return fail(r.error);
  }
  return send("syscall", { pid: pidField(pid), nr: call.nr, args: [...args] });
}

/** Load, store or execute at an address ("0xffffffff81000000", "NULL", or a number). */
export function access(op: AccessOp, addr: string | number, pid?: number, value?: number): Sent {
  const full = queueFull(pid);
  if (full) return full;
  if (parseAddr(addr) === undefined) return fail(`"${addr}" is not an address (write it like 0x402000)`);
  return send("access", { pid: pidField(pid), op, addr: typeof addr === "string" ? addr.trim() : addr, value });
}

/** Spend CPU ticks computing in user mode. */
export function compute(ticks: number, pid?: number): Sent {
  const full = queueFull(pid);
  if (full) return full;
  return send("compute", { pid: pidField(pid), ticks });
}

/** Choose which of my processes the palette drives. */
export function select(pid: number): Sent {
  const r = send("select", { pid });
  if (r.ok) session.selectedPid = pid;
  return r;
}

/** Start a fresh process after mine died. */
export function respawn(): Sent {
  session.selectedPid = 0;
  return send("respawn", {});
}

/** Drop my queued actions. */
export function cancel(pid?: number): Sent {
  return send("cancel", { pid: pidField(pid) });
}

/** Type a line on my terminal (what read(0, ...) returns). */
export function input(text: string, pid?: number): Sent {
  return send("input", { pid: pidField(pid), text });
}

/** Level rooms: start the clock (the briefing is read, or the planned queue should run). */
export function begin(): Sent {
  return send("begin", {});
}

/** Level rooms: reveal the next hint. */
export function hint(): Sent {
  return send("hint", {});
}

/** Level rooms: predict what the kernel will answer to my next action. */
export function predict(outcome: string): Sent {
  return send("predict", { outcome });
}

/** Level rooms: ask the server to judge my final state. */
export function finish(): Sent {
  return send("finish", {});
}

/** Transport round trip (answered by the room without the kernel). */
export function ping(): Sent {
  return send("ping", { t: Date.now() });
}
