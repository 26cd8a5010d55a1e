/** A Reply from the engine as a Teams activity: a card when it has buttons or a source, else text. */
import type { ActivityParams } from '@microsoft/teams.api';
import type { Reply } from '../../core/types';
import { cardActivity, textActivity, type Say } from './card-kit';
import { noticeCard, previewCard, questionCard } from './cards';

export function replyActivity(reply: Reply, say: Say): ActivityParams {
  if (reply.kind === 'preview') return cardActivity(previewCard(reply));
  if (reply.kind === 'question' || (reply.choices?.length ?? 0) > 0) return cardActivity(questionCard(reply, say));
  if (reply.meta?.source || reply.kind === 'urgent' || reply.kind === 'flag')
    return cardActivity(noticeCard(reply, say));
  return textActivity(reply.text);
}
