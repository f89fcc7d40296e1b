// What a student does in a browser test, through the page like a person: join a class by code.

import type { Page } from "playwright-core";
import { ID } from "../../client/src/ui/ids.ts";
import type {} from "../../client/src/hooks-api.ts";

/** Open the join link, type a nickname, join, and wait until the lobby shows. */
export async function joinWithCode(page: Page, base: string, code: string, nick: string, beforeJoin?: () => Promise<void>): Promise<void> {
  await page.goto(`${base}/join/${code}`);
  await page.waitForSelector(`#${ID.classNickname}`, { timeout: 30_000 });
  await beforeJoin?.();
  await page.fill(`#${ID.classNickname}`, nick);
  await page.click(`#${ID.classJoin}`);
  await page.waitForFunction(() => window.__ringzero?.ready === true && window.__ringzero.myPid() > 0, undefined, { timeout: 30_000 });
  await page.waitForSelector(`#${ID.classLobby}`, { timeout: 10_000 });
}
