/**
 * Quote matching. A quote must appear word for word in the section it cites, but typography must
 * not make an honest quote fail: curly and straight quotes, dash variants, Markdown emphasis, table
 * pipes, list bullets and line wrapping are all evened out on both sides before comparing.
 * Matching stays case-sensitive: a quote is the guidance's words, not a paraphrase.
 */

const CHAR_MAP: Record<string, string> = {
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201A': "'", // ‚
  '\u201B': "'", // ‛
  '\u2032': "'", // ′
  '\u201C': '"', // “
  '\u201D': '"', // ”
  '\u201E': '"', // „
  '\u2033': '"', // ″
  '\u2013': '-', // –
  '\u2014': '-', // —
  '\u2011': '-', // ‑
  '\u2212': '-', // −
};

const MAPPED = new RegExp(`[${Object.keys(CHAR_MAP).join('')}]`, 'g');

export function normaliseQuoteText(text: string): string {
  return text
    .replace(MAPPED, (c) => CHAR_MAP[c] ?? c)
    .replace(/^[ \t]*(?:[-+*•])[ \t]+/gm, '') // list bullets at line starts
    .replace(/[*_|]/g, '') // emphasis markers and table pipes
    .replace(/\s+/g, ' ')
    .trim();
}

/** Normalised section text, computed once per section however many quotes cite it. */
export class QuoteIndex {
  private readonly cache = new Map<string, string>();

  textOf(key: string, raw: string): string {
    let text = this.cache.get(key);
    if (text === undefined) {
      text = normaliseQuoteText(raw);
      this.cache.set(key, text);
    }
    return text;
  }
}

export function quoteOccurs(quote: string, normalisedText: string): boolean {
  const q = normaliseQuoteText(quote);
  return q.length > 0 && normalisedText.includes(q);
}

/**
 * The longest run of the quote's opening words found in the text, so the error can show where the
 * quote stops matching (usually one mistyped or paraphrased word).
 */
export function matchingPrefix(quote: string, normalisedText: string): string {
  const words = normaliseQuoteText(quote).split(' ');
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (normalisedText.includes(words.slice(0, mid).join(' '))) lo = mid;
    else hi = mid - 1;
  }
  return words.slice(0, lo).join(' ');
}
