/**
 * Inbound activities, routed by the Teams SDK App: messages, card buttons (adaptiveCard/action
 * invokes), and install / conversation updates. Conversation references are captured on each.
 * Handlers never throw back into the SDK: a failure is logged by code and the person gets a
 * friendly line, so Teams never shows "Something went wrong" for a button press.
 */
import { activityEventId } from './event-id';
import {
  stripMentionsText,
  type Activity,
  type AdaptiveCardActionResponse,
  type IConversationUpdateActivity,
  type IMessageActivity,
} from '@microsoft/teams.api';
import type { App } from '@microsoft/teams.apps';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { errName } from '../../delivery/outbox';
import { parseAction, type CardAction, type CardOutcome } from './actions';
import { cardActivity } from './card-kit';
import { identify } from './identity';
import { practitionerChoice, practitionerEdit, practitionerText } from './practitioner';
import type { TeamsRuntime } from './runtime';
import { channelMessage, threadAction } from './supervisor';

const cardResponse = (value: IAdaptiveCard): AdaptiveCardActionResponse => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value,
});
const messageResponse = (value: string): AdaptiveCardActionResponse => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value,
});

async function dispatchAction(rt: TeamsRuntime, activity: Activity, action: CardAction): Promise<CardOutcome> {
  if ('threadId' in action) return threadAction(rt, activity, action);
  const person = identify(rt.deps.service.directory, activity);
  if (!person?.practitioner) return { message: rt.deps.service.unknownUserReply().text };
  if (activity.conversation?.conversationType !== 'personal') return { message: rt.say('teams.personalOnly') };
  await rt.refs.captureUser(activity, person.aadObjectId);
  if ('inputs' in action) return practitionerEdit(rt, activity, person.practitioner, action);
  return practitionerChoice(rt, activity, person.practitioner, action);
}

/** Replaces the pressed card in the conversation, so the change shows on every device. */
async function replaceCard(rt: TeamsRuntime, activity: Activity, content: IAdaptiveCard): Promise<void> {
  if (!activity.replyToId) return;
  try {
    await rt.connector.update(
      rt.turnServiceUrl(activity),
      activity.conversation.id,
      activity.replyToId,
      cardActivity(content),
    );
  } catch (err) {
    rt.deps.log.warn({ code: errName(err), activityId: activity.id }, 'teams card update failed');
  }
}

/** adaptiveCard/action: Teams expects a 200 with a card (which replaces the pressed one) or a message. */
async function onCardAction(
  rt: TeamsRuntime,
  activity: Activity & { value?: { action?: { verb?: unknown; data?: unknown } } },
): Promise<AdaptiveCardActionResponse> {
  try {
    const action = parseAction(activity.value?.action?.verb, activity.value?.action?.data);
    if (!action) return messageResponse(rt.say('teams.cardClosed'));
    const outcome = await dispatchAction(rt, activity, action);
    if ('message' in outcome) return messageResponse(outcome.message);
    await replaceCard(rt, activity, outcome.card);
    return cardResponse(outcome.card);
  } catch (err) {
    rt.deps.log.error({ code: errName(err), activityId: activity.id }, 'teams card action failed');
    return messageResponse(rt.say('teams.somethingWrong'));
  }
}

/** Action.Submit (older clients, or a card built elsewhere) arrives as a message whose value is the data. */
async function onSubmit(rt: TeamsRuntime, activity: Activity, value: unknown): Promise<void> {
  const action = parseAction(undefined, value);
  if (!action) return;
  const outcome = await dispatchAction(rt, activity, action);
  if ('card' in outcome) await replaceCard(rt, activity, outcome.card);
  else await rt.notify(activity, outcome.message);
}

/** The message text without an @mention of the bot (other people's mentions stay as written). */
function messageText(activity: IMessageActivity): string {
  return (stripMentionsText(activity, { accountId: activity.recipient?.id }) ?? '').trim();
}

async function onMessage(rt: TeamsRuntime, activity: IMessageActivity): Promise<void> {
  const text = messageText(activity);
  const scope = activity.conversation?.conversationType;
  if (scope === 'channel') {
    await rt.refs.captureChannel(activity);
    return channelMessage(rt, activity, text);
  }
  if (scope !== 'personal') return rt.notify(activity, rt.say('teams.personalOnly'));
  if (activity.value !== undefined && activity.value !== null) return onSubmit(rt, activity, activity.value);
  const person = identify(rt.deps.service.directory, activity);
  if (!person) return rt.notify(activity, rt.deps.service.unknownUserReply().text);
  await rt.refs.captureUser(activity, person.aadObjectId);
  if (!person.practitioner) return rt.notify(activity, rt.say('teams.supervisorHint'));
  if (text === '') return;
  await practitionerText(rt, activity, person.practitioner, text);
}

/**
 * Installs and membership changes: capture where we are, and greet a person who has just added the
 * app in personal scope (once per activity id, as Teams may redeliver).
 */
async function onInstall(rt: TeamsRuntime, activity: Activity, added: boolean): Promise<void> {
  if (activity.conversation?.conversationType !== 'personal') {
    await rt.refs.captureChannel(activity);
    return;
  }
  const person = identify(rt.deps.service.directory, activity);
  if (person) await rt.refs.captureUser(activity, person.aadObjectId);
  if (!added || !(await rt.deps.store.commitTurn({ processedEventId: activityEventId(activity) }))) return;
  if (!person) return rt.notify(activity, rt.deps.service.unknownUserReply().text);
  return rt.notify(
    activity,
    rt.say(person.practitioner ? 'teams.welcome' : 'teams.supervisorHint', {
      name: (person.practitioner ?? person.supervisor)?.name,
    }),
  );
}

function botAdded(activity: IConversationUpdateActivity): boolean {
  return (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id);
}

async function guard(rt: TeamsRuntime, activity: Activity, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    rt.deps.log.error({ code: errName(err), activityId: activity.id, type: activity.type }, 'teams activity failed');
    // Say so in a personal chat; in a team channel a bot apology would only be noise.
    if (activity.conversation?.conversationType === 'personal')
      await rt.notify(activity, rt.say('teams.somethingWrong'));
  }
}

export function registerInbound(app: App, rt: TeamsRuntime): void {
  app.on('message', ({ activity }) => guard(rt, activity, () => onMessage(rt, activity)));
  app.on('card.action', ({ activity }) => onCardAction(rt, activity));
  app.on('conversationUpdate', ({ activity }) =>
    guard(rt, activity, () => onInstall(rt, activity, botAdded(activity))),
  );
  app.on('installationUpdate', ({ activity }) => guard(rt, activity, () => onInstall(rt, activity, false)));
}
