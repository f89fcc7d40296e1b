// The teacher channel: socket.io on the game server's HTTP server and port (namespace /host).
// A socket says which session it watches in its handshake (auth: { session, host }). With the
// session's host token it is the teacher: it gets the dashboard and may act; every action is
// checked against the token again. Without it (a projector, or a student poking around) it gets
// the projector's public view only, and any action it tries is refused and logged.

import type http from "node:http";
import { Server, type Socket } from "socket.io";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { TEACHER_EV, TEACHER_NS, type ActionAck } from "../../shared/hosting.ts";
import type { HostingService } from "./service.ts";

/** How often the dashboards get what changed; the projector gets a view every PROJECTOR_EVERY flushes. */
export const FLUSH_MS = 250;
/** A feed line (a syscall, a fault) goes out at most this long after it happened. */
export const FEED_MS = 50;
const PROJECTOR_EVERY = 4;
/** Teacher actions one socket may send per second. */
export const ACTIONS_PER_SECOND = 10;

interface SocketData {
  session: string;
  host?: string;
  role: "host" | "viewer";
}

export interface TeacherChannel {
  io: Server;
  close(): Promise<void>;
}

const hostRoom = (id: string) => `host:${id}`;
const viewRoom = (id: string) => `view:${id}`;

/** Attach socket.io to `server` (after the game's HTTP app exists) and start pushing updates. */
export function attachTeacherChannel(server: http.Server, hosting: HostingService): TeacherChannel {
  const io = new Server(server, { path: "/socket.io", serveClient: false, maxHttpBufferSize: 16 * 1024 });
  const ns = io.of(TEACHER_NS);
  const flood = new RateLimiterMemory({ points: ACTIONS_PER_SECOND, duration: 1 });

  ns.on("connection", (socket: Socket) => {
    void welcome(socket).catch(() => socket.disconnect(true));
  });

  async function welcome(socket: Socket): Promise<void> {
    const auth = (socket.handshake.auth ?? {}) as { session?: unknown; host?: unknown };
    const session = typeof auth.session === "string" ? auth.session.slice(0, 40) : "";
    const host = typeof auth.host === "string" ? auth.host : undefined;
    const who = `socket ${socket.id} from ${socket.handshake.address}`;
    const data = socket.data as SocketData;
    data.session = session;
    data.host = host;
    data.role = "viewer";
    socket.on(TEACHER_EV.ACT, (raw: unknown, ack: unknown) => void act(socket, raw, ack, who));
    if (host !== undefined && (await hosting.isHost(session, host))) {
      data.role = "host";
      await socket.join(hostRoom(session));
      socket.emit(TEACHER_EV.SNAPSHOT, await hosting.dashboard(session));
      return;
    }
    if (host !== undefined) {
      hosting.refused(session, who, "open the dashboard", "wrong host token");
      socket.emit(TEACHER_EV.DENIED, { error: "This host link is not valid for this session. Open the link you got when you created it." });
    }
    const view = hosting.projector(session);
    if (!view) {
      socket.emit(TEACHER_EV.DENIED, { error: "No live session has this link. It may have ended; its teacher can open the report." });
      return;
    }
    await socket.join(viewRoom(session));
    socket.emit(TEACHER_EV.PROJECTOR, view);
  }

  async function act(socket: Socket, raw: unknown, ack: unknown, who: string): Promise<void> {
    const reply = (a: ActionAck) => (typeof ack === "function" ? ack(a) : socket.emit(TEACHER_EV.DENIED, a));
    const data = socket.data as SocketData;
    try {
      await flood.consume(socket.id);
    } catch {
      return reply({ ok: false, error: `Slow down: at most ${ACTIONS_PER_SECOND} actions per second.` });
    }
    const r = await hosting.act(data.session, data.host, raw, who);
    reply(r);
    if (!r.ok) return;
    // Show the effect now rather than at the next flush; after "end", the dashboard from the store.
    const live = hosting.liveSession(data.session);
    if (live) {
      const u = live.takeUpdate();
      if (u) ns.to(hostRoom(live.id)).emit(TEACHER_EV.UPDATE, u);
    } else {
      ns.to(hostRoom(data.session)).emit(TEACHER_EV.SNAPSHOT, await hosting.dashboard(data.session));
      ns.to(viewRoom(data.session)).emit(TEACHER_EV.DENIED, { error: "The session has ended. Thank you for playing!" });
    }
  }

  // Feed lines batch for FEED_MS, not a whole flush period: a refusal shows up at once.
  const soon = new Map<string, NodeJS.Timeout>();
  hosting.feedListener = (s) => {
    if (soon.has(s.id)) return;
    soon.set(s.id, setTimeout(() => {
      soon.delete(s.id);
      const u = s.takeUpdate();
      if (u) ns.to(hostRoom(s.id)).emit(TEACHER_EV.UPDATE, u);
    }, FEED_MS));
  };

  let flushes = 0;
  const timer = setInterval(() => {
    flushes++;
    for (const s of hosting.sessions()) {
      const u = s.takeUpdate();
      if (u) ns.to(hostRoom(s.id)).emit(TEACHER_EV.UPDATE, u);
      if (flushes % PROJECTOR_EVERY === 0 && (ns.adapter.rooms.get(viewRoom(s.id))?.size ?? 0) > 0) ns.to(viewRoom(s.id)).emit(TEACHER_EV.PROJECTOR, s.projector());
    }
  }, FLUSH_MS);
  timer.unref();

  return {
    io,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        for (const t of soon.values()) clearTimeout(t);
        hosting.feedListener = undefined;
        ns.disconnectSockets(true);
        // io.close() would close the shared HTTP server too; the game server closes it.
        io.engine.close();
        resolve();
      }),
  };
}
