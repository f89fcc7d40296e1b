// Reading the level files at startup: every shared/levels/NN-name.json is parsed and validated;
// any problem is an error naming the file and the field, so a bad file stops the server at start
// (never a crash in the middle of a game). The loaded levels are kept here for rooms and routes.

import fs from "node:fs";
import path from "node:path";
import { parseLevel, type LevelFile } from "./schema.ts";

/** A validated level: the file's content plus the id and order its file name gives. */
export interface Level extends LevelFile {
  /** "hello-kernel" from 01-hello-kernel.json. */
  id: string;
  /** 1 from 01-hello-kernel.json: the position on the path. */
  order: number;
  /** The file it came from (for messages). */
  file: string;
}

export const DEFAULT_LEVELS_DIR = path.resolve(import.meta.dirname, "../../shared/levels");
/** Level file names: two digits, a dash, a lower-case id, .json. */
export const LEVEL_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.json$/;

export type LoadResult = { ok: true; levels: Level[] } | { ok: false; errors: string[] };

/** Parse one level file's text. The error names the file and the field. */
export function parseLevelFile(file: string, text: string): { ok: true; level: Level } | { ok: false; error: string } {
  const name = path.basename(file);
  const m = LEVEL_FILE.exec(name);
  if (!m) return { ok: false, error: `${file}: the file name must look like 01-hello-kernel.json (two digits, a dash, a lower-case id)` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${file}: not valid JSON: ${(e as Error).message}` };
  }
  const r = parseLevel(json);
  if (!r.ok) return { ok: false, error: `${file}: ${r.error}` };
  return { ok: true, level: { ...r.level, id: m[2], order: Number(m[1]), file } };
}

/** Read and validate every level file in dir, sorted by order. Collects every file's error. */
export function readLevels(dir: string = DEFAULT_LEVELS_DIR): LoadResult {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith(".json")).sort();
  } catch (e) {
    return { ok: false, errors: [`${dir}: cannot read the level folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`] };
  }
  const errors: string[] = [];
  const levels: Level[] = [];
  for (const n of names) {
    const file = path.join(dir, n);
    const shown = path.relative(process.cwd(), file) || file;
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      errors.push(`${shown}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      continue;
    }
    const r = parseLevelFile(shown, text);
    if (!r.ok) errors.push(r.error);
    else levels.push(r.level);
  }
  const seen = new Map<number, string>();
  const ids = new Map<string, string>();
  for (const l of levels) {
    if (seen.has(l.order)) errors.push(`${l.file}: level number ${String(l.order).padStart(2, "0")} is also used by ${seen.get(l.order)}`);
    if (ids.has(l.id)) errors.push(`${l.file}: level id "${l.id}" is also used by ${ids.get(l.id)}`);
    seen.set(l.order, l.file);
    ids.set(l.id, l.file);
  }
  if (levels.length === 0 && errors.length === 0) errors.push(`${dir}: no level files (NN-name.json) found`);
  if (errors.length) return { ok: false, errors };
  return { ok: true, levels: levels.sort((a, b) => a.order - b.order) };
}

let loaded: Level[] | undefined;

/** Load the levels for this server process; throws one readable error listing every bad file. */
export function initLevels(dir?: string): Level[] {
  const r = readLevels(dir);
  if (!r.ok) throw new Error(`Invalid level files:\n  ${r.errors.join("\n  ")}`);
  loaded = r.levels;
  return loaded;
}

/** The levels of this server process (loads the default folder on first use). */
export function levels(): Level[] {
  return loaded ?? initLevels();
}

export function levelById(id: unknown): Level | undefined {
  return typeof id === "string" ? levels().find((l) => l.id === id) : undefined;
}
