/**
 * One HTTP port for everything: /healthz, the local channel, /slack/events and /api/messages.
 * Channels mount their own routers; this module owns only what is shared.
 */
import express, { type ErrorRequestHandler, type Express } from 'express';
import { describeError } from '../errors';
import type { Logger } from '../log';

export interface HttpState {
  ready: boolean;
}

export function createHttpApp(state: HttpState): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.status(state.ready ? 200 : 503).json({ ok: state.ready });
  });
  return app;
}

/** Mounted last: JSON errors that name the problem, never a stack trace or the request body. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const e = err as { type?: string; status?: number; statusCode?: number };
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'BODY_TOO_LARGE', message: 'Request bodies are limited to 64 KB.' } });
      return;
    }
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({
        error: {
          code: 'BODY_NOT_JSON',
          message: 'The body is not valid JSON. Send Content-Type: application/json with a JSON object.',
        },
      });
      return;
    }
    const status = e.status ?? e.statusCode ?? 500;
    if (status >= 500) log.error({ ...describeError(err), kind: 'HTTP_UNHANDLED' }, 'unhandled error');
    res.status(status).json({
      error: {
        code: status >= 500 ? 'INTERNAL' : 'BAD_REQUEST',
        message: status >= 500 ? 'Something went wrong; it has been logged without content.' : 'Bad request.',
      },
    });
  };
}
