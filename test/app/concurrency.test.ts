/**
 * Concurrency on every store: one open reflection per practitioner (the database enforces it),
 * concurrent notes never an error, "start again" atomic, and a conflict that cannot be resolved
 * answered with a polite "please resend" and nothing written. Two ReflectService instances on one
 * store stand for two replicas (on Postgres, with separate connection pools).
 */
import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';
import { ReflectService } from '../../src/app/service';
import { loadConfig } from '../../src/config';
import { DEMO_ORG } from '../../src/config/org';
import { createLogger } from '../../src/log';
import { loadContent } from '../../src/main';
import { openPgliteStore } from '../../src/store/pglite';
import { openPostgresStore } from '../../src/store/postgres';
import { StoreConflictError, type Store } from '../../src/store/port';
import { openSqliteStore } from '../../src/store/sqlite';
import { reflection } from '../store/fixtures';

const catalog = loadContent(loadConfig({}));
const log = createLogger('silent');
const url = process.env.DATABASE_URL;
const run = `conc_${process.pid}_${Date.now().toString(36)}`;
let n = 0;

interface Replicas {
  stores: Store[];
  close(): Promise<void>;
}

let pglite: PGlite | undefined;
const backends: Array<[string, () => Promise<Replicas>]> = [
  [
    'sqlite',
    async () => {
      const s = await openSqliteStore(':memory:');
      await s.migrate();
      return { stores: [s, s], close: () => s.close() };
    },
  ],
  [
    'pglite',
    async () => {
      pglite ??= new PGlite();
      const s = await openPgliteStore({ pglite, schema: `${run}_${++n}` });
      await s.migrate();
      return { stores: [s, s], close: () => s.close() };
    },
  ],
];
if (url)
  backends.push([
    'postgres',
    async () => {
      const schema = `${run}_${++n}`;
      const a = await openPostgresStore(url, { schema });
      await a.migrate();
      const b = await openPostgresStore(url, { schema });
      return {
        stores: [a, b],
        close: async () => {
          await a.close();
          await b.close();
          const admin = new Pool({ connectionString: url, max: 1 });
          await admin.query(`drop schema if exists ${schema} cascade`);
          await admin.end();
        },
      };
    },
  ]);
afterAll(async () => pglite?.close());

const service = (store: Store, conflictAttempts?: number) =>
  new ReflectService({ store, catalog, org: DEMO_ORG, log, conflictAttempts });

describe.each(backends)('%s', (_name, open) => {
  let r: Replicas;
  beforeEach(async () => {
    r = await open();
  });
  afterEach(() => r.close());

  it('the database refuses a second open reflection for one practitioner', async () => {
    const [store] = r.stores as [Store];
    await store.commitTurn({ reflection: { state: reflection('r1') } });
    await expect(store.commitTurn({ reflection: { state: reflection('r2') } })).rejects.toBeInstanceOf(
      StoreConflictError,
    );
    // A closed one does not count: a new one may open beside it.
    await store.commitTurn({ reflection: { state: reflection('r1', { status: 'shared' }) } });
    await store.commitTurn({ reflection: { state: reflection('r2') } });
    expect((await store.getOpenReflection('alex'))?.state.id).toBe('r2');
  });

  it('five first messages at once, on each of two replicas, open exactly one reflection', async () => {
    const [a, b] = r.stores.map((s) => service(s));
    const sends = Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? (b as ReflectService) : (a as ReflectService)).handle({
        channel: 'local',
        practitionerId: 'alex',
        input: { type: 'text', text: 'hello' },
      }),
    );
    const out = await Promise.all(sends);
    expect(out.every((o) => o.replies.length > 0)).toBe(true);
    const rows = await r.stores[0]?.listReflections('alex', 50);
    expect(rows?.filter((x) => ['active', 'paused', 'preview'].includes(x.status))).toHaveLength(1);
  });

  it('twenty simultaneous notes: none fails, every one is stored', async () => {
    const [a, b] = r.stores.map((s) => service(s)) as [ReflectService, ReflectService];
    await a.handle({ channel: 'local', practitionerId: 'bo', input: { type: 'text', text: 'hello' } });
    await a.handle({ channel: 'local', practitionerId: 'bo', input: { type: 'text', text: 'CR-CONC' } });
    const notes = Array.from({ length: 20 }, (_, i) => `note number ${i} about the visit`);
    const out = await Promise.all(
      notes.map((text, i) =>
        (i % 2 ? b : a).handle({ channel: 'local', practitionerId: 'bo', input: { type: 'text', text } }),
      ),
    );
    expect(out.filter((o) => o.replies.some((x) => /send it again/.test(x.text)))).toHaveLength(0);
    const state = (await r.stores[0]?.getOpenReflection('bo'))?.state;
    const stored = Object.values(state?.answers ?? {})
      .map((x) => x.note ?? '')
      .join('\n');
    for (const note of notes) expect(stored).toContain(note);
  });

  it('a conflict that outlasts the retries asks to resend, is never an error, and writes nothing', async () => {
    const [store] = r.stores as [Store];
    let calls = 0;
    const always: Store = Object.create(store, {
      commitTurn: {
        value: async () => {
          calls++;
          throw new StoreConflictError('x');
        },
      },
    });
    const s = service(always, 3);
    const out = await s.handle({ channel: 'local', practitionerId: 'alex', input: { type: 'text', text: 'hello' } });
    expect(calls).toBe(3);
    expect(out.replies.map((x) => x.text)).toEqual([
      'Sorry, that message crossed with another one and was not saved. Please send it again.',
    ]);
    expect(await store.countReflections()).toBe(0);
  });

  it('"start again" closes the old reflection and opens the new one in one transaction', async () => {
    const s = service(r.stores[0] as Store);
    const say = (text: string) => s.handle({ channel: 'local', practitionerId: 'alex', input: { type: 'text', text } });
    await say('hello');
    await say('CR-OLD');
    const old = (await r.stores[0]?.getOpenReflection('alex'))?.state.id;
    await say('start again');
    await say('yes');
    const open = await r.stores[0]?.getOpenReflection('alex');
    expect(open?.state.id).not.toBe(old);
    expect((await r.stores[0]?.getReflection(old ?? ''))?.status).toBe('cancelled');
  });
});
