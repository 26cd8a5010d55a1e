/**
 * Checklists in Slack, through the real Bolt receiver with signed requests: the share-with-manager
 * screen arrives as checkboxes with "None of these" and Done; Done answers with what is ticked in
 * the message state (as Slack sends it in block_actions payloads), a tick alone changes nothing,
 * Done with nothing ticked asks for an explicit "none", and typed numbers work too.
 */
import { FakeSlack, type FakeMessage } from '../../fakes/slack/server';
import type { TestApp } from '../../support/app';
import {
  buttons,
  choose,
  click,
  dmOf,
  postedAfter,
  sendDm,
  sendInteraction,
  startSlackApp,
  SUP_CHANNEL,
  U,
  waitForPrompt,
} from './helpers';

const alex = { user: U.alex, id: 'alex' };
const bo = { user: U.bo, id: 'bo' };
type Who = { user: string; id: string };
let fake: FakeSlack;
let app: TestApp;

beforeAll(async () => {
  fake = await new FakeSlack({ channels: [SUP_CHANNEL] }).start();
  app = await startSlackApp(fake);
});
afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

type Block = { type: string; block_id?: string; elements?: Array<Record<string, unknown>> };
const checkboxes = (m: FakeMessage) =>
  (m.blocks as Block[]).flatMap((b) => b.elements ?? []).find((e) => e.type === 'checkboxes') as
    | { action_id: string; options: Array<{ value: string; text: { text: string } }> }
    | undefined;

/** A block_actions payload from the checklist message, with the ticked boxes in its state. */
function interact(m: FakeMessage, action: Record<string, unknown>, ticked: string[], who: Who = alex) {
  const box = checkboxes(m);
  const selected = (box?.options ?? []).filter((o) => ticked.includes(o.value));
  return sendInteraction(app.url, {
    type: 'block_actions',
    user: { id: who.user, username: who.id, team_id: 'T0FAKE' },
    container: { type: 'message', message_ts: m.ts, channel_id: m.channel, is_ephemeral: false },
    channel: { id: m.channel, name: 'directmessage' },
    message: { type: 'message', ts: m.ts, text: m.text, user: 'UBOT' },
    state: {
      values: { 'reflect.checklist': { 'reflect.checklist.tick': { type: 'checkboxes', selected_options: selected } } },
    },
    response_url: 'https://hooks.invalid/response',
    actions: [{ block_id: 'reflect.checklist', action_ts: '1.1', ...action }],
  });
}

async function toChecklist(caseRef: string, who: Who = alex): Promise<FakeMessage> {
  let after = postedAfter(fake, dmOf(who.user)).at(-1)?.ts ?? '0';
  await sendDm(app.url, who.user, 'hello');
  for (let step = 0; step < 40; step++) {
    const prompt = await waitForPrompt(app, fake, who, after);
    after = prompt.message.ts;
    if (prompt.kind === 'buttons' && checkboxes(prompt.message)) return prompt.message;
    if (prompt.kind === 'buttons') await click(app.url, who.user, prompt.message, choose(prompt.message));
    else await sendDm(app.url, who.user, caseRef);
  }
  throw new Error('no checklist');
}

describe('a checklist in Slack', () => {
  it('renders checkboxes; Done answers with what is ticked; a tick alone changes nothing', async () => {
    const m = await toChecklist('CR-CHECK-1');
    const box = checkboxes(m);
    expect(box?.options.map((o) => o.value)).toContain('fearful');
    expect(box?.options.every((o) => o.text.text.length <= 75)).toBe(true);
    expect(buttons(m).map((b) => b.action_id)).toEqual(['reflect.choice:0', 'reflect.checklist.done']);

    const before = fake.in(dmOf(U.alex)).length;
    const tick = await interact(m, { type: 'checkboxes', action_id: 'reflect.checklist.tick', selected_options: [] }, [
      'fearful',
    ]);
    expect(tick.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.in(dmOf(U.alex)).length).toBe(before); // nothing posted for a tick

    const done = buttons(m).find((b) => b.action_id === 'reflect.checklist.done')!;
    await interact(
      m,
      { type: 'button', action_id: done.action_id, value: done.value, text: { type: 'plain_text', text: 'Done' } },
      ['previous-hostility', 'fearful'],
    );
    const flag = await fake.waitFor('the flag the ticks raise', () =>
      fake.in(dmOf(U.alex)).find((x) => Number(x.ts) > Number(m.ts) && x.text.includes('Share with your manager')),
    );
    expect(flag).toBeTruthy();
    const settled = await fake.waitFor('the checklist settled with its answer', () => {
      const now = fake.in(dmOf(U.alex)).find((x) => x.ts === m.ts);
      const text = JSON.stringify(now?.blocks ?? []);
      return text.includes('fearful of, this adult') && !checkboxes(now!) ? now : undefined;
    });
    expect(JSON.stringify(settled.blocks)).toMatch(/previous experience of an adult/);
  });

  it('asks for an explicit none when Done is pressed with nothing ticked, and reads typed numbers', async () => {
    const m = await toChecklist('CR-CHECK-2', bo);
    const done = buttons(m).find((b) => b.action_id === 'reflect.checklist.done')!;
    await interact(
      m,
      { type: 'button', action_id: done.action_id, value: done.value, text: { type: 'plain_text', text: 'Done' } },
      [],
      bo,
    );
    await fake.waitFor('the request for an explicit none', () =>
      fake.in(dmOf(U.bo)).find((x) => Number(x.ts) > Number(m.ts) && x.text.includes('Nothing is ticked')),
    );
    await sendDm(app.url, U.bo, '9, fearful');
    await fake.waitFor('the one-line list of items', () =>
      fake.in(dmOf(U.bo)).find((x) => x.text.includes('couldn&#39;t match') || x.text.includes("couldn't match")),
    );
    await sendDm(app.url, U.bo, '2, 3');
    await fake.waitFor('the checklist settled', () => {
      const now = fake.in(dmOf(U.bo)).find((x) => x.ts === m.ts);
      return now && !checkboxes(now) && JSON.stringify(now.blocks).includes('less than honest') ? now : undefined;
    });
  });
});
