/**
 * Who may talk to /api/messages, and where the bot may send. The Teams SDK validates signatures,
 * audience and expiry, but on its Entra ("agentic identity") path it trusts whatever tenant the
 * token names and checks no service URL at all (InboundActivityTokenValidator.validateEntraToken in
 * @microsoft/teams.apps: "inbound Entra tokens currently do not include serviceurl"), and it has no
 * option to pin a tenant or list service URLs. So this guard runs in front of the SDK's route and
 * only ever refuses more: it reads the token's claims unverified (the SDK then verifies them) and
 * answers 401 to
 * - an Entra token whose tenant (tid) is not TENANT_ID, or a token from any other issuer family;
 * - an activity whose serviceUrl is not a Bot Framework public service URL or SERVICE_URL;
 * - an activity whose tenant is not TENANT_ID.
 * The same allow-list is applied again when a conversation reference is stored and before every
 * outbound call, so an address that slipped past one check is still never used. docs/teams.md.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../log';

/** Bot Framework's issuer for connector tokens (the SDK's PUBLIC cloud tokenIssuer). */
const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** Entra issuers: v2 (login.microsoftonline.com/<tid>/v2.0) and v1 (sts.windows.net/<tid>/). */
const ENTRA_ISSUERS = [/^https:\/\/login\.microsoftonline\.com\/([^/]+)\//, /^https:\/\/sts\.windows\.net\/([^/]+)\//];

/**
 * The Teams service URLs Microsoft publishes: commercial (smba.trafficmanager.net/<region>/),
 * GCC, GCC High and DoD. Anything else must be configured as SERVICE_URL.
 */
const PUBLIC_SERVICE_HOSTS = new Set([
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
]);

export interface TrustOptions {
  tenantId?: string;
  serviceUrl?: string;
  /** Tokens are checked only when the SDK checks them (CLIENT_ID set); the other rules always apply. */
  authenticated: boolean;
}

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Is this a service URL the bot may store and send to? */
export function allowedServiceUrl(value: string | undefined, configured: string | undefined): boolean {
  const url = value ? parseUrl(value) : undefined;
  if (!url || url.username || url.password) return false;
  if (url.protocol === 'https:' && PUBLIC_SERVICE_HOSTS.has(url.hostname.toLowerCase()) && !url.port) return true;
  const own = configured ? parseUrl(configured) : undefined;
  if (!own) return false;
  const base = own.pathname.replace(/\/+$/, '');
  return url.origin === own.origin && `${url.pathname.replace(/\/+$/, '')}/`.startsWith(`${base}/`);
}

function claimsOf(header: string | undefined): Record<string, unknown> | undefined {
  const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Why a token's claims are not acceptable, or undefined. Garbage is left to the SDK (it answers 401). */
export function tokenProblem(header: string | undefined, tenantId: string | undefined): string | undefined {
  const claims = claimsOf(header);
  if (!claims) return undefined;
  const iss = typeof claims.iss === 'string' ? claims.iss : '';
  if (iss === BOT_FRAMEWORK_ISSUER) return undefined;
  const entraTenant = ENTRA_ISSUERS.map((re) => re.exec(iss)?.[1]).find((t) => t !== undefined);
  if (entraTenant === undefined) return 'TEAMS_TOKEN_ISSUER';
  if (!tenantId || !same(entraTenant, tenantId) || !same(String(claims.tid ?? ''), tenantId))
    return 'TEAMS_TOKEN_TENANT';
  return undefined;
}

interface ActivityLike {
  serviceUrl?: unknown;
  conversation?: { tenantId?: unknown };
  channelData?: { tenant?: { id?: unknown } };
}

/** Why an activity may not be processed, or undefined. */
export function activityProblem(body: unknown, o: TrustOptions): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined; // the SDK answers malformed bodies
  const activity = body as ActivityLike;
  const serviceUrl = typeof activity.serviceUrl === 'string' ? activity.serviceUrl : undefined;
  if (serviceUrl !== undefined && !allowedServiceUrl(serviceUrl, o.serviceUrl)) return 'TEAMS_SERVICE_URL_NOT_ALLOWED';
  if (o.tenantId) {
    const tenant = activity.channelData?.tenant?.id ?? activity.conversation?.tenantId;
    if (typeof tenant !== 'string' || !same(tenant, o.tenantId)) return 'TEAMS_TENANT_NOT_ALLOWED';
  }
  return undefined;
}

/** Express middleware for the messaging endpoint, mounted before the SDK's own route. */
export function trustGuard(o: TrustOptions, log: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
    const problem = (o.authenticated ? tokenProblem(header, o.tenantId) : undefined) ?? activityProblem(req.body, o);
    if (!problem) return next();
    // Codes only: never the token, the body or the URL it named.
    log.warn({ code: problem }, 'teams activity refused before processing');
    res.status(401).json({ error: problem });
  };
}
