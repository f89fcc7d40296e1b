// What `npm start` (main.ts) and `npm run dev` (dev.ts) share: reading PORT, and saying in words
// why the server could not start. Whoever runs the server (a school's IT admin) reads this, so a
// failed start is one sentence and what to do, never a stack trace.

import { DEFAULT_PORT } from "../shared/params.ts";

/** PORT from the environment (DEFAULT_PORT when unset); a bad value stops the process with a message. */
export function portFromEnv(text = process.env.PORT): number {
  if (text === undefined || text === "") return DEFAULT_PORT;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    console.error(`PORT must be a number from 1 to 65535 (got "${text}").`);
    process.exit(1);
  }
  return n;
}

/** Why startServer failed, in words; then exit with status 1. `command` is how the user started it. */
export function exitWithStartError(err: unknown, port: number, command = "npm start"): never {
  const e = err as NodeJS.ErrnoException;
  const other = port === DEFAULT_PORT ? 3000 : DEFAULT_PORT;
  if (e.code === "EADDRINUSE") console.error(`Port ${port} is already in use (by another Ring Zero, or another program). Stop it, or pick another port: PORT=${other} ${command}`);
  else if (e.code === "EACCES") console.error(`Not allowed to listen on port ${port}. Use a port above 1024: PORT=${other} ${command}`);
  else if (e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND") console.error(`HOST=${process.env.HOST ?? ""} is not an address of this machine. Leave HOST unset to listen on all of them.`);
  else console.error(`Ring Zero could not start: ${e instanceof Error ? e.message : String(err)}`);
  process.exit(1);
}
