/**
 * An engine Reply as a Slack message. A question is a section, one button per choice (the label
 * as the button text) and a context line with progress and the guidance source; a preview is the
 * summary with Share / Edit / Don't share. Everything the engine says is escaped, because replies
 * can quote the practitioner (case references, notes, supervisors' replies).
 */
import type { Reply } from '../../../core/types';
import { escapeSlack as e } from '../../shared/escape';
import { ACTION, CHECKLIST_BLOCK, choiceButtonValue, previewButtonValue } from '../ids';
import {
  actions,
  context,
  fit,
  LIMITS,
  paginate,
  plain,
  sections,
  truncate,
  type Button,
  type KnownBlock,
} from './limits';
import { headlineText } from '../../../core/summary-text';
import { fullReflectionButton, headlineBlocks } from './summary';
import type { Wording } from './wording';

export interface SlackMessage {
  text: string; // the notification / fallback text
  blocks: KnownBlock[];
  /** Further messages carrying what did not fit in the block budget (posted right after, in order). */
  more?: KnownBlock[][];
}

/** The escaped "continues" / "continued" lines for a message laid out in pages. */
export function pageMarkers(w: Wording): { continues: string; continued: string } {
  return { continues: e(w('slackContinues')), continued: e(w('slackContinued')) };
}

export function fallback(text: string): string {
  return truncate(e(text), LIMITS.fallbackText) || ' ';
}

function choiceButtons(reply: Reply): Button[] {
  const q = reply.meta?.questionId;
  const t = reply.meta?.token;
  return (reply.choices ?? []).map((c, i) => ({
    type: 'button',
    action_id: `${ACTION.choice}:${i}`,
    text: plain(c.label, LIMITS.buttonText),
    value: choiceButtonValue({ q, t, c: c.id }),
  }));
}

/** The context line under a question: "Question 4 of 12 · <guidance source> · <hint>". */
export function questionContext(reply: Reply, w: Wording): KnownBlock[] {
  const p = reply.meta?.progress;
  return context([
    [
      p ? w('slackProgress', { n: p.index, total: p.total }) : '',
      reply.meta?.source ? w('slackSource', { source: reply.meta.source }) : '',
    ]
      .filter(Boolean)
      .map(e)
      .join(' · '),
    reply.meta?.hint ? e(reply.meta.hint) : '',
  ]);
}

// Slack allows at most 10 checkbox options, each text at most 75 characters (Block Kit reference,
// checkboxes element and option object); the schema keeps checklists to 10 items.
const CHECKBOX_TEXT = 75;

/**
 * A checklist: the items as checkboxes (a tick alone changes nothing), then "None of these" and
 * Done. Done carries the question and token like any answer button; the ticks come from the
 * message's state when it is pressed.
 */
function checklistBlocks(reply: Reply, w: Wording): KnownBlock[] {
  const q = reply.meta?.questionId;
  const t = reply.meta?.token;
  const boxes: KnownBlock = {
    type: 'actions',
    block_id: CHECKLIST_BLOCK,
    elements: [
      {
        type: 'checkboxes',
        action_id: ACTION.tick,
        options: (reply.choices ?? []).slice(0, 10).map((c, i) => ({
          text: plain(`${i + 1}. ${c.label}`, CHECKBOX_TEXT),
          value: c.id,
        })),
      },
    ],
  };
  const buttons: Button[] = [
    {
      type: 'button',
      action_id: `${ACTION.choice}:0`,
      text: plain(w('checklistNone'), LIMITS.buttonText),
      value: choiceButtonValue({ q, t, c: 'none' }),
    },
    {
      type: 'button',
      action_id: ACTION.done,
      style: 'primary',
      text: plain(w('checklistDone'), LIMITS.buttonText),
      value: choiceButtonValue({ q, t, c: 'ticked' }),
    },
  ];
  // Labels longer than a checkbox shows are listed in full above the boxes, so nothing is cut.
  const long = (reply.choices ?? []).some((c) => c.label.length + 4 > CHECKBOX_TEXT);
  const list = long ? sections((reply.choices ?? []).map((c, i) => `${i + 1}. ${e(c.label)}`).join('\n')) : [];
  return [...list, boxes, ...actions(buttons, 'reflect.question')];
}

function question(reply: Reply, w: Wording): SlackMessage {
  const body = sections(e(reply.text));
  const controls = reply.meta?.multiSelect
    ? checklistBlocks(reply, w)
    : actions(choiceButtons(reply), 'reflect.question');
  const tail = [...controls, ...questionContext(reply, w)];
  return { text: fallback(reply.text), blocks: fit(body, tail, e(w('slackShortened'))) };
}

function previewButtons(reply: Reply, w: Wording): Button[] {
  const value = previewButtonValue(reply.meta?.token);
  return [
    {
      type: 'button',
      action_id: ACTION.share,
      style: 'primary',
      text: plain(w('choiceShare'), LIMITS.buttonText),
      value,
    },
    { type: 'button', action_id: ACTION.edit, text: plain(w('choiceEdit'), LIMITS.buttonText), value },
    { type: 'button', action_id: ACTION.deeper, text: plain(w('choiceDeeper'), LIMITS.buttonText), value },
    { type: 'button', action_id: ACTION.discard, text: plain(w('choiceDiscard'), LIMITS.buttonText), value },
  ];
}

/** What the preview says after the summary itself (the redaction note), from the reply's own text. */
function previewNote(reply: Reply): string {
  if (!reply.view) return '';
  const summaryText = headlineText(reply.view);
  return reply.text.startsWith(summaryText) ? reply.text.slice(summaryText.length).trim() : '';
}

/**
 * The preview's summary: the supervisor's headline and Full reflection button, from the same
 * renderer. `open`: false once the preview is settled, when the reflection it names has closed.
 */
export function previewContent(reply: Reply, open = true): KnownBlock[] {
  if (!reply.view) return sections(e(reply.text));
  const note = previewNote(reply);
  const full = open ? [fullReflectionButton(reply.view, { r: reply.view.reflectionId })] : [];
  return [...headlineBlocks(reply.view), ...actions(full, 'reflect.full'), ...(note ? sections(`_${e(note)}_`) : [])];
}

function preview(reply: Reply, w: Wording): SlackMessage {
  const tail = actions(previewButtons(reply, w), 'reflect.preview');
  return {
    text: fallback(w('slackPreviewNotification')),
    ...paginate(previewContent(reply), tail, pageMarkers(w)),
  };
}

function plainReply(reply: Reply, w: Wording): SlackMessage {
  const lead = reply.kind === 'urgent' ? sections(`*${e(w('slackUrgentLead'))}*`) : [];
  const body = [...lead, ...sections(e(reply.text))];
  const tail = reply.meta?.source ? context([e(w('slackSource', { source: reply.meta.source }))]) : [];
  return { text: fallback(reply.text), ...paginate(body, tail, pageMarkers(w)) };
}

export function renderReply(reply: Reply, w: Wording): SlackMessage {
  if (reply.kind === 'preview') return preview(reply, w);
  if (reply.kind === 'question' || (reply.choices?.length ?? 0) > 0) return question(reply, w);
  return plainReply(reply, w);
}

/** A question once it is settled: the question and the answer given, no buttons. */
export function settledQuestion(text: string, answer: string | undefined, w: Wording): SlackMessage {
  const tail = answer ? context([e(w('slackAnswered', { answer }))]) : [];
  return { text: fallback(text), blocks: fit(sections(e(text)), tail, e(w('slackShortened'))) };
}
