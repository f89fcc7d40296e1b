// Headless Chromium for browser tests: Debian's `chromium` driven by playwright-core (test tools
// cannot download browsers here). Fails with install instructions if Chromium is missing.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { DECODER_WARNING } from "./decoder.ts";

export const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");

function chromiumPath(): string {
  try {
    const p = execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], { encoding: "utf8" }).trim();
    if (p) return p;
  } catch {
    // fall through to the error below
  }
  throw new Error("Chromium is not installed, and the browser tests need it. Install it with: sudo apt-get install -y chromium (.ci/run does this).");
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
  });
}

/** A new page of the given size that fails the test on any uncaught page error or undecodable patch. */
export async function newPage(browser: Browser, width = 1366, height = 768): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" || (m.type() === "warning" && DECODER_WARNING.test(m.text()))) errors.push(m.text());
  });
  return { page, errors };
}

/** Save a screenshot under tests/artifacts/ and return its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
