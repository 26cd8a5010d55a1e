/**
 * The Slack deliverer for the outbox. At-least-once from the outbox becomes exactly-once here:
 * every post carries its outbox id (or, for a case's parent message, `parent:<threadId>`) in
 * message metadata, and a post that may already have landed is looked for before it is made again.
 */
import { z } from 'zod';
import { escapeSlack } from '../shared/escape';
import type { ReflectService } from '../../app/service';
import { shownCaseRef } from '../../app/events';
import { threadPractitioners } from '../../app/supervision';
import type { Reply } from '../../core/types';
import { DeliveryError, type Deliverer } from '../../delivery/outbox';
import type { OutboxItem, Store, ThreadRecord } from '../../store/port';
import { parentMessage, threadReply } from './blocks/thread';
import type { Wording } from './blocks/wording';
import type { SlackApi } from './client';
import type { Conversation } from './conversation';
import type { SlackDirectory } from './directory';
import { toDeliveryError } from './errors';
import { parentPostId } from './ids';

/** Items are delivered within moments of their commit; the outbox lease (30 s) is far longer. */
const FRESH_MS = 5000;
const threadPayload = z.object({ threadId: z.string().min(1), messageId: z.string().min(1) });
const updatePayload = z.object({ threadId: z.string().min(1) });
/** A direct alert (no case reference yet) or an escalation: to a Slack user's DM or a channel. */
const personPayload = z.object({
  to: z.object({ user: z.string().min(1).optional(), channel: z.string().min(1).optional() }),
  text: z.string().min(1),
});
const replyPayload = z.object({
  practitionerId: z.string().min(1),
  reply: z.object({ kind: z.string(), text: z.string() }).passthrough(),
});

export interface SlackDelivererDeps {
  api: SlackApi;
  store: Store;
  service: ReflectService;
  directory: SlackDirectory;
  conversation: Conversation;
}

export class SlackDeliverer implements Deliverer {
  constructor(private readonly d: SlackDelivererDeps) {}

  /** The thread as the supervisor sees it: its key (the reference as typed) withheld when it identifies. */
  private shown(thread: ThreadRecord): ThreadRecord {
    return { ...thread, caseRef: shownCaseRef(this.d.service.deps.org, thread.caseRef) };
  }

  private get w(): Wording {
    return (key, vars) => this.d.service.text(key, vars);
  }

  async deliver(item: OutboxItem): Promise<{ externalRef?: string }> {
    try {
      switch (item.kind) {
        case 'thread.summary':
        case 'thread.alert':
          return await this.threadPost(item, parse(threadPayload, item.payload));
        case 'thread.update':
          await this.refreshParent(parse(updatePayload, item.payload).threadId);
          return {};
        case 'practitioner.reply':
          return await this.dm(item, parse(replyPayload, item.payload));
        case 'person.alert':
          return await this.personAlert(item, parse(personPayload, item.payload));
        default:
          throw new DeliveryError('SLACK_UNKNOWN_ITEM_KIND', { permanent: true });
      }
    } catch (err) {
      throw toDeliveryError(err);
    }
  }

  /**
   * Whether an earlier attempt may have posted this item: it failed before (attempts > 0), or it is
   * older than a fresh item ever is. The second catches a crash between post and markDelivered,
   * which leaves attempts at 0: such an item is only claimed again after its lease, long after this.
   */
  private mayHaveLanded(item: OutboxItem): boolean {
    return item.attempts > 0 || this.d.service.clock().getTime() - Date.parse(item.createdAt) > FRESH_MS;
  }

  /** Summary or alert: the case's parent message first (once), then the reply in its thread, then fresh counts. */
  private async threadPost(
    item: OutboxItem,
    p: { threadId: string; messageId: string },
  ): Promise<{ externalRef: string }> {
    const thread = await this.d.store.getThread(p.threadId);
    const message = await this.d.store.getThreadMessage(p.messageId);
    if (!thread || !message) throw new DeliveryError('SLACK_THREAD_GONE', { permanent: true }); // purged by retention
    const { channel, ts: parentTs } = await this.ensureParent(thread);
    const supervisor = this.d.directory.personName(thread.supervisorId);
    const msg = threadReply(message, supervisor, this.w);
    const earlier = this.mayHaveLanded(item)
      ? await this.d.api.findPosted(channel, item.id, { threadTs: parentTs })
      : undefined;
    const ts =
      earlier ??
      (await this.d.api.post({
        channel,
        ...msg,
        threadTs: parentTs,
        broadcast: message.kind === 'alert',
        postId: item.id,
      }));
    const externalRef = `${channel}:${ts}`;
    if (message.externalRef !== externalRef) await this.d.store.updateThreadMessage(message.id, { externalRef });
    await this.refreshParent(thread.id);
    return { externalRef };
  }

  /**
   * The parent is created at most once per case: it carries `parent:<threadId>`, and whenever the
   * thread has no externalRef yet we look for it before posting, whichever item got here first.
   */
  private async ensureParent(thread: ThreadRecord): Promise<{ channel: string; ts: string }> {
    const known = splitRef(thread.externalRef);
    if (known) return known;
    const channel = await this.destination(thread.supervisorId);
    const postId = parentPostId(thread.id);
    const oldest = (Date.parse(thread.createdAt) / 1000 - 86_400).toFixed(6);
    const earlier = await this.d.api.findPosted(channel, postId, { oldest });
    const ts =
      earlier ??
      (await this.d.api.post({
        channel,
        ...parentMessage(this.shown(thread), await this.practitionerNames(thread), this.w),
        postId,
      }));
    await this.d.store.updateThread(thread.id, { externalRef: `${channel}:${ts}` });
    return { channel, ts };
  }

  /** Everyone who has reflected on this case with this supervisor: the parent names them all. */
  private async practitionerNames(thread: ThreadRecord): Promise<string> {
    const messages = await this.d.store.listThreadMessages(thread.id);
    return threadPractitioners(thread, messages)
      .map((id) => this.d.directory.personName(id))
      .join(', ');
  }

  /** The supervisor's channel from the org file, else a DM with them. */
  private async destination(supervisorId: string): Promise<string> {
    const sup = this.d.directory.supervisorById(supervisorId)?.slack;
    if (!sup) throw new DeliveryError('SLACK_SUPERVISOR_NOT_MAPPED', { permanent: true });
    return sup.channel ?? (await this.d.api.openDm(sup.user));
  }

  private async refreshParent(threadId: string): Promise<void> {
    const thread = await this.d.store.getThread(threadId);
    const ref = splitRef(thread?.externalRef);
    if (!thread || !ref) return; // no parent yet: it is posted with the current counts
    const msg = parentMessage(this.shown(thread), await this.practitionerNames(thread), this.w);
    await this.d.api.update(ref.channel, ref.ts, msg.text, msg.blocks);
  }

  private async personAlert(item: OutboxItem, p: z.infer<typeof personPayload>): Promise<{ externalRef: string }> {
    const channel = p.to.channel ?? (p.to.user ? await this.d.api.openDm(p.to.user) : undefined);
    if (!channel) throw new DeliveryError('SLACK_ALERT_NO_TARGET', { permanent: true });
    const oldest = (Date.parse(item.createdAt) / 1000 - 60).toFixed(6);
    const earlier = this.mayHaveLanded(item) ? await this.d.api.findPosted(channel, item.id, { oldest }) : undefined;
    const text = escapeSlack(p.text);
    const blocks = [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }];
    const ts = earlier ?? (await this.d.api.post({ channel, text, blocks, postId: item.id }));
    return { externalRef: `${channel}:${ts}` };
  }

  /** A message to a practitioner outside a turn: acknowledgements and supervisors' replies. */
  private async dm(
    item: OutboxItem,
    p: { practitionerId: string; reply: { kind: string; text: string } },
  ): Promise<{ externalRef: string }> {
    const user = this.d.directory.practitionerById(p.practitionerId)?.slack?.user;
    if (!user) throw new DeliveryError('SLACK_PRACTITIONER_NOT_MAPPED', { permanent: true });
    const channel = await this.d.api.openDm(user);
    const oldest = (Date.parse(item.createdAt) / 1000 - 60).toFixed(6);
    const earlier = this.mayHaveLanded(item) ? await this.d.api.findPosted(channel, item.id, { oldest }) : undefined;
    const ts =
      earlier ?? (await this.d.api.post({ channel, ...this.d.conversation.render(p.reply as Reply), postId: item.id }));
    return { externalRef: `${channel}:${ts}` };
  }
}

function parse<T>(schema: z.ZodType<T>, payload: unknown): T {
  const r = schema.safeParse(payload);
  if (!r.success) throw new DeliveryError('SLACK_BAD_PAYLOAD', { permanent: true });
  return r.data;
}

export function splitRef(ref: string | undefined): { channel: string; ts: string } | undefined {
  const at = ref?.indexOf(':') ?? -1;
  if (!ref || at <= 0) return undefined;
  return { channel: ref.slice(0, at), ts: ref.slice(at + 1) };
}
