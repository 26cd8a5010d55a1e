/**
 * The Microsoft Teams channel, on the Teams SDK (@microsoft/teams.apps).
 *
 * One port: the SDK's ExpressAdapter accepts an existing Express app, so the App registers
 * POST /api/messages on ours (the one that already serves /healthz, the playground and
 * /slack/events) when initialize() runs. We never call app.start(): the server's lifecycle
 * belongs to main.ts. The SDK's HttpServer still does what it is for: JWT validation of every
 * request when CLIENT_ID is set (no or bad bearer token → 401), or its own explicit local-dev
 * mode (DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS=true, refused in production by config). In
 * front of it, ./trust.ts pins the tenant and the service URLs, which the SDK cannot be told to do.
 *
 * Sending goes through our Connector (the SDK's API client with our own token provider), so the
 * unauthenticated mode can still post to the conversation's serviceUrl or SERVICE_URL.
 */
import { App, ExpressAdapter } from '@microsoft/teams.apps';
import express from 'express';
import type { ChannelDeps, MountedChannel } from '../shared/types';
import { Connector } from './connector';
import { TeamsDeliverer } from './deliver';
import { registerInbound } from './inbound';
import { TeamsRuntime } from './runtime';
import { SdkLogger } from './sdk-log';
import { trustGuard } from './trust';

export const MESSAGING_ENDPOINT = '/api/messages';

export async function mountTeams(deps: ChannelDeps): Promise<MountedChannel> {
  const { config, log } = deps;
  const unauthenticated = config.channels.teams === 'unauthenticated';
  const sdkLog = new SdkLogger(log);
  // Tenant and service-URL pinning the SDK has no option for (./trust.ts): registered first, so it
  // runs before the SDK's handler on the same route and can only refuse more.
  const trust = { tenantId: config.env.TENANT_ID, serviceUrl: config.env.SERVICE_URL, authenticated: !unauthenticated };
  deps.app.post(MESSAGING_ENDPOINT, express.json(), trustGuard(trust, log));
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
    serviceUrl: config.env.SERVICE_URL,
  });
  const rt = new TeamsRuntime(deps, connector);
  registerInbound(app, rt);
  await app.initialize(); // registers POST /api/messages on deps.app
  log.info({ mode: config.channels.teams, endpoint: MESSAGING_ENDPOINT }, 'teams channel mounted');
  return {
    name: 'teams',
    deliverer: new TeamsDeliverer(rt),
    // Nothing to stop: the HTTP server is main.ts's, and the SDK holds no timers or sockets of its own.
    close: async () => undefined,
  };
}
