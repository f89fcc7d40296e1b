// One HTTP server on one port: the built client (static files), the Colyseus matchmaker and
// game rooms over WebSocket. Used by `npm start` (main.ts), `npm run dev` (dev.ts) and the tests.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import express from "express";
import helmet from "helmet";
import { defineRoom, defineServer, type Server } from "@colyseus/core";
import { StaggeredWebSocketTransport } from "./transport.ts";
import { ROOM } from "../shared/protocol.ts";
import { SandboxRoom } from "./rooms/SandboxRoom.ts";
import { LevelRoom } from "./rooms/LevelRoom.ts";
import { ClassroomRoom } from "./rooms/ClassroomRoom.ts";
import { classroomRouter } from "./classroom/routes.ts";
import { initLevels } from "./levels/loader.ts";
import { levelRouter } from "./levels/catalog.ts";
import { LEVELS_API } from "../shared/levels/types.ts";
import { openDb, type DbOptions } from "./store/db.ts";
import { MIGRATIONS } from "./store/migrations.ts";
import { setServices } from "./services.ts";
import { createHosting, hostingRoutes } from "./hosting/index.ts";

export interface AppOptions {
  port: number;
  host?: string;
  /** Folder with the built client (index.html, teacher.html, assets/). */
  clientDir?: string;
  /** Dev mode: a middleware (Vite's) that serves the client instead of clientDir. */
  devMiddleware?: express.RequestHandler;
  /** Upgrade requests the game transport must leave to someone else (Vite HMR, socket.io). */
  skipUpgrade?: (req: http.IncomingMessage) => boolean;
  /** Let Colyseus handle SIGINT/SIGTERM (true for the real server, false in tests). */
  handleSignals?: boolean;
  /** Where data lives: DATABASE_URL / DATA_DIR by default; tests pass a temp folder or "memory://". */
  db?: DbOptions;
  /** Folder of level files (default shared/levels); a bad file stops the start with its name and field. */
  levelsDir?: string;
}

export interface RunningServer {
  port: number;
  http: http.Server;
  game: Server;
  close(): Promise<void>;
}

export const DEFAULT_CLIENT_DIR = path.resolve(import.meta.dirname, "../dist/client");

/** Start the game server; resolves once it accepts connections. */
export async function startServer(opts: AppOptions): Promise<RunningServer> {
  initLevels(opts.levelsDir);
  const db = await openDb(opts.db ?? { url: process.env.DATABASE_URL || undefined, dataDir: process.env.DATA_DIR || undefined }, MIGRATIONS);
  const hosting = await createHosting(db);
  setServices({ db, hosting: hosting.service });
  const httpServer = http.createServer();
  const transport = new StaggeredWebSocketTransport({ noServer: true, maxPayload: 8 * 1024 });
  transport.attachToServer(httpServer, {
    filter: (req) => !req.url?.startsWith("/socket.io/") && !(opts.skipUpgrade?.(req) ?? false),
  });
  const game = defineServer({
    rooms: { [ROOM.SANDBOX]: defineRoom(SandboxRoom), [ROOM.LEVEL]: defineRoom(LevelRoom), [ROOM.CLASSROOM]: defineRoom(ClassroomRoom), ...hosting.rooms },
    transport,
    greet: false,
    devMode: false,
    gracefullyShutdown: opts.handleSignals ?? false,
    express: (app) => configureHttp(app, opts),
  });
  let dbClosed: Promise<void> | undefined;
  const closeDb = () => (dbClosed ??= db.close().finally(() => setServices(undefined)));
  // On SIGINT/SIGTERM Colyseus shuts the rooms down, then the database is closed cleanly.
  game.onShutdown(closeDb);
  // Hosted sessions are saved before the rooms go (their students' leaves are not theirs).
  game.onBeforeShutdown(() => hosting.suspend());
  await listen(game, httpServer, opts).catch(async (err: unknown) => {
    await game.gracefullyShutdown(false).catch(() => undefined);
    await hosting.close().catch(() => undefined);
    await closeDb().catch(() => undefined);
    throw err;
  });
  // The teacher channel (socket.io) attaches after Colyseus' HTTP app exists, on the same port.
  await hosting.start(httpServer);
  const port = (httpServer.address() as AddressInfo).port;
  // The test SDK reads the port from the server object; with port 0 it must be the real one.
  (game as unknown as { port: number }).port = port;
  return {
    port,
    http: httpServer,
    game,
    async close() {
      await game.gracefullyShutdown(false);
      await hosting.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await closeDb();
    },
  };
}

/**
 * Colyseus' listen, failing when the port cannot be had. The HTTP server reports a port already
 * in use as an "error" event that Colyseus' listen never sees (its promise would wait forever),
 * and with no listener Node makes it an uncaught exception: a stack trace instead of a sentence.
 */
function listen(game: Server, httpServer: http.Server, opts: AppOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    httpServer.once("error", reject);
    game.listen(opts.port, opts.host).then(() => {
      httpServer.off("error", reject);
      resolve();
    }, reject);
  });
}

function configureHttp(app: express.Application, opts: AppOptions): void {
  app.disable("x-powered-by");
  app.use(
    helmet({
      contentSecurityPolicy: opts.devMiddleware
        ? false
        : {
            directives: {
              defaultSrc: ["'self'"],
              scriptSrc: ["'self'"],
              styleSrc: ["'self'", "'unsafe-inline'"],
              imgSrc: ["'self'", "data:", "blob:"],
              fontSrc: ["'self'", "data:"],
              connectSrc: ["'self'", "ws:", "wss:"],
              workerSrc: ["'self'", "blob:"],
              upgradeInsecureRequests: null,
            },
          },
      // Plain http on a school LAN: do not ask browsers to switch to https.
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });
  app.use(LEVELS_API, levelRouter());
  app.use(classroomRouter());
  app.use(hostingRoutes());
  if (opts.devMiddleware) {
    app.use(opts.devMiddleware);
    return;
  }
  const dir = opts.clientDir ?? DEFAULT_CLIENT_DIR;
  const page = (file: string): express.RequestHandler => (_req, res) => {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) {
      res.status(503).type("text/plain").send("The game client is not built yet. Run `npm start` (it builds the client first) or `npm run build`.\n");
      return;
    }
    res.sendFile(full);
  };
  app.get("/", page("index.html"));
  app.get(["/teacher", "/teacher/", "/teacher/projector", "/teacher/report", "/teacher/replay"], page("teacher.html"));
  app.get("/join/:code", page("index.html"));
  app.use(express.static(dir, { index: false, maxAge: "1h" }));
  app.use((_req, res) => {
    res.status(404).type("text/plain").send("Not found. Students start at / and teachers at /teacher.\n");
  });
}
