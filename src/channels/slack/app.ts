/**
 * The Bolt app. HTTP mode: an ExpressReceiver whose route is POST /slack/events on the shared
 * express app (same PORT as everything else), verifying Slack's signature (forged or stale → 401)
 * and acking before any listener work (processBeforeResponse: false). Socket Mode: Bolt's own
 * receiver over SLACK_APP_TOKEN. The listeners are the same either way.
 */
import { App, ExpressReceiver, SocketModeReceiver, type Authorize, type Logger as SdkLogger, type webApi } from '@slack/bolt';
import type { Express } from 'express';
import type { Config } from '../../config';
import type { Logger } from '../../log';

export const EVENTS_PATH = '/slack/events';

export interface AppParts {
  config: Config;
  http: Express;
  sdkLog: SdkLogger;
  clientOptions: webApi.WebClientOptions;
  log: Logger;
}

/**
 * One workspace, one bot token. auth.test runs once and is remembered on success only, so a Slack
 * hiccup at start-up is retried on the next event instead of failing every event until a restart.
 */
export function singleWorkspace(client: webApi.WebClient, token: string): Authorize<boolean> & { warm(): Promise<void> } {
  let ids: Promise<{ botId?: string; botUserId?: string }> | undefined;
  const lookup = () => {
    ids ??= client.auth.test().then(
      (r) => ({ botId: r.bot_id, botUserId: r.user_id }),
      (err: unknown) => {
        ids = undefined;
        throw err;
      },
    );
    return ids;
  };
  const authorize = async () => ({ botToken: token, ...(await lookup()) });
  return Object.assign(authorize, { warm: async () => void (await lookup()) });
}

export function buildApp(p: AppParts, authorize: Authorize<boolean>): App {
  const common = { authorize, logger: p.sdkLog, clientOptions: p.clientOptions, convoStore: false as const, ignoreSelf: true };
  if (p.config.slack === 'socket') {
    // Built here rather than by Bolt so apps.connections.open also honours SLACK_API_URL.
    const socket = new SocketModeReceiver({ appToken: p.config.env.SLACK_APP_TOKEN ?? '', logger: p.sdkLog, installerOptions: { clientOptions: { slackApiUrl: p.clientOptions.slackApiUrl } } });
    return withErrorLog(new App({ ...common, socketMode: true, receiver: socket }), p.log);
  }
  const receiver = new ExpressReceiver({
    signingSecret: p.config.env.SLACK_SIGNING_SECRET ?? '',
    endpoints: EVENTS_PATH,
    processBeforeResponse: false,
    logger: p.sdkLog,
    app: p.http, // mounts its router (POST /slack/events) on the shared app; it never listens itself
  });
  return withErrorLog(new App({ ...common, receiver }), p.log);
}

/** Errors Bolt itself catches (authorisation, a listener that threw): codes only, never payloads. */
function withErrorLog(app: App, log: Logger): App {
  app.error(async (error) => {
    log.error({ code: 'SLACK_LISTENER_ERROR', err: error.code ?? error.name }, 'slack listener error');
  });
  return app;
}
