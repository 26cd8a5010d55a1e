/**
 * Done-when of issue 12 §4–5, measured on the bytes: with ENCRYPTION_KEY set no note, name, phone
 * number or case reference is found in the SQLite file or its WAL; without a key they are there
 * (the control), and after erase-case or a retention purge they are gone from both.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { openSqliteStore, SQLITE_FILE } from '../../src/store/sqlite';
import { startTestApp } from '../support/app';
import { call } from '../support/local-client';
import { foundIn, NOWAK, OKAFOR, reflectAndShare } from './scenario';

const ROOT = path.resolve(__dirname, '..', '..');
const files = (dir: string) => [path.join(dir, SQLITE_FILE), path.join(dir, `${SQLITE_FILE}-wal`)];

function cli(script: string, args: string[], env: Record<string, string>): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', ORG_CONFIG: '', ENCRYPTION_KEY: '', ENCRYPTION_KEY_OLD: '', ...env },
    encoding: 'utf8',
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

it('with ENCRYPTION_KEY, no identifier is in the database file or its WAL, and the service still reads it', async () => {
  const key = randomBytes(32).toString('base64');
  const app = await startTestApp({ ENCRYPTION_KEY: key });
  try {
    await reflectAndShare(app.url, OKAFOR);
    // While running: the WAL holds the recent writes.
    expect(statSync(files(app.dataDir)[1] as string).size).toBeGreaterThan(0);
    expect(foundIn(files(app.dataDir), OKAFOR.secrets)).toEqual([]);
    const threads = (await call(app.url, 'GET', '/local/threads?supervisor=sam')).json.threads as Array<{
      caseRef: string;
    }>;
    expect(threads.map((t) => t.caseRef)).toEqual([OKAFOR.caseRef]);
    expect(foundIn(files(app.dataDir), ['enc1.'])).toEqual(['enc1.']);
  } finally {
    await app.stop({ keepData: true });
  }
  expect(foundIn(files(app.dataDir), OKAFOR.secrets)).toEqual([]);
  // Owner-only, key or no key.
  expect(statSync(path.join(app.dataDir, SQLITE_FILE)).mode & 0o777).toBe(0o600);
  expect(statSync(app.dataDir).mode & 0o777).toBe(0o700);

  // The operator commands use the key too, and the blind index finds the case.
  const erased = cli('erase-case', [OKAFOR.caseRef], { DATA_DIR: app.dataDir, ENCRYPTION_KEY: key });
  expect(erased.out).toMatch(/Erased 1 reflection\(s\), 1 thread\(s\)/);
  expect(erased.out).toMatch(/Audit target: case-hmac:[0-9a-f]{16}/);
  rmSync(app.dataDir, { recursive: true, force: true });
}, 60_000);

it('without a key the values are stored (the control); erase-case removes every copy from the file and the WAL', async () => {
  const app = await startTestApp();
  await reflectAndShare(app.url, OKAFOR);
  await reflectAndShare(app.url, NOWAK);
  await app.stop({ keepData: true });
  try {
    expect(foundIn(files(app.dataDir), OKAFOR.secrets)).toEqual(OKAFOR.secrets);
    const erased = cli('erase-case', [OKAFOR.caseRef], { DATA_DIR: app.dataDir });
    expect(erased.code).toBe(0);
    expect(erased.out).toMatch(/Erased 1 reflection\(s\), 1 thread\(s\) and 2 thread message\(s\); [1-9]\d* inbox/);
    expect(foundIn(files(app.dataDir), OKAFOR.secrets)).toEqual([]);
    // The other case is untouched.
    expect(foundIn(files(app.dataDir), NOWAK.secrets)).toEqual(NOWAK.secrets);
    const audit = cli('audit', [], { DATA_DIR: app.dataDir });
    expect(audit.out).toMatch(
      /\tadmin\tcase\.erased\tcase-sha256:[0-9a-f]{16};reflections=1;threads=1;threadMessages=2;inbox=\d+;/,
    );
    expect(foundIn(files(app.dataDir), OKAFOR.secrets)).toEqual([]);
  } finally {
    rmSync(app.dataDir, { recursive: true, force: true });
  }
}, 60_000);

it('after a retention purge none of the purged values is in the file or the WAL', async () => {
  const app = await startTestApp();
  await reflectAndShare(app.url, OKAFOR);
  await app.stop({ keepData: true });
  try {
    expect(foundIn(files(app.dataDir), OKAFOR.secrets)).toEqual(OKAFOR.secrets);
    const store = await openSqliteStore(app.dataDir);
    await store.migrate();
    expect(await store.purgeExpired('2999-01-01T00:00:00.000Z')).toBe(1);
    expect(foundIn(files(app.dataDir), OKAFOR.secrets)).toEqual([]); // while still open: the WAL was truncated
    await store.close();
    expect(foundIn(files(app.dataDir), OKAFOR.secrets)).toEqual([]);
  } finally {
    rmSync(app.dataDir, { recursive: true, force: true });
  }
}, 60_000);

it('rotate-key encrypts a database written without a key, in place; the service then reads it with the key', async () => {
  const app = await startTestApp();
  await reflectAndShare(app.url, OKAFOR);
  await app.stop({ keepData: true });
  try {
    expect(foundIn(files(app.dataDir), OKAFOR.secrets)).toEqual(OKAFOR.secrets);
    const key = randomBytes(32).toString('base64');
    const rotated = cli('rotate-key', [], { DATA_DIR: app.dataDir, ENCRYPTION_KEY: key });
    expect(rotated.out).toMatch(/Re-encrypted \d+ value\(s\) in \d+ row\(s\) under key id [0-9a-f]{8}/);
    expect(rotated.code).toBe(0);
    expect(foundIn(files(app.dataDir), OKAFOR.secrets)).toEqual([]);
    expect(cli('rotate-key', [], { DATA_DIR: app.dataDir, ENCRYPTION_KEY: key }).out).toMatch(
      /already under the new key/,
    );
    const next = randomBytes(32).toString('base64');
    const wrongOld = cli('rotate-key', [], {
      DATA_DIR: app.dataDir,
      ENCRYPTION_KEY: next,
      ENCRYPTION_KEY_OLD: randomBytes(32).toString('base64'),
    });
    expect(wrongOld.code).toBe(1);
    expect(wrongOld.out).toMatch(/STORE_KEY_MISMATCH: ENCRYPTION_KEY_OLD/);
    expect(cli('rotate-key', [], { DATA_DIR: app.dataDir, ENCRYPTION_KEY: next, ENCRYPTION_KEY_OLD: key }).code).toBe(
      0,
    );

    const again = await startTestApp({ DATA_DIR: app.dataDir, ENCRYPTION_KEY: next });
    try {
      const threads = (await call(again.url, 'GET', '/local/threads?supervisor=sam')).json.threads as Array<{
        caseRef: string;
      }>;
      expect(threads.map((t) => t.caseRef)).toEqual([OKAFOR.caseRef]);
    } finally {
      await again.stop();
    }
    await expect(startTestApp({ DATA_DIR: app.dataDir, ENCRYPTION_KEY: key })).rejects.toThrow(/STORE_KEY_MISMATCH/);
  } finally {
    rmSync(app.dataDir, { recursive: true, force: true });
  }
}, 90_000);
