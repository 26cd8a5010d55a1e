/**
 * Nothing acknowledged that is not saved. Slack does not resend an event it has had a 200 for, so
 * a kill -9 straight after the last 200 must lose nothing: every message Slack was told we had is
 * in the store. (With processBeforeResponse: false this lost 9 of 10.) A real child process is killed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../../src/store/sqlite';
import { FakeSlack } from '../../fakes/slack/server';
import { kill9, startChild } from '../../support/process';
import { SECRET, sendDm, SUP_CHANNEL, TOKEN, U, writeOrg } from './helpers';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reflect-slack-ack-'));
let fake: FakeSlack;
beforeAll(async () => {
  fake = await new FakeSlack({ channels: [SUP_CHANNEL] }).start();
});
afterAll(async () => {
  await fake.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('kill -9 right after Slack is sent 200 for ten notes loses none of them', async () => {
  const env = {
    DATA_DIR: dataDir,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    ORG_CONFIG: writeOrg(),
  };
  const a = await startChild(env);
  try {
    expect((await sendDm(a.url, U.alex, 'hello')).status).toBe(200);
    expect((await sendDm(a.url, U.alex, 'CR-ACK')).status).toBe(200);
    const notes = Array.from({ length: 10 }, (_, i) => `acknowledged note ${i}`);
    const sent = await Promise.all(notes.map((n) => sendDm(a.url, U.alex, n)));
    expect(sent.map((s) => s.status)).toEqual(notes.map(() => 200));
    await kill9(a);

    const store = await openSqliteStore(dataDir);
    try {
      const state = (await store.getOpenReflection('alex'))?.state;
      const stored = Object.values(state?.answers ?? {})
        .map((x) => x.note ?? '')
        .join('\n');
      for (const n of notes) expect(stored).toContain(n);
    } finally {
      await store.close();
    }
  } finally {
    if (a.proc.exitCode === null && a.proc.signalCode === null) await kill9(a);
  }
});
