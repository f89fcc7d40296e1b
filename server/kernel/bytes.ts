// Bytes <-> text. File data and pipe buffers are "byte strings" (one char per byte, 0..255) so
// offsets count bytes; what people type or read is UTF-8.

const enc = new TextEncoder();
const dec = new TextDecoder("utf-8", { fatal: false });

/** UTF-8 bytes of a JS string. */
export function utf8(text: string): Uint8Array {
  return enc.encode(text);
}

/** Decode UTF-8 bytes (invalid sequences become U+FFFD). */
export function fromUtf8(b: Uint8Array): string {
  return dec.decode(b);
}

/** A byte string (one char per byte) from bytes. */
export function toByteString(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, i + 4096));
  return s;
}

/** Bytes from a byte string. */
export function fromByteString(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/** A JS string as a byte string of its UTF-8 encoding (how files store typed text). */
export function textToByteString(text: string): string {
  return toByteString(utf8(text));
}

/** A byte string decoded as UTF-8. */
export function byteStringToText(s: string): string {
  return fromUtf8(fromByteString(s));
}
