import { handleTurn } from '../../src/core/engine';
import type { EngineInput, EngineResult, ReflectionState } from '../../src/core/types';
import { fixtureCatalog, fixtureContext } from './fixture';

const catalog = fixtureCatalog();

/** Drives the engine like a channel would: each turn starts from the previous committed state. */
function conversation() {
  const ctx = fixtureContext();
  let state: ReflectionState | null = null;
  let last: EngineResult | undefined;
  const say = (input: EngineInput | string): EngineResult => {
    const i: EngineInput = typeof input === 'string' ? { type: 'text', text: input } : input;
    const r = handleTurn(catalog, state, i, ctx, 'local');
    state = r.state;
    last = r;
    return r;
  };
  /** A button press on the question `from` showed. */
  const press = (value: string, from: EngineResult | undefined): EngineResult => {
    const q = from ? lastQuestion(from) : undefined;
    return say({ type: 'choice', value, questionId: q?.meta?.questionId, token: q?.meta?.token });
  };
  return {
    say,
    press,
    get state() {
      return state as ReflectionState | null;
    },
    get last() {
      return last;
    },
    get lastReplies(): EngineResult {
      return last as EngineResult;
    },
  };
}

const lastQuestion = (r: EngineResult) => [...r.replies].reverse().find((x) => x.kind === 'question');

function throughContext(
  c: ReturnType<typeof conversation>,
  contact = 'Home visit',
  engagement = 'Hostile or intimidating',
) {
  c.say('hello');
  c.say('CR-2041');
  c.say(contact);
  c.say(engagement);
  return c.say('Seen alone');
}

describe('starting a reflection', () => {
  it('says what the bot is for, reminds about privacy, then asks the case reference', () => {
    const r = conversation().say('hi');
    expect(r.replies[0]?.text).toMatch(/Sam Rivers/);
    expect(r.replies.map((x) => x.text).join('\n')).toMatch(/case reference, not names/);
    expect(lastQuestion(r)?.text).toBe('What is the case reference?');
    // The total is known from the first question: context, the five-question core, the closing screen.
    expect(lastQuestion(r)?.meta?.progress).toEqual({ index: 1, total: 10 });
  });

  it('warns when the case reference looks like a name or phone number, and accepts "keep"', () => {
    const c = conversation();
    c.say('hi');
    const warn = c.say('Jayden Smith');
    expect(warn.replies[0]?.text).toMatch(/name/);
    expect(c.state?.position).toBe(0);
    const other = c.say('07700 900123');
    expect(other.replies[0]?.text).toMatch(/phone number/);
    c.say('keep');
    expect(c.state?.position).toBe(1);
  });
});

describe('composing the flow from the context answers', () => {
  it('asks a core: the situation set and always-sets within five questions, share-with-manager last; optional sets wait', () => {
    const c = conversation();
    throughContext(c);
    expect(c.state?.queue).toEqual([
      'ctx-case',
      'ctx-contact',
      'ctx-engagement',
      'ctx-seen',
      'hf-afraid',
      'hf-relieved',
      'cf-focus',
      'cf-unsafe',
      'cf-life',
      'swm-fear',
    ]);
  });

  it('a failed contact brings in the no-answer set instead', () => {
    const c = conversation();
    throughContext(c, 'No answer / failed contact', 'Open');
    expect(c.state?.queue).toContain('na-times');
    expect(c.state?.queue).not.toContain('hf-afraid');
  });

  it('accepts a choice by its id as well as its label, and shows progress', () => {
    const c = conversation();
    c.say('hi');
    c.say('CR-1');
    const r = c.say('home-visit');
    expect(lastQuestion(r)?.text).toBe('How did the family engage?');
    expect(lastQuestion(r)?.meta?.progress).toEqual({ index: 3, total: 10 });
  });
});

describe('answers, flags and follow-ups', () => {
  it('a yes to fear raises the flag with the guidance reminder; its follow-up waits for go deeper', () => {
    const c = conversation();
    throughContext(c);
    const r = c.say('yes');
    const flag = r.replies.find((x) => x.kind === 'flag');
    expect(flag?.text).toMatch(/Practitioner fear: Think what life must be like at home for the child/);
    expect(lastQuestion(r)?.text).toBe('Am I relieved when there is no answer at the door?');
    expect(lastQuestion(r)?.meta?.progress).toEqual({ index: 6, total: 10 }); // the counter did not grow
    expect(c.state?.queue).not.toContain('hf-afraid-why');
  });

  it('understands typed answers: "nope", "yes - the curtains twitched" with a note', () => {
    const c = conversation();
    throughContext(c);
    const r = c.say('yes - dad shouted over me');
    expect(r.replies.map((x) => x.text).join('\n')).toMatch(/Taken as "Yes"/);
    expect(c.state?.answers['hf-afraid']).toMatchObject({ choice: 'yes', note: 'dad shouted over me' });
    c.say('nope');
    expect(c.state?.answers['hf-relieved']?.choice).toBe('no');
  });

  it('a note typed right after a button press belongs to the question just answered', () => {
    const c = conversation();
    throughContext(c);
    const asked = c.last;
    c.press('no', asked);
    const r = c.say('He stood between me and the stairs');
    expect(r.replies.map((x) => x.text).join('\n')).toMatch(/note to your last answer/);
    expect(c.state?.answers['hf-afraid']).toMatchObject({ choice: 'no', note: 'He stood between me and the stairs' });
    expect(c.state?.answers['hf-relieved']).toBeUndefined();
  });

  it('free text on a yes/no question is kept as a note and the question stays', () => {
    const c = conversation();
    throughContext(c);
    const r = c.say('Dad stood in the doorway the whole time');
    expect(r.replies[0]?.text).toMatch(/Note saved/);
    expect(c.state?.answers['hf-afraid']?.note).toBe('Dad stood in the doorway the whole time');
    expect(c.state?.answers['hf-afraid']?.choice).toBeUndefined();
  });

  it('a note that leans on a label gets the label check citing the guidance', () => {
    const c = conversation();
    throughContext(c);
    const r = c.say('Classic disguised compliance again');
    expect(
      r.replies.some(
        (x) => x.kind === 'flag' && /What evidence is behind the term/.test(x.text) && x.meta?.sourceRef === 'doc#1',
      ),
    ).toBe(true);
  });

  it('a late click on an old question changes nothing', () => {
    const c = conversation();
    throughContext(c);
    const asked = c.state?.asked;
    c.say({ type: 'choice', value: 'no', questionId: asked?.questionId, token: asked?.token });
    const before = JSON.stringify(c.state?.answers);
    const r = c.say({ type: 'choice', value: 'yes', questionId: asked?.questionId, token: asked?.token });
    expect(r.replies[0]?.text).toMatch(/earlier question or message, so nothing changed/);
    expect(JSON.stringify(c.state?.answers)).toBe(before);
  });
});

describe('commands', () => {
  it('skip, back, pause and resume keep the place', () => {
    const c = conversation();
    throughContext(c);
    c.say('skip');
    expect(c.state?.skipped).toContain('hf-afraid');
    const back = c.say('back');
    expect(lastQuestion(back)?.text).toBe('Am I afraid to confront family members?');
    c.say('pause');
    expect(c.state?.status).toBe('paused');
    const resumed = c.say('resume');
    expect(resumed.replies[0]?.text).toMatch(/Picking up at question 5/);
    expect(lastQuestion(resumed)?.text).toBe('Am I afraid to confront family members?');
  });

  it('cancel asks for confirmation, then deletes the answers', () => {
    const c = conversation();
    throughContext(c);
    c.say('cancel');
    expect(c.state?.status).toBe('active');
    c.say('yes');
    expect(c.state?.status).toBe('cancelled');
    expect(c.state?.answers).toEqual({});
  });

  it('"start again" closes the old reflection and starts a new one', () => {
    const c = conversation();
    throughContext(c);
    c.say('start again');
    const r = c.say('yes');
    expect(r.previous?.status).toBe('cancelled');
    expect(r.state.status).toBe('active');
    expect(r.state.id).not.toBe(r.previous?.id);
    expect(lastQuestion(r)?.text).toBe('What is the case reference?');
  });

  it('help never traps: it explains and re-asks the current question', () => {
    const c = conversation();
    throughContext(c);
    const r = c.say('help');
    expect(r.replies[0]?.text).toMatch(/skip/);
    expect(lastQuestion(r)?.text).toBe('Am I afraid to confront family members?');
  });
});

describe('the urgent path', () => {
  it('an urgent answer alerts the supervisor at once with the case reference and no free text', () => {
    const c = conversation();
    throughContext(c);
    c.say('A note with 07700 900123 in it');
    c.say('no');
    c.say('no');
    c.say('yes'); // cf-focus
    const r = c.say('yes'); // cf-unsafe
    const alert = r.events.find((e) => e.type === 'alert.urgent');
    expect(alert).toMatchObject({
      type: 'alert.urgent',
      caseRef: 'CR-2041',
      flagId: 'child-unsafe-now',
      supervisorId: 'sam',
    });
    expect(JSON.stringify(alert)).not.toMatch(/07700/);
    expect(r.replies.some((x) => x.kind === 'urgent' && /999/.test(x.text))).toBe(true);
    const prompt = lastQuestion(r);
    expect(prompt?.choices?.map((x) => x.id)).toEqual(['note', 'continue', 'stop']);
    const next = c.say({
      type: 'choice',
      value: 'continue',
      questionId: prompt?.meta?.questionId,
      token: prompt?.meta?.token,
    });
    expect(lastQuestion(next)?.text).toBe('Describe a day in the life of the child.');
  });

  it('the urgent command works at any point, and alerts once', () => {
    const c = conversation();
    throughContext(c);
    expect(c.say('urgent').events.filter((e) => e.type === 'alert.urgent')).toHaveLength(1);
    c.say('carry on');
    expect(c.say('urgent').events.filter((e) => e.type === 'alert.urgent')).toHaveLength(0);
  });
});

function toPreview(c: ReturnType<typeof conversation>) {
  throughContext(c);
  c.say('My worry is Mrs Smith on 07700 900123');
  c.say('yes'); // fear (its follow-up waits for go deeper)
  c.say('no'); // relieved
  c.say('yes'); // focus
  c.say('no'); // unsafe
  c.say('He seems scared at home');
  return c.say('yes'); // share with manager
}

describe('preview, edit and share', () => {
  it('the preview lists flags by severity with sources, redacts notes, and shares only on Share', () => {
    const c = conversation();
    const r = toPreview(c);
    expect(c.state?.status).toBe('preview');
    const preview = r.replies.find((x) => x.kind === 'preview');
    expect(preview?.choices?.map((x) => x.id)).toEqual(['share', 'edit', 'deeper', 'discard']);
    const s = preview?.summary;
    expect(s?.flags.map((f) => f.id)).toEqual(['share-with-manager', 'practitioner-fear']);
    expect(s?.flags[0]?.source).toBe('Doc §1');
    expect(preview?.text).not.toMatch(/07700|Mrs Smith/);
    expect(preview?.text).toMatch(/Removed before sharing: 1 name, 1 phone number/);
    expect(s?.agenda).toContain('Discuss fear of confronting the family');
    expect(s?.actions.map((a) => a.text)).toContain('Consider a Stop and Review meeting');
    expect(s?.childSeen).toBe('Seen alone');
    expect(r.events.some((e) => e.type === 'summary.shared')).toBe(false);
    const shared = c.say('Share with supervisor');
    expect(shared.events.find((e) => e.type === 'summary.shared')).toMatchObject({
      caseRef: 'CR-2041',
      supervisorId: 'sam',
    });
    expect(c.state?.status).toBe('shared');
  });

  it('edit by number changes an answer and returns to the preview', () => {
    const c = conversation();
    const r = toPreview(c);
    const n = r.replies.find((x) => x.kind === 'preview')?.summary?.answers.find((a) => a.questionId === 'swm-fear')?.n;
    c.say('edit');
    const asked = c.say(String(n));
    expect(lastQuestion(asked)?.text).toBe('Are you intimidated or fearful of the adult?');
    const back = c.say('no');
    const preview = back.replies.find((x) => x.kind === 'preview');
    expect(preview?.summary?.flags.map((f) => f.id)).toEqual(['practitioner-fear']);
  });

  it('go deeper from the preview: a menu of sets, then their questions and follow-ups, then the preview again', () => {
    const c = conversation();
    toPreview(c);
    const menu = c.say('go deeper');
    const q = lastQuestion(menu);
    expect(q?.choices?.map((x) => x.id)).toEqual(['no-answer', 'hostile', 'impact-on-me', 'none']); // every set with unasked questions
    const total = q?.meta?.progress?.total ?? 0;
    c.say('impact-on-me');
    expect(lastQuestion(c.lastReplies)?.text).toBe('Has this affected your sleep?');
    expect(lastQuestion(c.lastReplies)?.meta?.progress?.total).toBeGreaterThan(total); // grows only when accepted
    c.say('no');
    const back = c.say('A buddy');
    expect(back.replies.find((x) => x.kind === 'preview')?.summary?.support[0]).toMatch(/A buddy/);
    c.say('deeper');
    const again = c.say('hostile');
    expect(lastQuestion(again)?.text).toBe('What would help you raise it?'); // the follow-up to the earlier yes
  });

  it('editing the case reference from the preview re-runs the identifier check; a form edit is refused', () => {
    const c = conversation();
    const r = toPreview(c);
    const n = r.replies.find((x) => x.kind === 'preview')?.summary?.answers.find((a) => a.questionId === 'ctx-case')?.n;
    c.say('edit');
    c.say(String(n));
    const warned = c.say('Jane Smith');
    expect(lastQuestion(warned)?.text).toMatch(/looks like it may contain a name/);
    c.say('CR-9');
    expect(c.state?.answers['ctx-case']?.note).toBe('CR-9');
    expect(c.state?.status).toBe('preview');
    const form = c.say({ type: 'edit', changes: [{ questionId: 'ctx-case', note: 'Jane Smith' }] });
    expect(form.replies.map((x) => x.text).join('\n')).toMatch(/was not changed/);
    expect(c.state?.answers['ctx-case']?.note).toBe('CR-9');
  });

  it('editing an answer to one that is urgent takes the urgent path, as answering it would', () => {
    const c = conversation();
    const r = toPreview(c);
    const n = r.replies
      .find((x) => x.kind === 'preview')
      ?.summary?.answers.find((a) => a.questionId === 'cf-unsafe')?.n;
    c.say('edit');
    c.say(String(n));
    const out = c.say('yes');
    expect(out.events.some((e) => e.type === 'alert.urgent')).toBe(true);
  });

  it('after an urgent answer, pause stops the reflection at once', () => {
    const c = conversation();
    throughContext(c);
    c.say('no');
    c.say('no');
    c.say('no');
    c.say('yes'); // the child is unsafe now
    c.say('pause');
    expect(c.state?.status).toBe('paused');
  });

  it("don't share keeps it private and sends nothing", () => {
    const c = conversation();
    toPreview(c);
    const r = c.say("Don't share");
    expect(c.state?.status).toBe('private');
    expect(r.events.filter((e) => e.type !== 'audit')).toEqual([]);
  });
});
