/**
 * The Slack channel: reflections by DM, App Home and /reflect for practitioners; summaries and
 * alerts in each supervisor's case threads. Flow logic stays in the engine and services: this
 * module maps Slack payloads to EngineInput and renders replies as Block Kit.
 */
import { CodedError } from '../../errors';
import { webApi } from '@slack/bolt';
import type { ChannelDeps, MountedChannel } from '../shared/types';
import { buildApp, singleWorkspace } from './app';
import { SlackApi, webClientOptions } from './client';
import { Conversation } from './conversation';
import { SlackDeliverer } from './deliver';
import { SlackDirectory } from './directory';
import { FIX_HINTS, slackErrorCode } from './errors';
import { registerAppHome } from './listeners/app-home';
import { registerChoice } from './listeners/choice';
import { RecentIds, type SlackContext } from './listeners/context';
import { registerEditSubmit } from './listeners/edit-submit';
import { registerFullReflection } from './listeners/full-reflection';
import { registerThreadReply } from './listeners/thread-reply';
import { registerMessages } from './listeners/message';
import { registerPreview } from './listeners/preview';
import { registerStart } from './listeners/start';
import { registerThreadActions } from './listeners/thread-action';
import { sdkLogger } from './sdk-logger';
import { Work } from './work';

export class SlackSetupError extends CodedError {}

export async function mountSlack(deps: ChannelDeps): Promise<MountedChannel> {
  const { config, log } = deps;
  const token = config.env.SLACK_BOT_TOKEN;
  if (!token || config.channels.slack === 'off')
    throw new SlackSetupError(
      'SLACK_NOT_CONFIGURED',
      'set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)',
    );
  const sdkLog = sdkLogger(log);
  const clientOptions = webClientOptions(config.env.SLACK_API_URL, sdkLog);
  const client = new webApi.WebClient(token, clientOptions);
  const api = new SlackApi(client);
  const directory = new SlackDirectory(deps.service.directory);
  const work = new Work(log);
  const conversation = new Conversation(api, deps.store, deps.service, log, (fn) => work.commit(fn));
  const ctx: SlackContext = {
    service: deps.service,
    supervision: deps.supervision,
    store: deps.store,
    directory,
    api,
    conversation,
    work,
    log,
    unknownSeen: new RecentIds(),
  };

  const authorize = singleWorkspace(client, token);
  const bolt = buildApp({ config, http: deps.app, sdkLog, clientOptions, log }, authorize);
  for (const register of [
    registerMessages,
    registerAppHome,
    registerStart,
    registerChoice,
    registerPreview,
    registerEditSubmit,
    registerThreadActions,
    registerFullReflection,
    registerThreadReply,
  ])
    register(bolt.app, ctx);
  await bolt.start();
  // Checks the token now, so a bad one shows up in the start-up log rather than at the first message.
  authorize.warm().catch((err: unknown) => {
    const code = slackErrorCode(err);
    log.error({ code, fix: FIX_HINTS[code] }, 'Slack auth.test failed');
  });
  log.info({ mode: config.channels.slack }, 'Slack channel mounted');

  return {
    name: 'slack',
    deliverer: new SlackDeliverer({ api, store: deps.store, service: deps.service, directory, conversation }),
    async close() {
      await bolt.stop();
      await work.drain();
    },
  };
}
