// Issue 5 end to end in headless Chromium: a teacher creates a session on the teacher page, two
// students join with the code, the teacher starts, a student's open("/etc/shadow") is refused
// (EACCES) and the dashboard shows it within a second; pause, inject, end; the CSV downloads and
// holds both students. Screenshots of the dashboard, the projector and the student screens go to
// tests/artifacts/.

import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { bootGame, type TestGame } from "../helpers/game.ts";
import { ARTIFACTS, launchBrowser, newPage, screenshot } from "../helpers/browser.ts";
import { joinWithCode as join } from "../helpers/student.ts";
import { ID, argId, levelCardId } from "../../client/src/ui/ids.ts";
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

async function fullShot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Join by code, checking the join page shows the class's name and nickname suggestions. */
function joinWithCode(page: Page, code: string, nick: string): Promise<void> {
  return join(page, base, code, nick, async () => {
    expect(await page.textContent(`#${ID.className}`)).toBe("Period 3 - Operating Systems");
    expect(await page.locator(`#${ID.classSuggestions} button`).count()).toBeGreaterThan(0);
  });
}

const paused = (page: Page) => page.evaluate(() => (window.__ringzero!.state() as { paused: boolean; pauseReason: string }).pauseReason);

test("a teacher hosts a class: create, join by code, start, a denied syscall on the dashboard within 1 s, pause, inject, end, CSV", async () => {
  // The teacher creates the session.
  const t = await newPage(browser, 1366, 900);
  await t.page.goto(`${base}/teacher`);
  await t.page.waitForSelector("#create-form", { timeout: 30_000 });
  await t.page.fill("#session-name", "Period 3 - Operating Systems");
  await t.page.selectOption("#session-teams", "2");
  await screenshot(t.page, "hosting-teacher-create");
  await t.page.click("#create-session");
  await t.page.waitForSelector("#join-code", { timeout: 15_000 });
  const code = (await t.page.textContent("#join-code"))!.trim();
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
  expect(await t.page.getAttribute("#join-qr", "src")).toMatch(/^data:image\/svg\+xml/);
  expect(await t.page.inputValue("#host-link")).toMatch(/\/teacher#s=.+&host=.{32,}/);
  const sessionId = new URL(await t.page.inputValue("#host-link")).hash.match(/s=([^&]+)/)![1];

  // Two students join with the code and wait in the lobby.
  const s1 = await newPage(browser);
  const s2 = await newPage(browser);
  await joinWithCode(s1.page, code, "ada");
  await joinWithCode(s2.page, code, "linus");
  expect(await paused(s1.page)).toBe("waiting for the teacher to start");
  await t.page.waitForFunction(() => window.__ringzeroTeacher?.roster().filter((r) => r.connected).length === 2, undefined, { timeout: 10_000 });
  await expect.poll(() => s1.page.textContent(`#${ID.classLobby}`), { timeout: 10_000 }).toContain("linus");
  await screenshot(s1.page, "hosting-student-lobby");

  // The projector shows the code, the QR and the arrivals.
  const p = await newPage(browser, 1920, 1080);
  await p.page.goto(`${base}/teacher/projector?session=${sessionId}`);
  await p.page.waitForSelector(".pj-bigcode", { timeout: 15_000 });
  expect(await p.page.textContent(".pj-bigcode")).toBe(code);
  await expect.poll(() => p.page.textContent(".pj-names"), { timeout: 5_000 }).toContain("linus");
  await screenshot(p.page, "hosting-projector-lobby");

  // Start: the lobby goes away and the kernel ticks.
  await t.page.click("#start");
  await s1.page.waitForSelector(`#${ID.classLobby}`, { state: "detached", timeout: 10_000 });
  await t.page.waitForFunction(() => window.__ringzeroTeacher?.status === "running");

  // Ada asks for /etc/shadow; the dashboard shows the refusal within one second of her seeing it.
  await s1.page.locator("canvas").first().click({ position: { x: 5, y: 5 } }).catch(() => undefined);
  await s1.page.keyboard.press("/");
  await s1.page.waitForSelector(`#${ID.palette}`);
  await s1.page.selectOption(`#${ID.paletteSyscall}`, "open");
  await s1.page.fill(`#${argId("pathname")}`, "/etc/shadow");
  const studentSaw = s1.page
    .waitForFunction(() => window.__ringzero!.results.some((r) => r.kind === "syscall" && r.errno === "EACCES"), undefined, { timeout: 20_000, polling: 16 })
    .then(() => Date.now());
  const dashboardSaw = t.page.waitForSelector('#feed li[data-errno="EACCES"]', { timeout: 20_000 }).then(() => Date.now());
  await s1.page.locator(`#${argId("pathname")}`).press("Enter");
  const [seen, shown] = await Promise.all([studentSaw, dashboardSaw]);
  console.log(`dashboard showed the EACCES ${shown - seen} ms after the student's page did`);
  expect(shown - seen).toBeLessThan(1000);
  expect(await t.page.textContent('#feed li[data-errno="EACCES"]')).toContain('open("/etc/shadow", O_RDONLY) = -1 EACCES');
  await t.page.waitForSelector('#roster tr[data-nick="ada"] .chip[data-kind="EACCES"]', { timeout: 5_000 });
  await s1.page.keyboard.press("Escape");

  // Linus stores to a kernel address: SIGSEGV, a fault on his row.
  await s2.page.fill(`#${ID.gotoAddress}`, "0xffffffff81000000");
  await s2.page.locator(`#${ID.gotoAddress}`).press("Enter");
  await s2.page.click(`#${ID.accessStore}`);
  await s2.page.waitForFunction(() => window.__ringzero!.results.some((r) => r.kind === "access"), undefined, { timeout: 20_000 });
  await t.page.waitForSelector('#feed li[data-fault="SEGV_MAPERR"]', { timeout: 5_000 });

  // Memory pressure from the dashboard: students are told, the feed shows it.
  await t.page.fill("#pressure-frames", "40");
  await t.page.click("#inject-pressure");
  await t.page.waitForSelector("#feed li.teacher", { timeout: 5_000 });
  await expect.poll(() => s1.page.evaluate(() => window.__ringzero!.notices.some((n) => /Memory pressure/.test(n))), { timeout: 5_000 }).toBe(true);
  // A few seconds of charts, then the dashboard and the projector as the class would see them.
  await t.page.waitForTimeout(4000);
  await t.page.locator("#roster").scrollIntoViewIfNeeded();
  await fullShot(t.page, "hosting-dashboard");
  await expect.poll(() => p.page.locator(".pj-machine").count(), { timeout: 5_000 }).toBe(1);
  await screenshot(p.page, "hosting-projector-play");

  // Pause everyone: the kernel stops; students see it.
  await t.page.click("#pause");
  await s2.page.waitForSelector(`#${ID.classPaused}`, { timeout: 10_000 });
  expect(await paused(s2.page)).toBe("paused by teacher");
  await screenshot(s2.page, "hosting-student-paused");
  await t.page.click("#resume");
  await s2.page.waitForSelector(`#${ID.classPaused}`, { state: "detached", timeout: 10_000 });

  // End: students see their own summary.
  await t.page.click("#end");
  await t.page.click("#end");
  await s1.page.waitForSelector(`#${ID.classEnded} dl`, { timeout: 10_000 });
  expect(await s1.page.textContent(`#${ID.classEnded}`)).toMatch(/Denied1 \(EACCES 1\)/);
  await screenshot(s1.page, "hosting-student-ended");

  // The report and its CSV: one row per student.
  await t.page.waitForFunction(() => window.__ringzeroTeacher?.status === "ended", undefined, { timeout: 10_000 });
  await t.page.click("#open-report");
  await t.page.waitForSelector("#download-csv", { timeout: 15_000 });
  const [download] = await Promise.all([t.page.waitForEvent("download"), t.page.click("#download-csv")]);
  const file = path.join(ARTIFACTS, "hosting-report.csv");
  await download.saveAs(file);
  const csv = fs.readFileSync(file, "utf8").replace(/^\ufeff/, "").trim().split(/\r?\n/);
  expect(csv).toHaveLength(3);
  expect(csv[0]).toMatch(/^nickname,team,/);
  expect(csv.slice(1).map((l) => l.split(",")[0]).sort()).toEqual(["ada", "linus"]);
  expect(csv.find((l) => l.startsWith("ada,"))).toMatch(/,1,1,/);
  await fullShot(t.page, "hosting-report");

  // "My past sessions" lists it from this browser's host links.
  await t.page.goto(`${base}/teacher`);
  await t.page.waitForSelector("#past-sessions table", { timeout: 10_000 });
  expect(await t.page.textContent("#past-sessions")).toContain("Period 3 - Operating Systems");

  for (const x of [t, s1, s2, p]) expect(x.errors.filter((e) => !/favicon|WebGL|GPU stall/i.test(e))).toEqual([]);
});

test("solo levels in a class: the level map shows the teacher's locks; a level waits in the lobby until the start", async () => {
  const created = await fetch(`${base}/api/hosting/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Levels club", mode: "levels", unlocked: ["hello-kernel", "dont-touch"] }),
  });
  const { session, hostToken } = (await created.json()) as { session: { id: string; code: string }; hostToken: string };
  const s = await newPage(browser);
  await s.page.goto(`${base}/join/${session.code}`);
  await s.page.waitForSelector(`#${ID.classNickname}`, { timeout: 30_000 });
  await s.page.fill(`#${ID.classNickname}`, "grace");
  await s.page.click(`#${ID.classJoin}`);
  await s.page.waitForSelector(`#${levelCardId("dont-touch")}`, { timeout: 15_000 });
  expect(await s.page.getAttribute(`#${levelCardId("closed-door")}`, "class")).toMatch(/locked/);
  expect(await s.page.getAttribute(`#${levelCardId("dont-touch")}`, "class")).toMatch(/unlocked/);
  await screenshot(s.page, "hosting-levels-map");
  await s.page.click(`#${levelCardId("hello-kernel")}`);
  await s.page.waitForSelector(`#${ID.classLobby}`, { timeout: 15_000 });
  await screenshot(s.page, "hosting-levels-lobby");

  const t = await newPage(browser, 1366, 900);
  await t.page.goto(`${base}/teacher#s=${session.id}&host=${hostToken}`);
  await t.page.waitForFunction(() => window.__ringzeroTeacher?.roster().some((r) => r.nick === "grace" && r.connected), undefined, { timeout: 15_000 });
  await t.page.click("#start");
  await s.page.waitForSelector(`#${ID.classLobby}`, { state: "detached", timeout: 10_000 });
  for (const x of [s, t]) expect(x.errors.filter((e) => !/favicon|WebGL|GPU stall/i.test(e))).toEqual([]);
});
