// What rooms and HTTP handlers share in one server process: the store (and, as they arrive, the
// hosting registry). Colyseus constructs rooms itself, so they find these here rather than
// through options a client could also send.

import type { Db } from "./store/db.ts";
import type { HostingService } from "./hosting/service.ts";

export interface Services {
  db: Db;
  /** Class sessions hosted by teachers (server/hosting). */
  hosting?: HostingService;
}

let current: Services | undefined;

export function setServices(s: Services | undefined): void {
  current = s;
}

/** The services of the running server; throws if the server was not started through startServer. */
export function services(): Services {
  if (!current) throw new Error("server services are not initialised (start the server with startServer)");
  return current;
}
