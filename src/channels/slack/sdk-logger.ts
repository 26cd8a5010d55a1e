/**
 * Bolt and the Web API client log through this adapter into our logger. SDK debug output can
 * echo request bodies (user text, tokens), so debug is dropped; other levels keep only short
 * strings and error codes, never objects.
 */
import { LogLevel, type Logger as SdkLogger } from '@slack/bolt';
import type { Logger } from '../../log';

function describe(parts: unknown[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p && typeof p === 'object') {
        const code = (p as { code?: unknown }).code;
        const name = (p as { name?: unknown }).name;
        return typeof code === 'string' ? code : typeof name === 'string' ? name : 'object';
      }
      return String(p);
    })
    .join(' ')
    .replace(/\s+/g, ' ')
    .slice(0, 200);
}

export function sdkLogger(log: Logger): SdkLogger {
  let level = LogLevel.WARN;
  return {
    debug: () => undefined,
    info: (...msg: unknown[]) => log.debug({ code: 'SLACK_SDK', sdk: describe(msg) }, 'slack sdk'),
    warn: (...msg: unknown[]) => log.warn({ code: 'SLACK_SDK', sdk: describe(msg) }, 'slack sdk'),
    error: (...msg: unknown[]) => log.error({ code: 'SLACK_SDK', sdk: describe(msg) }, 'slack sdk'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
