/**
 * Issue 10's measure of a short reflection, driven through the local API (POST /local/messages) as a
 * practitioner would: in each of the six situations, declining every optional part reaches Share in
 * at most 12 messages or presses, the progress counter never grows, and nothing reads "{contacts.".
 */
import { PROMPT } from '../../src/core/press';
import { startTestApp, type TestApp } from '../support/app';
import { type ApiReply, call, lastQuestion, press, say } from '../support/local-client';
import { SITUATIONS, walk } from '../support/situations';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

describe('a reflection that fits between two visits', () => {
  it.each(SITUATIONS.map((s) => [s.name, s] as const))('%s: Share within 12 messages', async (_name, s) => {
    const w = await walk(app.url, 'alex', s);
    expect(w.messages).toBeLessThanOrEqual(12);
    // The urgent choice (issue 11) is pressed, and counted, where the child may be unsafe now.
    expect(w.asked.includes(PROMPT.urgentNext)).toBe(s.answers?.['cf-unsafe-now'] === 'yes');
    const selfChecks = w.asked.filter(
      (id) => id && !id.startsWith('ctx-') && !id.startsWith('prompt:') && id !== 'swm-check',
    );
    expect(selfChecks.length).toBeLessThanOrEqual(5);
    expect(w.asked).toContain('swm-check');
    const totals = w.replies.flatMap((r) => (r.meta.progress ? [r.meta.progress.total] : []));
    expect(totals.length).toBeGreaterThan(3);
    expect(Math.max(...totals)).toBe(totals[0]); // right from the first question, never growing
    expect(w.replies.map((r) => r.text).join('\n')).not.toMatch(/\{contacts\./);
    expect(w.headline).not.toMatch(/\{contacts\./);
  });

  it.each(SITUATIONS.map((s) => [s.name, s] as const))(
    '%s, opening with a bare "hello": Share within 12 messages (13 after an urgent answer)',
    async (_name, s) => {
      const w = await walk(app.url, 'bo', { ...s, caseRef: `${s.caseRef}-B`, opening: 'hello' });
      // Issue 11: after an urgent answer the bot never carries on unasked; "Carry on reflecting" is
      // one press. With nothing read from a bare opening, that press is the 13th in this one case.
      const urgent = s.answers?.['cf-unsafe-now'] === 'yes';
      expect(w.asked.includes(PROMPT.urgentNext)).toBe(urgent);
      expect(w.messages).toBeLessThanOrEqual(urgent ? 13 : 12);
      expect(w.asked.slice(0, 4)).toEqual(['ctx-case-ref', 'ctx-contact', 'ctx-engagement', 'ctx-child-seen']);
    },
  );

  it('reads the opening message: case reference and kind of contact, confirmed with one tap', async () => {
    const replies = await say(app.url, 'bo', 'Case NA-512 no answer again at the door');
    const confirm = lastQuestion(replies);
    expect(confirm?.text).toMatch(/case reference NA-512/);
    expect(confirm?.text).toMatch(/No answer \/ failed contact/);
    const next = lastQuestion(await press(app.url, 'bo', confirm!, 'yes'));
    expect(next?.meta.questionId).toBe('ctx-engagement'); // case reference and contact not asked again
    expect(next?.meta.progress).toEqual({ index: 3, total: 10 });
    await say(app.url, 'bo', 'cancel');
    await say(app.url, 'bo', 'yes');
  });

  it('names the checklist items ticked in the preview and the shared summary', async () => {
    const hostile = SITUATIONS.find((s) => s.engagement === 'hostile' && s.checklist.includes('previous'));
    const w = await walk(app.url, 'bo', hostile!);
    expect(w.preview.text).toMatch(/I am intimidated by, or fearful of, this adult/);
    expect(w.preview.text).toMatch(/Share with your manager/);
    // A flag raised by one item names that item only.
    const fear = w.preview.text.split('\n').find((l) => l.includes('Practitioner fear'));
    expect(fear).toMatch(/fearful of, this adult/);
    expect(fear).not.toMatch(/previous experience/);
    const r = await call(app.url, 'GET', '/local/threads?supervisor=sam');
    expect(JSON.stringify(r.json)).toMatch(/previous experience of an adult linked to the child/);
  });

  it('checklist and Go deeper buttons carry their token; pressed late, they change nothing (issue 11)', async () => {
    const user = 'alex';
    let replies = await say(app.url, user, 'hello');
    let q = lastQuestion(replies);
    for (let step = 0; step < 30 && q && !q.meta.multiSelect; step++) {
      replies =
        q.choices.length === 0 ? await say(app.url, user, 'CK-90210') : await press(app.url, user, q, pickNo(q));
      q = lastQuestion(replies);
    }
    const checklist = q!;
    expect(checklist.meta.multiSelect).toBe(true);
    expect(checklist.meta.token).toMatch(/^[0-9a-f-]{36}$/);
    let preview = lastQuestion(await press(app.url, user, checklist, 'fearful'));
    for (let step = 0; step < 10 && preview && preview.kind !== 'preview'; step++)
      preview = lastQuestion(await press(app.url, user, preview, pickNo(preview)));
    expect(preview?.kind).toBe('preview');
    expect(preview?.choices.map((c) => c.id)).toContain('deeper');
    const late = async (choice: string, token: string | undefined) => {
      const r = await call(app.url, 'POST', '/local/messages', {
        user,
        choice,
        questionId: checklist.meta.questionId,
        token,
      });
      const out = r.json.replies as Array<{ text: string; kind: string }>;
      expect(out[0]?.text).toMatch(/nothing changed/);
      const again = out.find((x) => x.kind === 'preview');
      expect(again?.text).toMatch(/fearful of, this adult/); // the answer given stands
      expect(again?.text).not.toMatch(/previous experience of an adult/);
      return lastQuestion(out as ApiReply[]);
    };
    await late('none', checklist.meta.token); // "None of these" from the answered checklist
    await late('previous-hostility', checklist.meta.token); // "Done" with other ticks
    const current = await late('none', undefined); // a button without a token is never acted on
    // Go deeper on a preview that has since been replaced.
    const menu = lastQuestion(await press(app.url, user, current!, 'deeper'));
    expect(menu?.meta.questionId).toMatch(/^deeper:/);
    const fresh = lastQuestion(await press(app.url, user, menu!, 'none'));
    expect(fresh?.kind).toBe('preview');
    const stale = await press(app.url, user, current!, 'deeper');
    expect(stale[0]?.text).toMatch(/nothing changed/);
    expect(lastQuestion(stale)?.kind).toBe('preview'); // not the Go deeper menu
    await say(app.url, user, 'cancel');
    await say(app.url, user, 'yes');
  });
});

function pickNo(q: ApiReply): string {
  if (q.meta.questionId === PROMPT.opening) return 'yes';
  return q.choices.find((c) => c.id === 'no')?.id ?? q.choices[0]?.id ?? 'no';
}
