/**
 * Reminders for reflections left waiting: one nudge per idle period, after the organisation's
 * `nudgeAfterHours`, so a paused reflection does not quietly drift past supervision. The reminder
 * and the record that it was sent are committed together, so a restart never sends it twice.
 */
import type { ReflectionRow } from '../store/port';
import { StoreConflictError } from '../store/port';
import type { ReflectService } from './service';

const BATCH = 50;

function due(row: ReflectionRow): boolean {
  const { nudgedAt, updatedAt } = row.state;
  return nudgedAt === undefined || nudgedAt < updatedAt; // acted on since the last reminder
}

export async function sendNudges(service: ReflectService): Promise<number> {
  const hours = service.directory.org.nudgeAfterHours;
  if (hours === 0) return 0;
  const now = service.clock();
  const before = new Date(now.getTime() - hours * 3_600_000).toISOString();
  let sent = 0;
  for (const row of await service.deps.store.listIdleReflections(before, BATCH)) {
    if (!due(row) || !service.practitioner(row.state.practitionerId)) continue;
    const { state } = row;
    const key = state.status === 'preview' ? 'nudgePreview' : 'nudge';
    const text = service.text(key, {
      caseRef: row.caseRef ?? '',
      n: Math.min(state.position + 1, state.queue.length),
      total: state.queue.length,
      retentionDays: service.directory.org.retentionDays,
    });
    // updatedAt stays as it was: a reminder is not activity, and must not postpone retention.
    const next = { ...state, nudgedAt: now.toISOString(), version: state.version + 1 };
    try {
      await service.deps.store.commitTurn({
        ...service.pushCommit(state.practitionerId, state.channel, [{ kind: 'info', text }]),
        reflection: { state: next, expectedVersion: state.version },
        audit: [{ at: now.toISOString(), actor: 'system', action: 'reflection.nudged', target: state.id }],
      });
      sent++;
    } catch (err) {
      if (!(err instanceof StoreConflictError)) throw err; // the practitioner came back meanwhile: no reminder needed
    }
  }
  if (sent > 0) service.deps.onQueued?.();
  return sent;
}
