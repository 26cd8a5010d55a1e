/**
 * Conversation references: where to post proactively. Captured from every inbound activity
 * (install, conversationUpdate, messages) and kept in the store's channel state, so summaries,
 * alerts and relayed replies still reach people after a restart or on another replica.
 *
 * Keys: `teams:ref:user:<aadObjectId>` (the person's personal chat with the bot) and
 * `teams:ref:channel:<channelId>` (a team channel the bot was added to). Only ids are stored.
 */
import type { Activity } from '@microsoft/teams.api';
import { z } from 'zod';
import type { Store } from '../../store/port';
import { allowedServiceUrl } from './trust';

const refSchema = z.object({
  serviceUrl: z.string().min(1),
  conversationId: z.string().min(1),
  tenantId: z.string().optional(),
  botId: z.string().optional(),
  at: z.string(),
});

export type ConversationRef = z.infer<typeof refSchema>;

export const userRefKey = (aadObjectId: string) => `teams:ref:user:${aadObjectId.toLowerCase()}`;
export const channelRefKey = (channelId: string) => `teams:ref:channel:${baseConversationId(channelId)}`;

/** `19:abc@thread.tacv2;messageid=123` → `19:abc@thread.tacv2`: the channel a thread lives in. */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

export function tenantOf(activity: Activity): string | undefined {
  return activity.conversation?.tenantId ?? activity.channelData?.tenant?.id;
}

export class RefStore {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    /** SERVICE_URL: with the Bot Framework's public URLs, the only addresses ever stored. */
    private readonly serviceUrl?: string,
  ) {}

  async get(key: string): Promise<ConversationRef | undefined> {
    const parsed = refSchema.safeParse(await this.store.getChannelState(key));
    return parsed.success ? parsed.data : undefined;
  }

  /** The personal chat of a known person. Callers check the org config first: nothing is stored for strangers. */
  async captureUser(activity: Activity, aadObjectId: string): Promise<void> {
    if (activity.conversation?.conversationType !== 'personal') return;
    await this.put(userRefKey(aadObjectId), activity, activity.conversation.id);
  }

  /** The channel an activity came from (installation in a team, or any channel message). */
  async captureChannel(activity: Activity): Promise<void> {
    const channelId =
      activity.channelData?.channel?.id ??
      (activity.conversation?.conversationType === 'channel'
        ? baseConversationId(activity.conversation.id)
        : undefined);
    if (!channelId) return;
    await this.put(channelRefKey(channelId), activity, baseConversationId(channelId));
  }

  private async put(key: string, activity: Activity, conversationId: string): Promise<void> {
    if (!activity.serviceUrl || !allowedServiceUrl(activity.serviceUrl, this.serviceUrl)) return;
    await this.putRef(key, {
      serviceUrl: activity.serviceUrl,
      conversationId,
      tenantId: tenantOf(activity),
      botId: activity.recipient?.id,
    });
  }

  async putRef(key: string, ref: Omit<ConversationRef, 'at'>): Promise<void> {
    if (!allowedServiceUrl(ref.serviceUrl, this.serviceUrl)) return;
    const before = await this.get(key);
    // Skip the write when nothing changed: every message would otherwise rewrite the same row.
    if (
      before &&
      before.serviceUrl === ref.serviceUrl &&
      before.conversationId === ref.conversationId &&
      before.botId === ref.botId
    )
      return;
    const at = this.clock().toISOString();
    await this.store.putChannelState(key, { ...ref, at }, at);
  }
}
