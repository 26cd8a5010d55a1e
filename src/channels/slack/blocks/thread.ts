/**
 * The supervisor's side: one parent message per case (case reference, practitioner, running
 * counts), and each summary or urgent alert as a reply in its thread. Buttons carry the thread
 * message id; only the mapped supervisor's clicks are acted on.
 */
import type { ThreadMessage, ThreadRecord } from '../../../store/port';
import { escapeSlack as e } from '../../shared/escape';
import { ACTION, threadButtonValue } from '../ids';
import { storedView } from '../../../core/summary-view';
import { fallback, pageMarkers, type SlackMessage } from './reply';
import { actions, context, LIMITS, paginate, plain, sections, type Button } from './limits';
import { summaryMessageBlocks } from './summary';
import type { Wording } from './wording';

/** `practitioners`: everyone who has shared a reflection on this case with this supervisor, by name. */
export function parentMessage(thread: ThreadRecord, practitioners: string, w: Wording): SlackMessage {
  const counts = w('threadCounts', { reflections: thread.reflections, openFlags: thread.openFlags });
  return {
    text: fallback(`${thread.title}: ${counts}`),
    blocks: [
      ...sections(
        `*${e(thread.title)}*\n${e(w('slackParentDetail', { caseRef: thread.caseRef, practitioner: practitioners }))}`,
      ),
      ...context([e(counts)]),
    ],
  };
}

function threadButtons(message: ThreadMessage, w: Wording, agenda: boolean): Button[] {
  const value = threadButtonValue(message.id);
  const out: Button[] = [
    {
      type: 'button',
      action_id: ACTION.pickedUp,
      style: 'primary',
      text: plain(w('slackPickedUp'), LIMITS.buttonText),
      value,
    },
  ];
  if (agenda)
    out.push(
      { type: 'button', action_id: ACTION.agenda, text: plain(w('slackAddToAgenda'), LIMITS.buttonText), value },
      // A reply to this reflection reaches its author, even when several practitioners share the case.
      { type: 'button', action_id: ACTION.reply, text: plain(w('slackReply'), LIMITS.buttonText), value },
    );
  return out;
}

function status(message: ThreadMessage, supervisor: string, w: Wording): string[] {
  return [
    message.acknowledged ? e(w('slackPickedUpBy', { supervisor })) : '',
    message.onAgenda ? e(w('slackOnAgenda')) : '',
  ];
}

export function summaryReply(message: ThreadMessage, supervisor: string, w: Wording): SlackMessage {
  const view = storedView(message.data);
  const tail = [
    ...context(status(message, supervisor, w)),
    ...actions(threadButtons(message, w, true), 'reflect.thread'),
  ];
  if (!view) return { text: fallback(message.text), ...paginate(sections(e(message.text)), tail, pageMarkers(w)) };
  return { text: fallback(view.title), blocks: summaryMessageBlocks(view, { m: message.id }, tail, w) };
}

/** Urgent alerts: prominent, and nothing but the alert text the core built (no free text). */
export function alertReply(message: ThreadMessage, supervisor: string, w: Wording): SlackMessage {
  return {
    text: fallback(message.text),
    blocks: [
      ...sections(`*${e(w('slackUrgentLead'))}*\n*${e(message.text)}*`),
      ...context(status(message, supervisor, w)),
      ...actions(threadButtons(message, w, false), 'reflect.thread'),
    ],
  };
}

export function threadReply(message: ThreadMessage, supervisor: string, w: Wording): SlackMessage {
  return message.kind === 'alert' ? alertReply(message, supervisor, w) : summaryReply(message, supervisor, w);
}
