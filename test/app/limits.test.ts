/**
 * Bounded inputs: a note keeps at most 4,000 characters, a reflection 40,000, a case reference 64
 * (refused whole); too long is said, with the limit; control characters (NUL included) never reach
 * a store. The timing of a 300 KB paste is measured in the benchmark, not here.
 */
import { boundState, LIMITS, stripControl } from '../../src/app/limits';
import { reflection } from '../store/fixtures';
import { newText, ReflectService } from '../../src/app/service';
import { loadConfig } from '../../src/config';
import { DEMO_ORG } from '../../src/config/org';
import { createLogger } from '../../src/log';
import { loadContent } from '../../src/main';
import { openPostgresStore } from '../../src/store/postgres';
import type { Store } from '../../src/store/port';
import { openSqliteStore } from '../../src/store/sqlite';
import { startTestApp } from '../support/app';
import { call } from '../support/local-client';
import { Pool } from 'pg';

const catalog = loadContent(loadConfig({}));
const ORG = { ...DEMO_ORG, practitioners: [...DEMO_ORG.practitioners, { id: 'cam', name: 'Cam', supervisor: 'sam' }] };
const url = process.env.DATABASE_URL;
const schema = `limits_${process.pid}_${Date.now().toString(36)}`;

const stores: Array<[string, () => Promise<Store>]> = [
  [
    'sqlite',
    async () => {
      const s = await openSqliteStore(':memory:');
      await s.migrate();
      return s;
    },
  ],
];
if (url)
  stores.push([
    'postgres',
    async () => {
      const s = await openPostgresStore(url, { schema });
      await s.migrate();
      return s;
    },
  ]);

afterAll(async () => {
  if (!url) return;
  const admin = new Pool({ connectionString: url, max: 1 });
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
});

const notes = (store: Store, who: string) =>
  store.getOpenReflection(who).then((r) => Object.values(r?.state.answers ?? {}).map((a) => a.note ?? ''));

describe.each(stores)('%s', (_name, open) => {
  let store: Store;
  let s: ReflectService;
  const say = (who: string, text: string) =>
    s.handle({ channel: 'local', practitionerId: who, input: { type: 'text', text } });
  beforeAll(async () => {
    store = await open();
    s = new ReflectService({ store, catalog, org: ORG, log: createLogger('silent') });
  });
  afterAll(() => store.close());

  it('a 39,000-character case reference is refused with the limit, and nothing of it is stored', async () => {
    await say('alex', 'hello');
    const out = await say('alex', 'C'.repeat(39_000));
    expect(out.replies.map((r) => r.text)).toEqual([
      'A case reference can be at most 64 characters, so that one was not saved. Please send the reference from your case-management system.',
    ]);
    const row = await store.getOpenReflection('alex');
    expect(JSON.stringify(row?.state).length).toBeLessThan(5_000);
    expect(row?.caseRef).toBeUndefined();
  });

  it('a 300 KB paste keeps the first 4,000 characters and says so', async () => {
    await say('bo', 'hello');
    await say('bo', 'CR-LONG');
    const paste = 'x'.repeat(300_000);
    const out = await say('bo', paste);
    expect(out.replies[0]?.text).toBe(
      'That was longer than 4,000 characters, the most a note can hold. I kept the first 4,000; send the rest as a shorter note.',
    );
    const stored = await notes(store, 'bo');
    expect(Math.max(...stored.map((n) => n.length))).toBe(LIMITS.note);
  });

  it('notes appended turn after turn stop at 4,000 a note and 40,000 a reflection', async () => {
    for (let i = 0; i < 3; i++) await say('bo', 'y'.repeat(3_000));
    const stored = await notes(store, 'bo');
    expect(Math.max(...stored.map((n) => n.length))).toBeLessThanOrEqual(LIMITS.note);
    expect(stored.join('').length).toBeLessThanOrEqual(LIMITS.reflection);
  });

  it('NUL and other control characters are removed before the store, and the reflection still works', async () => {
    await say('cam', 'hello');
    await say('cam', 'CR-NUL');
    await say('cam', 'a note\u0000 with\u0007 controls\u001b[31m and\ttabs\nlines');
    const stored = await notes(store, 'cam');
    expect(stored.join('|')).toContain('a note with controls[31m and\ttabs\nlines');
    for (const c of ['\u0000', '\u0007', '\u001b']) expect(stored.join('')).not.toContain(c);
  });
});

it('control characters: C0 (but tab, LF, CR), DEL and C1 are removed', () => {
  expect(stripControl('a\u0000b\u0001\u001f\u007f\u0085c\td\ne\rf')).toBe('abc\td\ne\rf');
});

it('the local API refuses a 300 KB body at the edge with the limit', async () => {
  const app = await startTestApp();
  try {
    const r = await call(app.url, 'POST', '/local/messages', { user: 'alex', text: 'x'.repeat(300_000) });
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
    expect(await app.reflect.store.countReflections()).toBe(0);
  } finally {
    await app.stop();
  }
});

it('a reflection holds 40,000 characters of notes in all: the note that crosses it keeps what fits, and says so', () => {
  const answers = Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [`q${i}`, { note: 'n'.repeat(3_900), at: 't' }]),
  );
  const before = reflection('r', { answers });
  const after = reflection('r', { answers: { ...answers, q10: { note: 'm'.repeat(3_000), at: 't' } } });
  const out = boundState(before, after, catalog);
  expect(out.notices).toEqual([{ key: 'tooLongReflection', limit: 40_000 }]);
  expect(out.state.answers.q10?.note).toBe('m'.repeat(1_000));
  const total = Object.values(out.state.answers).reduce((n, a) => n + (a.note?.length ?? 0), 0);
  expect(total).toBe(LIMITS.reflection);
});

it('redaction ahead of the preview looks only at what a turn added to a note', () => {
  expect(newText('first line', 'first line\nsecond line')).toBe('second line');
  expect(newText(undefined, 'a new note')).toBe('a new note');
  expect(newText('old', 'replaced entirely')).toBe('replaced entirely');
});
