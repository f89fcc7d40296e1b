// One row of `npm run bench`: a measured figure beside its goal.
export interface BenchRow {
  group: string;
  metric: string;
  value: number;
  unit: string;
  /** Human-readable goal, e.g. ">= 1,000,000" or "< 0.5 ms"; empty when there is none. */
  goal: string;
  /** Whether the goal is met; undefined when the row has no goal. */
  pass?: boolean;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString("en-US");
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(3);
}

/** Print rows as an aligned text table. */
export function printTable(rows: BenchRow[]): void {
  const cells = rows.map((r) => [r.group, r.metric, `${fmt(r.value)} ${r.unit}`, r.goal, r.pass === undefined ? "" : r.pass ? "ok" : "MISSED"]);
  const head = ["group", "metric", "measured", "goal", ""];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((s, i) => s.padEnd(widths[i])).join("  ").trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const c of cells) console.log(line(c));
}
