/**
 * npm run outbox:retry — after fixing why deliveries failed for good (a revoked token, the bot not
 * invited to a supervisor's channel), put the abandoned ("dead") deliveries back in the queue.
 * Uses the same configuration as the service (DATA_DIR or DATABASE_URL). Prints counts only.
 */
import { loadConfig } from '../src/config';
import { openConfiguredStore } from './lib/store';

async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openConfiguredStore(config);
  try {
    const dead = await store.listOutbox('dead');
    const byError = new Map<string, number>();
    for (const item of dead)
      byError.set(item.lastError ?? 'unknown', (byError.get(item.lastError ?? 'unknown') ?? 0) + 1);
    for (const [code, n] of byError) process.stdout.write(`${n} dead with ${code}\n`);
    const requeued = await store.requeueDead(new Date().toISOString());
    process.stdout.write(`Requeued ${requeued} deliveries; the running service delivers them at its next poll.\n`);
  } finally {
    await store.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
