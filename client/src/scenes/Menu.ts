import Phaser from "phaser";
import { SCENE } from "./keys.ts";
import { setScene } from "../hooks.ts";
import { joinSandbox } from "../net.ts";
import { session } from "../session.ts";
import { loadPlayerId, OKABE_ITO, ACCESSORY_KEYS, saveNickname } from "../logic/identity.ts";
import { SCREEN } from "../logic/layout.ts";
import { clearLayer } from "../ui/dom.ts";
import { localStorageOrUndefined, showMenuForm, type MenuForm } from "../ui/menu.ts";
import { COLOR, FONT, reducedMotion } from "../view/theme.ts";
import { codeFromAddress, setClassContext } from "../class/context.ts";
import { enterClass } from "../class/enter.ts";
import { showClassJoinForm, type ClassJoinForm } from "../class/joinForm.ts";

/** Title screen: the wall, the gate, a parade of processes, and the nickname form. */
export class Menu extends Phaser.Scene {
  private form?: MenuForm;
  private classForm?: ClassJoinForm;

  constructor() {
    super(SCENE.Menu);
  }

  create(): void {
    setScene(SCENE.Menu);
    clearLayer();
    this.drawBackdrop();
    setClassContext(undefined);
    const code = codeFromAddress();
    if (code !== undefined) this.joinClass(code);
    else this.showForm();
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => (this.form?.destroy(), this.classForm?.destroy()));
  }

  private showForm(): void {
    this.classForm?.destroy();
    this.form = showMenuForm(
      (nick) => void this.play(nick),
      () => this.joinClass(""),
      (nick) => {
        saveNickname(localStorageOrUndefined(), nick);
        this.scene.start(SCENE.LevelMap);
      },
    );
  }

  /** The join-by-code form (a /join/CODE link, or the menu's "Join class"). */
  private joinClass(code: string): void {
    this.form?.destroy();
    this.classForm = showClassJoinForm(code, {
      join: async (info, nick) => {
        const where = await enterClass(info, nick);
        this.scene.start(where === "levels" ? SCENE.LevelMap : SCENE.Game);
      },
      back: () => {
        if (location.pathname.startsWith("/join/")) history.replaceState(null, "", "/");
        this.showForm();
      },
    });
  }

  private async play(nickname: string): Promise<void> {
    const store = localStorageOrUndefined();
    saveNickname(store, nickname);
    this.form?.setBusy(true);
    try {
      const fake = import.meta.env.DEV && new URLSearchParams(location.search).has("fake");
      const conn = fake ? (await import("../dev/fakeRoom.ts")).fakeJoin(nickname) : await joinSandbox(nickname, loadPlayerId(store));
      session.start(conn, nickname);
      this.scene.start(SCENE.Game);
    } catch (err) {
      const e = err as Error & { reload?: boolean };
      this.form?.setBusy(false);
      this.form?.showError(e.message, !!e.reload);
    }
  }

  private drawBackdrop(): void {
    const { w } = SCREEN;
    // Kernel above, user space below, the wall between: the whole game in one picture.
    const g = this.add.graphics();
    g.fillStyle(COLOR.kernelBg).fillRect(0, 0, w, 250);
    g.lineStyle(2, COLOR.kernelHatch);
    for (let x = -250; x < w; x += 18) g.lineBetween(x, 250, x + 250, 0);
    g.fillStyle(COLOR.userBg).fillRect(0, 280, w, 440);
    g.fillStyle(COLOR.userDot);
    for (let y = 292; y < 720; y += 16) for (let x = 8; x < w; x += 16) g.fillRect(x, y, 3, 3);
    this.add.tileSprite(0, 250, w, 30, "tile-brick").setOrigin(0).setTileScale(2, 2);
    this.add.image(w / 2, 265, "tile-gate").setScale(3);
    this.add.text(w / 2, 70, "RING ZERO", { fontFamily: FONT.pixel, fontSize: "84px", color: "#f0e442", fontStyle: "bold", stroke: "#0d0c16", strokeThickness: 10 }).setOrigin(0.5);
    this.add
      .text(w / 2, 148, "You are a process. The kernel decides. Find out why.", { fontFamily: FONT.ui, fontSize: "24px", color: "#f4f4f8", stroke: "#0d0c16", strokeThickness: 5 })
      .setOrigin(0.5);
    this.add.text(24, 222, "KERNEL SPACE - ring 0", { fontFamily: FONT.pixel, fontSize: "18px", color: "#ffcf70", fontStyle: "bold" });
    this.add.text(24, 290, "USER SPACE - ring 3", { fontFamily: FONT.pixel, fontSize: "18px", color: "#9fd6f5", fontStyle: "bold" });
    this.add.text(w / 2, 205, "the syscall gate", { fontFamily: FONT.ui, fontSize: "16px", color: "#f4f4f8" }).setOrigin(0.5);
    // A parade of processes walking to the gate.
    const still = reducedMotion();
    for (let i = 0; i < 7; i++) {
      const x = 90 + i * 183;
      const body = this.add.image(x, 712, i % 3 === 0 ? "char-running" : "char-waiting").setScale(4).setTint(OKABE_ITO[i]).setOrigin(0.5, 1);
      const acc = this.add.image(x, 712, ACCESSORY_KEYS[i]).setScale(4).setOrigin(0.5, 1);
      if (!still) this.tweens.add({ targets: [body, acc], y: 704, duration: 420 + i * 40, yoyo: true, repeat: -1, ease: "Sine.inOut" });
    }
  }
}
