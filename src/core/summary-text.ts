/**
 * The summary view as plain text: the local API's thread message `text` (the headline) and
 * `details` (the full reflection), the playground, and the text channels' preview. Channels with
 * markup render the same view model themselves (Slack blocks, Teams cards) and escape it there.
 */
import type { Cleared } from './gate';
import type { SummaryView, ViewSection } from './summary-view';

function sectionText(s: ViewSection): string[] {
  return [`${s.heading}:`, ...s.lines.map((l) => `  ${l}`)];
}

export function headlineText(v: SummaryView): string {
  return [v.title, v.meta, '', ...v.headline.flatMap((s) => [...sectionText(s), ''])].join('\n').trimEnd();
}

export function detailsText(v: SummaryView): string {
  return v.details
    .flatMap((s) => [...sectionText(s), ''])
    .join('\n')
    .trimEnd();
}

/** Every line a reader of this view sees, in order: what the cross-channel test compares. */
export function viewLines(v: SummaryView): Cleared[] {
  const all = (sections: ViewSection[]) => sections.flatMap((s) => [s.heading, ...s.lines]);
  return [v.title, v.meta, ...all(v.headline), v.detailsLabel, ...all(v.details)];
}
