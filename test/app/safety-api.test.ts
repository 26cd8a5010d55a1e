/**
 * Issue 11 through the local API (POST /local/messages), in-process with the clock as a value:
 * the urgent path's entry points, check-in/check-out and their bad input, re-alerts, escalation and
 * acknowledgement. Timers are fired with runDue() after moving the clock; nothing waits.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../support/app';
import { call, driveToPreview, lastQuestion, press, say, type ApiReply } from '../support/local-client';

const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-safety-'));
const orgFile = path.join(dir, 'org.yaml');
writeFileSync(
  orgFile,
  `organisation: Test Council
urgentRealertMinutes: 15
loneWorking: { graceMinutes: 15, timeZone: UTC }
contacts: { manager: your team manager, mash: the MASH, earlyHelp: Early Help, emergency: "999" }
supervisors:
  - { id: sam, name: Sam Rivers, manager: max }
  - { id: max, name: Max Boyd }
practitioners:
  - { id: alex, name: Alex Morgan, supervisor: sam }
  - { id: bo, name: Bo Chen, supervisor: sam }
  - { id: cy, name: Cy Lund, supervisor: sam }
`,
);

let now = new Date('2026-12-01T14:00:00Z');
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ ORG_CONFIG: orgFile }, { clock: () => now, timerPollMs: 3_600_000 });
});
afterAll(async () => {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

const advance = async (minutes: number): Promise<number> => {
  now = new Date(now.getTime() + minutes * 60_000);
  return app.reflect.timers.runDue();
};

interface Msg {
  id: string;
  kind: string;
  text: string;
  acknowledged: boolean;
  alert?: string;
}
interface Thread {
  id: string;
  caseRef: string;
  title: string;
  messages: Msg[];
}
const threads = async (supervisor = 'sam'): Promise<Thread[]> =>
  (await call(app.url, 'GET', `/local/threads?supervisor=${supervisor}`)).json.threads as Thread[];
const inbox = async (user: string): Promise<ApiReply[]> =>
  (await call(app.url, 'GET', `/local/messages?user=${user}`)).json.messages as ApiReply[];
const texts = (r: ApiReply[]) => r.map((x) => x.text).join('\n');

describe('the urgent path through the local API', () => {
  it('urgent as the first message: signpost, direct alert without a thread, then the case reference', async () => {
    const r = await say(app.url, 'bo', 'urgent');
    expect(r[0]?.kind).toBe('urgent');
    expect(lastQuestion(r)?.text).toMatch(/Which case is this about/);
    const direct = (await inbox('sam')).filter((m) => /Bo Chen/.test(m.text));
    expect(direct).toHaveLength(1);
    expect(direct[0]?.text).toMatch(/Case reference not yet given/);
    expect((await threads()).some((t) => /not given|not yet/i.test(t.title + t.caseRef))).toBe(false);
    const next = await say(app.url, 'bo', 'CR-500');
    expect(texts(next)).toMatch(/CR-500/);
    const thread = (await threads()).find((t) => t.caseRef === 'CR-500');
    expect(thread?.messages.filter((m) => m.alert === 'urgent')).toHaveLength(1);
    expect(thread?.messages[0]?.text).toMatch(/case reference now given/);
    const note = await say(app.url, 'bo', 'Fresh bruise on upper arm');
    expect(lastQuestion(note)?.meta.questionId).toBe('prompt:urgent-next');
    const after = (await threads()).find((t) => t.caseRef === 'CR-500');
    expect(after?.messages.find((m) => m.alert === 'note')?.text).toMatch(/Fresh bruise on upper arm/);
    await press(app.url, 'bo', lastQuestion(note) as ApiReply, 'stop');
    expect(
      await app.reflect.store.listPendingTimers(after?.messages.find((m) => m.alert === 'urgent')?.id),
    ).toHaveLength(1);
    // Picked up (whole thread): its re-alert stops
    await call(app.url, 'POST', `/local/threads/${after?.id}/actions`, { user: 'sam', action: 'acknowledge' });
    expect(await app.reflect.store.listPendingTimers()).toHaveLength(0);
  });

  it('a press without a token, or with an old one, changes nothing and says so', async () => {
    const first = await say(app.url, 'cy', 'hello');
    const q = lastQuestion(first) as ApiReply;
    await say(app.url, 'cy', 'CR-600');
    const noToken = await call(app.url, 'POST', '/local/messages', { user: 'cy', choice: 'yes' });
    expect(texts(noToken.json.replies as ApiReply[])).toMatch(/nothing changed/);
    const old = await press(app.url, 'cy', q, 'yes');
    expect(texts(old)).toMatch(/nothing changed/);
    await say(app.url, 'cy', 'cancel');
    await say(app.url, 'cy', 'yes');
    // No reflection open: an old press starts nothing
    const ended = await press(app.url, 'cy', q, 'yes');
    expect(texts(ended)).toMatch(/has ended, so nothing changed/);
  });
});

describe('lone-working check-in', () => {
  it('bad input gets an example and leaves the check-in as it was', async () => {
    expect(texts(await say(app.url, 'alex', 'checkout'))).toMatch(/no open check-in/);
    expect(texts(await say(app.url, 'alex', 'extend 30'))).toMatch(/no open check-in/);
    expect(texts(await say(app.url, 'alex', 'checkin'))).toMatch(/Which case are you visiting/);
    expect(texts(await say(app.url, 'alex', 'CR-9'))).toMatch(/How long/);
    expect(texts(await say(app.url, 'alex', 'a while'))).toMatch(/like 45, 45 min or 1h/);
    expect(texts(await say(app.url, 'alex', '13h'))).toMatch(/1 minute to 12 hours/);
    expect(texts(await say(app.url, 'alex', '0'))).toMatch(/1 minute to 12 hours/);
    expect((await call(app.url, 'GET', '/local/checkin?user=alex')).json.checkin).toBeNull();
    const ok = await say(app.url, 'alex', '45 min');
    expect(texts(ok)).toMatch(/I'll check on you at 14:45/);
    const open = (await call(app.url, 'GET', '/local/checkin?user=alex')).json.checkin;
    expect(open).toEqual({ caseRef: 'CR-9', startedAt: now.toISOString(), dueAt: '2026-12-01T14:45:00.000Z' });
    expect(texts(await say(app.url, 'alex', 'extend'))).toMatch(/Extend by how long/);
    expect(texts(await say(app.url, 'alex', 'extend lots'))).toMatch(/like 45, 45 min or 1h/);
    expect((await call(app.url, 'GET', '/local/checkin?user=alex')).json.checkin).toEqual(open);
    // One open check-in: a new one asks first, with its own token
    const again = await say(app.url, 'alex', 'check in CR-10');
    const ask = lastQuestion(again) as ApiReply;
    expect(ask.text).toMatch(/still checked in for CR-9 until 14:45/);
    expect(ask.meta.token).toBeDefined();
    expect(texts(await press(app.url, 'alex', ask, 'no'))).toMatch(/stays open until 14:45/);
    expect(texts(await press(app.url, 'alex', ask, 'yes'))).toMatch(/nothing changed/); // stale now
    expect((await call(app.url, 'GET', '/local/checkin?user=alex')).json.checkin).toEqual(open);
    expect(await app.reflect.store.listPendingTimers()).toHaveLength(2);
  });

  it('prompts at the expected time, alerts once when overdue, re-alerts three times, escalates from the second', async () => {
    expect(await advance(44)).toBe(0);
    expect(await advance(1)).toBe(1); // 14:45: "Are you OK?"
    expect(texts(await inbox('alex'))).toMatch(/Are you OK\? .*Reply checkout, or extend 30/);
    expect(await advance(14)).toBe(0);
    expect(await advance(1)).toBe(1); // 15:00: overdue
    const t = (await threads()).find((x) => x.caseRef === 'CR-9');
    const overdue = t?.messages.filter((m) => m.alert === 'overdue') ?? [];
    expect(overdue).toHaveLength(1);
    expect(overdue[0]?.text).toMatch(
      /Alex Morgan checked in for a visit on case CR-9 at 14:00, expected back by 14:45/,
    );
    expect(overdue[0]?.text).toMatch(/Escalation contact: Max Boyd/);
    expect(await advance(15)).toBe(1);
    let msgs = (await threads()).find((x) => x.caseRef === 'CR-9')?.messages ?? [];
    expect(msgs.filter((m) => m.alert === 'realert').map((m) => m.text)).toEqual([
      expect.stringMatching(/^Still not picked up after 15 min \(re-alert 1 of 3\)/),
    ]);
    expect(texts(await inbox('max'))).not.toMatch(/ESCALATION/);
    expect(await advance(15)).toBe(1);
    expect(texts(await inbox('max'))).toMatch(
      /ESCALATION: an alert to Sam Rivers about case CR-9 has not been picked up after 30 min/,
    );
    expect(await advance(15)).toBe(1);
    expect(await advance(15)).toBe(0); // at most three
    msgs = (await threads()).find((x) => x.caseRef === 'CR-9')?.messages ?? [];
    expect(msgs.filter((m) => m.alert === 'realert')).toHaveLength(3);
    expect(msgs.filter((m) => m.alert === 'overdue')).toHaveLength(1);
  });

  it('checkout ends it and offers a reflection on the case; "back" means checkout only while checked in', async () => {
    const out = await say(app.url, 'alex', "I'm out");
    expect(texts(out)).toMatch(/Checked out of CR-9 at/);
    const resolved = (await threads())
      .find((t) => t.caseRef === 'CR-9')
      ?.messages.filter((m) => m.alert === 'resolved');
    expect(resolved?.map((m) => m.text)).toEqual([
      expect.stringMatching(/Alex Morgan has checked out of the visit on case CR-9 at 16:00/),
    ]);
    const offer = lastQuestion(out) as ApiReply;
    const started = await press(app.url, 'alex', offer, 'reflect');
    expect(texts(started)).toMatch(/A reflection on your visit for CR-9/);
    expect(lastQuestion(started)?.meta.progress?.index).toBe(2); // the case reference is not asked again
    expect(texts(await press(app.url, 'alex', offer, 'reflect'))).toMatch(/nothing changed/);
    expect(texts(await say(app.url, 'alex', 'back'))).toMatch(/Going back to question 1/);
    expect((await call(app.url, 'GET', '/local/checkin?user=alex')).json.checkin).toBeNull();
    expect(await app.reflect.store.listPendingTimers()).toHaveLength(0);
  });
});

describe('an unfinished check-in and the urgent path', () => {
  it('the prompt asked last gets the answer, and cancel drops an unfinished check-in', async () => {
    await say(app.url, 'cy', 'checkin');
    const r = await say(app.url, 'cy', 'urgent'); // urgent always goes first
    expect(r[0]?.kind).toBe('urgent');
    const sent = await say(app.url, 'cy', 'CR-801'); // answers "Which case is this about?", not the check-in
    expect(texts(sent)).toMatch(/now has the case reference CR-801/);
    await press(app.url, 'cy', lastQuestion(sent) as ApiReply, 'stop');
    const t = (await threads()).find((x) => x.caseRef === 'CR-801');
    await call(app.url, 'POST', `/local/threads/${t?.id}/actions`, { user: 'sam', action: 'acknowledge' });
    expect(texts(await say(app.url, 'cy', 'checkin'))).toMatch(/Which case are you visiting/);
    expect(texts(await say(app.url, 'cy', 'cancel'))).toMatch(/Check-in cancelled/);
    expect((await app.reflect.store.getCheckin('cy'))?.status).toBe('closed');
  });
});

describe('re-alerts of an urgent alert', () => {
  it('are re-sent every interval and stop at once when acknowledged', async () => {
    await say(app.url, 'alex', 'cancel');
    await say(app.url, 'alex', 'yes');
    await say(app.url, 'alex', 'hello');
    await say(app.url, 'alex', 'CR-700');
    await say(app.url, 'alex', 'urgent');
    const thread = (await threads()).find((t) => t.caseRef === 'CR-700') as Thread;
    expect(await advance(15)).toBe(1);
    const realert = (await threads()).find((t) => t.caseRef === 'CR-700')?.messages.find((m) => m.alert === 'realert');
    // Picked up on the re-alert: the whole chain stops
    const ack = await call(app.url, 'POST', `/local/threads/${thread.id}/actions`, {
      user: 'sam',
      action: 'acknowledge',
      messageId: realert?.id,
    });
    expect(ack.status).toBe(200);
    expect(await app.reflect.store.listPendingTimers()).toHaveLength(0);
    expect(await advance(60)).toBe(0);
    const msgs = (await threads()).find((t) => t.caseRef === 'CR-700')?.messages ?? [];
    expect(msgs.filter((m) => m.alert === 'urgent').every((m) => m.acknowledged)).toBe(true);
  });
});

describe('before-visit questions', () => {
  it('are offered at check-in for a case whose last reflection was hostile, and one tap declines', async () => {
    await say(app.url, 'bo', 'cancel');
    await say(app.url, 'bo', 'yes');
    const { preview } = await driveToPreview(app.url, 'bo', {
      caseRef: 'CR-H1',
      contact: 'home-visit',
      engagement: 'hostile',
      childSeen: 'seen-alone',
    });
    await press(app.url, 'bo', preview, 'share');
    const r = await say(app.url, 'bo', 'checkin CR-H1');
    expect(texts(r)).toMatch(/How long/);
    const ok = await say(app.url, 'bo', '1h');
    const offer = lastQuestion(ok) as ApiReply;
    expect(offer.text).toMatch(/personal safety questions/);
    expect(texts(await press(app.url, 'bo', offer, 'no'))).toMatch(/Stay safe/);
    expect(texts(await press(app.url, 'bo', offer, 'yes'))).toMatch(/nothing changed/); // declined is declined
    const out = lastQuestion(await say(app.url, 'bo', 'checkout')) as ApiReply;
    expect(texts(await press(app.url, 'bo', out, 'no'))).toMatch(/Send any message when you want to reflect/);
    // Accepting starts the §13 questions for that case, without asking the case reference again
    await say(app.url, 'bo', 'checkin CR-H1');
    const againReplies = await say(app.url, 'bo', '45');
    const again = lastQuestion(againReplies) as ApiReply;
    expect(again.text).toMatch(/personal safety questions/);
    const bv = await press(app.url, 'bo', again, 'yes');
    expect(texts(bv)).toMatch(/Before your visit on CR-H1/);
    expect(lastQuestion(bv)?.meta.questionId).toBe('bv-timing');
    await say(app.url, 'bo', 'cancel');
    await say(app.url, 'bo', 'yes');
    await say(app.url, 'bo', 'checkout');
    const plain = await say(app.url, 'bo', 'checkin CR-PLAIN');
    expect(texts(plain)).toMatch(/How long/);
    expect(texts(await say(app.url, 'bo', '30'))).not.toMatch(/personal safety questions/);
    await say(app.url, 'bo', 'checkout');
  });
});

describe('deleted means gone', () => {
  it('erasing a case removes its check-ins; retention removes closed ones and spent timers', async () => {
    const { store } = app.reflect;
    await say(app.url, 'cy', 'checkin CR-ERASE');
    await say(app.url, 'cy', '30');
    expect((await store.getCheckin('cy'))?.data.caseRef).toBe('CR-ERASE');
    await store.eraseCase(['CR-ERASE']);
    expect((await store.getCheckin('cy'))?.data.caseRef).not.toBe('CR-ERASE');
    expect(await store.listPendingTimers()).toHaveLength(0);
    await store.purgeExpired('2100-01-01T00:00:00Z');
    for (const who of ['alex', 'bo', 'cy']) expect(await store.getCheckin(who)).toBeUndefined();
  });
});
