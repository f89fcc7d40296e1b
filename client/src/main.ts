// Ring Zero student client: Phaser game config and start-up.
import "@fontsource/atkinson-hyperlegible/400.css";
import "@fontsource/atkinson-hyperlegible/700.css";
import "@fontsource/atkinson-hyperlegible-mono/400.css";
import "@fontsource/atkinson-hyperlegible-mono/700.css";
import "@fontsource/pixelify-sans/700.css";
import "./style.css";

import Phaser from "phaser";
import { SCREEN } from "./logic/layout.ts";
import { installHooks, setFpsSource } from "./hooks.ts";
import { syncLayer } from "./ui/dom.ts";
import { installAriaLog } from "./ui/aria.ts";
import { Boot } from "./scenes/Boot.ts";
import { Preloader } from "./scenes/Preloader.ts";
import { Menu } from "./scenes/Menu.ts";
import { Game } from "./scenes/Game.ts";
import { LevelMap } from "./scenes/LevelMap.ts";
import { COLOR } from "./view/theme.ts";

installHooks();
installAriaLog();

const game = new Phaser.Game({
  type: Phaser.AUTO,
  parent: "game",
  width: SCREEN.w,
  height: SCREEN.h,
  backgroundColor: COLOR.bg,
  pixelArt: true,
  scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
  scene: [Boot, Preloader, Menu, Game, LevelMap],
  banner: false,
});

setFpsSource(() => game.loop.actualFps);

const resync = () => syncLayer(game.canvas);
game.scale.on(Phaser.Scale.Events.RESIZE, resync);
window.addEventListener("resize", () => requestAnimationFrame(resync));
game.events.once(Phaser.Core.Events.READY, resync);
