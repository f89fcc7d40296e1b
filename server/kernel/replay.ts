// Replaying the input log: each record re-issues the public call it recorded, so a session is
// its seed plus its log (crash recovery, tests, the fuzz test's shadow kernel).

import type { Arg, InputRecord } from "./types.ts";
import type { Kernel } from "./kernel.ts";

/** Re-issue one recorded call on k; steps stop once k reaches untilTick. */
export function applyRecord(k: Kernel, r: InputRecord, untilTick: number | undefined): void {
  const a = r.args as any[];
  switch (r.op) {
    case "spawn": k.spawn(a[0]); break;
    case "submit": k.submit(a[0], a[1]); break;
    case "cancel": k.cancel(a[0]); break;
    case "step":
      for (let i = 0; i < a[0] && (untilTick === undefined || k.tick < untilTick); i++) k.step();
      break;
    case "trap":
      for (const e of Array.isArray(a[1]) ? (a[1] as (number | [number, Arg[]])[]) : []) {
        if (!k.cores().includes(a[0]) || a[0] === 0) break;
        if (typeof e === "number") k.trap(a[0], e, []);
        else if (Array.isArray(e)) k.trap(a[0], e[0], e[1]);
      }
      break;
    case "setSched": k.setSched(a[0]); break;
    case "sendSignal": k.sendSignal(a[0], a[1], a[2]); break;
    case "setCaps": k.setCaps(a[0], a[1]); break;
    case "memoryPressure": k.memoryPressure(a[0]); break;
    case "releasePressure": k.releasePressure(); break;
    case "freeze": k.freeze(a[0]); break;
    case "terminalInput": k.terminalInput(a[0], a[1]); break;
    case "writeFile": k.writeFile(a[0], a[1], a[2]); break;
    case "recordViolation": k.recordViolation(a[0], a[1], a[2]); break;
    case "admin": k.admin(a[0]); break;
  }
}
