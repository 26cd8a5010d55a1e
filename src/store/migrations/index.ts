/**
 * Migrations are a static, ordered list rather than a folder scan, so they ship inside the compiled
 * bundle (dist/) and cannot be skipped or picked up by accident.
 */
import type { Migration, MigrationProvider } from 'kysely/migration';
import type { SqlFamily } from '../schema';
import { initial } from './0001-initial';
import { oneOpenReflection } from './0002-one-open-reflection';
import { encryption } from './0003-encryption';
import { safety } from './0004-safety';
import { caseHistory } from './0005-case-history';
import type { ReflectMigration } from './migration';

// In number order (Kysely applies them sorted by name; allowUnorderedMigrations lets a database
// that already ran a later number take an earlier newcomer).
export const MIGRATIONS: readonly ReflectMigration[] = [initial, oneOpenReflection, encryption, safety, caseHistory];

export class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly family: SqlFamily) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const m of MIGRATIONS) {
      out[m.name] = { up: (db) => m.up(db, this.family), down: (db) => m.down(db, this.family) };
    }
    return out;
  }
}
