/**
 * Checklists in Teams, through the real /api/messages: the share-with-manager screen is one card
 * with an Input.ChoiceSet (isMultiSelect) and None of these / Done. Teams merges the inputs into the
 * Action.Execute data, a multi-select as comma-separated values; Done answers with them.
 */
import { startFakeConnector, type FakeActivity, type FakeConnector } from '../../fakes/teams/server';
import type { TestApp } from '../../support/app';
import {
  AAD,
  buttonsOf,
  cardInvoke,
  cardOf,
  lastAsk,
  personalConversation,
  personalMessage,
  postActivity,
  startTeamsApp,
  textOf,
  waitFor,
} from './helpers';

let fake: FakeConnector;
let app: TestApp;

beforeAll(async () => {
  fake = await startFakeConnector();
  app = await startTeamsApp(fake);
});
afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

type Json = Record<string, unknown>;
const choiceSet = (card: unknown): Json | undefined => {
  if (Array.isArray(card)) return card.map(choiceSet).find(Boolean);
  if (typeof card !== 'object' || card === null) return undefined;
  const node = card as Json;
  return node.type === 'Input.ChoiceSet' ? node : Object.values(node).map(choiceSet).find(Boolean);
};

async function toChecklist(aad: string, caseRef: string): Promise<FakeActivity> {
  const conv = personalConversation(aad);
  let seen = fake.inConversation(conv).length;
  await postActivity(app, personalMessage(fake, aad, 'hello'));
  for (let step = 0; step < 40; step++) {
    const ask = await waitFor(
      () => (fake.inConversation(conv).length > seen ? lastAsk(fake, conv) : undefined),
      'a question card',
    );
    seen = fake.inConversation(conv).length;
    const buttons = buttonsOf(cardOf(ask.body)).filter((b) => b.verb === 'reflect.answer');
    if (buttons.some((b) => b.data.choice === 'ticked')) return ask;
    if (buttons.length === 0) {
      await postActivity(app, personalMessage(fake, aad, caseRef));
      continue;
    }
    const pick = buttons.find((b) => b.data.choice === 'no') ?? buttons[0]!;
    await postActivity(app, cardInvoke(fake, aad, conv, ask.id, pick.verb, pick.data));
  }
  throw new Error('no checklist card');
}

describe('a checklist in Teams', () => {
  it('is one multi-select choice set; Done answers with the ticked items and the card shows them', async () => {
    const conv = personalConversation(AAD.alex);
    const ask = await toChecklist(AAD.alex, 'CR-TEAMS-CHECK');
    const set = choiceSet(cardOf(ask.body));
    expect(set).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true, style: 'expanded' });
    expect(((set?.choices ?? []) as Array<{ value: string }>).map((c) => c.value)).toContain('fearful');
    const done = buttonsOf(cardOf(ask.body)).find((b) => b.data.choice === 'ticked')!;

    // Nothing ticked: the card stays and the bot asks for an explicit none.
    const empty = await postActivity(
      app,
      cardInvoke(fake, AAD.alex, conv, ask.id, done.verb, { ...done.data, ticked: '' }),
    );
    expect(JSON.stringify(empty.body)).toMatch(/Nothing is ticked/);

    const before = fake.inConversation(conv).length;
    const res = await postActivity(
      app,
      cardInvoke(fake, AAD.alex, conv, ask.id, done.verb, { ...done.data, ticked: 'previous-hostility,fearful' }),
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toMatch(/fearful of, this adult/);
    await waitFor(
      () =>
        fake
          .inConversation(conv)
          .slice(before)
          .find((a) => textOf(a.body).includes('Share with your manager')),
      'the flag the ticks raise',
    );

    // The answered card's None of these and Done carry its token: pressed again, they change nothing.
    const late: Array<Record<string, unknown>> = [
      { ...done.data, ticked: 'less-than-honest' },
      { ...buttonsOf(cardOf(ask.body)).find((b) => b.data.choice === 'none')!.data },
    ];
    for (const data of late) {
      expect(data.token).toMatch(/^[0-9a-f-]{36}$/); // the answered card's own token, never missing
      const seen = fake.inConversation(conv).length;
      const stale = await postActivity(app, cardInvoke(fake, AAD.alex, conv, ask.id, done.verb, data));
      expect(stale.status).toBe(200);
      expect(JSON.stringify(stale.body)).toMatch(/no longer/i);
      await waitFor(
        () =>
          fake
            .inConversation(conv)
            .slice(seen)
            .find((a) => textOf(a.body).includes('nothing changed')),
        'the stale-press notice',
      );
    }
  });
});
