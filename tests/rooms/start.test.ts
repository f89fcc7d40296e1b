// `npm start`'s server process as whoever runs it sees it: the addresses it prints, and a failed
// start told in one sentence with what to do, never a stack trace.

import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { LOCK_FILE } from "../../server/store/lock.ts";

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

test("a second server on the same data folder is refused before it touches the database", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ringzero-start-"));
  try {
    const ports = await Promise.all([freePort(), freePort()]);
    const [a, b] = ports.map(portOf);
    await Promise.all(ports.map((p) => new Promise((r) => p.close(r))));
    const first = await start({ PORT: String(a), DATA_DIR: dataDir }, /Teachers:.*\n/);
    const pid = running.at(-1)!.pid;
    const second = await start({ PORT: String(b), DATA_DIR: dataDir });
    expect(second.code).toBe(1);
    expect(second.err.trim()).toBe(`Ring Zero could not start: The data folder ${dataDir} is in use by another Ring Zero server (process ${pid}). Two servers on one folder would corrupt its database: stop the other one, or give this one its own folder with DATA_DIR.`);
    expect(await first.stop()).toBe(0);
    // Stopped, it gave the folder back: the lock is gone and the next server opens it.
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    const third = await start({ PORT: String(b), DATA_DIR: dataDir }, /Teachers:.*\n/);
    expect(third.out).toContain(`http://localhost:${b}/`);
    expect(await third.stop()).toBe(0);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 30_000);
