// Unit and room tests decode patches with the Colyseus schema decoder, which only warns
// when it cannot apply one ("definition mismatch", "refId not found") and carries on with wrong
// state. Here that warning fails the test that was running, rather than scrolling past.

import { afterEach } from "vitest";
import { DECODER_WARNING } from "./decoder.ts";
const seen: string[] = [];
const warn = console.warn.bind(console);
const error = console.error.bind(console);
console.warn = (...args: unknown[]) => (DECODER_WARNING.test(String(args[0])) ? void seen.push(String(args[0])) : warn(...args));
console.error = (...args: unknown[]) => (DECODER_WARNING.test(String(args[0])) ? void seen.push(String(args[0])) : error(...args));

afterEach(() => {
  const said = seen.splice(0);
  if (said.length > 0) throw new Error(`A client could not decode the state it was sent (${said.length} decoder warnings), first: ${said[0]}`);
});
