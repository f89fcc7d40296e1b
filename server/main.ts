// `npm start`: the game server on one port (PORT, default 2567), serving the built client.

import os from "node:os";
import { startServer } from "./app.ts";
import { exitWithStartError, portFromEnv } from "./cli.ts";

const port = portFromEnv();
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
  exitWithStartError(err, port);
}

/** IPv4 addresses other machines on the LAN can reach (the classroom's Chromebooks). */
function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && a.family === "IPv4" && !a.internal)
    .map((a) => a.address);
}
