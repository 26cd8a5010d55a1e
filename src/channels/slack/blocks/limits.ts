/**
 * Slack's Block Kit limits, and the helpers that keep every message inside them. Slack rejects a
 * whole message (invalid_blocks, msg_too_long) when one field is over, so we cut before posting.
 * Text handed to these helpers is already escaped; cuts never split an entity such as &amp;.
 */
import type { types } from '@slack/bolt';

export type KnownBlock = types.KnownBlock;
export type SectionBlock = types.SectionBlock;
export type Button = types.Button;

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  messageText: 40000,
  fallbackText: 3000, // notification text: the blocks carry the content
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  contextElements: 10,
  headerText: 150,
  inputLabel: 2000,
  optionText: 75,
  plainInput: 3000,
  viewTitle: 24,
} as const;

const ELLIPSIS = '…';

/** Backs a cut off an unfinished entity (&amp; &lt; &gt;) so Slack never shows half of one. */
function safeCut(text: string, at: number): number {
  const amp = text.lastIndexOf('&', at - 1);
  if (amp >= 0 && at - amp < 5 && text.indexOf(';', amp) >= at) return amp;
  return at;
}

/** Shortens to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, safeCut(text, max - ELLIPSIS.length))}${ELLIPSIS}`;
}

/** Splits long text into pieces of at most `max` characters, at line breaks where it can. */
export function chunk(text: string, max: number = LIMITS.sectionText): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const newline = rest.lastIndexOf('\n', max);
    const at = newline > max / 2 ? newline : safeCut(rest, max);
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.trim() !== '' || out.length === 0) out.push(rest);
  return out.filter((piece) => piece.trim() !== '');
}

export function mrkdwn(text: string): { type: 'mrkdwn'; text: string; verbatim: true } {
  // verbatim: Slack must not turn bare URLs or #channel words in user text into links.
  return { type: 'mrkdwn', text, verbatim: true };
}

export function plain(text: string, max: number): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: truncate(text, max) || ' ', emoji: true };
}

/** One or more section blocks for (escaped) mrkdwn text of any length. */
export function sections(text: string): SectionBlock[] {
  return chunk(text).map((piece) => ({ type: 'section', text: mrkdwn(piece) }));
}

export function context(parts: string[]): KnownBlock[] {
  const elements = parts
    .filter((p) => p.trim() !== '')
    .slice(0, LIMITS.contextElements)
    .map((p) => mrkdwn(truncate(p, LIMITS.sectionText)));
  return elements.length ? [{ type: 'context', elements }] : [];
}

/** Buttons in as many actions blocks as they need (25 per block). */
export function actions(buttons: Button[], blockId?: string): KnownBlock[] {
  const out: KnownBlock[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.actionsElements) {
    const id = blockId ? `${blockId}${i ? `:${i}` : ''}` : undefined;
    out.push({
      type: 'actions',
      ...(id ? { block_id: id } : {}),
      elements: buttons.slice(i, i + LIMITS.actionsElements),
    });
  }
  return out;
}

/**
 * Keeps one message (or a view, which cannot continue) within the block budget: the tail (buttons,
 * context) always survives; content is cut, and a marker says so. Messages use paginate instead,
 * which loses nothing.
 */
export function fit(
  content: KnownBlock[],
  tail: KnownBlock[],
  marker: string,
  max: number = LIMITS.messageBlocks,
): KnownBlock[] {
  if (content.length + tail.length <= max) return [...content, ...tail];
  const room = Math.max(0, max - tail.length - 1);
  return [...content.slice(0, room), ...context([marker]), ...tail];
}

/** A message over the block budget: the first page, and the pages that continue it. */
export interface Pages {
  blocks: KnownBlock[];
  more?: KnownBlock[][];
}

/**
 * Lays content out within the block budget without dropping any of it: the first message holds
 * the start of the content, a "continues" line and the tail (buttons, status), so it is the one
 * later updates replace; the rest follows in further messages, each opened by a "continued" line.
 */
export function paginate(
  content: KnownBlock[],
  tail: KnownBlock[],
  markers: { continues: string; continued: string },
  max: number = LIMITS.messageBlocks,
): Pages {
  if (content.length + tail.length <= max) return { blocks: [...content, ...tail] };
  const room = Math.max(1, max - tail.length - 1);
  const more: KnownBlock[][] = [];
  for (let i = room; i < content.length; i += max - 1)
    more.push([...context([markers.continued]), ...content.slice(i, i + max - 1)]);
  return { blocks: [...content.slice(0, room), ...context([markers.continues]), ...tail], more };
}
