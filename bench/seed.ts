/** Seeds a store with N completed reflections (with threads and summaries), as a real pilot would accumulate. */
import { randomUUID } from 'node:crypto';
import { openStore } from '../src/store';
import type { ReflectionState } from '../src/core/types';

export async function seedReflections(dataDir: string, count: number): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    const now = new Date().toISOString();
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      const caseRef = `CR-SEED-${i % 500}`;
      const answers: ReflectionState['answers'] = {};
      for (let q = 0; q < 30; q++)
        answers[`q${q}`] = {
          choice: q % 3 === 0 ? 'yes' : 'no',
          note: q % 4 === 0 ? "A short note in the practitioner's own words about the visit." : undefined,
          at: now,
        };
      const state: ReflectionState = {
        id,
        practitionerId: i % 2 ? 'alex' : 'bo',
        supervisorId: 'sam',
        channel: 'local',
        status: 'shared',
        version: 1,
        startedAt: now,
        updatedAt: now,
        queue: Object.keys(answers),
        position: 30,
        answers,
        skipped: [],
        labelChecked: [],
        alertsSent: [],
      };
      await store.commitTurn({
        reflection: { state, caseRef },
        audit: [{ at: now, actor: state.practitionerId, action: 'reflection.shared', target: id }],
      });
    }
  } finally {
    await store.close();
  }
}
