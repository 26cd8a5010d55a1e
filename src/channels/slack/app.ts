/**
 * The Bolt app. HTTP mode: an ExpressReceiver whose route is POST /slack/events on the shared
 * express app (same PORT as everything else), verifying Slack's signature (forged or stale → 401)
 * and acknowledging only once the listener has saved what arrived (processBeforeResponse: true). Socket Mode: Bolt's own
 * receiver over SLACK_APP_TOKEN. The listeners are the same either way.
 */
import {
  App,
  ExpressReceiver,
  SocketModeReceiver,
  type Authorize,
  type Logger as SdkLogger,
  type webApi,
} from '@slack/bolt';
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
 * One workspace, one bot token. Bolt authorises every request BEFORE it acks, so this never waits
 * for Slack: it answers with what it knows and looks the bot's ids up (auth.test) in the background
 * until that succeeds. Until then our listeners still skip bot messages by their bot_id.
 */
export function singleWorkspace(
  client: webApi.WebClient,
  token: string,
): Authorize<boolean> & { warm(): Promise<void> } {
  let ids: { botId?: string; botUserId?: string } | undefined;
  let lookup: Promise<void> | undefined;
  const refresh = (): Promise<void> => {
    lookup ??= client.auth.test().then(
      (r) => {
        ids = { botId: r.bot_id, botUserId: r.user_id };
      },
      (err: unknown) => {
        lookup = undefined;
        throw err;
      },
    );
    return lookup;
  };
  const authorize = async () => {
    if (!ids) void refresh().catch(() => undefined); // logged once at start-up by warm(); retried on the next request
    return { botToken: token, ...ids };
  };
  return Object.assign(authorize, { warm: refresh });
}

export interface BuiltApp {
  app: App;
  /** Starts the Socket Mode connection (HTTP mode needs nothing: the shared server listens). */
  start(): Promise<void>;
  /** Ends the Socket Mode connection, waiting (briefly) for the close handshake so no timer is left. */
  stop(): Promise<void>;
}

const CLOSE_WAIT_MS = 3000;

export function buildApp(p: AppParts, authorize: Authorize<boolean>): BuiltApp {
  const common = {
    authorize,
    logger: p.sdkLog,
    clientOptions: p.clientOptions,
    convoStore: false as const,
    ignoreSelf: true,
  };
  if (p.config.channels.slack === 'socket') {
    // Built here rather than by Bolt so apps.connections.open also honours SLACK_API_URL.
    const socket = new SocketModeReceiver({
      appToken: p.config.env.SLACK_APP_TOKEN ?? '',
      logger: p.sdkLog,
      installerOptions: { clientOptions: { slackApiUrl: p.clientOptions.slackApiUrl } },
    });
    const app = withErrorLog(new App({ ...common, socketMode: true, receiver: socket }), p.log);
    return {
      app,
      start: async () => void (await app.start()),
      stop: () =>
        Promise.race([
          socket.client.disconnect(),
          new Promise<void>((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref()),
        ]),
    };
  }
  const receiver = new ExpressReceiver({
    signingSecret: p.config.env.SLACK_SIGNING_SECRET ?? '',
    endpoints: EVENTS_PATH,
    // Nothing is acknowledged that is not saved: Slack does not resend an event it has had a 200
    // for, so the 200 waits until the listener has committed the turn (src/channels/slack/listeners/context.ts).
    processBeforeResponse: true,
    logger: p.sdkLog,
    app: p.http, // mounts its router (POST /slack/events) on the shared app; it never listens itself
  });
  return {
    app: withErrorLog(new App({ ...common, receiver }), p.log),
    start: async () => undefined,
    stop: async () => undefined,
  };
}

/** Errors Bolt itself catches (authorisation, a listener that threw): codes only, never payloads. */
function withErrorLog(app: App, log: Logger): App {
  app.error(async (error) => {
    log.error({ code: 'SLACK_LISTENER_ERROR', err: error.code ?? error.name }, 'slack listener error');
  });
  return app;
}
