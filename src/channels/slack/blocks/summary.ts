/**
 * The summary view model (src/core/summary-view.ts) as Block Kit: the headline in the message, the
 * full reflection behind a "Full reflection" button that opens a modal. The same renderer serves
 * the supervisor's thread and the practitioner's preview, so the preview is what will be shared.
 * Every line is escaped; long parts are split so no section passes Slack's 3000-character limit.
 */
import type { SummaryView, ViewSection } from '../../../core/summary-view';
import { escapeSlack as e } from '../../shared/escape';
import { ACTION, fullReflectionValue, type FullReflectionRef } from '../ids';
import { actions, fit, LIMITS, plain, sections, truncate, type Button, type KnownBlock } from './limits';
import type { Wording } from './wording';
import type { webApi } from '@slack/bolt';

function sectionBlocks(s: ViewSection): KnownBlock[] {
  return sections([`*${e(s.heading)}*`, ...s.lines.map((l) => e(l))].join('\n'));
}

export function fullReflectionButton(v: SummaryView, ref: FullReflectionRef): Button {
  return {
    type: 'button',
    action_id: ACTION.full,
    text: plain(v.detailsLabel, LIMITS.buttonText),
    value: fullReflectionValue(ref),
  };
}

/** The headline: title, date and practitioner, then what happened, the child, flags, their words, agenda. */
export function headlineBlocks(v: SummaryView): KnownBlock[] {
  return [...sections(`*${e(v.title)}*\n${e(v.meta)}`), ...v.headline.flatMap(sectionBlocks)];
}

export function detailsBlocks(v: SummaryView): KnownBlock[] {
  return v.details.flatMap(sectionBlocks);
}

/** The headline with its "Full reflection" button, and any buttons of the message's own after it. */
export function summaryMessageBlocks(
  v: SummaryView,
  ref: FullReflectionRef,
  tail: KnownBlock[],
  w: Wording,
): KnownBlock[] {
  return fit(
    headlineBlocks(v),
    [...actions([fullReflectionButton(v, ref)], 'reflect.full'), ...tail],
    e(w('slackShortened')),
  );
}

/** The full reflection in a modal: 100 blocks of up to 3000 characters hold far more than a reflection. */
export function fullReflectionModal(v: SummaryView, w: Wording): webApi.ViewsOpenArguments['view'] {
  return {
    type: 'modal',
    title: plain(truncate(v.detailsLabel, LIMITS.viewTitle), LIMITS.viewTitle),
    close: plain(w('slackEditClose'), LIMITS.viewTitle),
    blocks: fit([...headlineBlocks(v), ...detailsBlocks(v)], [], e(w('slackShortened')), LIMITS.viewBlocks),
  };
}
