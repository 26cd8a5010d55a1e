/**
 * The supervisor's side: Picked up / Add to agenda on a summary or alert, and replies typed in a
 * case thread, relayed to the practitioner. Only the practitioner's mapped supervisor (matched by
 * Entra object id) may do either; anyone else gets a polite refusal, or is ignored in the thread.
 */
import { activityEventId } from './event-id';
import type { Activity } from '@microsoft/teams.api';
import { SupervisionError } from '../../app/supervision';
import type { ThreadRecord } from '../../store/port';
import { VERB, type CardOutcome, type ThreadActionData } from './actions';
import { identify, supervisorOf } from './identity';
import type { TeamsRuntime } from './runtime';
import { lastPart, textActivity } from './card-kit';
import { threadMessageCard } from './supervisor-cards';

const eventId = activityEventId;

function supervisorName(rt: TeamsRuntime, thread: ThreadRecord): string {
  return supervisorOf(rt.deps.service.directory, thread.supervisorId)?.name ?? thread.supervisorId;
}

/** The refreshed summary card after an action, so the used button disappears for everyone. */
async function refreshedCard(rt: TeamsRuntime, threadId: string, messageId: string): Promise<CardOutcome> {
  const [thread, message] = await Promise.all([
    rt.deps.store.getThread(threadId),
    rt.deps.store.getThreadMessage(messageId),
  ]);
  if (!thread || !message) return { message: rt.say('teams.threadUnknown') };
  // The part with the buttons: a summary over the size budget was posted in parts (./budget.ts).
  const full = threadMessageCard(thread, message, supervisorName(rt, thread), rt.say, !thread.externalRef);
  return { card: lastPart(full, rt.say('teams.continued')) };
}

export async function threadAction(
  rt: TeamsRuntime,
  activity: Activity,
  action: ThreadActionData,
): Promise<CardOutcome> {
  const thread = await rt.deps.store.getThread(action.threadId);
  if (!thread) return { message: rt.say('teams.threadUnknown') };
  const supervisor = identify(rt.deps.service.directory, activity)?.supervisor;
  if (!supervisor || !rt.deps.service.directory.mayActOn(supervisor.id, thread))
    return { message: rt.say('teams.notYours', { supervisor: supervisorName(rt, thread) }) };
  try {
    if (action.verb === VERB.reply)
      // To the author of this reflection, whoever else shares the case.
      await rt.deps.supervision.reply({
        threadId: thread.id,
        supervisorId: supervisor.id,
        text: action.reply,
        messageId: action.messageId,
        eventId: eventId(activity),
      });
    else
      await rt.deps.supervision.act({
        threadId: thread.id,
        supervisorId: supervisor.id,
        action: action.verb === VERB.acknowledge ? 'acknowledge' : 'agenda',
        messageId: action.messageId,
        eventId: eventId(activity),
      });
  } catch (err) {
    if (!(err instanceof SupervisionError)) throw err;
    return {
      message: rt.say(err.code === 'NOT_YOUR_THREAD' ? 'teams.notYours' : 'teams.threadUnknown', {
        supervisor: supervisorName(rt, thread),
      }),
    };
  }
  return refreshedCard(rt, thread.id, action.messageId);
}

/**
 * A message in a team channel. Only a reply in a known case thread (conversation id
 * `<channel>;messageid=<root>`, stored as the thread's externalRef) by that case's supervisor is
 * relayed; everything else in the channel is none of our business and is dropped unread.
 */
export async function channelMessage(rt: TeamsRuntime, activity: Activity, text: string): Promise<void> {
  const conversationId = activity.conversation?.id ?? '';
  if (!conversationId.includes(';messageid=') || text === '') return;
  const thread = await rt.deps.store.findThreadByExternalRef('teams', conversationId);
  if (!thread) return;
  const supervisor = identify(rt.deps.service.directory, activity)?.supervisor;
  if (!supervisor || !rt.deps.service.directory.mayActOn(supervisor.id, thread)) return;
  try {
    await rt.deps.supervision.reply({
      threadId: thread.id,
      supervisorId: supervisor.id,
      text,
      eventId: eventId(activity),
      externalRef: activity.id,
    });
  } catch (err) {
    // Two practitioners on this case: relaying to either could reach the wrong one, so say so in the thread.
    if (!(err instanceof SupervisionError) || err.code !== 'REPLY_AMBIGUOUS') throw err;
    await rt.connector.post(rt.turnServiceUrl(activity), conversationId, textActivity(err.detail));
  }
}
