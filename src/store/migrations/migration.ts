import type { Kysely } from 'kysely';
import type { SqlFamily } from '../schema';

/**
 * A migration that is told which SQL family it runs on, so the few non-portable bits (auto-increment)
 * can branch while everything else stays one definition. Migrations see an untyped database on
 * purpose: they describe how the schema changes, not what it currently is.
 */
export interface ReflectMigration {
  name: string;
  up(db: Kysely<unknown>, family: SqlFamily): Promise<void>;
  down(db: Kysely<unknown>, family: SqlFamily): Promise<void>;
}
