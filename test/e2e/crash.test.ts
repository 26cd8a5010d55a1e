/**
 * kill -9 at any point, then a restart: the conversation resumes exactly where it was, and the
 * supervisor's thread holds each summary exactly once. A real child process is killed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { call, driveToPreview, lastQuestion, press, say, type ApiReply } from '../support/local-client';
import { kill9, startChild, runToExit } from '../support/process';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reflect-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('resumes after SIGKILL mid-reflection and never duplicates a shared summary', async () => {
  const env = { DATA_DIR: dataDir };
  const a = await startChild(env);
  await say(a.url, 'alex', 'hello');
  await say(a.url, 'alex', 'CR-KILL-1');
  const asked = lastQuestion(await say(a.url, 'alex', 'Home visit'));
  await kill9(a);

  const b = await startChild(env);
  const again = lastQuestion(await say(b.url, 'alex', 'help'));
  expect(again?.text).toBe(asked?.text);
  expect(again?.meta.progress?.index).toBe(3);
  await say(b.url, 'alex', 'cancel');
  await say(b.url, 'alex', 'yes');
  const { preview } = await driveToPreview(b.url, 'alex', {
    caseRef: 'CR-KILL-2',
    contact: 'home-visit',
    engagement: 'hostile',
    childSeen: 'seen-alone',
  });
  const shared = await press(b.url, 'alex', preview, 'share');
  expect(shared[0]?.text).toMatch(/Shared/);
  await kill9(b); // straight after the commit that shared it

  const c = await startChild(env);
  try {
    const threads = (await call(c.url, 'GET', '/local/threads?supervisor=sam')).json.threads as Array<{
      caseRef: string;
      messages: Array<{ kind: string }>;
    }>;
    const mine = threads.filter((t) => t.caseRef === 'CR-KILL-2');
    expect(mine).toHaveLength(1);
    expect(mine[0]?.messages.filter((m) => m.kind === 'summary')).toHaveLength(1);
    // The shared reflection is closed: a new message starts a new reflection.
    const fresh = (await say(c.url, 'alex', 'hello')) as ApiReply[];
    expect(lastQuestion(fresh)?.meta.progress?.index).toBe(1);
  } finally {
    await kill9(c);
  }
});

it('refuses to start with a clear message when the prompt sets do not validate', async () => {
  const broken = mkdtempSync(path.join(os.tmpdir(), 'reflect-noprompts-'));
  try {
    const out = await runToExit({ DATA_DIR: dataDir, PROMPTS_DIR: broken });
    expect(out.code).not.toBe(0);
    expect(out.output).toMatch(/PROMPTS_INVALID/);
  } finally {
    rmSync(broken, { recursive: true, force: true });
  }
});
