/**
 * The practitioner's DM: posting a committed turn's replies, and keeping question messages
 * honest. The newest question (or preview) message is remembered in channel state; when the
 * reflection moves past it, it is updated to show the answer and its buttons go.
 */
import { answerLabel } from '../../core/flags';
import { reflectionView } from '../../core/summary-view';
import { resolveQuestion } from '../../core/support';
import { OPEN_STATUSES, type ReflectionState, type Reply } from '../../core/types';
import type { ReflectService, TurnResponse } from '../../app/service';
import type { Logger } from '../../log';
import type { Store } from '../../store/port';
import { fallback, previewContent, renderReply, settledQuestion, type SlackMessage } from './blocks/reply';
import { context, fit, truncate } from './blocks/limits';
import type { Wording } from './blocks/wording';
import type { PostArgs, SlackApi } from './client';
import { isRetryable, toDeliveryError } from './errors';
import { escapeSlack } from '../shared/escape';

interface Asked {
  channel: string;
  ts: string;
  reflectionId?: string;
  questionId?: string;
  text: string; // the question as asked (catalog wording), so it can be shown again once answered
  preview: boolean;
}

export interface DmTarget {
  practitionerId: string;
  slackUser: string;
  channel?: string; // the DM, when the event came from it
}

const askedKey = (practitionerId: string) => `slack:asked:${practitionerId}`;
const MAX_INLINE_WAIT_MS = 5000; // a listener may wait out a short Retry-After; longer ones give up

export class Conversation {
  constructor(
    private readonly api: SlackApi,
    private readonly store: Store,
    private readonly service: ReflectService,
    private readonly log: Logger,
    /** Store writes go through the same gate as commits (see Work.commit), so acks are not held up. */
    private readonly gate: <T>(fn: () => Promise<T>) => Promise<T> = (fn) => fn(),
  ) {}

  private get w(): Wording {
    return (key, vars) => this.service.text(key, vars);
  }

  /**
   * Posts a committed turn's replies. The question they replace is settled first, so its answer
   * shows before the next question arrives. `turnId` marks each post so a retried post is found.
   */
  async deliverTurn(target: DmTarget, out: TurnResponse, turnId: string): Promise<void> {
    if (out.duplicate || out.replies.length === 0) return;
    const channel = target.channel ?? (await this.api.openDm(target.slackUser));
    const closed = !!out.state && !OPEN_STATUSES.includes(out.state.status);
    const previous = await this.lastAsked(target.practitionerId);
    if (previous && (closed || out.replies.some(asks))) await this.settle(previous, out.state);
    if (closed) await this.gate(() => this.store.putChannelState(askedKey(target.practitionerId), null, this.now()));
    let current: Asked | undefined;
    for (const [i, reply] of out.replies.entries()) {
      const ts = await this.postOnce({ channel, ...this.render(reply), postId: `turn:${turnId}:${i}` });
      if (!asks(reply) || closed) continue;
      if (current) await this.settle(current, out.state); // a second question in one turn replaces the first
      current = {
        channel,
        ts,
        reflectionId: out.state?.id,
        questionId: reply.meta?.questionId,
        text: reply.text,
        preview: reply.kind === 'preview',
      };
      const asked = current;
      await this.gate(() => this.store.putChannelState(askedKey(target.practitionerId), asked, this.now()));
    }
  }

  /** Posts replies that need no question tracking (the unknown-user answer, outbox messages). */
  async say(channel: string, replies: Reply[], postId?: string): Promise<string | undefined> {
    let last: string | undefined;
    for (const [i, reply] of replies.entries())
      last = await this.postOnce({ channel, ...this.render(reply), postId: postId ? `${postId}:${i}` : undefined });
    return last;
  }

  render(reply: Reply): SlackMessage {
    return renderReply(reply, this.w);
  }

  /**
   * One post, retried once after a failure that may not have landed (5xx, timeout): the retry first
   * looks for the earlier post by its metadata, so the practitioner never sees a question twice.
   */
  async postOnce(args: PostArgs): Promise<string> {
    try {
      return await this.api.post(args);
    } catch (err) {
      const failure = toDeliveryError(err);
      const wait = failure.options.retryAfterMs ?? 250;
      if (!isRetryable(failure) || wait > MAX_INLINE_WAIT_MS) throw failure;
      await new Promise((resolve) => setTimeout(resolve, wait));
      const landed =
        failure.code === 'SLACK_RATE_LIMITED' || !args.postId
          ? undefined
          : await this.api.findPosted(args.channel, args.postId, { oldest: recentOldest() });
      return landed ?? (await this.api.post(args));
    }
  }

  private now(): string {
    return this.service.clock().toISOString();
  }

  private async lastAsked(practitionerId: string): Promise<Asked | undefined> {
    const value = await this.store.getChannelState(askedKey(practitionerId));
    return value && typeof value === 'object' && typeof (value as Asked).ts === 'string' ? (value as Asked) : undefined;
  }

  /** Best effort: a message left with stale buttons is harmless (a late click changes nothing). */
  private async settle(asked: Asked, state: ReflectionState | undefined): Promise<void> {
    const msg = asked.preview
      ? this.settledPreview(state?.id === asked.reflectionId ? state : undefined)
      : settledQuestion(asked.text, this.answerOf(asked, state), this.w);
    try {
      await this.api.update(asked.channel, asked.ts, msg.text, msg.blocks);
    } catch (err) {
      this.log.warn({ code: toDeliveryError(err).code }, 'could not update an answered question');
    }
  }

  private answerOf(asked: Asked, state: ReflectionState | undefined): string | undefined {
    if (!state || !asked.questionId || state.id !== asked.reflectionId) return undefined;
    const answer = state.answers[asked.questionId];
    if (!answer && state.skipped.includes(asked.questionId)) return this.service.text('skipped');
    const q = resolveQuestion(this.service.catalog, asked.questionId);
    const label = q ? answerLabel(q, answer) : '';
    return label ? truncate(label, 300) : undefined;
  }

  /** The preview once decided: the summary stays readable, the buttons go. (No state: a bare notice.) */
  private settledPreview(state: ReflectionState | undefined): SlackMessage {
    const practitioner = state ? this.service.practitioner(state.practitionerId) : undefined;
    if (!state || !practitioner)
      return {
        text: fallback(this.service.text('slackPreviewNotification')),
        blocks: context([escapeSlack(this.service.text('slackPreviewNotification'))]),
      };
    const view = reflectionView(state, this.service.catalog, this.service.context(practitioner), this.w);
    // A decided preview says how it ended; one replaced by a newer preview (after Edit) just loses its buttons.
    const status = OPEN_STATUSES.includes(state.status)
      ? []
      : context([escapeSlack(this.service.text(`slackStatus.${state.status}`))]);
    const content = previewContent({ kind: 'preview', text: '', view }, false);
    return {
      text: fallback(this.service.text('slackPreviewNotification')),
      blocks: fit(content, status, escapeSlack(this.service.text('slackShortened'))),
    };
  }
}

function asks(reply: Reply): boolean {
  return reply.kind === 'preview' || (reply.choices?.length ?? 0) > 0;
}

function recentOldest(): string {
  return (Date.now() / 1000 - 600).toFixed(6);
}
