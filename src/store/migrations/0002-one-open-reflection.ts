/**
 * At most one open reflection per practitioner, enforced by the database so that two replicas (or two
 * requests in one) given a first message at once cannot both open one: a partial unique index, which
 * SQLite and Postgres spell the same way. Rows left doubled by the old race are resolved first: the
 * most recently changed open reflection stays open, any older ones are marked cancelled (their content
 * is kept until retention removes it, and their own state still says what it was).
 */
import { sql } from 'kysely';
import type { ReflectMigration } from './migration';

const OPEN = sql`('active', 'paused', 'preview')`;

export const oneOpenReflection: ReflectMigration = {
  name: '0002-one-open-reflection',
  async up(db) {
    await sql`
      update reflections set status = 'cancelled'
      where status in ${OPEN}
        and exists (
          select 1 from reflections newer
          where newer.practitioner_id = reflections.practitioner_id
            and newer.status in ${OPEN}
            and (newer.updated_at > reflections.updated_at
              or (newer.updated_at = reflections.updated_at and newer.id > reflections.id))
        )`.execute(db);
    await sql`create unique index reflections_one_open on reflections (practitioner_id) where status in ${OPEN}`.execute(
      db,
    );
  },
  async down(db) {
    await sql`drop index if exists reflections_one_open`.execute(db);
  },
};
