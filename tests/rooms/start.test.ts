// `npm start`'s server process as whoever runs it sees it: the addresses it prints, and a failed
// start told in one sentence with what to do, never a stack trace.

import { spawn } from "node:child_process";
import net from "node:net";
import { afterEach, expect, test } from "vitest";

const MAIN = new URL("../../server/main.ts", import.meta.url).pathname;
const running: ReturnType<typeof spawn>[] = [];
afterEach(() => running.splice(0).forEach((c) => c.kill("SIGKILL")));

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Start server/main.ts with `env`; resolve when it exits, or once stdout matches `until`. */
function start(env: Record<string, string>, until?: RegExp): Promise<Run & { stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, DATA_DIR: "memory://", LOG_LEVEL: "silent", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  running.push(child);
  const run = { code: null as number | null, out: "", err: "" };
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve((run.code = code))));
  const stop = () => (child.kill("SIGTERM"), exited);
  return new Promise((resolve) => {
    child.stdout.on("data", (b) => {
      run.out += b;
      if (until?.test(run.out)) resolve({ ...run, stop });
    });
    child.stderr.on("data", (b) => (run.err += b));
    void exited.then(() => resolve({ ...run, stop }));
  });
}

function freePort(): Promise<net.Server> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, () => resolve(s));
  });
}
const portOf = (s: net.Server) => (s.address() as net.AddressInfo).port;

test("a port already in use is told in one sentence, with another port to try", async () => {
  const taken = await freePort();
  try {
    const run = await start({ PORT: String(portOf(taken)) });
    expect(run.code).toBe(1);
    expect(run.err.trim()).toBe(`Port ${portOf(taken)} is already in use (by another Ring Zero, or another program). Stop it, or pick another port: PORT=2567 npm start`);
    expect(run.out).not.toMatch(/Students:/);
  } finally {
    taken.close();
  }
});

test("a PORT that is not a port number is refused before anything starts", async () => {
  const run = await start({ PORT: "80a" });
  expect(run.code).toBe(1);
  expect(run.err.trim()).toBe('PORT must be a number from 1 to 65535 (got "80a").');
});

test("a start prints the student and teacher addresses, and SIGTERM stops it cleanly", async () => {
  const probe = await freePort();
  const port = portOf(probe);
  await new Promise((r) => probe.close(r));
  const run = await start({ PORT: String(port) }, /Teachers:.*\n/);
  expect(run.out).toContain(`Students: http://localhost:${port}/`);
  expect(run.out).toContain(`Teachers: http://localhost:${port}/teacher`);
  const res = await fetch(`http://localhost:${port}/`);
  expect(res.status).toBeLessThan(500);
  expect(await run.stop()).toBe(0);
  expect(run.err).not.toMatch(/\n\s+at /);
});
