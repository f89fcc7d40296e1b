// Nicknames in a class: friendly generated suggestions (unique-names-generator, colour + animal)
// and a filter for typed ones (obscenity's English dataset with its look-alike transformers).
// A nickname is only ever shown as text, so markup in it is harmless; the filter is about words.

import { animals, colors, uniqueNamesGenerator } from "unique-names-generator";
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";
import { NICKNAME_MAX } from "../../shared/protocol.ts";

const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

/** Animals a child should not be called in front of the class. */
const UNKIND = new Set(["louse", "leech", "hookworm", "roundworm", "bedbug", "cockroach", "booby", "pig", "rat", "slug", "worm", "earthworm", "mite", "flea", "tick", "cow", "donkey", "mule", "ape", "gayal", "vulture", "snake", "skunk"]);
const FRIENDLY_ANIMALS = animals.filter((a) => !UNKIND.has(a) && a.length <= 12);

/** One friendly nickname, e.g. "TealOtter42" (at most NICKNAME_MAX characters). */
export function suggestNickname(rand: () => number = Math.random): string {
  for (;;) {
    const base = uniqueNamesGenerator({ dictionaries: [colors, FRIENDLY_ANIMALS], separator: "", style: "capital", length: 2, seed: Math.floor(rand() * 2 ** 31) });
    const nick = `${base}${10 + Math.floor(rand() * 90)}`;
    if (nick.length <= NICKNAME_MAX && !matcher.hasMatch(nick)) return nick;
  }
}

/** `n` different suggestions. */
export function suggestNicknames(n: number, rand: () => number = Math.random): string[] {
  const out = new Set<string>();
  while (out.size < n) out.add(suggestNickname(rand));
  return [...out];
}

/** Trim, collapse whitespace, drop control characters. */
export function tidyNickname(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** "f u c k" / "f.u.c.k" -> "fuck": runs of single characters between separators, joined. */
export function joinSpelledOut(nick: string): string {
  const out: string[] = [];
  let run = "";
  for (const t of nick.split(/[\s._*~+-]+/)) {
    if (t.length === 1) run += t;
    else {
      if (run) out.push(run);
      run = "";
      if (t) out.push(t);
    }
  }
  if (run) out.push(run);
  return out.join(" ");
}

export type NicknameCheck = { ok: true; nick: string } | { ok: false; error: string; suggestion: string };

/**
 * Check a typed nickname for a class: tidied, 1..NICKNAME_MAX characters, no offensive words
 * (including l33t and spaced-out spellings). A refusal carries a readable reason and a suggestion.
 */
export function checkNickname(raw: unknown): NicknameCheck {
  const suggestion = suggestNickname();
  if (typeof raw !== "string") return { ok: false, error: "Type a nickname or pick a suggested one.", suggestion };
  const nick = tidyNickname(raw);
  if (!nick) return { ok: false, error: "Type a nickname or pick a suggested one.", suggestion };
  if (nick.length > NICKNAME_MAX) return { ok: false, error: `A nickname has at most ${NICKNAME_MAX} characters.`, suggestion };
  if (matcher.hasMatch(nick) || matcher.hasMatch(joinSpelledOut(nick))) return { ok: false, error: `"${nick}" is not a nickname for class. Pick another one, for example ${suggestion}.`, suggestion };
  return { ok: true, nick };
}
