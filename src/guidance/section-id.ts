/**
 * How a heading becomes a section id, the part after "#" in a source reference. Numbered headings
 * keep their number ("7.2 The Impact…" → "7.2") because that is how the guidance is cited; others
 * are slugged; an explicit trailing {#id} overrides both when a heading would otherwise clash.
 */

export const SECTION_ID_PATTERN = /^[A-Za-z0-9.-]+$/;

export interface HeadingId {
  heading: string; // the heading text without any {#anchor}
  id: string;
  explicit: boolean;
}

export function headingId(raw: string): HeadingId {
  const anchor = /\s*\{#([^}]*)\}\s*$/.exec(raw);
  if (anchor) return { heading: raw.slice(0, anchor.index).trim(), id: anchor[1] ?? '', explicit: true };
  const heading = raw.trim();
  const number = /^(\d+(?:\.\d+)*)\.?(?=\s|$)/.exec(heading);
  return { heading, id: number?.[1] ?? slugify(heading), explicit: false };
}

/** Lowercase, runs of anything not a-z0-9 become one "-", trimmed of "-". */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
