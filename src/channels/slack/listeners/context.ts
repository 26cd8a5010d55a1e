/** What every listener gets: the services, the Slack API, and the per-person work queue. */
import type { ReflectService } from '../../../app/service';
import type { SupervisionService } from '../../../app/supervision';
import type { EngineInput } from '../../../core/types';
import type { Logger } from '../../../log';
import type { Store } from '../../../store/port';
import type { SlackApi } from '../client';
import { slackToPlain } from '../plain-text';
import type { Conversation } from '../conversation';
import type { SlackDirectory } from '../directory';
import type { Work } from '../work';

export interface SlackContext {
  service: ReflectService;
  supervision: SupervisionService;
  store: Store;
  directory: SlackDirectory;
  api: SlackApi;
  conversation: Conversation;
  work: Work;
  log: Logger;
  /** Event ids of unknown users' messages: nothing is stored for them, so their de-duplication stays in memory. */
  unknownSeen: RecentIds;
}

/** A bounded set of recently seen ids. */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly max = 5000) {}

  /** True the first time an id is seen. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.max) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }
}

/**
 * One practitioner turn from Slack: commit through the service, then post the replies to their DM.
 * The returned promise settles when the turn is SAVED (not when the replies are posted): the
 * receiver runs with processBeforeResponse, so Slack's 200 waits for exactly this. If the commit
 * fails the promise rejects, Slack gets an error status and sends the event again.
 */
export function runTurn(
  c: SlackContext,
  who: { practitionerId: string; slackUser: string; channel?: string },
  input: EngineInput,
  eventId: string,
  what: string,
): Promise<void> {
  let saved!: () => void;
  let failed!: (err: unknown) => void;
  const committed = new Promise<void>((resolve, reject) => {
    saved = resolve;
    failed = reject;
  });
  void c.work.run(who.practitionerId, what, async () => {
    let out: Awaited<ReturnType<ReflectService['handle']>>;
    try {
      out = await c.work.commit(() =>
        c.service.handle({ channel: 'slack', practitionerId: who.practitionerId, input, eventId }),
      );
    } catch (err) {
      failed(err);
      throw err;
    }
    saved();
    await c.conversation.deliverTurn(who, out, eventId);
  });
  return committed;
}

/** A one-off message in someone's DM, outside any reflection. Nothing is stored, so de-duplication is in memory. */
export function tellOnce(
  c: SlackContext,
  slackUser: string,
  channel: string | undefined,
  id: string,
  text: string,
): Promise<void> {
  if (!c.unknownSeen.add(id)) return Promise.resolve();
  return c.work.run(`notice:${slackUser}`, 'notice', async () => {
    const dm = channel ?? (await c.api.openDm(slackUser));
    await c.conversation.say(dm, [{ kind: 'info', text }]);
  });
}

/** The polite answer for someone not in the organisation file. */
export function refuseUnknown(
  c: SlackContext,
  slackUser: string,
  channel: string | undefined,
  id: string,
): Promise<void> {
  return tellOnce(c, slackUser, channel, id, c.service.unknownUserReply().text);
}

/**
 * Slack marks up what people type (links, emails, mentions; &, < and > as entities); the engine
 * keeps their words as they read them. See ../plain-text.ts.
 */
export const unescapeSlack = slackToPlain;
