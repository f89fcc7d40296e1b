// npm run --silent kernel -- FILE.json
// Runs a scenario on the simulated kernel and prints one JSON object per step (JSON Lines).
// Exit status 2, with the reason on stderr, for an unreadable file, invalid JSON or a malformed
// scenario (naming the step and field).

import { readFileSync } from "node:fs";
import { parseScenario } from "../scenario/schema.ts";
import { runScenario } from "../scenario/runner.ts";

function fail(msg: string): never {
  process.stderr.write(msg + "\n");
  process.exit(2);
}

const file = process.argv[2];
if (!file) fail("usage: npm run --silent kernel -- FILE.json");
let text: string;
try {
  text = readFileSync(file, "utf8");
} catch (e) {
  fail(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
}
let json: unknown;
try {
  json = JSON.parse(text);
} catch (e) {
  fail(`${file}: invalid JSON: ${(e as Error).message}`);
}
const parsed = parseScenario(json);
if (!parsed.ok) fail(`${file}: ${parsed.error}`);
try {
  const { outputs } = runScenario(parsed.scenario);
  for (const o of outputs) process.stdout.write(JSON.stringify(o) + "\n");
} catch (e) {
  fail(`${file}: ${(e as Error).message}`);
}
