// Classroom room tests: students as the browser drives them (the Colyseus SDK), with one-line
// syscalls that wait for their own result, and the team workload as a script.

import type { Room as ClientRoom } from "@colyseus/sdk";
import { MachineState } from "../../shared/state.ts";
import { ROOM, S2C } from "../../shared/protocol.ts";
import type { ClassroomMessage } from "../../shared/classroom.ts";
import type { GameSession } from "../../server/game/session.ts";
import type { ClassroomPlay } from "../../server/classroom/play.ts";
import { joinOptions, waitForMessageWhere, waitForState, type TestGame } from "../helpers/game.ts";

export type StudentRoom = ClientRoom<any, MachineState>;

/** A small workload so a test round finishes in seconds. */
export const SMALL_WORKLOAD = { inputs: 1, computeTicks: 4, pages: 2 };

export async function createClassroom(game: TestGame, nick: string, options: Record<string, unknown>): Promise<StudentRoom> {
  const room = await game.colyseus.sdk.create(ROOM.CLASSROOM, joinOptions(nick, options), MachineState);
  await room.waitForInitialState?.();
  return room as StudentRoom;
}

export async function joinClassroom(game: TestGame, roomId: string, nick: string): Promise<StudentRoom> {
  const room = await game.colyseus.sdk.joinById(roomId, joinOptions(nick), MachineState);
  await room.waitForInitialState?.();
  return room as StudentRoom;
}

export function sessionOf(game: TestGame, room: { roomId: string }): GameSession {
  return (game.colyseus.getRoomById(room.roomId) as unknown as { session: GameSession }).session;
}

export function playOf(game: TestGame, room: { roomId: string }): ClassroomPlay {
  return (game.colyseus.getRoomById(room.roomId) as unknown as { play: ClassroomPlay }).play;
}

export function myPid(room: StudentRoom): number {
  return room.state.players.get(room.sessionId)?.pid ?? 0;
}

export function myTeam(room: StudentRoom): number {
  return room.state.players.get(room.sessionId)?.team ?? -1;
}

/** Run one syscall from the palette and wait for its result. */
export async function call(room: StudentRoom, name: string, args: (string | number)[], timeoutMs = 8000): Promise<any> {
  const pid = myPid(room);
  const r = waitForMessageWhere(room, S2C.RESULT, (m) => m.kind === "syscall" && m.name === name && m.pid === pid, timeoutMs);
  room.send("syscall", { name, args });
  return r;
}

export async function access(room: StudentRoom, op: "load" | "store" | "exec", addr: string | number, value?: number): Promise<any> {
  const r = waitForMessageWhere(room, S2C.RESULT, (m) => m.kind === "access", 8000);
  room.send("access", { op, addr, ...(value === undefined ? {} : { value }) });
  return r;
}

export async function compute(room: StudentRoom, ticks: number): Promise<any> {
  const r = waitForMessageWhere(room, S2C.RESULT, (m) => m.kind === "compute", 8000);
  room.send("compute", { ticks });
  return r;
}

export function classroomMessage(room: StudentRoom, type: ClassroomMessage["type"], timeoutMs = 15000): Promise<any> {
  return waitForMessageWhere<ClassroomMessage>(room, S2C.CLASSROOM, (m) => m.type === type, timeoutMs);
}

/** A team's directory name as the world names it. */
export function dirOf(room: StudentRoom, team = myTeam(room)): string {
  return `/teams/${room.state.classroom.teams[team].name.toLowerCase()}`;
}

/** The whole workload of SMALL_WORKLOAD, by one student for their team. */
export async function doWorkload(room: StudentRoom, pages = SMALL_WORKLOAD.pages): Promise<void> {
  const dir = dirOf(room);
  const fd = (await call(room, "open", [`${dir}/input-1.txt`, "O_RDONLY", 0])).ret;
  if (fd < 0) throw new Error(`open input failed`);
  const read = await call(room, "read", [fd, "64", 64]);
  if (read.ret <= 0) throw new Error(`read failed: ${read.line}`);
  await compute(room, SMALL_WORKLOAD.computeTicks);
  await fillPages(room, pages);
  const out = (await call(room, "open", [`${dir}/result.txt`, "O_WRONLY", 0])).ret;
  const w = await call(room, "write", [out, "done", 4]);
  if (w.ret !== 4) throw new Error(`write failed: ${w.line}`);
}

/** mmap `pages` anonymous pages and store to each (demand paging brings a frame per page). */
export async function fillPages(room: StudentRoom, pages: number): Promise<number> {
  const m = await call(room, "mmap", ["NULL", pages * 4096, "PROT_READ|PROT_WRITE", "MAP_PRIVATE|MAP_ANONYMOUS", -1, 0]);
  if (m.ret < 0) throw new Error(`mmap failed: ${m.line}`);
  for (let i = 0; i < pages; i++) await access(room, "store", m.ret + i * 4096, 7);
  return m.ret;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** After a fatal fault: start a fresh process (R in the game) and wait until the state shows it. */
export async function respawn(room: StudentRoom): Promise<number> {
  const before = myPid(room);
  room.send("respawn", {});
  const s = await waitForState(room, (st) => {
    const pid = st.players.get(room.sessionId)?.pid ?? 0;
    return pid !== before && pid > 0 && st.procs.get(String(pid))?.state !== "EXITED";
  });
  return s.players.get(room.sessionId)!.pid;
}
