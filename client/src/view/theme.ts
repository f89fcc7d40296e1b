// Colours and text styles the Phaser views share (no Phaser import: plain data).

export const COLOR = {
  bg: 0x14131f,
  panel: 0x1e1d2e,
  line: 0x45445f,
  text: 0xf4f4f8,
  muted: 0xb9b9cc,
  kernelBg: 0x2b1316,
  kernelHatch: 0x3d1c21,
  userBg: 0x0f1b2b,
  userDot: 0x1f3550,
  ring0: 0xe69f00,
  ring3: 0x56b4e9,
  ok: 0x009e73,
  bad: 0xd55e00,
  focus: 0xf0e442,
  free: 0x24233a,
  kernelFrame: 0x5a2a2a,
} as const;

export const FONT = {
  ui: '"Atkinson Hyperlegible", system-ui, sans-serif',
  mono: '"Atkinson Hyperlegible Mono", ui-monospace, monospace',
  pixel: '"Pixelify Sans", "Atkinson Hyperlegible", sans-serif',
} as const;

export const TEXT = {
  zoneTitle: { fontFamily: FONT.pixel, fontSize: "20px", color: "#f4f4f8", fontStyle: "bold" },
  label: { fontFamily: FONT.ui, fontSize: "15px", color: "#d8d8e6" },
  labelBold: { fontFamily: FONT.ui, fontSize: "15px", color: "#f4f4f8", fontStyle: "bold" },
  small: { fontFamily: FONT.ui, fontSize: "13px", color: "#b9b9cc" },
  mono: { fontFamily: FONT.mono, fontSize: "13px", color: "#f4f4f8" },
  nick: { fontFamily: FONT.ui, fontSize: "14px", color: "#ffffff", fontStyle: "bold", stroke: "#0d0c16", strokeThickness: 4 },
  // A result floats on a dark plate of its own, readable over the labels and characters it passes.
  float: { fontFamily: FONT.mono, fontSize: "20px", color: "#ffffff", fontStyle: "bold", stroke: "#0d0c16", strokeThickness: 4, backgroundColor: "rgba(13, 12, 22, 0.88)", padding: { x: 8, y: 3 } },
} as const;

export function hex(c: number): string {
  return "#" + c.toString(16).padStart(6, "0");
}

/** Does the user prefer reduced motion? Tweens are skipped or shortened when so. */
export function reducedMotion(): boolean {
  return typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
}
