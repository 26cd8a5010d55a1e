/**
 * A model of how the Teams mobile card renderer turns TextBlock text into what a person sees, from
 * microsoft/Teams-AdaptiveCards-Mobile at c6faeb4e1c5111401f4698c2b0dcc2a22c09ac1e:
 * - source/shared/cpp/ObjectModel/MarkDownBlockParser.cpp, EmphasisParser::MatchText: a backslash
 *   is removed only before `* _ [ ] )` (and line breaks); before anything else it stays on screen.
 * - source/shared/cpp/ObjectModel/TextElementProperties.cpp, _ProcessHTMLEntities: Android decodes
 *   `&amp; &quot; &lt; &gt; &nbsp;` only (amp last); iOS (SwiftLegacyACSupportPending.swift,
 *   decodeHTMLEntities) decodes `&amp; &lt; &gt; &nbsp;` only, in one pass. `&#39;` is shown raw.
 * Emphasis and links are modelled only as far as the checks need: an unescaped `*`, `_` or `[` is a
 * formatting character, not text.
 */
export type Platform = 'android' | 'ios';

const UNESCAPED = new Set(['*', '_', '[', ']', ')', '\n', '\r']);

function dropEscapes(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    const next = text[i + 1];
    if (c === '\\' && next !== undefined && UNESCAPED.has(next)) {
      out += next;
      i++;
    } else out += c;
  }
  return out;
}

function decode(text: string, platform: Platform): string {
  if (platform === 'ios') {
    const map: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00a0' };
    return text.replace(/&([a-zA-Z]+);/g, (whole, name: string) => map[name] ?? whole);
  }
  return text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/** What a phone shows for a TextBlock's text (formatting characters aside). */
export function mobileShows(text: string, platform: Platform): string {
  return decode(dropEscapes(text), platform);
}

/** Why this text would show stray characters on a phone; empty when it renders clean. */
export function mobileProblems(text: string): string[] {
  const problems: string[] = [];
  if (text.includes('&#')) problems.push(`numeric entity in ${JSON.stringify(text)}`);
  if (/&quot;/.test(text)) problems.push(`&quot; (iOS shows it raw) in ${JSON.stringify(text)}`);
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] !== '\\') continue;
    const next = text[i + 1] ?? '';
    if (!UNESCAPED.has(next) && next !== '\\')
      problems.push(`backslash kept before "${next}" in ${JSON.stringify(text)}`);
    i++;
  }
  return problems;
}

/** Every TextBlock text (and a message's own text) in an activity body. */
export function renderedTexts(body: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n !== 'object' || n === null) return;
    const o = n as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'message' && typeof o.text === 'string') out.push(o.text);
    Object.values(o).forEach(walk);
  };
  walk(body);
  return out;
}
