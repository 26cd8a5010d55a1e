import { handleTurn } from '../../src/core/engine';
import { caseRefConcerns, DEFAULT_CASE_REF_PATTERN, shareableCaseRef } from '../../src/core/redact';
import type { EngineInput, EngineResult, ReflectionState } from '../../src/core/types';
import { fixtureCatalog, fixtureContext } from './fixture';

const catalog = fixtureCatalog();

function conversation(caseRefPattern?: string) {
  const ctx = { ...fixtureContext(), caseRefPattern };
  let state: ReflectionState | null = null;
  const say = (input: EngineInput | string): EngineResult => {
    const i: EngineInput = typeof input === 'string' ? { type: 'text', text: input } : input;
    const r = handleTurn(catalog, state, i, ctx, 'local');
    state = r.state;
    return r;
  };
  return {
    say,
    get state() {
      return state as ReflectionState | null;
    },
  };
}

const lastQuestion = (r: EngineResult) => [...r.replies].reverse().find((x) => x.kind === 'question');

/** The same path as the engine tests' preview: context, then the fixture's questions. */
function toPreview(c: ReturnType<typeof conversation>, caseRef: string[]) {
  c.say('hello');
  for (const line of caseRef) c.say(line);
  c.say('Home visit');
  c.say('Hostile or intimidating');
  c.say('Seen alone');
  for (const line of ['A worry', 'yes', 'no', 'yes', 'no', 'Scared at home']) c.say(line);
  return c.say('yes');
}

describe('case references against the organisation pattern', () => {
  it('the default pattern accepts the usual shapes and nothing else', () => {
    for (const ok of ['CR-2041', 'CR-1', 'EH/2026/118', '12345', 'cr2041'])
      expect(caseRefConcerns(ok, DEFAULT_CASE_REF_PATTERN)).toEqual([]);
    for (const bad of ['the okafor family', 'kids at no 12', 'CR-2041 Jayden', 'Acacia'])
      expect(caseRefConcerns(bad)).not.toEqual([]);
  });

  it("a reference outside the organisation's pattern is warned about, and withheld from the title when kept", () => {
    const c = conversation('CASE-\\d{4}');
    c.say('hi');
    const warn = c.say('CR-2041');
    expect(warn.replies[0]?.text).toMatch(/does not look like one of your organisation's case references/);
    expect(c.state?.position).toBe(0);
    expect(c.say('CASE-1234').replies[0]?.text).not.toMatch(/case reference/i);
    expect(c.state?.position).toBe(1);
  });

  it('keeping a reference with a name in it saves it for the practitioner but shares it withheld', () => {
    const c = conversation();
    const r = toPreview(c, ['Okafor kids', 'keep']);
    expect(c.state?.status).toBe('preview');
    expect(r.replies.find((x) => x.kind === 'preview')?.summary?.caseRef).toBe('[case reference withheld]');
    const shared = c.say('Share with supervisor');
    const event = shared.events.find((e) => e.type === 'summary.shared');
    // Only the thread key carries the reference as typed (sealed in the store, never rendered);
    // everything the supervisor is shown is withheld.
    const { caseKey, ...shown } = event as Extract<typeof event, { caseKey?: string }>;
    expect(caseKey).toBe('Okafor kids');
    expect(JSON.stringify(shown)).not.toMatch(/Okafor/);
  });

  it('editing the reference from the preview runs the same check, and keep returns to the preview', () => {
    const c = conversation();
    const r = toPreview(c, ['CR-2041']);
    const n = r.replies.find((x) => x.kind === 'preview')?.summary?.answers.find((a) => a.questionId === 'ctx-case')?.n;
    expect(n).toBeDefined();
    c.say('edit');
    c.say(String(n));
    const warn = c.say('12 Acacia Avenue');
    expect(lastQuestion(warn)?.text).toMatch(/address/);
    expect(c.state?.pending).toMatchObject({ kind: 'edit-question', questionId: 'ctx-case' });
    const kept = c.say('keep');
    const preview = kept.replies.find((x) => x.kind === 'preview');
    expect(preview?.summary?.caseRef).toBe('[case reference withheld]');
    expect(c.state?.status).toBe('preview');
  });

  it('an edit in the format passes without a warning', () => {
    const c = conversation();
    const r = toPreview(c, ['CR-2041']);
    const n = r.replies.find((x) => x.kind === 'preview')?.summary?.answers.find((a) => a.questionId === 'ctx-case')?.n;
    c.say('edit');
    c.say(String(n));
    const back = c.say('CR-3000');
    expect(back.replies.find((x) => x.kind === 'preview')?.summary?.caseRef).toBe('CR-3000');
  });

  it('shareableCaseRef shows a clean reference and withholds anything else', () => {
    expect(shareableCaseRef('CR-2041')).toBe('CR-2041');
    expect(shareableCaseRef('Jayden Smith')).toBe('[case reference withheld]');
    expect(shareableCaseRef('9434765919')).toBe('[case reference withheld]'); // a valid NHS number
    expect(shareableCaseRef('')).toBe('');
  });
});
