/**
 * npm run erase-case -- <case reference> — removes one case's reflections, supervisor threads and
 * their messages from Reflect's store at once (for example when an identifying case reference was
 * typed, or on an information-governance request). The audit log records that it happened, with a
 * hash of the reference rather than the reference itself. Posts already made in Slack or Teams stay
 * there: delete them in those tools.
 */
import { createHash } from 'node:crypto';
import { loadConfig } from '../src/config';
import { fromRoot } from '../src/paths';
import { openStore } from '../src/store';

async function main(): Promise<void> {
  const caseRef = process.argv.slice(2).join(' ').trim();
  if (!caseRef) {
    process.stderr.write(
      'ERASE_USAGE: give the case reference exactly as it was typed, e.g. npm run erase-case -- CR-2041\n',
    );
    process.exit(2);
  }
  const config = loadConfig();
  const store = await openStore({ databaseUrl: config.env.DATABASE_URL, dataDir: fromRoot(config.env.DATA_DIR) });
  try {
    const out = await store.eraseCase(caseRef);
    const target = `case-sha256:${createHash('sha256').update(caseRef).digest('hex').slice(0, 16)}`;
    await store.audit({ at: new Date().toISOString(), actor: 'admin', action: 'case.erased', target });
    process.stdout.write(
      `Erased ${out.reflections} reflection(s), ${out.threads} thread(s) and ${out.threadMessages} thread message(s). Audit target: ${target}\n`,
    );
  } finally {
    await store.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
