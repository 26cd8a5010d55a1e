/**
 * The logger. Answer text, notes, summaries, message bodies, tokens and secrets never reach the
 * logs: callers log ids and codes only, and this redaction list is the second line of defence.
 */
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'text',
  '*.text',
  'note',
  '*.note',
  'notes',
  '*.notes',
  'answers',
  '*.answers',
  'summary',
  '*.summary',
  'payload',
  '*.payload',
  'body',
  '*.body',
  'reply',
  '*.reply',
  'replies',
  '*.replies',
  'narrative',
  '*.narrative',
  'details',
  '*.details',
  'view',
  '*.view',
  'caseRef',
  '*.caseRef',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'apiKey',
  '*.apiKey',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers["x-slack-signature"]',
  'messages',
  '*.messages',
  'prompt',
  '*.prompt',
  'caseRef',
  '*.caseRef',
];

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'reflect' } }, destination);
}
