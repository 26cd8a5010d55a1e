import { wordCount } from '../../../src/core/summary-view';
import { startTestApp, type TestApp } from '../../support/app';
import { call, driveToPreview, lastQuestion, press, say, type ApiReply, type Plan } from '../../support/local-client';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

interface Thread {
  id: string;
  caseRef: string;
  title: string;
  reflections: number;
  openFlags: number;
  messages: Array<{
    id: string;
    kind: string;
    text: string;
    details?: string;
    acknowledged: boolean;
    onAgenda: boolean;
  }>;
}

async function threads(supervisor = 'sam'): Promise<Thread[]> {
  const r = await call(app.url, 'GET', `/local/threads?supervisor=${supervisor}`);
  expect(r.status).toBe(200);
  return r.json.threads as Thread[];
}

async function share(user: string, plan: Plan): Promise<{ preview: ApiReply; asked: string[] }> {
  const out = await driveToPreview(app.url, user, plan);
  const done = await press(app.url, user, out.preview, 'share');
  expect(done[0]?.text).toMatch(/Shared with Sam Rivers/);
  return out;
}

describe('the local JSON API', () => {
  it('reports ready on /healthz and serves the playground', async () => {
    expect((await call(app.url, 'GET', '/healthz')).status).toBe(200);
    const page = await fetch(`${app.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Reflect playground/);
  });

  it('refuses unknown people politely with 403 and stores nothing', async () => {
    const before = await app.reflect.store.countReflections();
    const r = await call(app.url, 'POST', '/local/messages', { user: 'mallory', text: 'hello' });
    expect(r.status).toBe(403);
    expect(r.json.error).toMatchObject({ code: 'UNKNOWN_USER' });
    expect((await call(app.url, 'GET', '/local/threads?supervisor=alex')).status).toBe(403);
    expect(await app.reflect.store.countReflections()).toBe(before);
  });

  it('names the problem in a malformed body, and limits bodies to 64 KB', async () => {
    const missing = await call(app.url, 'POST', '/local/messages', { user: 'alex' });
    expect(missing.status).toBe(400);
    expect((missing.json.error as { message: string }).message).toMatch(/send "text"/);
    const wrongType = await call(app.url, 'POST', '/local/messages', { user: 'alex', text: 42 });
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(wrongType.json)).toMatch(/text/);
    const notJson = await fetch(`${app.url}/local/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"user":',
    });
    expect(notJson.status).toBe(400);
    const big = await call(app.url, 'POST', '/local/messages', { user: 'alex', text: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
  });

  it('asks one question at a time with progress and a guidance source', async () => {
    const replies = await say(app.url, 'bo', 'hello');
    expect(replies[0]?.text).toMatch(/Sam Rivers/);
    const q = lastQuestion(replies);
    expect(q?.meta.progress).toEqual({ index: 1, total: 10 });
    const contact = lastQuestion(await say(app.url, 'bo', 'CR-PROGRESS'));
    expect(contact?.meta.progress).toEqual({ index: 2, total: 10 });
    expect(contact?.choices.length).toBeGreaterThan(1);
    await say(app.url, 'bo', 'cancel');
    await say(app.url, 'bo', 'yes');
  });
});

const situations: Array<[string, Plan]> = [
  ['no answer', { caseRef: 'CR-NA-1', contact: 'no-answer', engagement: 'avoidant', childSeen: 'not-seen' }],
  ['hostile', { caseRef: 'CR-HO-1', contact: 'home-visit', engagement: 'hostile', childSeen: 'seen-not-alone' }],
  [
    'apparent cooperation',
    { caseRef: 'CR-AC-1', contact: 'home-visit', engagement: 'agreeable-no-change', childSeen: 'seen-alone' },
  ],
  ['refusal', { caseRef: 'CR-RF-1', contact: 'phone-video', engagement: 'refused', childSeen: 'not-seen' }],
  ['progress', { caseRef: 'CR-PR-1', contact: 'other-venue', engagement: 'open', childSeen: 'seen-alone' }],
];

describe('a complete reflection for each situation reaches the supervisor', () => {
  it.each(situations)('%s: flags with their sources land in the case thread', async (_name, plan) => {
    // Any item ticked on the share-with-manager checklist must raise the escalation flag, naming the item.
    const { preview, asked } = await share('alex', { ...plan, answers: { 'swm-*': 'fearful' } });
    expect(asked.some((id) => id.startsWith('swm-'))).toBe(true);
    expect(preview.text).toMatch(/Escalate: Share with your manager/);
    const thread = (await threads()).find((t) => t.caseRef === plan.caseRef);
    expect(thread).toBeDefined();
    expect(thread?.title).toBe(`Case ${plan.caseRef}`); // the case, not one practitioner
    const summary = thread?.messages.find((m) => m.kind === 'summary');
    // The headline: at most 150 words, the flag by name, and exactly what the preview showed.
    expect(wordCount(summary?.text ?? '')).toBeLessThanOrEqual(150);
    expect(summary?.text).toMatch(/Escalate: Share with your manager/);
    expect(preview.text.startsWith(summary?.text ?? '-')).toBe(true);
    expect(preview.details).toBe(summary?.details);
    // The full reflection, beside it: each flag with its question, answer and source.
    expect(summary?.details).toMatch(
      /Escalate: Share with your manager\. “.+” .+ \((Pan-Bedfordshire guidance §8\.1|Practice guidance on resistance §3\.3)\)/,
    );
    expect(summary?.details).toMatch(/Recommended, from the flags raised/);
    expect(thread?.reflections).toBe(1);
    expect(thread?.openFlags).toBeGreaterThan(0);
  });
});

describe('the supervisor thread', () => {
  it('one thread per supervisor and case: a second reflection on the case is a reply in the same thread', async () => {
    const plan: Plan = { caseRef: 'CR-TWICE', contact: 'home-visit', engagement: 'open', childSeen: 'seen-alone' };
    await share('alex', plan);
    await share('alex', plan);
    const thread = (await threads()).filter((t) => t.caseRef === 'CR-TWICE');
    expect(thread).toHaveLength(1);
    expect(thread[0]?.reflections).toBe(2);
    expect(thread[0]?.messages.filter((m) => m.kind === 'summary')).toHaveLength(2);
  });

  it('two practitioners on one case: one thread naming neither alone, and every notice and reply reaches its own author', async () => {
    const plan: Plan = { caseRef: 'CR-BOTH', contact: 'home-visit', engagement: 'open', childSeen: 'seen-alone' };
    await share('alex', plan);
    await share('bo', plan);
    const thread = (await threads()).find((t) => t.caseRef === 'CR-BOTH')!;
    expect(thread.title).toBe('Case CR-BOTH');
    expect(thread.title).not.toMatch(/Alex|Bo Chen/);
    const [fromAlex, fromBo] = thread.messages.filter((m) => m.kind === 'summary');
    expect(fromAlex?.text).toMatch(/Alex Morgan/);
    expect(fromBo?.text).toMatch(/Bo Chen/);
    const inbox = async (user: string) =>
      ((await call(app.url, 'GET', `/local/messages?user=${user}`)).json.messages as ApiReply[]).map((m) => m.text);
    const before = { alex: (await inbox('alex')).length, bo: (await inbox('bo')).length };

    // Picked up on Bo's summary: Bo hears, Alex does not.
    const ack = await call(app.url, 'POST', `/local/threads/${thread.id}/actions`, {
      user: 'sam',
      action: 'acknowledge',
      messageId: fromBo?.id,
    });
    expect(ack.status).toBe(200);
    // A reply to Alex's reflection reaches Alex only.
    const toAlex = await call(app.url, 'POST', `/local/threads/${thread.id}/replies`, {
      user: 'sam',
      text: 'Can we look at this on Monday?',
      messageId: fromAlex?.id,
    });
    expect(toAlex.json).toMatchObject({ ok: true, to: 'alex' });
    // A reply that names no reflection could reach either: it is refused, and nobody gets it.
    const unaddressed = await call(app.url, 'POST', `/local/threads/${thread.id}/replies`, {
      user: 'sam',
      text: 'See you both',
    });
    expect(unaddressed.status).toBe(409);
    expect((unaddressed.json.error as { code: string }).code).toBe('REPLY_AMBIGUOUS');

    const alexNews = (await inbox('alex')).slice(before.alex);
    const boNews = (await inbox('bo')).slice(before.bo);
    expect(boNews).toEqual(['Sam Rivers has picked up your reflection on CR-BOTH.']);
    expect(alexNews).toEqual(['Sam Rivers replied about CR-BOTH:\nCan we look at this on Monday?']);

    // Picked up on the whole thread: each practitioner hears once.
    await call(app.url, 'POST', `/local/threads/${thread.id}/actions`, { user: 'sam', action: 'agenda' });
    expect((await inbox('alex')).slice(before.alex + 1)).toEqual([
      'Sam Rivers added your reflection on CR-BOTH to the supervision agenda.',
    ]);
    expect((await inbox('bo')).slice(before.bo + 1)).toEqual([
      'Sam Rivers added your reflection on CR-BOTH to the supervision agenda.',
    ]);
  });

  it('picked up, add to agenda, and replies are relayed to the practitioner with the case reference', async () => {
    await share('bo', {
      caseRef: 'CR-ACK',
      contact: 'home-visit',
      engagement: 'hostile',
      childSeen: 'seen-alone',
      answers: { 'swm-*': 'fearful' },
    });
    const thread = (await threads()).find((t) => t.caseRef === 'CR-ACK')!;
    expect(thread.openFlags).toBeGreaterThan(0);
    const seen = (await call(app.url, 'GET', '/local/messages?user=bo')).json.messages as ApiReply[];
    const last = seen[seen.length - 1]!.id;

    expect(
      (await call(app.url, 'POST', `/local/threads/${thread.id}/actions`, { user: 'sam', action: 'acknowledge' }))
        .status,
    ).toBe(200);
    expect(
      (await call(app.url, 'POST', `/local/threads/${thread.id}/actions`, { user: 'sam', action: 'agenda' })).status,
    ).toBe(200);
    expect(
      (
        await call(app.url, 'POST', `/local/threads/${thread.id}/replies`, {
          user: 'sam',
          text: 'Thanks, let us talk Thursday <!channel>',
        })
      ).status,
    ).toBe(200);

    const after = (await threads()).find((t) => t.id === thread.id)!;
    expect(after.openFlags).toBe(0);
    expect(after.messages.find((m) => m.kind === 'summary')).toMatchObject({ acknowledged: true, onAgenda: true });
    const news = (await call(app.url, 'GET', `/local/messages?user=bo&after=${last}`)).json.messages as ApiReply[];
    expect(news.map((m) => m.text)).toEqual([
      'Sam Rivers has picked up your reflection on CR-ACK.',
      'Sam Rivers added your reflection on CR-ACK to the supervision agenda.',
      'Sam Rivers replied about CR-ACK:\nThanks, let us talk Thursday <!channel>',
    ]);
  });

  it('only the mapped supervisor can act; unknown threads are 404', async () => {
    const thread = (await threads())[0]!;
    expect(
      (await call(app.url, 'POST', `/local/threads/${thread.id}/actions`, { user: 'alex', action: 'acknowledge' }))
        .status,
    ).toBe(403);
    expect(
      (await call(app.url, 'POST', '/local/threads/nope/actions', { user: 'sam', action: 'acknowledge' })).status,
    ).toBe(404);
    expect(
      (await call(app.url, 'POST', `/local/threads/${thread.id}/actions`, { user: 'sam', action: 'shout' })).status,
    ).toBe(400);
  });

  it("don't share keeps the reflection out of the supervisor's threads", async () => {
    const { preview } = await driveToPreview(app.url, 'alex', {
      caseRef: 'CR-PRIVATE',
      contact: 'home-visit',
      engagement: 'open',
      childSeen: 'seen-alone',
    });
    const out = await press(app.url, 'alex', preview, 'discard');
    expect(out[0]?.text).toMatch(/Not shared/);
    expect((await threads()).some((t) => t.caseRef === 'CR-PRIVATE')).toBe(false);
  });
});

describe('the urgent path through the API', () => {
  it('urgent alerts the supervisor at once, before any summary, without the notes', async () => {
    await say(app.url, 'bo', 'hello');
    await say(app.url, 'bo', 'CR-URGENT');
    await say(app.url, 'bo', 'He said 07700 900123 was his number');
    const out = await say(app.url, 'bo', 'urgent');
    expect(out.some((r) => r.kind === 'urgent' && /999/.test(r.text))).toBe(true);
    const thread = (await threads()).find((t) => t.caseRef === 'CR-URGENT');
    expect(thread?.messages.map((m) => m.kind)).toEqual(['alert']);
    expect(thread?.messages[0]?.text).toMatch(/URGENT/);
    expect(thread?.messages[0]?.text).not.toMatch(/07700/);
    await say(app.url, 'bo', 'cancel');
    await say(app.url, 'bo', 'yes');
  });
});

describe('persistence', () => {
  it('a restart resumes the conversation where it stopped', async () => {
    const local = await startTestApp();
    await say(local.url, 'alex', 'hello');
    await say(local.url, 'alex', 'CR-RESTART');
    const before = lastQuestion(await say(local.url, 'alex', 'Home visit'));
    await local.stop({ keepData: true });
    const again = await startTestApp({ DATA_DIR: local.dataDir });
    try {
      const resumed = lastQuestion(await say(again.url, 'alex', 'status'));
      expect(resumed).toBeUndefined();
      const q = lastQuestion(await say(again.url, 'alex', 'help'));
      expect(q?.text).toBe(before?.text);
      expect(q?.meta.progress?.index).toBe(3);
    } finally {
      await again.stop();
    }
  });
});

describe('a long message through the local API', () => {
  it('a 10,000-character note is kept up to the note limit, with a message saying so', async () => {
    await say(app.url, 'bo', 'hello');
    await say(app.url, 'bo', 'CR-LONG');
    const r = await call(app.url, 'POST', '/local/messages', { user: 'bo', text: 'x'.repeat(10_000) });
    expect(r.status).toBe(200);
    const texts = (r.json.replies as ApiReply[]).map((x) => x.text).join('\n');
    expect(texts).toMatch(/longer than 4000 characters|longer than 4,000 characters/);
    const row = await app.reflect.store.getOpenReflection('bo');
    const notes = Object.values(row?.state.answers ?? {}).map((a) => a.note ?? '');
    expect(notes.some((n) => n.length === 4_000)).toBe(true);
    await say(app.url, 'bo', 'cancel');
    await say(app.url, 'bo', 'yes');
  });
});
