// `npm run dev`: the same game server with Vite in middleware mode on the same port, so the
// client hot-reloads while it talks to the real rooms.

import { createServer as createVite, type ViteDevServer } from "vite";
import { startServer } from "./app.ts";
import { exitWithStartError, portFromEnv } from "./cli.ts";

const port = portFromEnv();
let vite: ViteDevServer | undefined;
const server = await startServer({
  port,
  handleSignals: true,
  // Vite is created once the HTTP server exists (its hot-reload socket shares the port).
  devMiddleware: (req, res, next) => (vite ? vite.middlewares(req, res, next) : res.status(503).send("starting...")),
  // Vite's hot-reload socket speaks the "vite-hmr" subprotocol; leave those upgrades to Vite.
  skipUpgrade: (req) => String(req.headers["sec-websocket-protocol"] ?? "").includes("vite-hmr"),
}).catch((err: unknown) => exitWithStartError(err, port, "npm run dev"));
vite = await createVite({
  configFile: new URL("../vite.config.ts", import.meta.url).pathname,
  server: { middlewareMode: true, ws: { server: server.http } },
  appType: "mpa",
});
console.log(`\n  Ring Zero dev server (hot reload): http://localhost:${server.port}/  teacher: http://localhost:${server.port}/teacher\n`);
