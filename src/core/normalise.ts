/**
 * Text as the detectors see it: each character NFKC-normalised (full-width "０７７００" becomes
 * "07700", a non-breaking space a space) and zero-width characters dropped, so Unicode cannot hide
 * an identifier. Character by character, so every position maps back to the original text.
 */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/;

export interface Normalised {
  text: string;
  /** The original offset of a normalised offset (the end of the text maps to the end). */
  toOriginal: (offset: number) => number;
}

export function normaliseForDetection(original: string): Normalised {
  // The common case, plain ASCII, needs no copy.
  if (/^[\x20-\x7E\n\r\t]*$/.test(original)) return { text: original, toOriginal: (o) => o };
  let text = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of original) {
    if (!INVISIBLE.test(ch)) {
      const n = ch.normalize('NFKC');
      for (let k = 0; k < n.length; k++) map.push(i);
      text += n;
    }
    i += ch.length;
  }
  return { text, toOriginal: (o) => (o < map.length ? (map[o] ?? original.length) : original.length) };
}
