// `npm start`: the game server on one port (PORT, default 2567), serving the built client.

import os from "node:os";
import { DEFAULT_PORT } from "../shared/params.ts";
import { startServer } from "./app.ts";

const port = parsePort(process.env.PORT);
const host = process.env.HOST || undefined;

try {
  const server = await startServer({ port, host, handleSignals: true });
  const hosts = ["localhost", ...lanAddresses()];
  const lines = [
    "",
    "  Ring Zero is running.",
    "",
    ...hosts.map((h, i) => `  ${i === 0 ? "Students:" : "         "} http://${h}:${server.port}/`),
    ...hosts.map((h, i) => `  ${i === 0 ? "Teachers:" : "         "} http://${h}:${server.port}/teacher`),
    "",
    "  Press Ctrl+C to stop.",
    "",
  ];
  console.log(lines.join("\n"));
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EADDRINUSE") console.error(`Port ${port} is already in use. Stop the other program or pick another port: PORT=3000 npm start`);
  else if (e.code === "EACCES") console.error(`Not allowed to listen on port ${port}. Use a port above 1024: PORT=3000 npm start`);
  else console.error(`Ring Zero could not start: ${e.message}`);
  process.exit(1);
}

function parsePort(text: string | undefined): number {
  if (text === undefined || text === "") return DEFAULT_PORT;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`PORT must be a number from 1 to 65535 (got "${text}").`);
    process.exit(1);
  }
  return n;
}

/** IPv4 addresses other machines on the LAN can reach (the classroom's Chromebooks). */
function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && a.family === "IPv4" && !a.internal)
    .map((a) => a.address);
}
