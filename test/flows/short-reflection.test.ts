/**
 * Issue 10's measure of a short reflection, driven through the local API (POST /local/messages) as a
 * practitioner would: in each of the six situations, declining every optional part reaches Share in
 * at most 12 messages or presses, the progress counter never grows, and nothing reads "{contacts.".
 */
import { startTestApp, type TestApp } from '../support/app';
import { call, lastQuestion, press, say } from '../support/local-client';
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
    const selfChecks = w.asked.filter((id) => id && !id.startsWith('ctx-') && id !== 'opening' && id !== 'swm-check');
    expect(selfChecks.length).toBeLessThanOrEqual(5);
    expect(w.asked).toContain('swm-check');
    const totals = w.replies.flatMap((r) => (r.meta.progress ? [r.meta.progress.total] : []));
    expect(totals.length).toBeGreaterThan(3);
    expect(Math.max(...totals)).toBe(totals[0]); // right from the first question, never growing
    expect(w.replies.map((r) => r.text).join('\n')).not.toMatch(/\{contacts\./);
    expect(w.headline).not.toMatch(/\{contacts\./);
  });

  it.each(SITUATIONS.map((s) => [s.name, s] as const))(
    '%s, opening with a bare "hello": Share within 12 messages',
    async (_name, s) => {
      const w = await walk(app.url, 'bo', { ...s, caseRef: `${s.caseRef}-B`, opening: 'hello' });
      expect(w.messages).toBeLessThanOrEqual(12);
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
});
