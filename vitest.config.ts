import { defineConfig } from "vitest/config";

// Three kinds of test, all run by `npm test`:
// - unit: pure code (shared/, the kernel, the scenario runner), in parallel;
// - room: Colyseus rooms booted in-process, one file at a time (they share a port);
// - browser: the built game served as `npm start` serves it, driven in headless Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/kernel/**/*.test.ts"],
          setupFiles: ["tests/helpers/decoder-guard.ts"],
        },
      },
      {
        test: {
          name: "room",
          include: ["tests/rooms/**/*.test.ts"],
          setupFiles: ["tests/helpers/decoder-guard.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          globalSetup: ["tests/browser/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
