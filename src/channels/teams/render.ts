/**
 * A Reply from the engine as Teams activities: a card when it has buttons or a source, else text.
 * Usually one activity; a card over the size budget continues in further ones (./budget.ts).
 */
import type { ActivityParams } from '@microsoft/teams.api';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import type { Reply } from '../../core/types';
import { TEAMS_CARD_BUDGET } from './budget';
import { cardActivities, textActivity, type Say } from './card-kit';
import { noticeCard, previewCard, questionCard } from './cards';

export function replyCard(reply: Reply, say: Say): IAdaptiveCard | undefined {
  if (reply.kind === 'preview') return previewCard(reply);
  if (reply.kind === 'question' || (reply.choices?.length ?? 0) > 0) return questionCard(reply, say);
  if (reply.meta?.source || reply.kind === 'urgent' || reply.kind === 'flag') return noticeCard(reply, say);
  return undefined;
}

export function replyActivities(reply: Reply, say: Say): ActivityParams[] {
  const content = replyCard(reply, say);
  if (content) return cardActivities(content, say('teams.continued'));
  // A plain message over the budget is sent as a card, which can be split without losing a word.
  const text = textActivity(reply.text);
  return JSON.stringify(text).length * 2 <= TEAMS_CARD_BUDGET
    ? [text]
    : cardActivities(noticeCard({ ...reply, meta: {} }, say), say('teams.continued'));
}
