/**
 * Small Adaptive Card (schema 1.5) building blocks shared by the practitioner and supervisor cards.
 * TextBlocks render Markdown in Teams, so text that may hold user words goes through escapeTeams;
 * the catalogue's own wording (`wording: true`) is sent as written. Button titles and input values
 * are plain text and are left as they are.
 */
import type {
  CardElementArray,
  IActionSet,
  IAdaptiveCard,
  IExecuteAction,
  ITextBlock,
  TextColor,
  TextSize,
  TextWeight,
} from '@microsoft/teams.cards';
import type { ActivityParams } from '@microsoft/teams.api';
import { escapeTeams, escapeTeamsMessage } from '../shared/escape';
import { splitCard } from './budget';

/** Teams renders at most a handful of buttons per row; longer choice lists wrap into several rows. */
const BUTTONS_PER_ROW = 5;

export type Say = (key: string, vars?: Record<string, string | number | undefined>) => string;

export interface TextOptions {
  size?: TextSize;
  weight?: TextWeight;
  color?: TextColor;
  subtle?: boolean;
  separator?: boolean;
  /** The catalogue's own wording (prompts/bot.yaml, guidance references): sent as written, never escaped. */
  wording?: boolean;
}

export function textBlock(text: string, o: TextOptions = {}): ITextBlock {
  return {
    type: 'TextBlock',
    text: o.wording ? text : escapeTeams(text),
    wrap: true,
    size: o.size,
    weight: o.weight,
    color: o.color,
    isSubtle: o.subtle,
    separator: o.separator,
  };
}

/**
 * Multi-line plain text (summaries, previews) as one TextBlock per non-empty line. Every line is
 * kept: the activity's size budget (./budget.ts) decides what continues in a further message.
 */
export function lineBlocks(text: string, o: TextOptions = {}): ITextBlock[] {
  const lines = text.split('\n').map((l) => l.trimEnd());
  const blocks = lines
    .filter((l) => l.trim() !== '')
    .map((l, i) => textBlock(l.trim(), { ...o, separator: i === 0 ? o.separator : undefined }));
  return blocks.length > 0 ? blocks : [textBlock(text, o)];
}

export function execute(
  title: string,
  verb: string,
  data: Record<string, string>,
  style?: 'positive' | 'destructive',
): IExecuteAction {
  return { type: 'Action.Execute', title, verb, data, style };
}

export function buttonRows(actions: IExecuteAction[]): IActionSet[] {
  const rows: IActionSet[] = [];
  for (let i = 0; i < actions.length; i += BUTTONS_PER_ROW)
    rows.push({ type: 'ActionSet', actions: actions.slice(i, i + BUTTONS_PER_ROW) });
  return rows;
}

export function card(body: CardElementArray, fallbackText?: string): IAdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    fallbackText,
    msteams: { width: 'full' },
  };
}

/** One card as one activity. For a card that may outgrow the size budget, use cardActivities. */
export function cardActivity(content: IAdaptiveCard): ActivityParams {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content }] };
}

/**
 * A card as as many activities as the size budget needs: the first carries the start of the
 * content, each later one continues it under a "continued" line, and the last carries the buttons.
 */
export function cardActivities(content: IAdaptiveCard, continued: string): ActivityParams[] {
  return splitCard(content, textBlock(continued, { subtle: true, size: 'Small' })).map(cardActivity);
}

/** The part of a card that carries its buttons: what an in-place update replaces. */
export function lastPart(content: IAdaptiveCard, continued: string): IAdaptiveCard {
  const parts = splitCard(content, textBlock(continued, { subtle: true, size: 'Small' }));
  return parts[parts.length - 1] ?? content;
}

/** A plain message. Markdown in Teams needs a blank line for a line break that survives rendering. */
export function textActivity(text: string): ActivityParams {
  return { type: 'message', textFormat: 'markdown', text: escapeTeamsMessage(text).replace(/\n/g, '\n\n') };
}
