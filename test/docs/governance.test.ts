/**
 * The governance documents name code, tables, columns, settings and commands so they can be checked
 * against it; this test does the checking, so a rename or removal that leaves them stale fails here.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { envSchema } from '../../src/config/env';
import { SEALED_TABLES } from '../../src/store/rotate';
import { openSqliteStore } from '../../src/store/sqlite';
import type { TableName } from '../../src/store/schema';

const ROOT = path.resolve(__dirname, '..', '..');
const DOCS = ['docs/governance/dpia.md', 'docs/governance/atrs.md'];
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');
const ticked = (text: string) => [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] as string);
// Variables read outside the service's own schema (the rotation command's old key).
const SCRIPT_ONLY_ENV = ['ENCRYPTION_KEY_OLD'];
const TABLES: string[] = [
  'reflections',
  'outbox',
  'threads',
  'thread_messages',
  'inbox',
  'processed_events',
  'channel_state',
  'audit',
  'counters',
  'store_meta',
] satisfies TableName[];

describe.each(DOCS)('%s', (doc) => {
  const names = ticked(read(doc));

  it('names only files that exist', () => {
    const files = names.filter((n) => /^(src|scripts|prompts|docs|test|guidance)\/[\w./-]*$/.test(n));
    expect(files.length).toBeGreaterThan(5);
    expect(files.filter((f) => !existsSync(path.join(ROOT, f)))).toEqual([]);
  });

  it('names only environment variables the service or its commands read, all in .env.example', () => {
    // Error codes (STORE_…, CONFIG_…) share the shape; they are not settings.
    const vars = names.filter((n) => /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(n) && !/^(STORE|CONFIG)_/.test(n));
    expect(vars.length).toBeGreaterThan(3);
    const known = new Set([...Object.keys(envSchema.shape), ...SCRIPT_ONLY_ENV]);
    expect(vars.filter((v) => !known.has(v))).toEqual([]);
    const example = read('.env.example');
    expect(vars.filter((v) => !example.includes(v))).toEqual([]);
  });

  it('names only npm commands that exist', () => {
    const scripts = Object.keys(JSON.parse(read('package.json')).scripts as Record<string, string>);
    const commands = names.flatMap((n) => [...n.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] as string));
    expect(commands.filter((c) => !scripts.includes(c))).toEqual([]);
  });

  it('names only tables and columns the migrated schema has', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      await store.migrate();
      // table.column, for every table the store has (audit actions such as case.erased share the shape).
      const refs = names.filter((n) => TABLES.includes(n.split('.')[0] ?? '') && /^[a-z_]+\.[a-z_]+$/.test(n));
      const missing: string[] = [];
      for (const ref of refs) {
        const [table, column] = ref.split('.') as [TableName, string];
        if (!(await store.columnsOf(table)).includes(column)) missing.push(ref);
      }
      if (doc.endsWith('dpia.md')) expect(refs.length).toBeGreaterThan(10);
      expect(missing).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

it('the DPIA inputs name every content column the store encrypts', () => {
  const dpia = read('docs/governance/dpia.md');
  const columns = SEALED_TABLES.flatMap((t) => [
    ...t.columns.map((c) => `${t.table}.${c}`),
    ...(t.caseRef ? [`${t.table}.case_ref_text`] : []),
  ]);
  expect(columns.filter((c) => !dpia.includes(`\`${c}\``))).toEqual([]);
});
