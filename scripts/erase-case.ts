/**
 * npm run erase-case -- <case reference> — removes every copy of one case from Reflect's store at
 * once: reflections, supervisor threads and their messages, inbox, outbox, channel state and
 * de-duplication rows, matching the reference as typed (threads are keyed on it) and its redacted
 * form (content may quote that). On SQLite the freed pages are zeroed and the WAL truncated. The audit log records
 * that it happened, with counts and a digest of the reference, never the reference itself. Posts
 * already made in Slack or Teams stay there: delete them in those tools.
 */
import { loadConfig } from '../src/config';
import { redact } from '../src/core/redact';
import { openConfiguredStore } from './lib/store';

async function main(): Promise<void> {
  const caseRef = process.argv.slice(2).join(' ').trim();
  if (!caseRef) {
    process.stderr.write(
      'ERASE_USAGE: give the case reference exactly as it was typed, e.g. npm run erase-case -- CR-2041\n',
    );
    process.exit(2);
  }
  const config = loadConfig();
  const store = await openConfiguredStore(config);
  try {
    const out = await store.eraseCase([caseRef, redact(caseRef).text]);
    const target = store.codec.digest(caseRef);
    const counts = `reflections=${out.reflections};threads=${out.threads};threadMessages=${out.threadMessages};inbox=${out.inbox};outbox=${out.outbox};channelState=${out.channelState};processedEvents=${out.processedEvents}`;
    await store.audit({
      at: new Date().toISOString(),
      actor: 'admin',
      action: 'case.erased',
      target: `${target};${counts}`,
    });
    const walClear = await store.scrub();
    process.stdout.write(
      `Erased ${out.reflections} reflection(s), ${out.threads} thread(s) and ${out.threadMessages} thread message(s); ${out.inbox} inbox, ${out.outbox} outbox, ${out.channelState} channel-state and ${out.processedEvents} de-duplication row(s). Audit target: ${target}\n`,
    );
    if (!walClear)
      process.stdout.write(
        'The database is open elsewhere, so its write-ahead log could not be emptied yet; it will be at the next checkpoint (or stop the service and run this again).\n',
      );
    if (out.unreadable.length > 0) {
      const ids = out.unreadable.map((u) => `${u.column}:${u.rowId ?? '?'}`).join(', ');
      process.stdout.write(`Could not read ${out.unreadable.length} row(s), left as they are: ${ids}\n`);
    }
  } finally {
    await store.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
