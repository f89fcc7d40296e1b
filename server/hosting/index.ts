// Hosting's entry points for the server (server/app.ts): the service, its room definitions, its
// HTTP routes and the teacher channel, wired in the order the shared port needs.

import type http from "node:http";
import type { Db } from "../store/db.ts";
import type { HostedMode } from "../../shared/hosting.ts";
import { HostingService } from "./service.ts";
import { hostedModeRooms } from "./modes.ts";
import { hostedRoomDefinitions } from "./hostedRoom.ts";
import { attachTeacherChannel, type TeacherChannel } from "./channel.ts";

export { hostingRoutes } from "./routes.ts";
export { HOSTING_MIGRATIONS } from "./store.ts";

export interface Hosting {
  service: HostingService;
  /** Room definitions to spread into defineServer({ rooms }). */
  rooms: ReturnType<typeof hostedRoomDefinitions>;
  /** After the game server listens: attach socket.io and bring back live sessions. */
  start(server: http.Server): Promise<void>;
  /** Before the rooms shut down: save every live session (students' leaves are not theirs). */
  suspend(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Colyseus' matchmaker reads the client's address from proxy headers only, which a client can
 * forge. Before it sees a matchmaking request, put the socket's own address there (unless
 * TRUST_PROXY=1 says a reverse proxy in front sets them), so join-code guesses are throttled
 * per real address.
 */
function stampClientAddress(req: http.IncomingMessage): void {
  if (process.env.TRUST_PROXY === "1" || !req.url?.startsWith("/matchmake/")) return;
  delete req.headers["x-forwarded-for"];
  delete req.headers["x-client-ip"];
  req.headers["x-real-ip"] = req.socket.remoteAddress ?? "unknown";
}

export async function createHosting(db: Db): Promise<Hosting> {
  const modes = await hostedModeRooms();
  const service = new HostingService(db, new Set(Object.keys(modes) as HostedMode[]));
  let channel: TeacherChannel | undefined;
  let suspended: Promise<void> | undefined;
  return {
    service,
    rooms: hostedRoomDefinitions(modes),
    async start(server) {
      server.prependListener("request", stampClientAddress);
      channel = attachTeacherChannel(server, service);
      await service.start();
    },
    suspend: () => (suspended ??= service.suspend()),
    async close() {
      await (suspended ??= service.suspend());
      await channel?.close();
    },
  };
}
