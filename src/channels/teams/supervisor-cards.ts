/**
 * The supervisor's cards: the case thread's root (case, practitioner, counts) and each summary or
 * urgent alert posted into it, with Picked up / Add to agenda until they have been used.
 */
import type { CardElementArray, IAdaptiveCard, IExecuteAction } from '@microsoft/teams.cards';
import type { ThreadMessage, ThreadRecord } from '../../store/port';
import { VERB } from './actions';
import { buttonRows, card, execute, lineBlocks, textBlock, type Say } from './card-kit';

function rootBlocks(thread: ThreadRecord, say: Say): CardElementArray {
  return [
    textBlock(thread.title, { size: 'Medium', weight: 'Bolder' }),
    textBlock(say('threadCounts', { reflections: thread.reflections, openFlags: thread.openFlags }), {
      subtle: true,
      wording: true,
    }),
  ];
}

/** The root of a case thread. Updated in place as summaries arrive and flags are picked up. */
export function rootCard(thread: ThreadRecord, say: Say): IAdaptiveCard {
  return card(rootBlocks(thread, say));
}

function statusBlocks(message: ThreadMessage, supervisorName: string, say: Say): CardElementArray {
  const out: CardElementArray = [];
  if (message.acknowledged)
    out.push(textBlock(say('teams.pickedUpBy', { supervisor: supervisorName }), { color: 'Good', separator: true }));
  if (message.onAgenda)
    out.push(textBlock(say('teams.onAgenda'), { color: 'Good', separator: !message.acknowledged, wording: true }));
  return out;
}

function buttons(thread: ThreadRecord, message: ThreadMessage, say: Say): IExecuteAction[] {
  const data = { threadId: thread.id, messageId: message.id };
  const out: IExecuteAction[] = [];
  if (!message.acknowledged) out.push(execute(say('teams.actionPickedUp'), VERB.acknowledge, data, 'positive'));
  if (!message.onAgenda && message.kind === 'summary') out.push(execute(say('teams.actionAgenda'), VERB.agenda, data));
  return out;
}

/**
 * A summary or alert. `withHeader` repeats the case line for posts that go to a personal chat,
 * where there is no thread root to carry it.
 */
export function threadMessageCard(
  thread: ThreadRecord,
  message: ThreadMessage,
  supervisorName: string,
  say: Say,
  withHeader = false,
): IAdaptiveCard {
  const body: CardElementArray = withHeader ? rootBlocks(thread, say) : [];
  const alert = message.kind === 'alert';
  body.push(
    ...lineBlocks(message.text, {
      color: alert ? 'Attention' : undefined,
      weight: alert ? 'Bolder' : undefined,
      separator: withHeader,
    }),
  );
  body.push(...statusBlocks(message, supervisorName, say));
  body.push(...buttonRows(buttons(thread, message, say)));
  return card(body);
}
