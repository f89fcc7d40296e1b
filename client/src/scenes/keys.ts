// Scene keys, once. Each scene's class name is its key.
export const SCENE = {
  Boot: "Boot",
  Preloader: "Preloader",
  Menu: "Menu",
  Game: "Game",
  LevelMap: "LevelMap",
} as const;
export type SceneKey = (typeof SCENE)[keyof typeof SCENE];
