// The game's keys, once: what each key does on the machine screen (when no text field has focus),
// and the help text listing them. WASD and the arrows walk; store is P ("put", as in PEEK/POKE).

import type { AccessOp } from "../../../shared/kernel.ts";
import type { Dir } from "./mmu.ts";

export type Command =
  | { type: "move"; dir: Dir }
  | { type: "access"; op: AccessOp }
  | { type: "palette" }
  | { type: "goto" }
  | { type: "help" }
  | { type: "respawn" }
  | { type: "next-process" }
  | { type: "compute" }
  | { type: "cancel" }
  | { type: "tty" }
  | { type: "log" }
  | { type: "close" };

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** The command for a key press on the game screen, or undefined (let the browser have it). */
export function commandForKey(e: KeyLike): Command | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  switch (e.key) {
    case "ArrowUp":
    case "w":
    case "W":
      return { type: "move", dir: "up" };
    case "ArrowDown":
    case "s":
    case "S":
      return { type: "move", dir: "down" };
    case "ArrowLeft":
    case "a":
    case "A":
      return { type: "move", dir: "left" };
    case "ArrowRight":
    case "d":
    case "D":
      return { type: "move", dir: "right" };
    case "l":
    case "L":
      return { type: "access", op: "load" };
    case "p":
    case "P":
      return { type: "access", op: "store" };
    case "x":
    case "X":
      return { type: "access", op: "exec" };
    case "/":
    case " ":
      return { type: "palette" };
    case "g":
    case "G":
      return { type: "goto" };
    case "?":
    case "h":
    case "H":
    case "F1":
      return { type: "help" };
    case "r":
    case "R":
      return { type: "respawn" };
    case "n":
    case "N":
      return { type: "next-process" };
    case "c":
    case "C":
      return { type: "compute" };
    case "Backspace":
    case "Delete":
      return { type: "cancel" };
    case "t":
    case "T":
      return { type: "tty" };
    case "j":
    case "J":
      return { type: "log" };
    case "Escape":
      return { type: "close" };
    default:
      return undefined;
  }
}

/** The line that greets a player on the machine screen: the keys they need first (tested to do what it says). */
export const FIRST_KEYS_HINT = "Keys: / system call \u00b7 L P X load, put, exec \u00b7 ? help";

/** The on-screen help, in the order a new player needs it. */
export const KEY_HELP: readonly { keys: string; what: string }[] = [
  { keys: "/ or Space", what: "open the syscall palette (Enter issues the call, Esc closes)" },
  { keys: "W A S D or arrows", what: "walk between pages of your address space (MMU view)" },
  { keys: "L  P  X", what: "load from, put (store) to, or execute at the selected page" },
  { keys: "G", what: "go to any address (try 0xffffffff81000000 or 0x0), then L / P / X" },
  { keys: "C", what: "compute: spend 3 ticks of CPU in user mode" },
  { keys: "N", what: "next of my processes (after fork)" },
  { keys: "T", what: "type a line on my terminal (what read(0, ...) gets)" },
  { keys: "J", what: "jump to my strace log" },
  { keys: "Backspace", what: "drop my queued actions" },
  { keys: "R", what: "respawn after my process died" },
  { keys: "? or H", what: "this help" },
  { keys: "Esc", what: "close a panel, back to the game" },
];
