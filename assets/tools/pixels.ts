// Pixel maps for every sprite and tile in Ring Zero, drawn for this project (see assets/README.md).
// One character per pixel; each map names its palette. `make-art.ts` turns them into SVG files.
// Character bodies are drawn in white and greys so the game can tint them with the owner's colour
// (multiply tint: white becomes the colour, the dark outline stays dark).

export type Palette = Readonly<Record<string, string>>;
export interface PixelArt {
  readonly palette: Palette;
  readonly rows: readonly string[];
}

const K = "#1d1b2a"; // outline, eyes
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

// Machine tiles.
const CHIP: Palette = { K, c: "#343a55", d: "#262b40", h: "#4b5378", p: "#d9b44a", P: "#8c7330", s: "#6b74a0" };
const STONE: Palette = { K, a: "#8d3b2c", b: "#6e2c21", m: "#2e1410", h: "#a94b38" };
const DEV: Palette = { K, w: "#e8e8f0", r: "#9a9ab0", d: "#4a4a62", g: "#56B4E9", y: "#F0E442", n: "#2b2b40", G: "#009E73" };

export const TILES: Record<string, PixelArt> = {
  "tile-core": {
    palette: CHIP,
    rows: [
      "....p.p.p.p.p.p.p.p.p.p.p.p.....",
      "....P.P.P.P.P.P.P.P.P.P.P.P.....",
      "..KKKKKKKKKKKKKKKKKKKKKKKKKKKK..",
      "..KhhhhhhhhhhhhhhhhhhhhhhhhhhK..",
      "ppKhccccccccccccccccccccccccdKpp",
      "..KhccccccccccccccccccccccccdK..",
      "ppKhccKKKKKKKKKKKKKKKKKKKKccdKpp",
      "..KhccKssssssssssssssssssKccdK..",
      "ppKhccKsddddddddddddddddsKccdKpp",
      "..KhccKsddddddddddddddddsKccdK..",
      "ppKhccKsddddddddddddddddsKccdKpp",
      "..KhccKsddddddddddddddddsKccdK..",
      "ppKhccKsddddddddddddddddsKccdKpp",
      "..KhccKsddddddddddddddddsKccdK..",
      "ppKhccKsddddddddddddddddsKccdKpp",
      "..KhccKssssssssssssssssssKccdK..",
      "ppKhccKKKKKKKKKKKKKKKKKKKKccdKpp",
      "..KhccccccccccccccccccccccccdK..",
      "ppKhccccccccccccccccccccccccdKpp",
      "..KhddddddddddddddddddddddddddK.",
      "..KKKKKKKKKKKKKKKKKKKKKKKKKKKK..",
      "....P.P.P.P.P.P.P.P.P.P.P.P.....",
      "....p.p.p.p.p.p.p.p.p.p.p.p.....",
    ],
  },
  "tile-brick": {
    palette: STONE,
    rows: [
      "hhhhhhhmhhhhhhhm",
      "aaaaaaamaaaaaaam",
      "aaaaaaamaaaaaaam",
      "bbbbbbbmbbbbbbbm",
      "mmmmmmmmmmmmmmmm",
      "hhhmhhhhhhhmhhhh",
      "aaamaaaaaaamaaaa",
      "aaamaaaaaaamaaaa",
      "bbbmbbbbbbbmbbbb",
      "mmmmmmmmmmmmmmmm",
    ],
  },
  "tile-gate": {
    palette: { ...STONE, i: "#c9c9d6", I: "#77778c", g: "#F0E442", y: "#b3a93a", v: "#0d0c14" },
    rows: [
      "KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK",
      "KhhhhhhhhhmhhhhhhhhhhmhhhhhhhhhK",
      "KaaaaaaaKKKKKKKKKKKKKKKKaaaaaaaK",
      "KaaaaaKKvvvvvvvvvvvvvvvvKKaaaaaK",
      "KbbbbKvvvvvvvvvvvvvvvvvvvvKbbbbK",
      "KmmmKvvIvvIvvIvvIvvIvvIvvvvKmmmK",
      "KhhKvvvivvivvivvivvivviivvvvKhhK",
      "KaaKiiiiiiiiiiiiiiiiiiiiiiiiKaaK",
      "KaaKvvvivvivvivvivvivviivvvvKaaK",
      "KbbKvvvivvivvivvivvivviivvvvKbbK",
      "KmmKvvvivvivvivvivvivviivvvvKmmK",
      "KhhKvvvivvivvivvivvivviivvvvKhhK",
      "KaaKiiiiiiiiiiiiiiiiiiiiiiiiKaaK",
      "KaaKvvvivvivvivvivvivviivvvvKaaK",
      "KbbKvvvivvivvivvivvivviivvvvKbbK",
      "KmmKvvvivvivvivvivvivviivvvvKmmK",
      "KhhKvvvivvivvivvivvivviivvvvKhhK",
      "KaaKiiiiiiiiiiiiiiiiiiiiiiiiKaaK",
      "KaaKvvvivvivvivvivvivviivvvvKaaK",
      "KbbKvvvivvivvivvivvivviivvvvKbbK",
      "KmmKvvvIvvIvvIvvIvvIvvIIvvvvKmmK",
      "KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK",
    ],
  },
  "dev-disk": {
    palette: DEV,
    rows: [
      "................................",
      "......KKKKKKKKKKKKKKKKKKKK......",
      "....KKwwwwwwwwwwwwwwwwwwwwKK....",
      "...KwwwwwwwwwwwwwwwwwwwwwwwwK...",
      "...KrwwwwwwwwwwwwwwwwwwwwwwrK...",
      "...KrrrwwwwwwwwwwwwwwwwwwrrrK...",
      "...KKrrrrrrrrrrrrrrrrrrrrrrKK...",
      "...KwKKrrrrrrrrrrrrrrrrrrKKwK...",
      "...KwwwKKKKKKKKKKKKKKKKKKwwwK...",
      "...KwwwwwwwwwwwwwwwwwwwwwwwwK...",
      "...KrwwwwwwwwwwwwwwwwwwwwwwrK...",
      "...KrrrwwwwwwwwwwwwwwwwwwrrrK...",
      "...KKrrrrrrrrrrrrrrrrrrrrrrKK...",
      "...KwKKrrrrrrrrrrrrrrrrrrKKwK...",
      "...KwwwKKKKKKKKKKKKKKKKKKwwwK...",
      "...KwwwwwwwwwwwwwwwwwwwwwwwwK...",
      "...KrwwwwwwwwwwwwwwwwwwwwwwrK...",
      "...KrrrwwwwwwwwwwwwwwwwwwrrrK...",
      "...KrrrrrrrrrrrrrrrrrrrrrGGrK...",
      "....KKrrrrrrrrrrrrrrrrrrrrKK....",
      "......KKKKKKKKKKKKKKKKKKKK......",
      "................................",
    ],
  },
  "dev-terminal": {
    palette: DEV,
    rows: [
      "................................",
      "..KKKKKKKKKKKKKKKKKKKKKKKKKKKK..",
      "..KrrrrrrrrrrrrrrrrrrrrrrrrrrK..",
      "..KrKKKKKKKKKKKKKKKKKKKKKKKKrK..",
      "..KrKnnnnnnnnnnnnnnnnnnnnnnKrK..",
      "..KrKnGnnnnnnnnnnnnnnnnnnnnKrK..",
      "..KrKnnGnnnnnnnnnnnnnnnnnnnKrK..",
      "..KrKnnnGnnnnnnnnnnnnnnnnnnKrK..",
      "..KrKnnGnnnnnnnnnnnnnnnnnnnKrK..",
      "..KrKnGnnnGGGGnnnnnnnnnnnnnKrK..",
      "..KrKnnnnnnnnnnnnnnnnnnnnnnKrK..",
      "..KrKnnnnnnnnnnnnnnnnnnnnnnKrK..",
      "..KrKnnnnnnnnnnnnnnnnnnnnnnKrK..",
      "..KrKKKKKKKKKKKKKKKKKKKKKKKKrK..",
      "..KrrrrrrrrrrrrrrrrrrrrrrrGrrK..",
      "..KKKKKKKKKKKKKKKKKKKKKKKKKKKK..",
      ".............KrrrrK.............",
      "...........KKKKKKKKKK...........",
      "..........KrrrrrrrrrrK..........",
      "..........KKKKKKKKKKKK..........",
    ],
  },
  "dev-network": {
    palette: DEV,
    rows: [
      "................................",
      "........K..............K........",
      ".......Kg....KKKKKK....gK.......",
      "......Kg..KKKggggggKKK..gK......",
      ".....Kg..Kg..........gK..gK.....",
      ".....Kg.Kg...KKKKKK...gK.gK.....",
      ".....Kg.Kg..KggggggK..gK.gK.....",
      ".....Kg.Kg.Kg......gK.gK.gK.....",
      ".....Kg.Kg.Kg..KK..gK.gK.gK.....",
      "......Kg.Kg.Kg.yy.gK.gK.gK......",
      ".......K..K..K.yy.K..K..K.......",
      "..............KyyK..............",
      "..............KwwK..............",
      "..............KwwK..............",
      "..............KwwK..............",
      ".............KwwwwK.............",
      ".............KwwwwK.............",
      "............KwwwwwwK............",
      "..........KKwwwwwwwwKK..........",
      "..........KKKKKKKKKKKK..........",
    ],
  },
};

export const ICONS: Record<string, PixelArt> = {
  "icon-lock": {
    palette: { K, y: "#F0E442", g: "#b3a93a" },
    rows: [
      "....KKKK....",
      "...KK..KK...",
      "...K....K...",
      "...K....K...",
      ".KKKKKKKKKK.",
      ".KyyyyyyyyK.",
      ".KyyyKKyyyK.",
      ".KyyyKKyyyK.",
      ".KyyyyKyyyK.",
      ".KggggggggK.",
      ".KKKKKKKKKK.",
      "............",
    ],
  },
  "icon-skull": {
    palette: { K, w: "#f4f4f8" },
    rows: [
      "...KKKKKK...",
      "..KwwwwwwK..",
      ".KwwwwwwwwK.",
      ".KwKKwwKKwK.",
      ".KwKKwwKKwK.",
      ".KwwwKKwwwK.",
      "..KwwwwwwK..",
      "...KwKwKK...",
      "...KKKKKK...",
      "............",
      "............",
      "............",
    ],
  },
  "icon-bolt": {
    palette: { K, y: "#F0E442" },
    rows: [
      "......KKKK..",
      ".....KyyK...",
      "....KyyK....",
      "...KyyKKKK..",
      "..KyyyyyyK..",
      "..KKKKyyK...",
      ".....KyK....",
      "....KyK.....",
      "....KK......",
      "............",
      "............",
      "............",
    ],
  },
};

function blank(n: number): string[] {
  return Array.from({ length: n }, () => "................");
}
