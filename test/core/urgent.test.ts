/** Issue 11 §1–2: the urgent path from every state, and the one stale-press rule. Engine only, clock as a value. */
import { handleTurn } from '../../src/core/engine';
import type { EngineEvent, EngineInput, EngineResult, ReflectionState, Reply } from '../../src/core/types';
import { fixtureCatalog, fixtureContext } from './fixture';

const catalog = fixtureCatalog();

function conversation() {
  const ctx = fixtureContext();
  let state: ReflectionState | null = null;
  const events: EngineEvent[] = [];
  const say = (input: EngineInput | string): EngineResult => {
    const i: EngineInput = typeof input === 'string' ? { type: 'text', text: input } : input;
    const r = handleTurn(catalog, state, i, ctx, 'local');
    state = r.state;
    events.push(...r.events);
    return r;
  };
  return {
    say,
    events,
    get state() {
      return state as ReflectionState;
    },
  };
}

const last = (r: EngineResult): Reply | undefined =>
  [...r.replies].reverse().find((x) => x.kind === 'question' || x.kind === 'preview');
const press = (reply: Reply | undefined, value: string): EngineInput => ({
  type: 'choice',
  value,
  questionId: reply?.meta?.questionId,
  token: reply?.meta?.token,
});
const alerts = (r: EngineResult) => r.events.filter((e) => e.type === 'alert.urgent');
const texts = (r: EngineResult) => r.replies.map((x) => x.text).join('\n');

function throughContext(c: ReturnType<typeof conversation>): EngineResult {
  c.say('hello');
  c.say('CR-2041');
  c.say('Home visit');
  c.say('Hostile or intimidating');
  return c.say('Seen alone');
}

/** Up to "Is the child unsafe right now?" (hostile set: two questions, then cf-focus). */
function toUnsafeQuestion(c: ReturnType<typeof conversation>): EngineResult {
  throughContext(c);
  c.say('no');
  c.say('no');
  return c.say('yes');
}

describe('urgent as the very first message', () => {
  it('signposts and alerts first, then asks for the case reference, and the alert says it is not yet given', () => {
    const c = conversation();
    const r = c.say('urgent');
    expect(r.replies[0]?.kind).toBe('urgent');
    expect(r.replies[0]?.text).toMatch(/999/);
    expect(alerts(r)).toHaveLength(1);
    expect(alerts(r)[0]).toMatchObject({ caseRef: undefined, flagId: 'manual' });
    expect(last(r)?.text).toMatch(/Which case is this about/);
    expect(last(r)?.choices?.map((x) => x.id)).toEqual(['unknown']);
    // The case reference is asked after the alert, never before
    expect(r.replies.findIndex((x) => x.kind === 'urgent')).toBeLessThan(r.replies.indexOf(last(r) as Reply));
  });

  it('the case reference, when it comes, is sent with the alert into the case thread, and is not asked twice', () => {
    const c = conversation();
    c.say('urgent');
    const r = c.say('CR-77');
    expect(alerts(r)).toEqual([expect.objectContaining({ caseRef: 'CR-77', caseGivenLate: true, flagId: 'manual' })]);
    const next = last(r);
    expect(next?.choices?.map((x) => x.id)).toEqual(['note', 'continue', 'stop']);
    const on = c.say(press(next, 'continue'));
    expect(last(on)?.text).toBe('What kind of contact?'); // the case reference question is skipped
  });

  it('"unknown" is accepted: no case alert follows and no thread is opened', () => {
    const c = conversation();
    const first = c.say('urgent');
    const r = c.say(press(last(first), 'unknown'));
    expect(alerts(r)).toHaveLength(0);
    expect(texts(r)).toMatch(/without a case reference/);
    expect(last(r)?.choices?.map((x) => x.id)).toEqual(['note', 'continue', 'stop']);
  });
});

describe('urgent from every state', () => {
  it('mid-flow, while paused, at the preview and at a cancel confirmation', () => {
    for (const setup of ['mid', 'paused', 'confirm', 'preview'] as const) {
      const c = conversation();
      throughContext(c);
      if (setup === 'paused') c.say('pause');
      if (setup === 'confirm') c.say('cancel');
      if (setup === 'preview') for (let i = 0; i < 40 && c.state.status !== 'preview'; i++) c.say('skip');
      const r = c.say('urgent');
      expect({ setup, alerts: alerts(r).length }).toEqual({ setup, alerts: 1 });
      expect(alerts(r)[0]?.caseRef).toBe('CR-2041');
      expect(last(r)?.meta?.questionId).toBe('prompt:urgent-next');
      expect(c.state.status).not.toBe('cancelled');
    }
  });

  it('pressing Yes on "Is the child unsafe right now?" while paused answers it and alerts', () => {
    const c = conversation();
    const q = last(toUnsafeQuestion(c));
    expect(q?.text).toBe('Is the child unsafe right now?');
    c.say('pause');
    const r = c.say(press(q, 'yes'));
    expect(c.state.answers['cf-unsafe']?.choice).toBe('yes');
    expect(alerts(r)).toEqual([expect.objectContaining({ flagId: 'child-unsafe-now' })]);
  });

  it('typing "yes" while paused answers the paused question too', () => {
    const c = conversation();
    toUnsafeQuestion(c);
    c.say('pause');
    const r = c.say('yes');
    expect(alerts(r)).toHaveLength(1);
  });

  it('after a "child unsafe now" answer the flow waits for a choice, and stop pauses it', () => {
    const c = conversation();
    const q = last(toUnsafeQuestion(c));
    const r = c.say(press(q, 'yes'));
    expect(r.replies.filter((x) => x.kind === 'question')).toHaveLength(1); // only the choice, no next question
    const stop = c.say(press(last(r), 'stop'));
    expect(c.state.status).toBe('paused');
    expect(stop.replies.filter((x) => x.kind === 'question')).toHaveLength(0);
  });

  it('a note typed at the prompt is kept and goes to the supervisor redacted', () => {
    const c = conversation();
    const r = c.say(press(last(toUnsafeQuestion(c)), 'yes'));
    const n = c.say('Fresh bruise on upper arm, mum Sarah Jones on 07700 900123');
    expect(c.state.urgentNotes).toEqual(['Fresh bruise on upper arm, mum Sarah Jones on 07700 900123']);
    const note = n.events.find((e) => e.type === 'alert.note');
    expect(note).toMatchObject({ type: 'alert.note', caseRef: 'CR-2041' });
    const sent = note?.type === 'alert.note' ? note.note : '';
    expect(sent).toMatch(/Fresh bruise on upper arm/);
    expect(sent).not.toMatch(/07700/);
    expect(last(n)?.meta?.questionId).toBe('prompt:urgent-next');
    expect(last(r)?.meta?.token).toBe(last(n)?.meta?.token); // the same prompt again: its buttons stay valid
  });

  it('the "Add a note" button invites a note, which is then kept', () => {
    const c = conversation();
    const r = c.say(press(last(toUnsafeQuestion(c)), 'yes'));
    const invite = c.say(press(last(r), 'note'));
    expect(texts(invite)).toMatch(/Type your note/);
    const n = c.say('carry on'); // even words that look like a choice are the note once asked for
    expect(n.events.some((e) => e.type === 'alert.note')).toBe(true);
  });
});

describe('one stale-press rule', () => {
  it('an old question Yes cannot confirm a cancel', () => {
    const c = conversation();
    const q = last(toUnsafeQuestion(c));
    c.say('cancel');
    const before = JSON.stringify(c.state.answers);
    const r = c.say(press(q, 'yes'));
    expect(c.state.status).toBe('active');
    expect(JSON.stringify(c.state.answers)).toBe(before);
    expect(alerts(r)).toHaveLength(0);
    expect(texts(r)).toMatch(/nothing changed/);
    expect(last(r)?.meta?.questionId).toBe('prompt:confirm-cancel'); // the confirmation is shown again
  });

  it("a cancel confirmation's Yes cannot answer a question", () => {
    const c = conversation();
    toUnsafeQuestion(c);
    const confirm = last(c.say('cancel'));
    expect(confirm?.meta?.token).toBeDefined();
    c.say('no');
    const r = c.say(press(confirm, 'yes'));
    expect(c.state.answers['cf-unsafe']).toBeUndefined();
    expect(c.state.status).toBe('active');
    expect(alerts(r)).toHaveLength(0);
  });

  it('token-less presses change nothing in any state', () => {
    for (const setup of ['mid', 'paused', 'confirm', 'urgent', 'preview'] as const) {
      const c = conversation();
      toUnsafeQuestion(c);
      if (setup === 'paused') c.say('pause');
      if (setup === 'confirm') c.say('cancel');
      if (setup === 'urgent') c.say('urgent');
      if (setup === 'preview') for (let i = 0; i < 40 && c.state.status !== 'preview'; i++) c.say('skip');
      const before = JSON.stringify({ ...c.state, updatedAt: '' });
      for (const value of ['yes', 'share', 'continue', 'stop', 'discard']) {
        const r = c.say({ type: 'choice', value });
        expect({ setup, value, said: r.replies[0]?.text }).toEqual({
          setup,
          value,
          said: expect.stringMatching(/nothing changed/),
        });
        expect(alerts(r)).toHaveLength(0);
      }
      const after = JSON.stringify({ ...c.state, updatedAt: '' });
      expect(JSON.parse(after).answers).toEqual(JSON.parse(before).answers);
      expect(JSON.parse(after).status).toBe(JSON.parse(before).status);
    }
  });

  it("an earlier preview's buttons do nothing once the preview is shown again", () => {
    const c = conversation();
    throughContext(c);
    let r = c.say('skip');
    for (let i = 0; i < 40 && c.state.status !== 'preview'; i++) r = c.say('skip');
    const first = last(r);
    c.say(press(first, 'edit'));
    c.say('skip'); // back to the preview, with a new token
    const stale = c.say(press(first, 'share'));
    expect(c.state.status).toBe('preview');
    expect(texts(stale)).toMatch(/nothing changed/);
  });

  it('every button the engine sends carries a token', () => {
    const c = conversation();
    const seen: Reply[] = [];
    const run = (i: EngineInput | string) => seen.push(...c.say(i).replies);
    run('urgent');
    run('CR-1');
    run('carry on');
    run('Jayden Smith');
    run('Home visit');
    run('cancel');
    run('no');
    for (let i = 0; i < 40 && c.state.status !== 'preview'; i++) run('skip');
    for (const reply of seen.filter((x) => x.choices?.length))
      expect({ text: reply.text, token: typeof reply.meta?.token }).toEqual({ text: reply.text, token: 'string' });
  });
});
