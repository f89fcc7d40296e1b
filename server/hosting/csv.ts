// The report as CSV (csv-stringify): one row per student. Columns for every errno and fault
// kind that occurs in the session, so a spreadsheet can sum them.

import { stringify } from "csv-stringify/sync";
import { teamName, type RosterRow } from "../../shared/hosting.ts";

/** Header and rows, before quoting. Errno and fault columns are sorted by name. */
export function reportTable(students: readonly RosterRow[]): string[][] {
  const errnos = [...new Set(students.flatMap((s) => Object.keys(s.counts.denied)))].sort();
  const faults = [...new Set(students.flatMap((s) => Object.keys(s.counts.faults)))].sort();
  const header = ["nickname", "team", "levels_done", "levels", "score", "syscalls_granted", "syscalls_denied", ...errnos.map((e) => `denied_${e}`), "faults", ...faults.map((f) => `fault_${f}`), "kicked", "joined_at", "last_seen_at"];
  const rows = students.map((s) => {
    const denied = errnos.map((e) => s.counts.denied[e] ?? 0);
    const fault = faults.map((f) => s.counts.faults[f] ?? 0);
    return [
      s.nick,
      teamName(s.team),
      String(s.counts.levels.length),
      s.counts.levels.join(" "),
      String(s.counts.score),
      String(s.counts.granted),
      String(denied.reduce((a, b) => a + b, 0)),
      ...denied.map(String),
      String(fault.reduce((a, b) => a + b, 0)),
      ...fault.map(String),
      s.kicked ? "yes" : "no",
      s.joinedAt,
      s.lastSeenAt,
    ];
  });
  return [header, ...rows];
}

/**
 * The CSV text. A cell that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed
 * with an apostrophe (OWASP's CSV-injection advice): a nickname is data, never a formula.
 */
export function reportCsv(students: readonly RosterRow[]): string {
  const table = reportTable(students).map((row) => row.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
  return stringify(table, { record_delimiter: "\r\n" });
}
