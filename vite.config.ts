import { defineConfig } from "vite";
import { resolve } from "node:path";
import { DEFAULT_PORT } from "./shared/params.ts";

// The student game (client/index.html -> "/") and the teacher page (client/teacher.html ->
// "/teacher"), built into dist/client, which the game server serves statically.
//
// Dev (`npm run dev` -> server/dev.ts): this Vite dev server serves the client with hot reload and
// proxies the game server's paths to it, so the client always talks to its own origin, as it does
// in production:
//   - /matchmake/*: the Colyseus HTTP matchmaker;
//   - every WebSocket upgrade whose first path segment is not Vite's own (the SDK connects to
//     ws://host/<processId>/<roomId>?sessionId=...): see `bypass` below, which lets Vite keep its
//     HMR socket and module requests and forwards everything else that looks like a room;
//   - /socket.io: the teacher channel (later issue).
// The game server's port is PORT (default 2567).
const gamePort = Number(process.env.PORT || DEFAULT_PORT);
const target = `http://localhost:${gamePort}`;

export default defineConfig({
  root: resolve(import.meta.dirname, "client"),
  publicDir: false,
  base: "/",
  build: {
    outDir: resolve(import.meta.dirname, "dist/client"),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: {
        main: resolve(import.meta.dirname, "client/index.html"),
        teacher: resolve(import.meta.dirname, "client/teacher.html"),
      },
      output: {
        // Phaser in its own chunk: it changes rarely, so browsers keep it cached across deploys.
        codeSplitting: {
          groups: [
            { name: "phaser", test: /node_modules[\\/]phaser[\\/]/ },
            { name: "colyseus", test: /node_modules[\\/](@colyseus|msgpackr)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    host: "127.0.0.1",
    // The project root (one level above client/) holds assets/ and shared/, which the client imports.
    fs: { allow: [import.meta.dirname] },
    proxy: {
      "/matchmake": { target, changeOrigin: true },
      "/socket.io": { target, ws: true, changeOrigin: true },
      // Colyseus room sockets: /<processId>/<roomId>?sessionId=... (a WebSocket upgrade).
      "^/[A-Za-z0-9_-]{4,}/[A-Za-z0-9_-]{4,}(\\?.*)?$": {
        target,
        ws: true,
        changeOrigin: true,
        bypass: (req) => (req.headers.upgrade?.toLowerCase() === "websocket" ? undefined : req.url),
      },
    },
  },
  preview: { host: "127.0.0.1" },
});
