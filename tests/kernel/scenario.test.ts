// The headless scenario runner and its CLI (`npm run --silent kernel -- FILE.json`).

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { parseScenario } from "../../server/scenario/schema.ts";
import { runScenario } from "../../server/scenario/runner.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const NODE = join(ROOT, "node_modules/.bin/node");
const CLI = join(ROOT, "server/tools/kernel-cli.ts");

function cli(file: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(NODE, [CLI, file], { cwd: ROOT, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lines(stdout: string): Record<string, unknown>[] {
  return stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
}

function tempScenario(obj: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "ringzero-"));
  const f = join(dir, "s.json");
  writeFileSync(f, typeof obj === "string" ? obj : JSON.stringify(obj));
  return f;
}

describe("kernel CLI", () => {
  test("examples/shadow.json: EACCES, mmap, demand paging, EFAULT, then SIGSEGV", () => {
    const r = cli("examples/shadow.json");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toMatchObject({ step: 0, ret: -1, errno: "EACCES", line: 'openat(AT_FDCWD, "/etc/shadow", O_RDONLY) = -1 EACCES (Permission denied)' });
    expect(out[0].reason).toContain("mode 0600 owner root");
    expect(out[1]).toMatchObject({ step: 1 });
    expect(out[1].ret).toBeGreaterThan(0);
    expect(out[2]).toMatchObject({ step: 2, ret: 0, minor_fault: true });
    expect(out[3]).toMatchObject({ step: 3, ret: -1, errno: "EFAULT" });
    expect(out[4]).toMatchObject({ step: 4, signal: "SIGSEGV", code: "SEGV_ACCERR" });
  });

  test("examples/fork-cow.json: COW, EAGAIN at RLIMIT_NPROC, wait4 reaping, ECHILD", () => {
    const r = cli("examples/fork-cow.json");
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    expect(out[3]).toMatchObject({ step: 3, ret: 0, cow: true });
    expect(out[4]).toMatchObject({ value: 2 });
    expect(out[5]).toMatchObject({ value: 1 });
    expect(out[6]).toMatchObject({ errno: "EAGAIN" });
    expect(out[9]).toMatchObject({ ret: out[1].ret });
    expect(out[10]).toMatchObject({ errno: "ECHILD" });
    expect(out[11].ret).toBeGreaterThan(0);
  });

  test("examples/blocking.json reports a blocked step with its wchan", () => {
    const out = lines(cli("examples/blocking.json").stdout);
    expect(out[2]).toEqual({ step: 2, blocked: true, wchan: "pipe" });
    expect(out[5]).toEqual({ step: 5, blocked: true, wchan: "tty" });
  });

  test("a malformed scenario exits 2 and names the step and field", () => {
    const f = tempScenario({ seed: 1, processes: [{ name: "a", uid: 1000 }], steps: [{ proc: "a", call: "getpid", args: [] }, { proc: "a", call: "getpid", args: [] }, { proc: "a", call: "opne", args: [] }] });
    const r = cli(f);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('steps[2].call: unknown syscall "opne" (did you mean "open"?)');
  });

  test("invalid JSON and an unreadable file exit 2 with a clear message", () => {
    const bad = cli(tempScenario("{ nope"));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("invalid JSON");
    const missing = cli("/nonexistent/ringzero.json");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("cannot read");
  });

  test("npm run --silent kernel works as the README shows", () => {
    const out = execFileSync("npm", ["run", "--silent", "kernel", "--", "examples/shadow.json"], { cwd: ROOT, encoding: "utf8" });
    expect(lines(out)).toHaveLength(5);
  });
});

describe("scenario validation", () => {
  const base = { seed: 1, processes: [{ name: "a", uid: 1000 }] };
  const cases: [string, unknown, string][] = [
    ["argument count", { ...base, steps: [{ proc: "a", call: "open", args: ["/x"] }] }, "steps[0].args: open takes 3 arguments (pathname, flags, mode), got 1"],
    ["unknown constant", { ...base, steps: [{ proc: "a", call: "mmap", args: ["NULL", 1, "PROT_READ", "MAP_PRIVTE", -1, 0] }] }, 'steps[0].args[3] (flags): unknown constant "MAP_PRIVTE"'],
    ["forward reference", { ...base, steps: [{ proc: "a", access: "load", addr: "@0" }] }, 'steps[0].addr: "@0" must refer to an earlier step'],
    ["two kinds in one step", { ...base, steps: [{ proc: "a", call: "getpid", compute: 3 }] }, "steps[0]: give exactly one of"],
    ["unknown key", { ...base, steps: [{ proc: "a", cal: "getpid" }] }, "steps[0]"],
    ["bad mode", { ...base, files: [{ path: "/x", mode: "rw" }], steps: [] }, "files[0].mode"],
    ["unknown signal", { ...base, steps: [{ proc: "a", signal: "SIGSTP" }] }, 'steps[0].signal: unknown signal "SIGSTP" (did you mean "SIGSTOP"?)'],
  ];
  test.each(cases)("%s", (_n, s, msg) => {
    const r = parseScenario(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(msg);
  });

  test("$name is a pid and @k+N offsets a previous return value", () => {
    const r = parseScenario({
      seed: 1, processes: [{ name: "a", uid: 1000 }, { name: "b", uid: 1000 }],
      steps: [
        { proc: "a", call: "kill", args: ["$b", 0] },
        { proc: "a", call: "mmap", args: ["NULL", 8192, "PROT_READ|PROT_WRITE", "MAP_PRIVATE|MAP_ANONYMOUS", -1, 0] },
        { proc: "a", access: "store", addr: "@1+4096", value: 65 },
        { proc: "a", access: "load", addr: "@1+0x1000" },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { outputs } = runScenario(r.scenario);
    expect(outputs[0]).toMatchObject({ ret: 0 });
    expect(outputs[2]).toMatchObject({ ret: 0, minor_fault: true });
    expect(outputs[3]).toMatchObject({ ret: 0, value: 65 });
  });

  test("a step on a dead process reports an error", () => {
    const r = parseScenario({ ...base, steps: [{ proc: "a", call: "exit", args: [0] }, { proc: "a", call: "getpid", args: [] }] });
    if (!r.ok) throw new Error(r.error);
    const { outputs } = runScenario(r.scenario);
    expect(outputs[1].error).toContain("no process");
  });
});
