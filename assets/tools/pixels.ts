// Pixel maps for the characters (poses, accessories, overlays) in Ring Zero; tiles and icons are in
// tiles.ts. Pixel maps, drawn for this project (see assets/README.md).
// One character per pixel; each map names its palette. `make-art.ts` turns them into SVG files.
// Character bodies are drawn in white and greys so the game can tint them with the owner's colour
// (multiply tint: white becomes the colour, the dark outline stays dark).

export type Palette = Readonly<Record<string, string>>;
export interface PixelArt {
  readonly palette: Palette;
  readonly rows: readonly string[];
}

export const K = "#1d1b2a"; // outline, eyes
const BODY: Palette = { K, W: "#ffffff", S: "#b9b9c6", E: K };

// Every character pose keeps the head on rows 1-8 so accessories line up on all of them.
export const CHARACTERS: Record<string, PixelArt> = {
  // RUNNABLE: standing in line, ready.
  "char-waiting": {
    palette: BODY,
    rows: [
      "................",
      ".....KKKKKK.....",
      "....KWWWWWWK....",
      "...KWWWWWWWWK...",
      "...KWWKWWKWWK...",
      "...KWWKWWKWWK...",
      "...KWWWWWWWWK...",
      "...KSWWKKWWSK...",
      "....KSSSSSSK....",
      "...KKWWWWWWKK...",
      "..KWKWWWWWWKWK..",
      "..KWKWWWWWWKWK..",
      "..KKKWWWWWWKKK..",
      "....KWWSSWWK....",
      "....KWK..KWK....",
      "....KK....KK....",
    ],
  },
  // RUNNING: on a core, arms up, mid-stride.
  "char-running": {
    palette: BODY,
    rows: [
      "................",
      ".....KKKKKK.....",
      "....KWWWWWWK....",
      "...KWWWWWWWWK...",
      "...KWWKWWKWWK...",
      "...KWWKWWKWWK...",
      "...KWWKWWKWWK...",
      "...KSWWKKWWSK...",
      "KK..KSSSSSSK..KK",
      "KWK.KWWWWWWK.KWK",
      ".KWKKWWWWWWKKWK.",
      "..KKWWWWWWWWKK..",
      "....KWWWWWWK....",
      "...KWWSKKSWWK...",
      "..KWWK....KWWK..",
      "..KKK......KKK..",
    ],
  },
  // BLOCKED: asleep, eyes shut, arms hanging.
  "char-blocked": {
    palette: BODY,
    rows: [
      "................",
      ".....KKKKKK.....",
      "....KWWWWWWK....",
      "...KWWWWWWWWK...",
      "...KWWWWWWWWK...",
      "...KWKKWWKKWK...",
      "...KWWWWWWWWK...",
      "...KSWWWWWWSK...",
      "....KSSSSSSK....",
      "...KKWWWWWWKK...",
      "..KWKWWWWWWKWK..",
      "..KWKWWWWWWKWK..",
      "..KWKWWWWWWKWK..",
      "..KKKWWSSWWKKK..",
      "...KKWK..KWKK...",
      "...KKK....KKK...",
    ],
  },
  // STOPPED: frozen stiff (the game adds an ice frame and a pause badge).
  "char-stopped": {
    palette: BODY,
    rows: [
      "................",
      ".....KKKKKK.....",
      "....KWWWWWWK....",
      "...KWWWWWWWWK...",
      "...KWKKWWKKWK...",
      "...KWKKWWKKWK...",
      "...KWWWWWWWWK...",
      "...KSWKKKKWSK...",
      "....KSSSSSSK....",
      "....KWWWWWWK....",
      "...KKWWWWWWKK...",
      "...KWKWWWWKWK...",
      "...KWKWWWWKWK...",
      "...KKKWSSWKKK...",
      "....KWK..KWK....",
      "....KK....KK....",
    ],
  },
  // ZOMBIE: exited, waiting for its parent's wait4 - a ghost.
  "char-zombie": {
    palette: BODY,
    rows: [
      "................",
      ".....KKKKKK.....",
      "....KWWWWWWK....",
      "...KWWWWWWWWK...",
      "...KWKKWWKKWK...",
      "...KWKKWWKKWK...",
      "...KWWWWWWWWK...",
      "...KWWWKKWWWK...",
      "...KWWWKKWWWK...",
      "..KWWWWWWWWWWK..",
      "..KWWWWWWWWWWK..",
      "..KWWWWWWWWWWK..",
      "..KWWWWWWWWWWK..",
      "..KWWKWWWWKWWK..",
      "..KWK.KWWK.KWK..",
      "..KK...KK...KK..",
    ],
  },
  // Killed by a signal: a ghost with crossed-out eyes.
  "char-killed": {
    palette: BODY,
    rows: [
      "................",
      ".....KKKKKK.....",
      "....KWWWWWWK....",
      "...KWWWWWWWWK...",
      "...KKWKWWKWKK...",
      "...KWKWWWWKWK...",
      "...KKWKWWKWKK...",
      "...KWWWWWWWWK...",
      "...KWKWKWKWWK...",
      "..KWWKWKWKWWWK..",
      "..KWWWWWWWWWWK..",
      "..KWWWWWWWWWWK..",
      "..KWWWWWWWWWWK..",
      "..KWWKWWWWKWWK..",
      "..KWK.KWWK.KWK..",
      "..KK...KK...KK..",
    ],
  },
};

// Accessories: drawn untinted over the head, one per pid (pid % count), so two processes of the
// same owner colour still look different. Shapes differ first, colours second.
const ACC: Palette = {
  K,
  G: "#f7c948", // gold
  g: "#a8862a",
  w: "#f4f4f8",
  r: "#7b7b8f", // grey
  b: "#8b5a2b", // brown
  l: "#3fae5a", // leaf
  p: "#ff9ec4", // pink
  c: "#9ad8ff", // ice
};

export const ACCESSORIES: Record<string, PixelArt> = {
  "acc-tophat": {
    palette: ACC,
    rows: [
      "....KKKKKKKK....",
      "....KKKKKKKK....",
      "....KrrrrrrK....",
      "..KKKKKKKKKKKK..",
      ...blank(12),
    ],
  },
  "acc-crown": {
    palette: ACC,
    rows: [
      "...G..G..G..G...",
      "...GG.GG.GG.GG..",
      "...GGGGGGGGGGG..",
      "...gGGGgGGGgGG..",
      ...blank(12),
    ],
  },
  "acc-cap": {
    palette: ACC,
    rows: [
      "................",
      ".....KKKKKK.....",
      "....KwwwwwwK....",
      "...KwwwwwwwwK...",
      "...KKKKKKKKKKKKK",
      ...blank(11),
    ],
  },
  "acc-bow": {
    palette: ACC,
    rows: [
      "..........KK.KK.",
      ".........KppKppK",
      ".........KppKppK",
      "..........KK.KK.",
      ...blank(12),
    ],
  },
  "acc-glasses": {
    palette: ACC,
    rows: [
      ...blank(3),
      "..KKKKKKKKKKKK..",
      "...KccKKKKccK...",
      "...KccK..KccK...",
      "....KK....KK....",
      ...blank(9),
    ],
  },
  "acc-headphones": {
    palette: ACC,
    rows: [
      "....KKKKKKKK....",
      "...KrrrrrrrrK...",
      "..Kr........rK..",
      "..Kr........rK..",
      ".KKK........KKK.",
      ".KGK........KGK.",
      ".KGK........KGK.",
      ".KKK........KKK.",
      ...blank(8),
    ],
  },
  "acc-antenna": {
    palette: ACC,
    rows: [
      ".......KK.......",
      "......KGGK......",
      ".......KK.......",
      ".......KK.......",
      ...blank(12),
    ],
  },
  "acc-propeller": {
    palette: ACC,
    rows: [
      "...KKKK.KKKK....",
      "....KccKKccK....",
      ".......KK.......",
      ".....KKKKKK.....",
      "....KGGlGGlK....",
      ...blank(11),
    ],
  },
  "acc-sprout": {
    palette: ACC,
    rows: [
      "....KK....KK....",
      "...KllK..KllK...",
      "....KllKKllK....",
      "......KllK......",
      ...blank(12),
    ],
  },
  "acc-viking": {
    palette: ACC,
    rows: [
      ".K............K.",
      ".wK..KKKKKK..Kw.",
      ".KwKKrrrrrrKKwK.",
      "..KKrrrrrrrrKK..",
      "...KGGGGGGGGK...",
      ...blank(11),
    ],
  },
};

// Small overlays the game puts on a character: asleep, stopped, the "you" marker.
export const OVERLAYS: Record<string, PixelArt> = {
  "ovl-zzz": {
    palette: { w: "#f4f4f8", K },
    rows: ["KKKKKKK", "KwwwwwK", "KKKKwwK", "..KwwK.", ".KwwKKK", "KwwwwwK", "KKKKKKK"],
  },
  "ovl-pause": {
    palette: { w: "#f4f4f8", K },
    rows: ["KKKKKKKK", "KwwKwwwK", "KwwKwwwK", "KwwKwwwK", "KwwKwwwK", "KwwKwwwK", "KwwKwwwK", "KKKKKKKK"].map((r, i) =>
      i === 0 || i === 7 ? r : "KwwKKwwK",
    ),
  },
  "ovl-you": {
    palette: { w: "#ffffff", K },
    rows: ["KKKKKKKKK", "KwwwwwwwK", ".KwwwwwK.", "..KwwwK..", "...KwK...", "....K...."],
  },
};

export function blank(n: number): string[] {
  return Array.from({ length: n }, () => "................");
}
