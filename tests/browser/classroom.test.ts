// Issue 6 end to end in headless Chromium: a teacher creates a classroom session (two teams, a
// 30-second round) on the teacher page, three students join with the code, the teacher starts,
// the students work (compute, read their team's input, one tries another team's file: EACCES)
// while the projector shows the machine, the scoreboard and the live audit feed; the round ends
// on its timer with the explanation on every student's screen, and the replay viewer rebuilds the
// round with a timeline. Screenshots: tests/artifacts/classroom-{game,projector,end,replay}.png.

import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { bootGame, type TestGame } from "../helpers/game.ts";
import { createSession, teacherSocket } from "../helpers/hosting.ts";
import { launchBrowser, newPage, screenshot } from "../helpers/browser.ts";
import { joinWithCode as join } from "../helpers/student.ts";
import { ID, argId } from "../../client/src/ui/ids.ts";
import type {} from "../../client/src/hooks-api.ts";
import type {} from "../../client/src/teacher/hooks-api.ts";

let game: TestGame;
let browser: Browser;
let base: string;

beforeAll(async () => {
  game = await bootGame();
  base = `http://127.0.0.1:${game.server.port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await game?.close();
});

const myTeamName = (page: Page) => page.evaluate(() => {
  const s = window.__ringzero!.state() as { players: Record<string, { team: number }>; classroom: { teams: { name: string }[] } };
  return s.classroom.teams[s.players[window.__ringzero!.sessionId].team].name.toLowerCase();
});

/** Issue a syscall through the palette, as a student does, and wait for its result. */
async function palette(page: Page, name: string, args: Record<string, string>): Promise<void> {
  const before = await page.evaluate(() => window.__ringzero!.results.length);
  await page.locator("canvas").first().click({ position: { x: 640, y: 400 } }).catch(() => undefined);
  await page.keyboard.press("/");
  await page.waitForSelector(`#${ID.palette}`);
  await page.selectOption(`#${ID.paletteSyscall}`, name);
  for (const [arg, value] of Object.entries(args)) await page.fill(`#${argId(arg)}`, value);
  await page.click(`#${ID.issue}`);
  await page.waitForFunction((n) => window.__ringzero!.results.length > n, before, { timeout: 20_000 });
  await page.keyboard.press("Escape");
}

async function computeKey(page: Page, times: number): Promise<void> {
  await page.locator("canvas").first().click({ position: { x: 640, y: 400 } }).catch(() => undefined);
  for (let i = 0; i < times; i++) await page.keyboard.press("c");
}

test("a teacher runs a team round: lobby, start, work and denials, the scoreboard, the end screen with the explanation, the replay", async () => {
  const t = await newPage(browser, 1366, 900);
  await t.page.goto(`${base}/teacher`);
  await t.page.waitForSelector("#create-form", { timeout: 30_000 });
  await t.page.fill("#session-name", "Period 3 - Operating Systems");
  await t.page.check("#mode-classroom");
  await t.page.selectOption("#session-teams", "2");
  await t.page.selectOption("#session-round", "30");
  await t.page.click("#create-session");
  await t.page.waitForSelector("#join-code", { timeout: 15_000 });
  const code = (await t.page.textContent("#join-code"))!.trim();
  const sessionId = new URL(await t.page.inputValue("#host-link")).hash.match(/s=([^&]+)/)![1];

  const students = [await newPage(browser), await newPage(browser), await newPage(browser)];
  const nicks = ["ada", "linus", "grace"];
  for (let i = 0; i < 3; i++) await join(students[i].page, base, code, nicks[i]);
  await t.page.waitForFunction(() => window.__ringzeroTeacher?.roster().filter((r) => r.connected).length === 3, undefined, { timeout: 10_000 });
  const teams = await Promise.all(students.map((s) => myTeamName(s.page)));
  expect(new Set(teams).size).toBe(2);

  const p = await newPage(browser, 1920, 1080);
  await p.page.goto(`${base}/teacher/projector?session=${sessionId}`);
  await p.page.waitForSelector(".pj-bigcode", { timeout: 15_000 });

  await t.page.click("#start");
  const [ada, linus, grace] = students.map((s) => s.page);
  await ada.waitForSelector(`#${ID.classLobby}`, { state: "detached", timeout: 10_000 });
  await ada.waitForSelector(`#${ID.classHud}`, { timeout: 10_000 });

  // Work: ada reads her team's input and computes; grace computes; linus tries ada's team's file.
  const adaDir = `/teams/${teams[0]}`;
  await palette(ada, "open", { pathname: `${adaDir}/input-1.txt`});
  await palette(ada, "read", { fd: "3", buf: "64", count: "64" });
  await computeKey(ada, 3);
  await computeKey(grace, 2);
  const otherDir = teams[1] === teams[0] ? `/teams/${teams[2]}` : adaDir;
  await palette(linus, "open", { pathname: `${otherDir}/input-1.txt`});
  expect(await linus.evaluate(() => window.__ringzero!.results.some((r) => r.kind === "syscall" && r.errno === "EACCES"))).toBe(true);
  await computeKey(linus, 2);
  await ada.waitForFunction(() => {
    const s = window.__ringzero!.state() as { classroom: { teams: { filesRead: number; computed: number }[] } };
    return s.classroom.teams.some((x) => x.filesRead === 1 && x.computed >= 3);
  }, undefined, { timeout: 20_000 });
  expect(await ada.textContent(`#${ID.classHud}`)).toMatch(/read inputs 1\/3/);
  await screenshot(ada, "classroom-game");

  // The projector: the machine, the scoreboard with progress, the clock, the live audit feed.
  await p.page.waitForSelector("#pj-classroom .pjc-team", { timeout: 10_000 });
  await expect.poll(() => p.page.textContent(".pjc-feed"), { timeout: 10_000 }).toContain("EACCES");
  await p.page.waitForSelector("#pj-clock");
  await screenshot(p.page, "classroom-projector");

  // The round ends on its timer: every student gets the end card with the explanation.
  for (const s of [ada, linus, grace]) await s.waitForSelector(`#${ID.classEnd}`, { timeout: 45_000 });
  const end = (await ada.textContent(`#${ID.classEnd}`))!;
  expect(end).toMatch(/Team \w+ won with \d+ points/);
  expect(end).toMatch(/process-ticks/);
  await screenshot(ada, "classroom-end");
  await p.page.waitForSelector("#pj-headline", { timeout: 10_000 });
  await screenshot(p.page, "classroom-projector-end");

  // The replay: rebuilt from the seed and the input log, scrubbed on its timeline.
  const href = await ada.getAttribute(`#${ID.classReplay}`, "href");
  expect(href).toMatch(/^\/teacher\/replay\?round=/);
  const r = await newPage(browser, 1920, 1080);
  await r.page.goto(`${base}${href}`);
  await r.page.waitForSelector("#replay-timeline", { timeout: 30_000 });
  await r.page.waitForFunction(() => document.body.dataset.replayTick !== undefined, undefined, { timeout: 30_000 });
  const [min, max] = await r.page.evaluate(() => {
    const el = document.getElementById("replay-timeline") as HTMLInputElement;
    return [Number(el.min), Number(el.max)];
  });
  const mid = Math.round((min + max) / 2);
  await r.page.evaluate((v) => {
    const el = document.getElementById("replay-timeline") as HTMLInputElement;
    el.value = String(v);
    el.dispatchEvent(new Event("input"));
  }, mid);
  await r.page.waitForFunction((v) => document.body.dataset.replayTick === String(v), mid, { timeout: 30_000 });
  expect(await r.page.textContent("#replay-tick")).toContain(`tick ${mid}`);
  await r.page.click("#replay-play");
  await r.page.waitForFunction((v) => Number(document.body.dataset.replayTick) > v, mid, { timeout: 10_000 });
  await r.page.click("#replay-play");
  await screenshot(r.page, "classroom-replay");

  for (const s of [t, p, r, ...students]) expect(s.errors.filter((e) => !/favicon|WebGL|GPU stall/i.test(e))).toEqual([]);
});

test("Ring Wars: the policy team's console changes the kernel's policy and everyone hears it", async () => {
  const { session, hostToken } = await createSession(game, { name: "Period 4", mode: "classroom", teamCount: 2, variant: "ringwars", roundSeconds: 120 });
  const teacher = teacherSocket(game, session.id, hostToken);
  await teacher.first;
  const pol = await newPage(browser);
  const att = await newPage(browser);
  await join(pol.page, base, session.code, "root_cause");
  await join(att.page, base, session.code, "mallory");
  expect((await teacher.act({ type: "start" })).ok).toBe(true);
  await pol.page.waitForSelector(`#${ID.classHud}`, { timeout: 10_000 });
  expect(await pol.page.textContent(`#${ID.classHud}`)).toContain("POLICY TEAM");
  expect(await att.page.textContent(`#${ID.classHud}`)).toContain("ATTACKERS");
  await pol.page.locator("canvas").first().click({ position: { x: 640, y: 400 } }).catch(() => undefined);
  await pol.page.keyboard.press("k");
  await pol.page.waitForSelector(`#${ID.classPolicy}:not([hidden])`);
  await pol.page.selectOption(`#${ID.classPolicyFile}`, "/srv/vault/flag.bak");
  await pol.page.fill(`#${ID.classPolicyMode}`, "0600");
  await pol.page.click(`#${ID.classPolicy} button:has-text("chmod")`);
  await pol.page.check(`#${ID.classPolicy}-kpti`);
  await pol.page.waitForFunction(() => (window.__ringzero!.state() as { classroom: { mitigations: string } }).classroom.mitigations === "kpti", undefined, { timeout: 10_000 });
  await expect.poll(() => att.page.evaluate(() => document.getElementById("aria-log")?.textContent ?? ""), { timeout: 10_000 }).toContain("chmod 0600 /srv/vault/flag.bak");
  await screenshot(pol.page, "classroom-ringwars");
  teacher.close();
});
