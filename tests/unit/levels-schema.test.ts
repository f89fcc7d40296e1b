// Level files against their schema: every shipped file validates, and a broken file is refused
// with an error naming the file and the field (at load time, and at server start).

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { DEFAULT_LEVELS_DIR, readLevels } from "../../server/levels/loader.ts";
import { startServer } from "../../server/app.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ringzero-levels-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const good = JSON.parse(fs.readFileSync(path.join(DEFAULT_LEVELS_DIR, "01-hello-kernel.json"), "utf8"));

/** A folder holding one level file with `edit` applied to a valid level. */
function folderWith(name: string, edit: (l: any) => unknown): string {
  const dir = fs.mkdtempSync(path.join(tmp, "case-"));
  const level = structuredClone(good);
  const out = edit(level) ?? level;
  fs.writeFileSync(path.join(dir, name), typeof out === "string" ? out : JSON.stringify(out, null, 2));
  return dir;
}

function errorFor(name: string, edit: (l: any) => unknown): string {
  const r = readLevels(folderWith(name, edit));
  if (r.ok) throw new Error("the broken level was accepted");
  return r.errors.join("\n");
}

test("every shipped level file validates, with unique numbers, at least 12 of them", () => {
  const r = readLevels();
  expect(r.ok ? [] : r.errors).toEqual([]);
  if (!r.ok) return;
  expect(r.levels.length).toBeGreaterThanOrEqual(12);
  expect(r.levels.map((l) => l.order)).toEqual(r.levels.map((_, i) => i + 1));
  for (const l of r.levels) {
    expect(l.hints.length, l.file).toBeLessThanOrEqual(3);
    expect(l.source, l.file).toMatch(/\(\d\)|OSTEP|xv6|Intel/);
  }
});

describe("a broken level file is refused with its file name and field path", () => {
  const cases: [string, string, (l: any) => unknown, RegExp][] = [
    ["misspelt syscall in the check", "05-typo.json", (l) => void (l.check.all[0].syscall = "wirte"), /05-typo\.json: check\.all\[0\]\.syscall: unknown syscall "wirte" \(did you mean "write"\?\)/],
    ["argument the syscall does not have", "05-arg.json", (l) => void (l.check.all[0].args = { fdd: 1 }), /05-arg\.json: check\.all\[0\]\.args\.fdd: write has no argument "fdd" \(its arguments: fd, buf, count\)/],
    ["objective without a goal", "05-goal.json", (l) => void delete l.check.all[0].goal, /check\.all\[0\]\.goal: each objective needs a goal/],
    ["unknown filter", "05-filter.json", (l) => void (l.check.all[0].errn = "EBADF"), /check\.all\[0\]\.errn: unknown filter \(did you mean "errno"\?\)/],
    ["bad errno", "05-errno.json", (l) => void (l.check.all[0].errno = "EACCESS"), /check\.all\[0\]\.errno: "EACCESS" is not an errno name \(did you mean "EACCES"\?\)/],
    ["unknown state", "05-state.json", (l) => void l.check.all.push({ goal: "g", state: { fds: { max: 0 } } }), /check\.all\[1\]\.state\.fds: unknown state/],
    ["a match naming two kinds", "05-kinds.json", (l) => void (l.check.all[0].access = "load"), /check\.all\[0\]: a match names exactly one of .* \(found syscall, access\)/],
    ["allowed action misspelt", "05-allowed.json", (l) => void (l.allowed = ["write", "getpdi"]), /05-allowed\.json: allowed\[1\]: unknown action "getpdi" \(did you mean "getpid"\?\)/],
    ["world file with a bad mode", "05-mode.json", (l) => void (l.world.files = [{ path: "/x", mode: "999" }]), /05-mode\.json: world\.files\[0\]\.mode: must be octal/],
    ["script step for a process that does not exist", "05-script.json", (l) => void (l.world.script = [{ at: 1, proc: "ghost", call: "kill", args: ["$player", "SIGTERM"] }]), /world\.script\[0\]\.proc: no process named "ghost"/],
    ["script argument of the wrong kind", "05-sarg.json", (l) => {
      l.world.processes = [{ name: "warden", uid: 0 }];
      l.world.script = [{ at: 1, proc: "warden", call: "kill", args: ["$player", "SIGTREM"] }];
    }, /world\.script\[0\]\.args\[1\] \(sig\): unknown constant "SIGTREM"/],
    ["too many hints", "05-hints.json", (l) => void l.hints.push("four"), /05-hints\.json: hints: /],
    ["unknown top-level field", "05-extra.json", (l) => void (l.difficulty = "hard"), /05-extra\.json: .*difficulty/],
    ["missing title", "05-title.json", (l) => void delete l.title, /05-title\.json: title: /],
    ["invalid JSON", "05-json.json", () => "{ \"title\": ", /05-json\.json: not valid JSON/],
    ["a file name without its number", "hello.json", () => undefined, /hello\.json: the file name must look like 01-hello-kernel\.json/],
  ];
  test.each(cases)("%s", (_what, name, edit, expected) => {
    expect(errorFor(name, edit)).toMatch(expected);
  });

  test("two files with the same number are refused", () => {
    const dir = folderWith("01-a.json", () => undefined);
    fs.writeFileSync(path.join(dir, "01-b.json"), JSON.stringify(good));
    const r = readLevels(dir);
    expect(r.ok ? "" : r.errors.join("\n")).toMatch(/01-b\.json: level number 01 is also used by .*01-a\.json/);
  });
});

test("the server refuses to start with a bad level file, naming it", async () => {
  const dir = folderWith("03-broken.json", (l) => void (l.check.all[0].syscall = "wirte"));
  await expect(startServer({ port: 0, host: "127.0.0.1", db: { dataDir: "memory://" }, levelsDir: dir })).rejects.toThrow(/Invalid level files:\n.*03-broken\.json: check\.all\[0\]\.syscall: unknown syscall "wirte"/);
});
