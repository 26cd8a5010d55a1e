/**
 * The Teams SDK's logger, bridged to ours. The SDK passes whole activities, request bodies and
 * axios errors (which echo bodies and headers) as extra log arguments, so only the first string
 * argument is kept, and only an error's name or code besides it. Message text never reaches the logs.
 */
import type { ILogger, ILoggerOptions, LogLevel } from '@microsoft/teams.common';
import { errName } from '../../delivery/outbox';
import type { Logger } from '../../log';

const MAX_MESSAGE = 200;

function firstString(args: unknown[]): string | undefined {
  const s = args.find((a): a is string => typeof a === 'string');
  // Control characters are stripped so a crafted activity id cannot forge log lines.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here.
  return s === undefined ? undefined : s.replace(/[\r\n\t\u0000-\u001f\u007f]/g, ' ').slice(0, MAX_MESSAGE);
}

function errorCode(args: unknown[]): string | undefined {
  const err = args.find((a) => a instanceof Error);
  return err === undefined ? undefined : errName(err);
}

export class SdkLogger implements ILogger {
  readonly loggerOptions?: ILoggerOptions;

  constructor(
    private readonly target: Logger,
    private readonly name = 'teams-sdk',
  ) {}

  debug(...msg: unknown[]): void {
    this.write('debug', msg);
  }

  info(...msg: unknown[]): void {
    // The SDK's "info" lines are lifecycle chatter; keep them at debug so production logs stay ours.
    this.write('debug', msg);
  }

  warn(...msg: unknown[]): void {
    this.write('warn', msg);
  }

  error(...msg: unknown[]): void {
    this.write('error', msg);
  }

  trace(...msg: unknown[]): void {
    this.write('trace', msg);
  }

  log(level: LogLevel, ...msg: unknown[]): void {
    this.write(level, msg);
  }

  child(name: string): ILogger {
    return new SdkLogger(this.target, `${this.name}/${name}`);
  }

  private write(level: LogLevel, args: unknown[]): void {
    const message = firstString(args);
    if (message === undefined) return;
    this.target[level]({ sdk: this.name, code: errorCode(args) }, message);
  }
}
