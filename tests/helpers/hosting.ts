// Hosting from a test: create a class session over HTTP, open teacher/projector sockets on the
// teacher channel, and join students with the code, as the pages do.

import { io, type Socket } from "socket.io-client";
import type { Room as ClientRoom } from "@colyseus/sdk";
import { MachineState } from "../../shared/state.ts";
import { HOSTED_MODE, TEACHER_EV, TEACHER_NS, type ActionAck, type CreateSession, type DashboardSnapshot, type SessionInfo, type TeacherAction } from "../../shared/hosting.ts";
import { joinOptions, type TestGame } from "./game.ts";

export interface Created {
  session: SessionInfo;
  hostToken: string;
}

export function baseUrl(game: TestGame): string {
  return `http://127.0.0.1:${game.server.port}`;
}

export async function createSession(game: TestGame, settings: Partial<CreateSession> = {}): Promise<Created> {
  const res = await fetch(`${baseUrl(game)}/api/hosting/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Period 3", mode: "sandbox", ...settings }),
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(body)}`);
  return body as Created;
}

export interface TeacherSocket {
  socket: Socket;
  /** The first thing the server sent: the dashboard (host) or the projector view (viewer). */
  first: Promise<{ event: string; body: any }>;
  act(a: TeacherAction | Record<string, unknown>): Promise<ActionAck>;
  close(): void;
}

/** A socket on the teacher channel; with the host token it is the teacher. */
export function teacherSocket(game: TestGame, session: string, host?: string): TeacherSocket {
  const socket = io(`${baseUrl(game)}${TEACHER_NS}`, { auth: host === undefined ? { session } : { session, host }, transports: ["websocket"], reconnection: false });
  const first = new Promise<{ event: string; body: any }>((resolve) => {
    socket.once(TEACHER_EV.SNAPSHOT, (body: DashboardSnapshot) => resolve({ event: TEACHER_EV.SNAPSHOT, body }));
    socket.once(TEACHER_EV.PROJECTOR, (body: unknown) => resolve({ event: TEACHER_EV.PROJECTOR, body }));
  });
  return {
    socket,
    first,
    act: (a) => socket.timeout(5000).emitWithAck(TEACHER_EV.ACT, a) as Promise<ActionAck>,
    close: () => void socket.close(),
  };
}

/** Join the class with its code, as the student page does. */
export async function joinClass(game: TestGame, code: string, nick: string, extra: Record<string, unknown> = {}): Promise<ClientRoom<any, MachineState>> {
  const room = await game.colyseus.sdk.join(HOSTED_MODE.sandbox.room, joinOptions(nick, { joinCode: code, ...extra }), MachineState);
  await room.waitForInitialState?.();
  return room as ClientRoom<any, MachineState>;
}
