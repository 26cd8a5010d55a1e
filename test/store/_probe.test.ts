import { Kysely, sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from 'kysely-pglite-dialect';
it('pglite loads', async () => {
  for (let i = 0; i < 3; i++) {
    const t = Date.now();
    const db = new Kysely<Record<string, never>>({ dialect: new PGliteDialect(new PGlite()) });
    const r = await sql<{ x: number }>`select 1 as x`.execute(db);
    expect(r.rows[0]?.x).toBe(1);
    await db.destroy();
    process.stderr.write(`pglite init+query ${Date.now() - t}ms\n`);
  }
});
