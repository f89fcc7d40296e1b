import Phaser from "phaser";
import { SCENE } from "./keys.ts";
import { setScene } from "../hooks.ts";
import { loadPlayerId } from "../logic/identity.ts";
import { SCREEN } from "../logic/layout.ts";
import { fetchLevels, rememberCatalog } from "../levels/api.ts";
import { startLevel } from "../levels/start.ts";
import { withClassLocks } from "../class/levels.ts";
import { clearLayer } from "../ui/dom.ts";
import { showLevelMap, type LevelMapView } from "../ui/levelMap.ts";
import { localStorageOrUndefined } from "../ui/menu.ts";
import { COLOR, FONT } from "../view/theme.ts";

/** The level map: the path from "hello, kernel" to "legit root", with my progress on it. */
export class LevelMap extends Phaser.Scene {
  private view?: LevelMapView;

  constructor() {
    super(SCENE.LevelMap);
  }

  create(): void {
    setScene(SCENE.LevelMap);
    clearLayer();
    this.drawBackdrop();
    this.view = showLevelMap({ open: (id) => void this.open(id), back: () => this.scene.start(SCENE.Menu) });
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.view?.destroy());
    fetchLevels(loadPlayerId(localStorageOrUndefined()))
      .then((levels) => {
        rememberCatalog(levels);
        this.view?.show(withClassLocks(levels));
      })
      .catch((e: Error) => this.view?.status(e.message, true));
  }

  private async open(levelId: string): Promise<void> {
    this.view?.busy(levelId);
    try {
      await startLevel(levelId);
      this.scene.start(SCENE.Game);
    } catch (err) {
      this.view?.busy(undefined);
      this.view?.status((err as Error).message, true);
    }
  }

  private drawBackdrop(): void {
    const { w, h } = SCREEN;
    const g = this.add.graphics();
    g.fillStyle(COLOR.kernelBg).fillRect(0, 0, w, 78);
    g.lineStyle(2, COLOR.kernelHatch);
    for (let x = -80; x < w; x += 18) g.lineBetween(x, 78, x + 78, 0);
    g.fillStyle(COLOR.userBg).fillRect(0, 100, w, h - 100);
    g.fillStyle(COLOR.userDot);
    for (let y = 112; y < h; y += 16) for (let x = 8; x < w; x += 16) g.fillRect(x, y, 3, 3);
    this.add.tileSprite(0, 78, w, 22, "tile-brick").setOrigin(0).setTileScale(2, 1.5);
    this.add.text(24, 16, "LEVELS", { fontFamily: FONT.pixel, fontSize: "44px", color: "#f0e442", fontStyle: "bold", stroke: "#0d0c16", strokeThickness: 8 });
    this.add.text(220, 34, "from \"hello, kernel\" to legit root: one idea per level, checked by the kernel", { fontFamily: FONT.ui, fontSize: "20px", color: "#f4f4f8", stroke: "#0d0c16", strokeThickness: 4 });
  }
}
