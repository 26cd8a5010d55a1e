/**
 * Slack failures as outbox decisions: wait (429, honouring Retry-After), retry (5xx, timeouts,
 * network), or stop (configuration problems that a retry cannot fix, each with its own code so the
 * operator knows what to change).
 */
import { webApi } from '@slack/bolt';
import { DeliveryError } from '../../delivery/outbox';
import { SlackApiError } from './client';
import { SlackIdError } from './ids';

/** Platform errors a retry cannot fix: the app's setup, the channel, or the message itself. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'invalid_arguments',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'restricted_action',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'ekm_access_denied',
]);

export function slackErrorCode(err: unknown): string {
  return toDeliveryError(err).code;
}

/** Hints for the operator, keyed by code; only for problems they can fix in Slack or the org file. */
export const FIX_HINTS: Record<string, string> = {
  SLACK_NOT_IN_CHANNEL: "invite the Reflect app to the supervisor's channel (/invite @Reflect)",
  SLACK_CHANNEL_NOT_FOUND: 'check supervisors[].slack.channel in ORG_CONFIG (a channel id such as C0123ABC)',
  SLACK_INVALID_AUTH: 'check SLACK_BOT_TOKEN (reinstall the app if it was revoked)',
  SLACK_MISSING_SCOPE: 'reinstall the app from manifest.json so it has every scope it needs',
};

export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof webApi.WebAPIRateLimitedError)
    return new DeliveryError('SLACK_RATE_LIMITED', { retryAfterMs: Math.max(1, err.retryAfter) * 1000 });
  if (err instanceof webApi.WebAPIHTTPError) {
    const retryable = err.statusCode >= 500 || err.statusCode === 408;
    return new DeliveryError(retryable ? 'SLACK_SERVER_ERROR' : `SLACK_HTTP_${err.statusCode}`, {
      permanent: !retryable,
    });
  }
  // Timeouts and network failures: the request may or may not have landed, so retry (with the metadata check).
  if (err instanceof webApi.WebAPIRequestError) return new DeliveryError('SLACK_REQUEST_FAILED');
  if (err instanceof webApi.WebAPIPlatformError) {
    const code = `SLACK_${err.data.error.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
    if (err.data.error === 'ratelimited') return new DeliveryError('SLACK_RATE_LIMITED', { retryAfterMs: 1000 });
    return new DeliveryError(code, { permanent: PERMANENT.has(err.data.error) });
  }
  if (err instanceof SlackApiError || err instanceof SlackIdError)
    return new DeliveryError(err.code, { permanent: err.code !== 'SLACK_NO_TS' });
  return new DeliveryError('SLACK_UNKNOWN_ERROR');
}

export function isRetryable(err: DeliveryError): boolean {
  return err.options.permanent !== true;
}
