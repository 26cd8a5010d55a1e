/**
 * One directory of people and one authorisation rule, decided from the organisation file as it is
 * now: when a practitioner moves supervisor, the old supervisor loses read and reply access, and
 * the practitioner's threads move to the new supervisor. Driven through the local API.
 */
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Directory } from '../../src/app/directory';
import { DEMO_ORG, watchOrgFile } from '../../src/config/org';
import { startTestApp, type TestApp } from '../support/app';
import { call, driveToPreview, press } from '../support/local-client';

const orgYaml = (alexSupervisor: string) => `
organisation: Test Council
supervisors:
  - { id: sam, name: Sam Rivers }
  - { id: kim, name: Kim Lee }
practitioners:
  - { id: alex, name: Alex Morgan, supervisor: ${alexSupervisor} }
  - { id: bo, name: Bo Chen, supervisor: sam }
`;

const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-org-'));
const file = path.join(dir, 'org.yaml');
let bump = 0;
const writeOrg = (alexSupervisor: string) => {
  writeFileSync(file, orgYaml(alexSupervisor));
  const t = new Date(Date.now() + ++bump * 10_000); // a distinct modification time every write
  utimesSync(file, t, t);
};

let app: TestApp;
beforeAll(async () => {
  writeOrg('sam');
  app = await startTestApp({ ORG_CONFIG: file }, { orgCheckMs: 0 });
});
afterAll(() => app.stop());

const threads = async (supervisor: string) =>
  (await call(app.url, 'GET', `/local/threads?supervisor=${supervisor}`)).json.threads as Array<{
    id: string;
    messages: Array<{ id: string }>;
  }>;

/** Moving threads runs in the background after a reload; wait for it with a deadline, not a fixed sleep. */
async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setImmediate(r));
  }
}

it('a practitioner who moves takes their threads along; the old supervisor can no longer read, act or reply', async () => {
  const { preview } = await driveToPreview(app.url, 'alex', {
    caseRef: 'CR-MOVE',
    contact: 'home-visit',
    engagement: 'open',
    childSeen: 'seen-alone',
  });
  await press(app.url, 'alex', preview, 'share');
  const before = await threads('sam');
  expect(before).toHaveLength(1);
  expect(await threads('kim')).toHaveLength(0);
  const thread = before[0]!;
  const messageId = thread.messages[0]!.id;

  writeOrg('kim');
  const kim = await eventually(
    () => threads('kim'),
    (t) => t.length === 1,
  );
  expect(kim.map((t) => t.id)).toEqual([thread.id]);
  expect(await threads('sam')).toHaveLength(0);

  const samAct = await call(app.url, 'POST', `/local/threads/${thread.id}/actions`, {
    user: 'sam',
    action: 'acknowledge',
    messageId,
  });
  expect(samAct.status).toBe(403);
  const samReply = await call(app.url, 'POST', `/local/threads/${thread.id}/replies`, { user: 'sam', text: 'hi' });
  expect(samReply.status).toBe(403);
  const kimReply = await call(app.url, 'POST', `/local/threads/${thread.id}/replies`, { user: 'kim', text: 'hello' });
  expect(kimReply.status).toBe(200);
});

it('acknowledging with a message id from another thread is refused and tells nobody', async () => {
  writeOrg('sam');
  const share = async (who: string, caseRef: string) => {
    const { preview } = await driveToPreview(app.url, who, {
      caseRef,
      contact: 'home-visit',
      engagement: 'open',
      childSeen: 'seen-alone',
    });
    await press(app.url, who, preview, 'share');
  };
  await share('bo', 'CR-OTHER-1');
  await share('bo', 'CR-OTHER-2');
  const mine = await eventually(
    () => threads('sam'),
    (t) => t.length >= 3,
  );
  const [a, b] = mine.filter((t) => t.messages.length > 0);
  const inboxBefore = (await call(app.url, 'GET', '/local/messages?user=bo')).json.messages as unknown[];
  const r = await call(app.url, 'POST', `/local/threads/${a!.id}/actions`, {
    user: 'sam',
    action: 'acknowledge',
    messageId: b!.messages[0]!.id,
  });
  expect(r.status).toBe(404);
  const inboxAfter = (await call(app.url, 'GET', '/local/messages?user=bo')).json.messages as unknown[];
  expect(inboxAfter).toHaveLength(inboxBefore.length);
});

it('a broken organisation file is refused and the last good one kept', () => {
  writeFileSync(file, 'organisation: [');
  utimesSync(file, new Date(Date.now() + 999_000), new Date(Date.now() + 999_000));
  const errors: string[] = [];
  const good = { ...DEMO_ORG };
  const current = watchOrgFile(file, good, { everyMs: 0, onError: (e) => errors.push(e.code) });
  // the first look sees the same mtime it started with, so force a change
  utimesSync(file, new Date(Date.now() + 1_999_000), new Date(Date.now() + 1_999_000));
  expect(current()).toBe(good);
  expect(errors).toEqual(['CONFIG_ORG_YAML']);
});

it('the directory answers from its source on every call', () => {
  let org = DEMO_ORG;
  const d = new Directory(() => org);
  expect(d.mayActOn('sam', { practitionerId: 'alex' })).toBe(true);
  org = {
    ...DEMO_ORG,
    supervisors: [...DEMO_ORG.supervisors, { id: 'kim', name: 'Kim' }],
    practitioners: [{ id: 'alex', name: 'Alex', supervisor: 'kim' }],
  };
  expect(d.mayActOn('sam', { practitionerId: 'alex' })).toBe(false);
  expect(d.mayActOn('kim', { practitionerId: 'alex' })).toBe(true);
  expect(d.mayActOn('kim', { practitionerId: 'gone' })).toBe(false);
});
