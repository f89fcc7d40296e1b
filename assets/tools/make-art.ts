// Writes every pixel map in pixels.ts and tiles.ts as an SVG under assets/sprites/ (one <rect> per run of
// same-coloured pixels, crisp edges). Run: node_modules/.bin/node assets/tools/make-art.ts
// The SVGs are committed; re-run after editing pixels.ts.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ACCESSORIES, CHARACTERS, OVERLAYS, type PixelArt } from "./pixels.ts";
import { ICONS, TILES } from "./tiles.ts";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "sprites");
mkdirSync(out, { recursive: true });

/** Render one pixel map as SVG text; throws on ragged rows or a character missing from the palette. */
export function toSvg(name: string, art: PixelArt): string {
  const width = art.rows[0].length;
  const height = art.rows.length;
  const rects: string[] = [];
  art.rows.forEach((row, y) => {
    if (row.length !== width) throw new Error(`${name}: row ${y} is ${row.length} wide, expected ${width}`);
    let x = 0;
    while (x < width) {
      const ch = row[x];
      let run = 1;
      while (x + run < width && row[x + run] === ch) run++;
      if (ch !== ".") {
        const fill = art.palette[ch];
        if (!fill) throw new Error(`${name}: "${ch}" at ${x},${y} is not in the palette`);
        rects.push(`<rect x="${x}" y="${y}" width="${run}" height="1" fill="${fill}"/>`);
      }
      x += run;
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" shape-rendering="crispEdges">\n${rects.join("\n")}\n</svg>\n`;
}

const all = { ...CHARACTERS, ...ACCESSORIES, ...OVERLAYS, ...TILES, ...ICONS };
for (const [name, art] of Object.entries(all)) {
  writeFileSync(join(out, `${name}.svg`), toSvg(name, art));
}
console.log(`wrote ${Object.keys(all).length} sprites to ${out}`);
