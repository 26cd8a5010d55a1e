/**
 * The Microsoft Teams channel, on the Teams SDK (@microsoft/teams.apps).
 *
 * One port: the SDK's ExpressAdapter accepts an existing Express app, so the App registers
 * POST /api/messages on ours (the one that already serves /healthz, the playground and
 * /slack/events) when initialize() runs. We never call app.start(): the server's lifecycle
 * belongs to main.ts. The SDK's HttpServer still does what it is for: JWT validation of every
 * request when CLIENT_ID is set (no or bad bearer token → 401), or its own explicit local-dev
 * mode (DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS=true, refused in production by config).
 *
 * Sending goes through our Connector (the SDK's API client with our own token provider), so the
 * unauthenticated mode can still post to the conversation's serviceUrl or SERVICE_URL.
 */
import { App, ExpressAdapter } from '@microsoft/teams.apps';
import type { ChannelDeps, MountedChannel } from '../shared/types';
import { Connector } from './connector';
import { TeamsDeliverer } from './deliver';
import { registerInbound } from './inbound';
import { TeamsRuntime } from './runtime';
import { SdkLogger } from './sdk-log';

export const MESSAGING_ENDPOINT = '/api/messages';

export async function mountTeams(deps: ChannelDeps): Promise<MountedChannel> {
  const { config, log } = deps;
  const unauthenticated = config.teams === 'unauthenticated';
  const sdkLog = new SdkLogger(log);
  const app = new App({
    clientId: config.env.CLIENT_ID,
    clientSecret: config.env.CLIENT_SECRET,
    tenantId: config.env.TENANT_ID,
    serviceUrl: config.env.SERVICE_URL,
    // Explicit, so a stray environment variable can never switch validation off behind the config's back.
    dangerouslyAllowUnauthenticatedRequests: unauthenticated,
    httpServerAdapter: new ExpressAdapter(deps.app, { logger: sdkLog }),
    messagingEndpoint: MESSAGING_ENDPOINT,
    logger: sdkLog,
    client: { logger: sdkLog },
    state: false,
  });
  const connector = new Connector({
    tokenProvider: unauthenticated ? undefined : app.tokenProvider,
    cloud: app.cloud,
    logger: sdkLog,
  });
  const rt = new TeamsRuntime(deps, connector);
  registerInbound(app, rt);
  await app.initialize(); // registers POST /api/messages on deps.app
  log.info({ mode: config.teams, endpoint: MESSAGING_ENDPOINT }, 'teams channel mounted');
  return {
    name: 'teams',
    deliverer: new TeamsDeliverer(rt),
    // Nothing to stop: the HTTP server is main.ts's, and the SDK holds no timers or sockets of its own.
    close: async () => undefined,
  };
}
