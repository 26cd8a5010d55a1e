/**
 * The core of a reflection rotates across reflections on the same case, so each new reflection reads
 * that case's earlier ones (newest first). This index keeps that read cheap as reflections pile up.
 */
import type { ReflectMigration } from './migration';

export const caseHistory: ReflectMigration = {
  name: '0005-case-history',
  async up(db) {
    await db.schema
      .createIndex('reflections_case_created')
      .on('reflections')
      .columns(['case_ref', 'created_at'])
      .execute();
  },
  async down(db) {
    await db.schema.dropIndex('reflections_case_created').execute();
  },
};
