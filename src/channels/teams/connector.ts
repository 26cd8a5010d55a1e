/**
 * Outbound calls to the Bot Connector API, through the Teams SDK's API client.
 *
 * Why not app.send / ctx.send: app.send refuses to run without credentials, and in the SDK's
 * local-dev mode (DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS) we still have to post to the
 * conversation's serviceUrl, without a token. So every send goes through `Client` from
 * @microsoft/teams.api with our own choice of token provider: the app's own (MSAL, client
 * credentials) when authenticated, none at all when not.
 *
 * Failures become DeliveryError with a code, so the outbox can back off (429, 5xx, timeouts)
 * or give up (401, 403, 404, other 4xx) without ever logging a response body.
 */
import {
  Client,
  type ActivityParams,
  type CloudEnvironment,
  type ConversationResource,
  type CreateConversationParams,
  type ITokenProvider,
} from '@microsoft/teams.api';
import type { ILogger } from '@microsoft/teams.common';
import { DeliveryError } from '../../delivery/outbox';
import { allowedServiceUrl } from './trust';

const MAX_CLIENTS = 50;
const DEFAULT_RETRY_MS = 5_000;

export interface ConnectorOptions {
  /** Undefined in unauthenticated (local development) mode: requests then carry no Authorization header. */
  tokenProvider?: ITokenProvider;
  cloud?: CloudEnvironment;
  logger: ILogger;
  timeoutMs?: number;
  /** SERVICE_URL: the one address allowed besides the Bot Framework's public ones. */
  serviceUrl?: string;
}

interface HttpFailure {
  code?: string;
  response?: { status?: number; headers?: Record<string, unknown> };
}

function isHttpFailure(err: unknown): err is HttpFailure {
  return typeof err === 'object' && err !== null && ('response' in err || 'code' in err);
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(String(value));
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const PERMANENT: Record<number, string> = {
  400: 'TEAMS_BAD_REQUEST',
  401: 'TEAMS_UNAUTHORIZED',
  403: 'TEAMS_FORBIDDEN',
  404: 'TEAMS_CONVERSATION_NOT_FOUND',
  413: 'TEAMS_MESSAGE_TOO_LARGE',
};

/** Maps a connector failure to a DeliveryError. Only status codes and error codes are read, never bodies. */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (!isHttpFailure(err)) return new DeliveryError('TEAMS_SEND_FAILED');
  const status = err.response?.status;
  if (status === 429)
    return new DeliveryError('TEAMS_RATE_LIMITED', {
      retryAfterMs: retryAfterMs(err.response?.headers?.['retry-after']) ?? DEFAULT_RETRY_MS,
    });
  if (status !== undefined && status >= 500) return new DeliveryError(`TEAMS_SERVER_ERROR_${status}`);
  if (status !== undefined) return new DeliveryError(PERMANENT[status] ?? `TEAMS_HTTP_${status}`, { permanent: true });
  // No response at all: a timeout or a network fault. The post may or may not have landed.
  if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') return new DeliveryError('TEAMS_TIMEOUT');
  return new DeliveryError(`TEAMS_NETWORK_${err.code ?? 'ERROR'}`);
}

export class Connector {
  private readonly clients = new Map<string, Client>();

  constructor(private readonly options: ConnectorOptions) {}

  get authenticated(): boolean {
    return this.options.tokenProvider !== undefined;
  }

  /** Posts an activity; a conversation id ending in `;messageid=N` posts into that channel thread. Returns the new activity id. */
  async post(serviceUrl: string, conversationId: string, activity: ActivityParams): Promise<string> {
    const res = await this.call(() => this.client(serviceUrl).conversations.createActivity(conversationId, activity));
    return res.id;
  }

  async update(
    serviceUrl: string,
    conversationId: string,
    activityId: string,
    activity: ActivityParams,
  ): Promise<void> {
    await this.call(() => this.client(serviceUrl).conversations.updateActivity(conversationId, activityId, activity));
  }

  /** Opens (or finds) a conversation, e.g. a 1:1 chat with a user who has the app installed. */
  async createConversation(serviceUrl: string, params: CreateConversationParams): Promise<ConversationResource> {
    return this.call(() => this.client(serviceUrl).conversations.create(params));
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toDeliveryError(err);
    }
  }

  private client(serviceUrl: string): Client {
    // Never send the bot's token anywhere else, whatever a stored reference says.
    if (!allowedServiceUrl(serviceUrl, this.options.serviceUrl))
      throw new DeliveryError('TEAMS_SERVICE_URL_NOT_ALLOWED', { permanent: true });
    const key = serviceUrl.replace(/\/+$/, '');
    let client = this.clients.get(key);
    if (!client) {
      if (this.clients.size >= MAX_CLIENTS) this.clients.clear(); // a handful of regional service URLs in practice
      const settings = this.options.tokenProvider
        ? { tokenProvider: this.options.tokenProvider, cloud: this.options.cloud }
        : { cloud: this.options.cloud };
      client = new Client(key, { logger: this.options.logger, timeout: this.options.timeoutMs ?? 15_000 }, settings);
      this.clients.set(key, client);
    }
    return client;
  }
}
