/**
 * The supervisor's cards: the case thread's root (case, practitioner, counts) and each summary or
 * urgent alert posted into it, with Picked up / Add to agenda until they have been used.
 */
import type {
  CardElementArray,
  IActionSet,
  IAdaptiveCard,
  IExecuteAction,
  IShowCardAction,
  ITextInput,
} from '@microsoft/teams.cards';
import { storedView } from '../../core/summary-view';
import type { ThreadMessage, ThreadRecord } from '../../store/port';
import { VERB } from './actions';
import { buttonRows, card, execute, lineBlocks, textBlock, type Say } from './card-kit';
import { fullReflectionRow, headlineBody } from './summary-card';

/** `practitioners`: everyone who has reflected on this case with this supervisor, by name. */
function rootBlocks(thread: ThreadRecord, say: Say, practitioners?: string): CardElementArray {
  return [
    textBlock(thread.title, { size: 'Medium', weight: 'Bolder' }),
    ...(practitioners ? [textBlock(say('teams.threadPractitioners', { practitioners }), { subtle: true })] : []),
    textBlock(say('threadCounts', { reflections: thread.reflections, openFlags: thread.openFlags }), {
      subtle: true,
      wording: true,
    }),
  ];
}

/** The root of a case thread. Updated in place as summaries arrive and flags are picked up. */
export function rootCard(thread: ThreadRecord, say: Say, practitioners?: string): IAdaptiveCard {
  return card(rootBlocks(thread, say, practitioners));
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

/** "Reply": a text box that opens in place; what is sent reaches this reflection's author. */
function replyRow(thread: ThreadRecord, message: ThreadMessage, say: Say): IActionSet {
  const input: ITextInput = {
    type: 'Input.Text',
    id: 'reply',
    isMultiline: true,
    maxLength: 8000,
    label: say('teams.replyLabel'),
  };
  const send = execute(say('teams.replySend'), VERB.reply, { threadId: thread.id, messageId: message.id }, 'positive');
  const form: IShowCardAction = {
    type: 'Action.ShowCard',
    title: say('teams.reply'),
    card: card([input, ...buttonRows([send])]),
  };
  return { type: 'ActionSet', actions: [form] };
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
  // A summary is the shared view model: the headline here, the full reflection one tap away.
  const view = message.kind === 'summary' ? storedView(message.data) : undefined;
  if (view) body.push(...headlineBody(view), fullReflectionRow(view));
  else
    body.push(
      ...lineBlocks(message.text, {
        color: alert ? 'Attention' : undefined,
        weight: alert ? 'Bolder' : undefined,
        separator: withHeader,
      }),
    );
  body.push(...statusBlocks(message, supervisorName, say));
  body.push(...buttonRows(buttons(thread, message, say)));
  if (message.kind === 'summary') body.push(replyRow(thread, message, say));
  return card(body);
}
