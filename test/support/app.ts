/** Boots the real app in-process on a free port with a throwaway SQLite store. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { type Reflect as ReflectApp, type StartOptions, startReflect } from '../../src/main';

export interface TestApp {
  reflect: ReflectApp;
  url: string;
  dataDir: string;
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'reflect-test-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', OUTBOX_POLL_MS: '50', DATA_DIR: dataDir, ...env });
  const reflect = await startReflect(config, { log: createLogger('silent'), ...options });
  return {
    reflect,
    url: `http://127.0.0.1:${reflect.port}`,
    dataDir,
    async stop(opts = {}) {
      await reflect.close();
      if (!opts.keepData && !env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolves once the outbox holds nothing pending: everything queued so far has been delivered (or
 * given up). The worker awaits each post before marking its item delivered, so after this nothing
 * more is on its way, and a test can prove "no duplicate arrived" without sleeping a fixed time.
 */
export async function outboxDrained(app: TestApp, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const pending = await app.reflect.store.listOutbox('pending');
    if (pending.length === 0) return;
    if (Date.now() > until) {
      throw new Error(
        `the outbox still holds ${pending.length} pending item(s): ${pending.map((i) => i.kind).join(', ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}
