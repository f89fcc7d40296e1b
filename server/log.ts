// Structured server logs (pino). LOG_LEVEL=debug|info|warn|error|silent; tests run silent.
import { pino } from "pino";

export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
  base: undefined,
});
