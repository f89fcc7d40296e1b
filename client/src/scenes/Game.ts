import Phaser from "phaser";
import { SCENE } from "./keys.ts";
import * as actions from "../actions.ts";
import { setReady, setScene } from "../hooks.ts";
import { session } from "../session.ts";
import { formatAddr, pageDown, parseAddr } from "../../../shared/addr.ts";
import { PAGE_SIZE } from "../../../shared/params.ts";
import type { ActionResult } from "../../../shared/kernel.ts";
import { faultBitWords, isFailure } from "../logic/format.ts";
import { layoutMap } from "../logic/layout.ts";
import { FIRST_KEYS_HINT } from "../logic/keymap.ts";
import { buildRows, describeTile, findTile, initialCursor, moveCursor, tileAt, withTypedAddress, type Cursor, type Dir, type Row } from "../logic/mmu.ts";
import type { PaletteContext } from "../logic/palette.ts";
import { procByPid, procList } from "../logic/snapshot.ts";
import { GameUi } from "../ui/gameUi.ts";
import { Characters } from "../view/characters.ts";
import { FrameGrid } from "../view/frames.ts";
import { MachineMap } from "../view/machineMap.ts";
import { MmuView } from "../view/mmuView.ts";
import { mountClassOverlay } from "../class/overlay.ts";
import { mountLevelOverlay } from "../levels/overlay.ts";
import { levelOf } from "../levels/snap.ts";
import { mountClassroomOverlay } from "../classroom/overlay.ts";

/** The machine map, my MMU view and the panels around them. Shows state; sends through actions. */
export class Game extends Phaser.Scene {
  private map!: MachineMap;
  private chars!: Characters;
  private frames!: FrameGrid;
  private mmu!: MmuView;
  private ui!: GameUi;
  private rows: Row[] = [];
  private cursor: Cursor = { row: 0, col: 0 };
  private selectedAddr: number | undefined;
  private typedAddr: number | undefined;
  private offs: (() => void)[] = [];

  constructor() {
    super(SCENE.Game);
  }

  create(): void {
    setScene(SCENE.Game);
    this.map = new MachineMap(this);
    this.chars = new Characters(this, this.map);
    this.frames = new FrameGrid(this);
    this.mmu = new MmuView(this);
    this.ui = new GameUi({
      move: (dir) => this.move(dir),
      act: (op) => this.act(op),
      goto: (text) => this.goto(text),
      paletteContext: () => this.paletteContext(),
      backToMenu: () => this.backToMenu(),
    });
    // A class session's lobby, pause and end screens (nothing outside a class).
    this.offs.push(mountClassOverlay({ menu: () => void this.backToMenu(), rejoined: (where) => (where === "levels" ? this.scene.start(SCENE.LevelMap) : this.scene.restart()) }));
    // A solo level's panel, briefing and win / failed cards (nothing outside a level room).
    this.offs.push(mountLevelOverlay({ toMap: () => this.scene.start(SCENE.LevelMap), restart: () => this.scene.restart() }));
    // Classroom team play: my team's HUD, the scoreboard, the end of a round (nothing elsewhere).
    this.offs.push(mountClassroomOverlay());
    this.offs.push(
      session.machineChanged.on(({ events }) => {
        this.redraw();
        for (const e of events) {
          if (e.type === "crossing" && !session.myPids().includes(e.pid)) {
            const bad = /^E[A-Z]|SIG/.test(e.outcome);
            const icon = /^(EACCES|EPERM)$/.test(e.outcome) ? "icon-lock" : /SIG/.test(e.outcome) ? "icon-skull" : undefined;
            // Someone else's outcome says whose it is, so it never reads as mine.
            const p = procByPid(session.machine, e.pid);
            const who = `${p?.nick || p?.name || e.pid}: `;
            if (/^(load|store|exec) /.test(e.call)) this.chars.flash(e.pid, `${who}${e.call.split(" ")[0]} ${e.outcome}`, bad, undefined, icon);
            else this.chars.cross(e.pid, `${who}${e.call} ${e.outcome}`, bad, undefined, icon);
          }
        }
      }),
      session.resultArrived.on((r) => this.onResult(r)),
      session.kernelEvent.on((e) => {
        if (e.type === "oom-kill") this.chars.flash(e.victim, "OOM killer's pick", true);
      }),
      session.said.on(({ text, level, minor }) => this.ui.ticker.show(text, level, minor)),
      session.statusChanged.on((s) => this.ui.status.update(s)),
    );
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.teardown());
    this.redraw();
    const me = session.myProc();
    session.say(me ? `You are process ${me.pid}. ${FIRST_KEYS_HINT}` : "Joined. Waiting for your process...");
    setReady(true);
  }

  private redraw(): void {
    const m = session.machine;
    const mine = new Set(session.myPids());
    const layout = layoutMap(m, mine);
    const nickOf = (pid: number) => procByPid(m, pid)?.nick || procByPid(m, pid)?.name || "";
    this.map.update(m, layout, nickOf);
    this.chars.update(m, layout, mine);
    this.frames.update(m, this.chars.colorIndices(), mine);
    const me = session.myProc();
    const priv = session.myPrivate();
    this.ui.hud.update(me, session.myPids(), this.chars.colorOf(me?.owner ?? session.myOwner()), { caps: priv.caps, ruid: priv.ruid });
    this.ui.log.update(priv.log, priv.tty);
    this.rebuildRows();
    this.drawMmu();
    const dead = !me || me.state === "ZOMBIE" || me.state === "EXITED";
    if (dead && !this.ui.death.visible && me?.exit) this.ui.death.show(`Process ${me.pid} was ${me.exit.startsWith("killed") ? me.exit : `${me.exit}`}`, "Press R to respawn as a fresh process.");
    if (!dead && this.ui.death.visible) this.ui.death.hide();
  }

  private rebuildRows(): void {
    const priv = session.myPrivate();
    let rows = buildRows(priv);
    let cur: Cursor | undefined;
    if (this.typedAddr !== undefined) ({ rows } = withTypedAddress(rows, this.typedAddr, priv));
    if (this.selectedAddr !== undefined) cur = findTile(rows, this.selectedAddr);
    this.rows = rows;
    this.cursor = cur ?? initialCursor(rows);
    this.selectedAddr = tileAt(rows, this.cursor)?.addr;
  }

  private drawMmu(): void {
    const me = session.myProc();
    const alive = !!me && me.state !== "ZOMBIE" && me.state !== "EXITED";
    this.mmu.update(this.rows, this.cursor, me?.pid ?? 0, this.chars.colorOf(me?.owner ?? session.myOwner()), alive);
    const t = tileAt(this.rows, this.cursor);
    if (t) this.ui.mmu.setSelected(describeTile(t));
  }

  private move(dir: Dir): void {
    this.cursor = moveCursor(this.rows, this.cursor, dir);
    this.selectedAddr = tileAt(this.rows, this.cursor)?.addr;
    this.drawMmu();
  }

  /** Load / store / exec at the selected page. */
  private act(op: "load" | "store" | "exec"): void {
    const t = tileAt(this.rows, this.cursor);
    if (!t) return;
    const r = actions.access(op, t.hex);
    if (r.ok) session.say(`${op} at ${t.hex} (${t.region}) sent; it runs on your next time slice`);
  }

  private goto(text: string): void {
    const a = parseAddr(text.trim());
    if (a === undefined) {
      session.notice(`"${text}" is not an address: write it like 0xffffffff81000000, 0x402000 or NULL`);
      return;
    }
    this.typedAddr = a;
    const res = withTypedAddress(buildRows(session.myPrivate()), a, session.myPrivate());
    this.selectedAddr = tileAt(res.rows, res.cursor)?.addr;
    this.rebuildRows();
    this.drawMmu();
    const t = tileAt(this.rows, this.cursor);
    if (t) session.say(`Selected ${t.hex}: ${describeTile(t).replace(/^\S+ /, "")}. Press L, P or X.`);
    this.ui.mmu.input.blur();
  }

  private onResult(r: ActionResult): void {
    this.chars.showResult(r);
    // The silent kernel work that made an access succeed, shown on the page itself.
    if (r.kind === "access" && r.ok && (r.minorFault || r.cow)) {
      this.mmu.flash(pageDown(r.addr, PAGE_SIZE), r.cow ? 0xcc79a7 : 0x009e73, r.cow ? "copy-on-write: own copy now" : "page fault: frame given");
    }
    if (r.kind === "access" && r.fault) {
      const me = procByPid(session.machine, r.pid);
      this.ui.death.show(
        `Process ${r.pid}${me?.nick ? ` (${me.nick})` : ""} was killed by ${r.fault.signal}`,
        `${r.op} at ${formatAddr(r.addr)}: ${faultBitWords(r.fault.bit)} (${r.fault.code}). Press R to respawn.`,
      );
    } else if (isFailure(r)) {
      // The reason is in the log and the live region; the float shows the errno.
    }
  }

  private paletteContext(): PaletteContext {
    const m = session.machine;
    const priv = session.myPrivate();
    const mine = session.myPids();
    const t = tileAt(this.rows, this.cursor);
    return {
      myPid: session.myPid(),
      myPids: mine,
      others: procList(m)
        .filter((p) => !mine.includes(p.pid))
        .map((p) => ({ pid: p.pid, nick: p.nick })),
      fds: priv.fds,
      vmas: priv.vmas,
      selectedAddr: t?.kind === "hole" ? undefined : t?.hex,
      brk: priv.brk,
      nick: session.nickname.toLowerCase().replace(/[^a-z0-9_-]/g, "") || "me",
      // In a level, the palette offers only the syscalls the level allows.
      allowed: levelOf(session.conn?.snapshot())?.allowList,
    };
  }

  private async backToMenu(): Promise<void> {
    await session.conn?.leave();
    session.stop();
    this.scene.start(SCENE.Menu);
  }

  private teardown(): void {
    setReady(false);
    for (const off of this.offs.splice(0)) off();
    this.ui.destroy();
  }
}
