/**
 * The summary view model (src/core/summary-view.ts) as Adaptive Card parts: the headline in the
 * card, the full reflection behind an Action.ShowCard ("Full reflection"). The supervisor's card
 * and the practitioner's preview use these same parts, so the preview is what will be shared.
 */
import type { CardElementArray, IActionSet, IShowCardAction } from '@microsoft/teams.cards';
import type { SummaryView, ViewSection } from '../../core/summary-view';
import { card, textBlock } from './card-kit';

function sectionBlocks(s: ViewSection): CardElementArray {
  return [textBlock(s.heading, { weight: 'Bolder', separator: true }), ...s.lines.map((l) => textBlock(l))];
}

export function headlineBody(v: SummaryView): CardElementArray {
  return [
    textBlock(v.title, { size: 'Medium', weight: 'Bolder' }),
    textBlock(v.meta, { subtle: true }),
    ...v.headline.flatMap(sectionBlocks),
  ];
}

export function detailsBody(v: SummaryView): CardElementArray {
  return v.details.flatMap(sectionBlocks);
}

/** "Full reflection": opens in place, with no round trip, on desktop, web and phone. */
export function fullReflectionAction(v: SummaryView): IShowCardAction {
  return { type: 'Action.ShowCard', title: v.detailsLabel, card: card(detailsBody(v)) };
}

export function fullReflectionRow(v: SummaryView): IActionSet {
  return { type: 'ActionSet', actions: [fullReflectionAction(v)] };
}
