/**
 * The Teams deliverer for the outbox: summaries and alerts into the supervisor's channel (one
 * thread per case) or personal chat, root-count updates, and messages to practitioners.
 *
 * Exactly-once, as far as the Bot Connector allows:
 * - After a successful post the item's activity id is written to channel state
 *   (`teams:outbox:<id>`) and checked first on every attempt, so a crash or store failure between
 *   "posted" and "marked delivered" never posts twice.
 * - A thread's root is recorded on the thread (externalRef) the moment it exists, so a retry after
 *   the reply failed replies into the same thread instead of opening a second one.
 * - Residual risk: the connector has no way to look up an activity by our id, so when a post times
 *   out after Teams accepted it (no response at all), the retry posts it again. A 5xx or 429 means
 *   Teams did not create the activity, and those retries are safe. See docs/teams.md.
 */
import type { ActivityParams } from '@microsoft/teams.api';
import { z } from 'zod';
import { personName } from '../../app/events';
import { threadPractitioners } from '../../app/supervision';
import type { Reply } from '../../core/types';
import { DeliveryError, errName, type Deliverer } from '../../delivery/outbox';
import type { OutboxItem, ThreadMessage, ThreadRecord } from '../../store/port';
import { cardActivities, cardActivity } from './card-kit';
import { practitionerAad, supervisorOf } from './identity';
import { baseConversationId, channelRefKey, userRefKey } from './refs';
import { replyActivities } from './render';
import type { TeamsRuntime } from './runtime';
import { rootCard, threadMessageCard } from './supervisor-cards';

const threadPayload = z.object({ threadId: z.string().min(1), messageId: z.string().min(1).optional() });
const personPayload = z.object({
  to: z.object({ user: z.string().min(1).optional(), channel: z.string().min(1).optional() }),
  text: z.string().min(1),
});
const replyPayload = z.object({
  practitionerId: z.string().min(1),
  reply: z
    .object({ kind: z.enum(['info', 'question', 'preview', 'urgent', 'flag', 'error']), text: z.string() })
    .passthrough(),
});
const doneRecord = z.object({ activityId: z.string().optional(), externalRef: z.string().optional() });

type Done = z.infer<typeof doneRecord>;
interface Target {
  serviceUrl: string;
  conversationId: string;
}

const doneKey = (id: string) => `teams:outbox:${id}`;

function parse<T>(schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new DeliveryError('TEAMS_BAD_PAYLOAD', { permanent: true });
  return parsed.data;
}

export class TeamsDeliverer implements Deliverer {
  constructor(private readonly rt: TeamsRuntime) {}

  private get store() {
    return this.rt.deps.store;
  }

  async deliver(item: OutboxItem): Promise<{ externalRef?: string }> {
    const earlier = doneRecord.safeParse(await this.store.getChannelState(doneKey(item.id)));
    if (earlier.success) return { externalRef: earlier.data.externalRef };
    const done = await this.run(item);
    const at = this.rt.deps.service.clock().toISOString();
    await this.store.putChannelState(doneKey(item.id), { ...done, at }, at);
    return { externalRef: done.externalRef };
  }

  private run(item: OutboxItem): Promise<Done> {
    switch (item.kind) {
      case 'thread.summary':
      case 'thread.alert':
        return this.threadPost(parse(threadPayload, item.payload));
      case 'thread.update':
        return this.threadUpdate(parse(threadPayload, item.payload).threadId);
      case 'practitioner.reply':
        return this.practitionerReply(parse(replyPayload, item.payload));
      case 'person.alert':
        return this.personAlert(parse(personPayload, item.payload));
      default:
        throw new DeliveryError('TEAMS_UNKNOWN_OUTBOX_KIND', { permanent: true });
    }
  }

  private async loadThread(
    threadId: string,
    messageId?: string,
  ): Promise<{ thread: ThreadRecord; message?: ThreadMessage }> {
    const thread = await this.store.getThread(threadId);
    const message = messageId ? await this.store.getThreadMessage(messageId) : undefined;
    // Gone means purged by retention: there is nothing left to post.
    if (!thread || (messageId && !message)) throw new DeliveryError('TEAMS_THREAD_GONE', { permanent: true });
    return { thread, message };
  }

  private async threadPost(p: z.infer<typeof threadPayload>): Promise<Done> {
    const { thread, message } = await this.loadThread(p.threadId, p.messageId);
    const sup = supervisorOf(this.rt.deps.service.directory, thread.supervisorId);
    if (!sup?.teams || !message) throw new DeliveryError('TEAMS_SUPERVISOR_NOT_MAPPED', { permanent: true });
    if (!sup.teams.channel) {
      const target = await this.personalChat(sup.teams.user);
      const activityId = await this.postAll(
        target.serviceUrl,
        target.conversationId,
        cardActivities(threadMessageCard(thread, message, sup.name, this.rt.say, true), this.rt.say('teams.continued')),
      );
      await this.store.updateThreadMessage(message.id, { externalRef: activityId });
      return { activityId };
    }
    const serviceUrl = this.rt.proactiveServiceUrl(await this.rt.refs.get(channelRefKey(sup.teams.channel)));
    const hadRoot = thread.externalRef !== undefined;
    const threadRef = thread.externalRef ?? (await this.postRoot(thread, sup.teams.channel, serviceUrl));
    const activityId = await this.postAll(
      serviceUrl,
      threadRef,
      cardActivities(threadMessageCard(thread, message, sup.name, this.rt.say), this.rt.say('teams.continued')),
    );
    await this.store.updateThreadMessage(message.id, { externalRef: activityId });
    if (hadRoot) await this.refreshRoot(thread, serviceUrl);
    return { activityId, externalRef: threadRef };
  }

  /** Opens the case thread: a root post in the channel, recorded on the thread before anything else. */
  private async postRoot(thread: ThreadRecord, channelId: string, serviceUrl: string): Promise<string> {
    const channel = baseConversationId(channelId);
    const rootId = await this.rt.connector.post(
      serviceUrl,
      channel,
      cardActivity(rootCard(thread, this.rt.say, await this.practitionerNames(thread))),
    );
    const externalRef = `${channel};messageid=${rootId}`;
    await this.store.updateThread(thread.id, { externalRef });
    return externalRef;
  }

  /** New counts on the root after another summary. Best effort: the reply itself is already in the thread. */
  private async refreshRoot(thread: ThreadRecord, serviceUrl: string): Promise<void> {
    try {
      await this.updateRoot(thread, serviceUrl);
    } catch (err) {
      this.rt.deps.log.warn({ code: errName(err), threadId: thread.id }, 'teams thread root update failed');
    }
  }

  private async updateRoot(thread: ThreadRecord, serviceUrl: string): Promise<void> {
    const [channel, rootId] = (thread.externalRef ?? '').split(';messageid=');
    if (!channel || !rootId) return;
    await this.rt.connector.update(
      serviceUrl,
      channel,
      rootId,
      cardActivity(rootCard(thread, this.rt.say, await this.practitionerNames(thread))),
    );
  }

  /** Everyone who has reflected on this case with this supervisor: the root names them all. */
  private async practitionerNames(thread: ThreadRecord): Promise<string> {
    const messages = await this.store.listThreadMessages(thread.id);
    return threadPractitioners(thread, messages)
      .map((id) => personName(this.rt.deps.config.org, id))
      .join(', ');
  }

  /** "Picked up" and "Add to agenda" change the open-flag count on the thread's root. */
  private async threadUpdate(threadId: string): Promise<Done> {
    const { thread } = await this.loadThread(threadId);
    if (!thread.externalRef) return {}; // no root yet (or a personal-chat thread): nothing to update
    const ref = await this.rt.refs.get(channelRefKey(baseConversationId(thread.externalRef)));
    await this.updateRoot(thread, this.rt.proactiveServiceUrl(ref));
    return { externalRef: thread.externalRef };
  }

  /** A direct alert (no case reference yet) or an escalation: a Teams user's 1:1 chat, or a channel. */
  private async personAlert(p: z.infer<typeof personPayload>): Promise<Done> {
    const parts = replyActivities({ kind: 'urgent', text: p.text }, this.rt.say);
    if (p.to.channel) {
      const serviceUrl = this.rt.proactiveServiceUrl(await this.rt.refs.get(channelRefKey(p.to.channel)));
      return { activityId: await this.postAll(serviceUrl, baseConversationId(p.to.channel), parts) };
    }
    if (!p.to.user) throw new DeliveryError('TEAMS_ALERT_NO_TARGET', { permanent: true });
    const target = await this.personalChat(p.to.user);
    return { activityId: await this.postAll(target.serviceUrl, target.conversationId, parts) };
  }

  private async practitionerReply(p: z.infer<typeof replyPayload>): Promise<Done> {
    const aad = practitionerAad(this.rt.deps.service.directory, p.practitionerId);
    if (!aad) throw new DeliveryError('TEAMS_USER_NOT_MAPPED', { permanent: true });
    const target = await this.personalChat(aad);
    const parts = replyActivities(p.reply as Reply, this.rt.say);
    return { activityId: await this.postAll(target.serviceUrl, target.conversationId, parts) };
  }

  /**
   * Posts a message that the size budget split into parts, in order; returns the last part's id
   * (the one with the buttons, which later updates replace).
   */
  private async postAll(serviceUrl: string, conversationId: string, parts: ActivityParams[]): Promise<string> {
    let id = '';
    for (const part of parts) id = await this.rt.connector.post(serviceUrl, conversationId, part);
    return id;
  }

  /**
   * A person's 1:1 chat with the bot: from the reference captured when they installed the app or
   * last wrote, else opened with createConversation (which needs the tenant id and the app installed).
   */
  private async personalChat(aadObjectId: string): Promise<Target> {
    const ref = await this.rt.refs.get(userRefKey(aadObjectId));
    if (ref) return { serviceUrl: this.rt.proactiveServiceUrl(ref), conversationId: ref.conversationId };
    const { env } = this.rt.deps.config;
    if (!env.TENANT_ID) throw new DeliveryError('TEAMS_NO_CONVERSATION_REF', { retryAfterMs: 3_600_000 });
    const serviceUrl = this.rt.proactiveServiceUrl();
    const params = {
      isGroup: false,
      bot: { id: `28:${env.CLIENT_ID ?? 'reflect'}`, role: 'bot' },
      members: [{ id: aadObjectId, role: 'user' }],
      tenantId: env.TENANT_ID,
      channelData: { tenant: { id: env.TENANT_ID } },
    };
    const created = await this.rt.connector.createConversation(serviceUrl, params);
    await this.rt.refs.putRef(userRefKey(aadObjectId), {
      serviceUrl: created.serviceUrl || serviceUrl,
      conversationId: created.id,
      tenantId: env.TENANT_ID,
    });
    return { serviceUrl, conversationId: created.id };
  }
}
