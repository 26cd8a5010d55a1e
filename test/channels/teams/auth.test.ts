/**
 * Inbound authentication is the Teams SDK's own JWT validation: with CLIENT_ID set, /api/messages
 * refuses requests without a valid Bot Framework token. The tokens here are malformed, so the
 * validator rejects them before it would fetch signing keys (no network in tests).
 * And the local-dev mode is refused outright in production.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../support/app';
import { startFakeConnector, type FakeConnector } from '../../fakes/teams/server';
import { AAD, personalMessage, postActivity, TENANT, writeOrg } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('Teams: inbound authentication with CLIENT_ID set', () => {
  let app: TestApp;
  let fake: FakeConnector;
  beforeAll(async () => {
    fake = await startFakeConnector();
    app = await startTestApp({
      CLIENT_ID: '00000000-0000-0000-0000-0000000000b0',
      CLIENT_SECRET: 'not-a-real-secret',
      TENANT_ID: TENANT,
      SERVICE_URL: fake.url,
      ORG_CONFIG: writeOrg(),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });

  it.each([
    ['no Authorization header', {}],
    ['a garbage bearer token', { authorization: 'Bearer not-a-jwt' }],
    ['a malformed three-part token', { authorization: 'Bearer aaa.bbb.ccc' }],
    ['a non-bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('answers 401 to %s, and nothing is processed or sent', async (_name, headers) => {
    expect(app.reflect.config.channels.teams).toBe('authenticated');
    const before = await app.reflect.store.countReflections();
    const res = await postActivity(app, personalMessage(fake, AAD.alex, 'hello'), headers);
    expect(res.status).toBe(401);
    expect(await app.reflect.store.countReflections()).toBe(before);
    expect(fake.calls).toHaveLength(0);
  });

  it('leaves the rest of the port alone', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});

describe('Teams: the local-dev mode in production', () => {
  it('refuses to start with NODE_ENV=production and DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS=true', () => {
    const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
        PORT: '0',
        HOST: '127.0.0.1',
        CLIENT_ID: '',
        LOG_LEVEL: 'silent',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.status).not.toBeNull();
    expect(`${run.stderr}${run.stdout}`).toMatch(/CONFIG_UNSAFE_PRODUCTION/);
  });
});
