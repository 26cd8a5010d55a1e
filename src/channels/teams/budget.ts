/**
 * The Teams size budget. The Bot Connector refuses an activity over about 100 KB (Teams documents
 * "the message size limit is 100 KB", measured on the serialised activity; a JavaScript string is
 * UTF-16, so two bytes a code unit is the measure that can never under-count). A card that would
 * pass it is split between body elements into several cards, none over the budget, and nothing is
 * dropped: the buttons and anything after the last text stay on the final part, which is the one an
 * in-place update later replaces.
 */
import type { CardElement, IAdaptiveCard } from '@microsoft/teams.cards';

export const TEAMS_ACTIVITY_BYTES = 100 * 1024;
/** Room for the activity envelope around the card: ids, conversation, recipient, serviceUrl. */
const ENVELOPE_BYTES = 4 * 1024;
export const TEAMS_CARD_BUDGET = TEAMS_ACTIVITY_BYTES - ENVELOPE_BYTES;

/** Size of a value as sent, in bytes, counting UTF-16 code units (2 bytes each). */
export function utf16Bytes(value: unknown): number {
  return JSON.stringify(value).length * 2;
}

const withBody = (card: IAdaptiveCard, body: CardElement[]): IAdaptiveCard => ({ ...card, body });

/** Elements after the last TextBlock (buttons, status lines) travel together at the end. */
function splitTail(body: CardElement[]): { content: CardElement[]; tail: CardElement[] } {
  let cut = body.length;
  while (cut > 0 && body[cut - 1]?.type !== 'TextBlock') cut--;
  return { content: body.slice(0, cut), tail: body.slice(cut) };
}

/** A text block too big on its own is cut into pieces at line or word breaks. */
function splitElement(el: CardElement, budget: number): CardElement[] {
  if (el.type !== 'TextBlock' || utf16Bytes(el) <= budget) return [el];
  const text = el.text;
  const room = Math.max(1, Math.floor((budget - utf16Bytes({ ...el, text: '' })) / 2 / 2)); // JSON may double escapes
  const out: CardElement[] = [];
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + room);
    const space = text.lastIndexOf(' ', end);
    if (end < text.length && space > i + room / 2) end = space;
    // Never leave a backslash escape split from its character.
    if (end < text.length && text[end - 1] === '\\') end--;
    out.push({ ...el, text: text.slice(i, end) });
    i = end;
  }
  return out;
}

export function splitCard(card: IAdaptiveCard, continued: CardElement, budget = TEAMS_CARD_BUDGET): IAdaptiveCard[] {
  if (utf16Bytes(card) <= budget) return [card];
  const body = (card.body ?? []) as CardElement[];
  const { content, tail } = splitTail(body);
  const shell = utf16Bytes(withBody(card, [continued, ...tail]));
  const room = budget - shell;
  const parts: CardElement[][] = [[]];
  let used = 0;
  for (const el of content.flatMap((e) => splitElement(e, room))) {
    const size = utf16Bytes(el) + 2;
    const current = parts[parts.length - 1] ?? [];
    if (used + size > room && current.length > 0) {
      parts.push([continued, el]);
      used = utf16Bytes(continued) + size;
    } else {
      current.push(el);
      used += size;
    }
  }
  const last = parts.length - 1;
  return parts.map((els, i) => withBody(card, i === last ? [...els, ...tail] : els));
}
