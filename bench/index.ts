// `npm run bench`: every performance figure with its goal, as one table.
// BENCH_ONLY=kernel|load|classroom runs one part; BENCH_CLIENTS=1000,2000 sets the load sizes.

import { printTable, type BenchRow } from "./table.ts";
import { kernelBench } from "./kernel.ts";
import { loadBench } from "./load.ts";
import { classroomBench } from "./classroom.ts";

const only = process.env.BENCH_ONLY;
const rows: BenchRow[] = [];
if (!only || only === "kernel") rows.push(...(await kernelBench()));
if (!only || only === "load") {
  const counts = (process.env.BENCH_CLIENTS ?? "1000,2000").split(",").map(Number).filter((n) => n > 0);
  rows.push(...(await loadBench(counts)));
}
if (!only || only === "classroom") rows.push(...(await classroomBench()));
printTable(rows);
