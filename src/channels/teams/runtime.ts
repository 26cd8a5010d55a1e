/**
 * What the Teams handlers and the deliverer share: the channel deps, the connector, the stored
 * conversation references, and the wording. Also the one place that sends a turn's replies.
 */
import type { Activity } from '@microsoft/teams.api';
import type { Reply } from '../../core/types';
import { errName } from '../../delivery/outbox';
import type { ChannelDeps } from '../shared/types';
import { textActivity, type Say } from './card-kit';
import type { Connector } from './connector';
import { RefStore, type ConversationRef } from './refs';
import { replyActivities } from './render';

/** The Bot Framework's global endpoint: used for proactive posts when neither SERVICE_URL nor a stored reference says otherwise. */
export const DEFAULT_SERVICE_URL = 'https://smba.trafficmanager.net/teams';

export class TeamsRuntime {
  readonly refs: RefStore;
  readonly say: Say;

  constructor(
    readonly deps: ChannelDeps,
    readonly connector: Connector,
  ) {
    this.refs = new RefStore(deps.store, deps.service.clock, deps.config.env.SERVICE_URL);
    this.say = (key, vars) => deps.service.text(key, vars);
  }

  /** SERVICE_URL overrides where proactive messages go (tests, sovereign clouds); else the conversation's own. */
  proactiveServiceUrl(ref?: ConversationRef): string {
    return this.deps.config.env.SERVICE_URL ?? ref?.serviceUrl ?? DEFAULT_SERVICE_URL;
  }

  /** In-turn replies go back to the conversation's serviceUrl (SERVICE_URL only if the activity had none). */
  turnServiceUrl(activity: Activity): string {
    return activity.serviceUrl || this.proactiveServiceUrl();
  }

  /**
   * Sends a turn's replies in order. The turn is already committed, so if Teams refuses one the rest
   * are handed to the outbox (which retries with backoff) rather than lost.
   */
  async sendReplies(activity: Activity, practitionerId: string, replies: Reply[]): Promise<void> {
    for (let i = 0; i < replies.length; i++) {
      const reply = replies[i];
      if (!reply) continue;
      try {
        for (const part of replyActivities(reply, this.say))
          await this.connector.post(this.turnServiceUrl(activity), activity.conversation.id, part);
      } catch (err) {
        this.deps.log.warn(
          { code: errName(err), activityId: activity.id, remaining: replies.length - i },
          'teams reply failed; queued for the outbox',
        );
        await this.deps.service.push(practitionerId, 'teams', replies.slice(i), `teams:requeue:${activity.id}`);
        return;
      }
    }
  }

  /** A one-off message in the current conversation (refusals, hints). Failures are logged, not thrown. */
  async notify(activity: Activity, text: string): Promise<void> {
    try {
      await this.connector.post(this.turnServiceUrl(activity), activity.conversation.id, textActivity(text));
    } catch (err) {
      this.deps.log.warn({ code: errName(err), activityId: activity.id }, 'teams notice failed');
    }
  }
}
