/**
 * The Slack Web API as Reflect uses it. One WebClient: a 5 s timeout, no retries of its own and
 * 429s handed back to us, because a blind SDK retry of chat.postMessage after a timeout can post
 * twice. Retrying belongs to the outbox (and to postOnce below), which first looks for the earlier
 * post by its metadata.
 */
import { CodedError } from '../../errors';
import type { webApi, Logger as SdkLogger } from '@slack/bolt';
import { METADATA_EVENT } from './ids';
import type { KnownBlock } from './blocks/limits';

export const WEB_TIMEOUT_MS = 5000;

export function webClientOptions(slackApiUrl: string | undefined, logger: SdkLogger): webApi.WebClientOptions {
  return {
    slackApiUrl: slackApiUrl ? (slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/`) : undefined,
    timeout: WEB_TIMEOUT_MS,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger,
  };
}

export class SlackApiError extends CodedError {
  constructor(code: string) {
    super(code, code);
  }
}

export interface PostArgs {
  channel: string;
  text: string;
  blocks: KnownBlock[];
  threadTs?: string;
  broadcast?: boolean;
  /** Marks the post so a retry can find it (the outbox item id, or a stable id like parent:<thread>). */
  postId?: string;
  /** Pages that continue this message (blocks/limits.ts paginate), posted after it in the same place. */
  more?: KnownBlock[][];
}

interface MetadataLike {
  event_type?: string;
  event_payload?: Record<string, unknown>;
}

function carries(metadata: MetadataLike | undefined, postId: string): boolean {
  return metadata?.event_type === METADATA_EVENT && metadata.event_payload?.outbox_id === postId;
}

const PAGES = 5; // a retry follows its failure within minutes, so the post is among the newest

export class SlackApi {
  private readonly dms = new Map<string, string>();

  constructor(readonly client: webApi.WebClient) {}

  async post(a: PostArgs): Promise<string> {
    const base = {
      channel: a.channel,
      text: a.text,
      blocks: a.blocks,
      unfurl_links: false,
      unfurl_media: false,
      metadata: a.postId ? { event_type: METADATA_EVENT, event_payload: { outbox_id: a.postId } } : undefined,
    };
    const args: webApi.ChatPostMessageArguments = a.threadTs
      ? { ...base, thread_ts: a.threadTs, reply_broadcast: a.broadcast ?? false }
      : base;
    const res = await this.client.chat.postMessage(args);
    if (!res.ts) throw new SlackApiError('SLACK_NO_TS');
    for (const [i, blocks] of (a.more ?? []).entries())
      await this.post({ ...a, blocks, more: undefined, broadcast: false, postId: a.postId && `${a.postId}:more:${i}` });
    return res.ts;
  }

  async update(channel: string, ts: string, text: string, blocks: KnownBlock[]): Promise<void> {
    await this.client.chat.update({ channel, ts, text, blocks });
  }

  async ephemeral(channel: string, user: string, text: string): Promise<void> {
    await this.client.chat.postEphemeral({ channel, user, text });
  }

  /** The bot's DM with a user. conversations.open is idempotent, and its answer never changes. */
  async openDm(user: string): Promise<string> {
    const known = this.dms.get(user);
    if (known) return known;
    const res = await this.client.conversations.open({ users: user });
    const id = res.channel?.id;
    if (!id) throw new SlackApiError('SLACK_NO_DM_CHANNEL');
    this.dms.set(user, id);
    return id;
  }

  rememberDm(user: string, channel: string): void {
    if (channel.startsWith('D')) this.dms.set(user, channel);
  }

  /** Finds an earlier post carrying `postId` in the channel (or in one thread). */
  async findPosted(
    channel: string,
    postId: string,
    opts: { threadTs?: string; oldest?: string } = {},
  ): Promise<string | undefined> {
    let cursor: string | undefined;
    for (let page = 0; page < PAGES; page++) {
      const res = opts.threadTs
        ? await this.client.conversations.replies({
            channel,
            ts: opts.threadTs,
            include_all_metadata: true,
            limit: 200,
            cursor,
          })
        : await this.client.conversations.history({
            channel,
            include_all_metadata: true,
            limit: 200,
            oldest: opts.oldest,
            cursor,
          });
      const hit = (res.messages ?? []).find((m) => carries(m.metadata as MetadataLike | undefined, postId));
      if (hit?.ts) return hit.ts;
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  async publishHome(user: string, blocks: KnownBlock[]): Promise<void> {
    await this.client.views.publish({ user_id: user, view: { type: 'home', blocks } });
  }

  async openModal(triggerId: string, view: webApi.ViewsOpenArguments['view']): Promise<void> {
    await this.client.views.open({ trigger_id: triggerId, view });
  }
}
