// Issue 4 end to end: in headless Chromium, a student opens the level map from the menu, plays
// level 1 ("Hello, kernel") with the keyboard and the palette, and reaches the win screen with its
// debrief. Screenshots go to tests/artifacts/ (level1-win.png is the one the issue asks for).

import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { bootGame, type TestGame } from "../helpers/game.ts";
import { launchBrowser, newPage, screenshot } from "../helpers/browser.ts";
import { ID, argId, levelCardId } from "../../client/src/ui/ids.ts";
import type {} from "../../client/src/hooks-api.ts";

let game: TestGame;
let browser: Browser;

beforeAll(async () => {
  game = await bootGame();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await game?.close();
});

test("a student opens the level map and plays level 1 to the win screen", async () => {
  const { page, errors } = await newPage(browser);
  await page.goto(`http://127.0.0.1:${game.server.port}/`);
  await page.waitForSelector(`#${ID.nickname}`, { timeout: 30_000 });
  await page.fill(`#${ID.nickname}`, "ada");
  await page.click(`#${ID.playLevels}`);

  // The level map: level 1 open, level 2 locked, no scores yet.
  const card1 = page.locator(`#${levelCardId("hello-kernel")}`);
  await card1.waitFor({ timeout: 30_000 });
  await expect.poll(() => page.evaluate(() => window.__ringzero!.scene)).toBe("LevelMap");
  expect(await card1.getAttribute("class")).toContain("unlocked");
  expect(await page.locator(`#${levelCardId("closed-door")}`).getAttribute("aria-disabled")).toBe("true");
  expect(await page.locator(`#${ID.levelMap} .level-card`).count()).toBeGreaterThanOrEqual(12);
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(levelCardId("hello-kernel"));
  await screenshot(page, "level-map");

  // Enter on the focused card starts level 1; the briefing explains it.
  await page.keyboard.press("Enter");
  await page.waitForSelector(`#${ID.levelBriefing}`, { timeout: 30_000 });
  await page.waitForFunction(() => window.__ringzero?.ready === true && window.__ringzero.myPid() > 0, undefined, { timeout: 30_000 });
  expect(await page.textContent(`#${ID.levelBriefing}`)).toMatch(/Hello, kernel[\s\S]*File descriptor 1/);
  await screenshot(page, "level1-briefing");
  await page.keyboard.press("Enter");
  await page.waitForSelector(`#${ID.levelBriefing}`, { state: "detached" });
  await expect.poll(() => page.evaluate(() => (window.__ringzero!.state() as { level: { phase: string } }).level.phase)).toBe("playing");

  // A hint, then the call: palette, write, fd 1, "hello", 5.
  await page.keyboard.press("i");
  await expect.poll(() => page.textContent(`#${ID.levelPanel}`)).toMatch(/Hint 1\/3/);
  await screenshot(page, "level1-playing");
  await page.keyboard.press("/");
  await page.waitForSelector(`#${ID.palette}`);
  await page.selectOption(`#${ID.paletteSyscall}`, "write");
  await page.fill(`#${argId("fd")}`, "1");
  await page.fill(`#${argId("buf")}`, "hello, kernel");
  await page.fill(`#${argId("count")}`, "13");
  await page.locator(`#${argId("count")}`).press("Enter");

  // The server's check decides: the win screen shows the score, the debrief and its source.
  await page.waitForSelector(`#${ID.levelDebrief}`, { timeout: 20_000 });
  const debrief = (await page.textContent(`#${ID.levelDebrief}`)) ?? "";
  expect(debrief).toMatch(/complete/i);
  expect(debrief).toContain("write(1, \"hello, kernel\", 13) = 13");
  expect(debrief).toContain("write(2)");
  expect(debrief).toMatch(/850/);
  expect(await page.evaluate(() => (window.__ringzero!.state() as { level: { phase: string } }).level.phase)).toBe("won");
  await page.waitForTimeout(300);
  await screenshot(page, "level1-win");

  // Back on the map, level 1 is completed with its score and level 2 is open.
  await page.click(`#${ID.levelToMap}`);
  await page.locator(`#${levelCardId("closed-door")}`).waitFor({ timeout: 20_000 });
  await expect.poll(() => page.getAttribute(`#${levelCardId("hello-kernel")}`, "class"), { timeout: 10_000 }).toContain("completed");
  expect(await page.textContent(`#${levelCardId("hello-kernel")}`)).toMatch(/best 850/);
  expect(await page.getAttribute(`#${levelCardId("closed-door")}`, "class")).toContain("unlocked");
  await screenshot(page, "level-map-after");
  expect(errors).toEqual([]);
});
