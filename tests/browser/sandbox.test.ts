// Issue 3 end to end: the built client served as `npm start` serves it, two players in headless
// Chromium in the same sandbox. One is refused /etc/shadow (EACCES), the other stores to a kernel
// address (SIGSEGV); each sees the other's character. Driven by keyboard and DOM like a student.

import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { bootGame, type TestGame } from "../helpers/game.ts";
import { launchBrowser, newPage, screenshot } from "../helpers/browser.ts";
import { ID, argId } from "../../client/src/ui/ids.ts";
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

async function enterSandbox(page: Page, nick: string): Promise<void> {
  await page.goto(`http://127.0.0.1:${game.server.port}/`);
  await page.waitForSelector(`#${ID.nickname}`, { timeout: 30_000 });
  await page.fill(`#${ID.nickname}`, nick);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.__ringzero?.ready === true && window.__ringzero.myPid() > 0, undefined, { timeout: 30_000 });
}

/** The nicknames of every live character this page's client knows about. */
async function nicksSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const s = window.__ringzero!.state() as { procs: Record<string, { nick: string; state: string }> };
    return Object.values(s.procs).map((p) => p.nick);
  });
}

test("two students in one sandbox: EACCES on /etc/shadow, SIGSEGV on a kernel address, each sees the other", async () => {
  const a = await newPage(browser);
  const b = await newPage(browser);
  await enterSandbox(a.page, "alice");
  await enterSandbox(b.page, "bob");
  const roomA = await a.page.evaluate(() => window.__ringzero!.roomId);
  expect(await b.page.evaluate(() => window.__ringzero!.roomId)).toBe(roomA);

  await expect.poll(() => nicksSeen(a.page), { timeout: 10_000 }).toContain("bob");
  await expect.poll(() => nicksSeen(b.page), { timeout: 10_000 }).toContain("alice");

  // Alice: open the palette with the keyboard, pick open, type the path, Enter.
  await a.page.locator("canvas").first().click({ position: { x: 5, y: 5 } }).catch(() => undefined);
  await a.page.keyboard.press("/");
  await a.page.waitForSelector(`#${ID.palette}`);
  await a.page.selectOption(`#${ID.paletteSyscall}`, "open");
  await a.page.fill(`#${argId("pathname")}`, "/etc/shadow");
  await a.page.locator(`#${argId("pathname")}`).press("Enter");
  await a.page.waitForFunction(() => window.__ringzero!.results.some((r) => r.kind === "syscall" && r.name === "open"), undefined, { timeout: 20_000 });
  const open = await a.page.evaluate(() => window.__ringzero!.results.find((r) => r.kind === "syscall" && r.name === "open")!);
  expect(open).toMatchObject({ ret: -1, errno: "EACCES" });
  await expect.poll(() => a.page.textContent(`#${ID.log}`), { timeout: 10_000 }).toContain("EACCES");
  await expect.poll(() => a.page.textContent(`#${ID.ariaLog}`), { timeout: 10_000 }).toContain("EACCES");
  await a.page.keyboard.press("Escape");
  await screenshot(a.page, "sandbox-alice-eacces");

  // Alice writes to her terminal twice: both pieces show, in order, in the terminal panel.
  for (const text of ["hello from alice, ", "and again"]) {
    await a.page.keyboard.press("/");
    await a.page.waitForSelector(`#${ID.palette}`);
    await a.page.selectOption(`#${ID.paletteSyscall}`, "write");
    await a.page.fill(`#${argId("fd")}`, "1");
    await a.page.fill(`#${argId("buf")}`, text);
    await a.page.fill(`#${argId("count")}`, String(text.length));
    await a.page.locator(`#${argId("count")}`).press("Enter");
    await a.page.keyboard.press("Escape");
  }
  await expect.poll(() => a.page.textContent(`#${ID.tty}`), { timeout: 20_000 }).toBe("hello from alice, and again");
  await screenshot(a.page, "sandbox-alice-tty");

  // Bob: go to the kernel's text and store there.
  const bobPid = await b.page.evaluate(() => window.__ringzero!.myPid());
  await b.page.fill(`#${ID.gotoAddress}`, "0xffffffff81000000");
  await b.page.locator(`#${ID.gotoAddress}`).press("Enter");
  await expect.poll(() => b.page.textContent(`#${ID.selectedAddress}`), { timeout: 5_000 }).toContain("ffffffff81000000");
  await b.page.click(`#${ID.accessStore}`);
  await b.page.waitForFunction(() => window.__ringzero!.results.some((r) => r.kind === "access"), undefined, { timeout: 20_000 });
  const store = await b.page.evaluate(() => window.__ringzero!.results.find((r) => r.kind === "access")!);
  expect(store).toMatchObject({ ok: false, fault: { signal: "SIGSEGV", code: "SEGV_MAPERR", bit: "U/S" } });
  await b.page.waitForSelector(`#${ID.deathBanner}`, { state: "visible", timeout: 10_000 });
  expect(await b.page.textContent(`#${ID.deathBanner}`)).toMatch(/SIGSEGV/);
  await screenshot(b.page, "sandbox-bob-sigsegv");

  // Alice sees Bob's process die; both pages saw the other's character.
  await expect
    .poll(() => a.page.evaluate((pid) => (window.__ringzero!.state() as { procs: Record<string, { state: string }> }).procs[String(pid)]?.state, bobPid), { timeout: 10_000 })
    .toBe("EXITED");
  await screenshot(a.page, "sandbox-alice-sees-bob");

  // Bob respawns with R and plays on.
  await b.page.keyboard.press("r");
  await b.page.waitForFunction((old) => window.__ringzero!.myPid() > 0 && window.__ringzero!.myPid() !== old, bobPid, { timeout: 10_000 });

  expect(a.errors).toEqual([]);
  expect(b.errors).toEqual([]);
});
