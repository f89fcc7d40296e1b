// Who I am and what each process looks like: the anonymous player id kept in the browser, a
// friendly generated nickname, and a character's look (owner colour + per-pid accessory).

import { NICKNAME_MAX } from "../../../shared/protocol.ts";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
export const PLAYER_ID_LENGTH = 24;

/** A fresh anonymous player id: 24 URL-safe characters from a cryptographic source (144 bits). */
export function newPlayerId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(PLAYER_ID_LENGTH));
  let id = "";
  for (const b of bytes) id += ID_ALPHABET[b & 63];
  return id;
}

export function isPlayerId(s: unknown): s is string {
  return typeof s === "string" && /^[A-Za-z0-9_-]{21,64}$/.test(s);
}

interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const PLAYER_ID_KEY = "ringzero.playerId";
const NICK_KEY = "ringzero.nickname";

/** The player id stored in this browser, created on first use. Works without storage (private mode). */
export function loadPlayerId(store: KeyValueStore | undefined): string {
  try {
    const old = store?.getItem(PLAYER_ID_KEY);
    if (isPlayerId(old)) return old;
  } catch {
    // storage blocked: use a per-page id
  }
  const id = newPlayerId();
  try {
    store?.setItem(PLAYER_ID_KEY, id);
  } catch {
    // ignore
  }
  return id;
}

export function loadNickname(store: KeyValueStore | undefined): string | undefined {
  try {
    const n = store?.getItem(NICK_KEY);
    return n ? cleanNickname(n) || undefined : undefined;
  } catch {
    return undefined;
  }
}

export function saveNickname(store: KeyValueStore | undefined, nick: string): void {
  try {
    store?.setItem(NICK_KEY, nick);
  } catch {
    // ignore
  }
}

const ADJECTIVES = ["Brave", "Calm", "Clever", "Cosy", "Eager", "Fuzzy", "Gentle", "Happy", "Jolly", "Kind", "Lucky", "Mighty", "Nimble", "Polite", "Quick", "Quiet", "Sunny", "Swift", "Tidy", "Witty"];
const ANIMALS = ["Otter", "Panda", "Koala", "Falcon", "Badger", "Heron", "Lynx", "Gecko", "Puffin", "Walrus", "Beaver", "Dingo", "Ferret", "Ibis", "Marmot", "Newt", "Robin", "Tapir", "Wombat", "Yak"];

/** "SwiftOtter42": friendly, at most NICKNAME_MAX characters. `rand` returns [0, 1). */
export function generateNickname(rand: () => number = Math.random): string {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length) % xs.length];
  const nick = `${pick(ADJECTIVES)}${pick(ANIMALS)}${Math.floor(rand() * 90) + 10}`;
  return nick.slice(0, NICKNAME_MAX);
}

/** Trim, collapse spaces, drop control characters, cut to NICKNAME_MAX. May return "". */
export function cleanNickname(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, NICKNAME_MAX);
}

/** Okabe-Ito, without black: the owner/team colours. Safe for the common colour-vision deficiencies. */
export const OKABE_ITO = [0xe69f00, 0x56b4e9, 0x009e73, 0xf0e442, 0x0072b2, 0xd55e00, 0xcc79a7] as const;
export const OKABE_ITO_NAMES = ["orange", "sky blue", "green", "yellow", "blue", "vermillion", "purple"] as const;
/** System processes (init, daemons) and the kernel. */
export const SYSTEM_COLOR = 0xb8b8c8;

export const ACCESSORY_KEYS = [
  "acc-tophat",
  "acc-crown",
  "acc-cap",
  "acc-bow",
  "acc-glasses",
  "acc-headphones",
  "acc-antenna",
  "acc-propeller",
  "acc-sprout",
  "acc-viking",
] as const;
export type AccessoryKey = (typeof ACCESSORY_KEYS)[number];

/** Per-pid accessory, so a player's processes (parent and children) look different. */
export function accessoryFor(pid: number): AccessoryKey {
  return ACCESSORY_KEYS[((pid % ACCESSORY_KEYS.length) + ACCESSORY_KEYS.length) % ACCESSORY_KEYS.length];
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/**
 * Colour index (into OKABE_ITO) for each owner. Teams use their team colour. Otherwise each owner
 * starts at hash(owner) % 7 and probes to the next free colour, owners taken in id order, so every
 * client computes the same colours for the same set of players, and two players only share a colour
 * when there are more than seven.
 */
export function ownerColorIndex(owners: ReadonlyArray<{ owner: string; team: number }>): Map<string, number> {
  const out = new Map<string, number>();
  const used = new Map<number, number>();
  const sorted = [...new Map(owners.filter((o) => o.owner !== "").map((o) => [o.owner, o])).values()].sort((a, b) =>
    a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0,
  );
  for (const o of sorted) {
    if (o.team >= 0) {
      const idx = o.team % OKABE_ITO.length;
      out.set(o.owner, idx);
      used.set(idx, (used.get(idx) ?? 0) + 1);
    }
  }
  for (const o of sorted) {
    if (out.has(o.owner)) continue;
    const start = hash(o.owner) % OKABE_ITO.length;
    const minUse = Math.min(...OKABE_ITO.map((_, i) => used.get(i) ?? 0));
    let idx = start;
    for (let k = 0; k < OKABE_ITO.length; k++) {
      const i = (start + k) % OKABE_ITO.length;
      if ((used.get(i) ?? 0) === minUse) {
        idx = i;
        break;
      }
    }
    used.set(idx, (used.get(idx) ?? 0) + 1);
    out.set(o.owner, idx);
  }
  return out;
}

export function colorFor(owner: string, indices: ReadonlyMap<string, number>): number {
  const i = indices.get(owner);
  return i === undefined ? SYSTEM_COLOR : OKABE_ITO[i];
}

export function cssColor(c: number): string {
  return "#" + c.toString(16).padStart(6, "0");
}
