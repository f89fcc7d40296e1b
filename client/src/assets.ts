// Every sprite the game loads, by key (the file name without .svg). Vite turns each file under
// assets/sprites into a hashed URL; Preloader loads them all.

const urls = import.meta.glob("../../assets/sprites/*.svg", { eager: true, query: "?url", import: "default" }) as Record<string, string>;

export interface SpriteAsset {
  key: string;
  url: string;
}

export const SPRITES: readonly SpriteAsset[] = Object.entries(urls)
  .map(([path, url]) => ({ key: path.split("/").pop()!.replace(/\.svg$/, ""), url }))
  .sort((a, b) => a.key.localeCompare(b.key));

/** Font faces the canvas text uses; Preloader waits for them so Phaser measures text correctly. */
export const FONT_FACES = ['400 16px "Atkinson Hyperlegible"', '700 16px "Atkinson Hyperlegible"', '400 16px "Atkinson Hyperlegible Mono"', '700 16px "Atkinson Hyperlegible Mono"', '700 16px "Pixelify Sans"'];
