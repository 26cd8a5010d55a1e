/**
 * npm run audit -- [--limit N] — prints the audit log, newest first, as tab-separated
 * time, actor, action and target. It holds ids and actions only, never content.
 */
import { loadConfig } from '../src/config';
import { openConfiguredStore } from './lib/store';

async function main(): Promise<void> {
  const at = process.argv.indexOf('--limit');
  const limit = at > 0 ? Number.parseInt(process.argv[at + 1] ?? '', 10) : 200;
  if (!Number.isInteger(limit) || limit < 1) {
    process.stderr.write('AUDIT_USAGE: --limit takes a whole number, e.g. npm run audit -- --limit 50\n');
    process.exit(2);
  }
  const config = loadConfig();
  const store = await openConfiguredStore(config);
  try {
    process.stdout.write('at\tactor\taction\ttarget\n');
    for (const e of await store.listAudit(limit))
      process.stdout.write(`${e.at}\t${e.actor}\t${e.action}\t${e.target}\n`);
  } finally {
    await store.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
