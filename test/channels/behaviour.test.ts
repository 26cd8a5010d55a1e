/**
 * The same behaviour on every channel (issue 14 §6): one suite, run once per channel from one
 * table, like the store contract suite. Each driver (test/channels/behaviour/) uses its channel's
 * real protocol against the real app; the suite only says what a practitioner does and what must
 * follow.
 */
import type { ChannelDriver, Prompt } from './behaviour/driver';
import { PRACTITIONER } from './behaviour/driver';
import { localDriver } from './behaviour/local';
import { slackDriver } from './behaviour/slack';
import { teamsDriver } from './behaviour/teams';

const TABLE: Array<[string, () => ChannelDriver]> = [
  ['local', localDriver],
  ['slack', slackDriver],
  ['teams', teamsDriver],
];

const NOTE = 'Mum said the child was at school; I could not check.';

/** The answer the suite gives: the planned context answers, "continue", "no", else the first choice. */
function pick(p: Prompt): string {
  const planned: Record<string, string> = {
    'ctx-contact': 'home-visit',
    'ctx-engagement': 'open',
    'ctx-child-seen': 'seen-alone',
  };
  const want = planned[p.questionId];
  for (const c of [want, 'continue', 'no']) if (c && p.choices.includes(c)) return c;
  return p.choices[0] ?? 'no';
}

describe.each(TABLE)('the same behaviour on %s', (_name, make) => {
  const d = make();
  const caseRef = `CR-SAME-${_name.toUpperCase()}`;
  let current: Prompt;
  let stale: Prompt;
  const state = async () => (await d.store().getOpenReflection(PRACTITIONER))?.state;

  beforeAll(() => d.start());
  afterAll(() => d.stop());

  it('start: the first message opens a reflection and asks for the case reference', async () => {
    current = (await d.say('hello')) as Prompt;
    expect(current.choices).toEqual([]);
    expect((await state())?.status).toBe('active');
    current = (await d.say(caseRef)) as Prompt;
    expect(current.choices.length).toBeGreaterThan(0);
  });

  it('answer a choice: the press is saved against the question it was shown with', async () => {
    stale = current;
    const choice = pick(current);
    current = (await d.press(current, choice)) as Prompt;
    expect((await state())?.answers[stale.questionId]?.choice).toBe(choice);
    expect(current.questionId).not.toBe(stale.questionId);
  });

  it('note: typed text at a question with buttons is kept as that question’s note', async () => {
    // Past the context questions, to a guidance question whose note the summary carries.
    while (current.questionId.startsWith('ctx-') || current.choices.length === 0)
      current = current.choices.length
        ? ((await d.press(current, pick(current))) as Prompt)
        : ((await d.say('Nothing further to add.')) as Prompt);
    const questionId = current.questionId;
    await d.say(NOTE, false);
    for (let i = 0; i < 100 && !(await state())?.answers[questionId]?.note; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect((await state())?.answers[questionId]?.note).toContain(NOTE);
  });

  it('stale press: a press on an earlier question changes nothing', async () => {
    const before = await state();
    const other = stale.choices.find((c) => c !== before?.answers[stale.questionId]?.choice) ?? stale.choices[0];
    await d.press(stale, other ?? 'no', false);
    await new Promise((r) => setTimeout(r, 150));
    const after = await state();
    expect(after?.answers[stale.questionId]).toEqual(before?.answers[stale.questionId]);
    expect(after?.position).toBe(before?.position);
  });

  it('share: the supervisor sees the case and the practitioner’s note', async () => {
    for (let step = 0; step < 200 && current.questionId !== 'preview'; step++)
      current = current.choices.length
        ? ((await d.press(current, pick(current))) as Prompt)
        : ((await d.say('Nothing further to add.')) as Prompt);
    expect(current.questionId).toBe('preview');
    await d.press(current, 'share', false);
    const seen = await d.supervisorSees(caseRef);
    expect(seen).toContain(caseRef);
    expect(seen).toContain('Mum said the child was at school');
  });
});
