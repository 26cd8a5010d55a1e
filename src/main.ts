/**
 * Composition root: reads configuration, loads the guidance and prompt sets, opens the store,
 * wires the channels and the outbox, and serves everything on one port. No logic of its own.
 */
// First import on purpose: refuses an old Node before any other module (or native addon) loads.
import './node-version';
import { Directory } from './app/directory';
import { CodedError, describeError } from './errors';
import type { Server } from 'node:http';
import path from 'node:path';
import express from 'express';
import { ReflectService } from './app/service';
import { sendNudges } from './app/nudges';
import { SupervisionService } from './app/supervision';
import { handleCheckinTurn } from './app/scheduling/checkins';
import { TimerWorker } from './app/scheduling/timers';
import { enabledChannels } from './channels/registry';
import { loadConfig, type Config } from './config';
import { watchOrgFile } from './config/org';
import { OutboxWorker } from './delivery/outbox';
import { createAssistance, type Assistance } from './llm';
import { createHttpApp, errorHandler, type HttpState } from './http/app';
import { createLogger, type Logger } from './log';
import { fromRoot, ROOT } from './paths';
import { loadCatalog, formatError } from './prompts/loader';
import { openStore } from './store';
import type { Store } from './store/port';
import type { Catalog } from './core/catalog';
import { prepareRedaction } from './core/redact';
import type { MountedChannel } from './channels/shared/types';

export interface Reflect {
  port: number;
  server: Server;
  store: Store;
  service: ReflectService;
  supervision: SupervisionService;
  outbox: OutboxWorker;
  timers: TimerWorker;
  catalog: Catalog;
  assist: Assistance; // optional LLM assistance (off unless configured); see docs/llm.md
  config: Config;
  log: Logger;
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  store?: Store;
  clock?: () => Date;
  /** How often due timers (re-alerts, check-ins) are looked for; 5 s by default. */
  timerPollMs?: number;
  /** How often (ms) the organisation file's modification time is checked; default 1000. */
  orgCheckMs?: number;
}

export class StartupError extends CodedError {}

export function loadContent(config: Config): Catalog {
  const { catalog, errors } = loadCatalog({
    guidanceDir: fromRoot(config.env.GUIDANCE_DIR),
    promptsDir: fromRoot(config.env.PROMPTS_DIR),
  });
  if (!catalog || errors.length > 0) {
    const listed = errors.slice(0, 10).map(formatError).join('\n');
    throw new StartupError(
      'PROMPTS_INVALID',
      `the prompt sets or guidance did not validate; run npm run prompts:check for the full list.\n${listed}`,
    );
  }
  return catalog;
}

export async function startReflect(config: Config = loadConfig(), options: StartOptions = {}): Promise<Reflect> {
  const log = options.log ?? createLogger(config.env.LOG_LEVEL);
  const catalog = loadContent(config);
  // The name detector builds its lexicon on first use (~50 ms); do it now, not in a practitioner's turn.
  prepareRedaction(['Warm-up note: spoke to Sarah and Kai.']);
  const assist = await createAssistance(config, log, catalog); // before the store opens: bad LLM settings stop startup cleanly
  const store =
    options.store ??
    (await openStore({
      databaseUrl: config.env.DATABASE_URL,
      dataDir: fromRoot(config.env.DATA_DIR),
      encryptionKey: config.env.ENCRYPTION_KEY,
      // Ids and the reason only: the value itself is never logged.
      onUnreadable: (r) => log.warn({ code: 'STORE_UNREADABLE_VALUE', ...r }, 'stored value skipped'),
    }));
  if (!config.env.ENCRYPTION_KEY)
    log.warn({ code: 'STORE_UNENCRYPTED' }, 'ENCRYPTION_KEY is not set: content is stored unencrypted');
  const outbox = new OutboxWorker(store, log, { pollMs: config.env.OUTBOX_POLL_MS }, options.clock);
  const now = () => (options.clock ?? (() => new Date()))().toISOString();
  // Authorisation follows the organisation file as it is now; a practitioner who moved takes their threads along.
  const directory: Directory = new Directory(
    watchOrgFile(config.env.ORG_CONFIG, config.org, {
      everyMs: options.orgCheckMs,
      onChange: () =>
        void directory.moveThreads(store, now()).then(
          (moved) => log.info({ code: 'ORG_RELOADED', moved }, 'organisation file reloaded'),
          (err: unknown) => log.error(describeError(err), 'moving threads failed'),
        ),
      onError: (err) => log.error(describeError(err), 'organisation file refused; keeping the last good one'),
    }),
  );
  await directory.moveThreads(store, now());
  const service: ReflectService = new ReflectService({
    store,
    catalog,
    org: config.org,
    directory,
    log,
    clock: options.clock,
    onQueued: () => outbox.kick(),
    afterTurn: (turn) => assist.afterTurn(service, turn),
    intercept: (req, practitioner) => handleCheckinTurn(service, req, practitioner),
  });
  const supervision = new SupervisionService(service);
  const timers = new TimerWorker(service, log, { pollMs: options.timerPollMs, channels: [] });
  const state: HttpState = { ready: false };
  const app = createHttpApp(state);

  const channelDeps = { app, service, supervision, store, config, log };
  const channels: MountedChannel[] = [];
  // Channel SDKs load only when configured (each module's mount imports its SDK): together they
  // cost ~60 MB of memory and start-up time.
  for (const channel of enabledChannels(config)) channels.push(await channel.mount(channelDeps));
  for (const ch of channels) outbox.register(ch.name, ch.deliverer);
  timers.channels.push(...channels.map((ch) => ch.name));

  if (config.localChannel) app.use(express.static(path.join(ROOT, 'public'), { index: 'index.html', maxAge: 0 }));
  app.use(errorHandler(log));

  const server = await listen(app, config.env.PORT, config.env.HOST);
  const port = (server.address() as { port: number }).port;
  outbox.start();
  timers.start();
  const purge = schedulePurge(store, config, log);
  const nudges = scheduleNudges(service, log);
  state.ready = true;
  log.info(
    {
      port,
      store: store.kind,
      channels: channels.map((c) => c.name),
      llm: config.llm,
    },
    'Reflect ready',
  );

  return {
    port,
    server,
    store,
    service,
    supervision,
    outbox,
    timers,
    catalog,
    assist,
    config,
    log,
    async close() {
      state.ready = false;
      await timers.stop();
      clearInterval(purge);
      clearInterval(nudges);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await assist.close();
      await outbox.stop();
      for (const ch of channels) await ch.close();
      if (!options.store) await store.close();
    },
  };
}

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.on('error', reject);
  });
}

/** Retention: reflections (and what hangs off them) are deleted retentionDays after their last change. */
function schedulePurge(store: Store, config: Config, log: Logger): NodeJS.Timeout {
  const run = async () => {
    const before = new Date(Date.now() - config.org.retentionDays * 86_400_000).toISOString();
    const removed = await store.purgeExpired(before);
    if (removed === 0) return;
    log.info({ removed, retentionDays: config.org.retentionDays }, 'retention purge');
    // Counts and the cut-off only: what was removed is gone, and the audit log never holds content.
    const target = `reflections=${removed};before=${before}`;
    await store.audit({ at: new Date().toISOString(), actor: 'system', action: 'retention.purged', target });
  };
  void run().catch(() => log.error({ code: 'PURGE_FAILED' }, 'retention purge failed'));
  const timer = setInterval(
    () => void run().catch(() => log.error({ code: 'PURGE_FAILED' }, 'retention purge failed')),
    3_600_000,
  );
  timer.unref();
  return timer;
}

/** Reminders for reflections left waiting (see app/nudges.ts), checked every quarter of an hour. */
function scheduleNudges(service: ReflectService, log: Logger): NodeJS.Timeout {
  const run = () =>
    sendNudges(service).then(
      (sent) => sent > 0 && log.info({ sent }, 'reminders sent'),
      () => log.error({ code: 'NUDGE_FAILED' }, 'reminders failed'),
    );
  const timer = setInterval(() => void run(), 15 * 60_000);
  timer.unref();
  return timer;
}

if (require.main === module) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  startReflect(config).then(
    (reflect) => {
      process.stdout.write(`Reflect is running: open http://localhost:${reflect.port}/ for the playground.\n`);
      const stop = () => void reflect.close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (err: Error) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  );
}
