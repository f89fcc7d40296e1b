// Screenshots of the game as a student sees it, for a person to look at (tests/artifacts/*.png).
// Usage:
//   node_modules/.bin/node client/tools/shoot.ts [baseUrl] [--fake] [--size=1366x768] [--reduced]
// baseUrl defaults to http://127.0.0.1:2567 (npm start). --fake uses the dev-only pretend room
// (needs the Vite dev server: npx vite --port 5199, then baseUrl http://127.0.0.1:5199).

import { execSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { chromium, type Page } from "playwright-core";

const args = process.argv.slice(2);
const base = args.find((a) => a.startsWith("http")) ?? "http://127.0.0.1:2567";
const fake = args.includes("--fake");
const [w, h] = (args.find((a) => a.startsWith("--size="))?.slice(7) ?? "1366x768").split("x").map(Number);
const reduced = args.includes("--reduced");
const out = "tests/artifacts";
mkdirSync(out, { recursive: true });

const executablePath = execSync("command -v chromium").toString().trim();
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

async function open(nick: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: w, height: h }, reducedMotion: reduced ? "reduce" : "no-preference" });
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") console.log(`[${nick}] ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => console.log(`[${nick}] pageerror: ${e.message}`));
  await page.goto(`${base}/${fake ? "?fake" : ""}`);
  await page.waitForSelector("#nickname");
  await page.fill("#nickname", nick);
  return page;
}

async function play(page: Page): Promise<void> {
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.__ringzero?.ready === true, null, { timeout: 15000 });
  await page.waitForTimeout(800);
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${out}/${name}.png` });

const a = await open("ada");
await shot(a, "01-menu");
await play(a);
let b: Page | undefined;
if (!fake) {
  b = await open("bob");
  await play(b);
}
await a.waitForTimeout(1200);
await shot(a, "02-game");

// The palette: open("/etc/shadow", O_RDONLY).
await a.keyboard.press("/");
await a.waitForSelector("#palette");
await a.selectOption("#palette-syscall", "open");
await a.fill("#arg-pathname", "/etc/shadow");
await a.fill("#arg-flags", "O_RDONLY");
await shot(a, "03-palette");
await a.keyboard.press("Enter");
await a.waitForFunction(() => window.__ringzero!.results.some((r) => r.kind === "syscall" && r.errno === "EACCES"), null, { timeout: 20000 });
await a.waitForTimeout(1500);
await shot(a, "04-eacces");

// Store to the kernel: SIGSEGV.
await a.keyboard.press("g");
await a.fill("#goto-address", "0xffffffff81000000");
await a.keyboard.press("Enter");
await a.waitForTimeout(300);
await a.keyboard.press("s");
await a.waitForFunction(() => window.__ringzero!.results.some((r) => r.kind === "access" && !!r.fault), null, { timeout: 20000 });
await a.waitForTimeout(1200);
await shot(a, "05-sigsegv");
if (b) await shot(b, "06-other-player");
// Respawn after death.
const before = await a.evaluate(() => window.__ringzero!.myPid());
await a.keyboard.press("r");
await a.waitForFunction((old) => {
  const h = window.__ringzero!;
  const s = h.state() as { procs: Record<string, { pid: number; state: string }> };
  const me = Object.values(s.procs).find((p) => p.pid === h.myPid());
  return h.myPid() !== old && !!me && me.state !== "ZOMBIE" && me.state !== "EXITED";
}, before, { timeout: 20000 });
await a.waitForTimeout(800);
await shot(a, "08-respawned");
// Keyboard-only: write(1, "hello, kernel\n", 14) through the palette, then a fork.
await a.keyboard.press("/");
await a.waitForSelector("#palette");
await a.selectOption("#palette-syscall", "write");
await a.keyboard.press("Enter");
await a.waitForFunction(() => window.__ringzero!.results.some((r) => r.kind === "syscall" && r.name === "write" && r.ret > 0), null, { timeout: 20000 });
await a.keyboard.press("/");
await a.selectOption("#palette-syscall", "fork");
await a.keyboard.press("Enter");
await a.waitForFunction(() => window.__ringzero!.results.some((r) => r.kind === "syscall" && r.name === "fork"), null, { timeout: 20000 });
await a.waitForTimeout(1500);
await shot(a, "09-write-fork");
await a.keyboard.press("?");
await a.waitForTimeout(200);
await shot(a, "07-help");
console.log("fps", await a.evaluate(() => window.__ringzero!.fps()));
await browser.close();
