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
let firstChecklist: FakeMessage | undefined; // Alex's, answered in the first test
let firstPreview: FakeMessage | undefined; // Alex's, replaced by a new one after the Edit modal

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
    firstChecklist = structuredClone(m); // as first posted, before the answer settles it
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
    expect(Number(flag.ts)).toBeGreaterThan(Number(m.ts)); // the flag follows the Done press
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

describe('a checklist in the Edit modal', () => {
  it('is checkboxes with the ticked items; saving other ticks changes the answer', async () => {
    // Alex's reflection from the first test is at its preview, with two items ticked.
    const who = alex;
    const preview = await fake.waitFor('the preview', () =>
      [...postedAfter(fake, dmOf(who.user))]
        .reverse()
        .find((x) => buttons(x).some((b) => b.action_id === 'reflect.preview.share')),
    );
    firstPreview = structuredClone(preview);
    const opensBefore = fake.views.filter((v) => v.method === 'views.open').length;
    await click(app.url, who.user, preview, buttons(preview).find((b) => b.action_id === 'reflect.preview.edit')!);
    const opened = await fake.waitFor(
      'views.open',
      () => fake.views.filter((v) => v.method === 'views.open')[opensBefore],
    );
    type Input = { type: string; block_id?: string; element?: { type: string; initial_options?: unknown[] } };
    const box = (opened.view.blocks as Input[]).find((b) => b.block_id === 'q:choice:swm-check');
    expect(box?.element?.type).toBe('checkboxes');
    expect(((box?.element?.initial_options ?? []) as Array<{ value: string }>).map((o) => o.value)).toEqual([
      'previous-hostility',
      'fearful',
    ]);
    await sendInteraction(app.url, {
      type: 'view_submission',
      user: { id: who.user, username: who.id, team_id: 'T0FAKE' },
      view: {
        id: 'V10',
        team_id: 'T0FAKE',
        type: 'modal',
        callback_id: 'reflect.edit',
        private_metadata: opened.view.private_metadata,
        state: {
          values: {
            'q:choice:swm-check': {
              value: {
                type: 'checkboxes',
                selected_options: [{ value: 'less-than-honest', text: { type: 'plain_text', text: '3' } }],
              },
            },
          },
        },
        hash: 'h',
        title: { type: 'plain_text', text: 'Edit' },
        app_id: 'A0REFLECT',
        bot_id: 'BBOT',
      },
    });
    const next = await fake.waitFor('a new preview', () =>
      postedAfter(fake, dmOf(who.user), preview.ts).find((x) =>
        buttons(x).some((b) => b.action_id === 'reflect.preview.share'),
      ),
    );
    const text = JSON.stringify(next.blocks);
    expect(text).toMatch(/less than honest with the family to avoid conflict/);
    expect(text).not.toMatch(/fearful of, this adult/);
  });
});

describe('stale presses on checklist and preview buttons', () => {
  it('None of these, Done and Go deeper from earlier messages carry their token and change nothing', async () => {
    const m = firstChecklist!;
    const old = firstPreview!;
    expect(buttons(m).map((b) => b.action_id)).toEqual(['reflect.choice:0', 'reflect.checklist.done']);
    const presses: Array<() => Promise<unknown>> = [];
    for (const b of buttons(m)) {
      expect(b.value).toMatch(/"t":"[^"]+"/); // the token rides on the button
      presses.push(() =>
        interact(
          m,
          { type: 'button', action_id: b.action_id, value: b.value, text: { type: 'plain_text', text: 'x' } },
          ['fearful'],
        ),
      );
    }
    const deeper = buttons(old).find((b) => b.action_id === 'reflect.preview.deeper')!;
    expect(deeper.value).toMatch(/"t":"[^"]+"/);
    presses.push(() => click(app.url, U.alex, old, deeper));
    for (const p of presses) {
      const after = postedAfter(fake, dmOf(U.alex)).at(-1)?.ts ?? '0';
      await p();
      await fake.waitFor('the stale-press notice', () =>
        postedAfter(fake, dmOf(U.alex), after).find((x) => x.text.includes('nothing changed')),
      );
      // What is waiting is shown again: the current preview, still with the edited answer.
      const again = await fake.waitFor('the current preview again', () =>
        postedAfter(fake, dmOf(U.alex), after).find((x) =>
          buttons(x).some((b) => b.action_id === 'reflect.preview.share'),
        ),
      );
      const text = JSON.stringify(again.blocks);
      expect(text).toMatch(/less than honest with the family to avoid conflict/);
      expect(text).not.toMatch(/fearful of, this adult/);
    }
  });
});
