/**
 * The Slack channel end to end: signed requests to the real Bolt receiver inside the real app,
 * the fake Web API on loopback, a throwaway SQLite store. A reflection by DM ends in the
 * supervisor's case thread; /reflect and App Home start one; Edit opens the modal.
 */
import { FakeSlack, type FakeMessage } from '../../fakes/slack/server';
import type { TestApp } from '../../support/app';
import {
  buttons,
  click,
  dmOf,
  driveToPreview,
  postedAfter,
  sendCommand,
  sendDm,
  sendEvent,
  sendInteraction,
  startSlackApp,
  SUP_CHANNEL,
  U,
} from './helpers';

const alex = { user: U.alex, id: 'alex' };
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

const share = (m: FakeMessage) => buttons(m).find((b) => b.action_id === 'reflect.preview.share');
const topLevel = (channel: string) => fake.in(channel).filter((m) => !m.thread_ts);

describe('a reflection by DM', () => {
  it("asks with buttons, settles answered questions and ends in the supervisor's thread", async () => {
    const preview = await driveToPreview(app, fake, alex, {
      caseRef: 'CR-FLOW-1',
      note: 'Mum said <!channel> and <@U999> and <http://x|y>, typed &lt;!here&gt;',
    });
    // Every post turns unfurling off.
    for (const c of fake.callsTo('chat.postMessage'))
      expect([c.args.unfurl_links, c.args.unfurl_media]).toEqual(['false', 'false']);
    // Answered questions lost their buttons: only the preview still has live buttons in the DM.
    const live = postedAfter(fake, dmOf(U.alex)).filter((m) => buttons(m).length > 0);
    expect(live.map((m) => m.ts)).toEqual([preview.ts]);
    expect(fake.callsTo('chat.update').length).toBeGreaterThan(3);

    const button = share(preview);
    if (!button) throw new Error('no Share button');
    await click(app.url, U.alex, preview, button);
    const reply = await fake.waitFor('the summary in the thread', () =>
      fake.in(SUP_CHANNEL).find((m) => m.thread_ts && JSON.stringify(m.blocks).includes('CR-FLOW-1')),
    );
    const parent = topLevel(SUP_CHANNEL).find((m) => m.ts === reply.thread_ts);
    expect(parent?.metadata?.event_payload.outbox_id).toMatch(/^parent:/);
    expect(JSON.stringify(parent?.blocks)).toContain('Alex Morgan');
    // Slack's markup arrives as plain text (mentions, links), and what was typed literally is
    // escaped in the summary: nothing in it can ping or link.
    const posted = JSON.stringify(reply.blocks);
    expect(posted).toContain('Mum said @channel and @someone and y (http://x), typed &lt;!here&gt;');
    expect(posted).not.toContain('<!channel>');
    expect(posted).not.toContain('<!here>');
    // The parent shows the new counts once the reply is in.
    await fake.waitFor(
      'parent counts updated',
      () => parent && parent.updates > 0 && JSON.stringify(parent.blocks).includes('1 reflection'),
    );
    const thread = await app.reflect.store.findThreadByExternalRef('slack', `${SUP_CHANNEL}:${parent?.ts}`);
    expect(thread?.caseRef).toBe('CR-FLOW-1');
    // The preview in the DM is settled too (no buttons), and the practitioner is told it was shared.
    await fake.waitFor('preview settled', () =>
      fake.in(dmOf(U.alex)).find((m) => m.ts === preview.ts && buttons(m).length === 0),
    );
  });
});

describe('starting points', () => {
  it('/reflect acks at once and asks the first question in the DM', async () => {
    const before = postedAfter(fake, dmOf(U.bo)).length;
    const res = await sendCommand(app.url, U.bo);
    expect(res.status).toBe(200);
    await fake.waitFor(
      'a question for bo',
      () =>
        postedAfter(fake, dmOf(U.bo)).length > before &&
        postedAfter(fake, dmOf(U.bo)).some((m) => JSON.stringify(m.blocks).includes('Question 1 of')),
    );
  });

  it('App Home publishes a Start button and the open reflections', async () => {
    const res = await sendEvent(app.url, {
      type: 'app_home_opened',
      user: U.bo,
      channel: dmOf(U.bo),
      tab: 'home',
      event_ts: '1.1',
    });
    expect(res.status).toBe(200);
    const view = await fake.waitFor('views.publish', () =>
      fake.views.find((v) => v.method === 'views.publish' && v.user === U.bo),
    );
    const text = JSON.stringify(view.view);
    expect(text).toContain('reflect.home.start');
    expect(text).toContain('Open and paused');
  });

  it('"Start a reflection" on App Home carries on the open reflection', async () => {
    const before = postedAfter(fake, dmOf(U.bo)).length;
    await sendInteraction(app.url, {
      type: 'block_actions',
      user: { id: U.bo, username: 'bo', team_id: 'T0FAKE' },
      container: { type: 'view', view_id: 'V1' },
      actions: [
        {
          type: 'button',
          action_id: 'reflect.home.start',
          block_id: 'reflect.home',
          value: 'start',
          text: { type: 'plain_text', text: 'Start' },
          action_ts: '1.2',
        },
      ],
    });
    await fake.waitFor('the question again', () => postedAfter(fake, dmOf(U.bo)).length > before);
  });
});

describe('edit', () => {
  it('Edit opens a modal with the numbered answers; saving applies the changes', async () => {
    const bo = { user: U.bo, id: 'bo' };
    await sendDm(app.url, U.bo, 'cancel');
    await sendDm(app.url, U.bo, 'yes');
    const preview = await driveToPreview(app, fake, bo, { caseRef: 'CR-EDIT-1', note: 'first note' });
    const edit = buttons(preview).find((b) => b.action_id === 'reflect.preview.edit');
    if (!edit) throw new Error('no Edit button');
    await click(app.url, U.bo, preview, edit);
    const opened = await fake.waitFor('views.open', () => fake.views.find((v) => v.method === 'views.open'));
    const blocks = opened.view.blocks as Array<{
      type: string;
      block_id?: string;
      element?: { initial_value?: string };
    }>;
    const note = blocks.find(
      (b) => b.type === 'input' && b.block_id?.startsWith('q:note:') && b.element?.initial_value === 'first note',
    );
    expect(note).toBeDefined();
    const values = { [note?.block_id ?? '']: { value: { type: 'plain_text_input', value: 'changed note' } } };
    await sendInteraction(app.url, {
      type: 'view_submission',
      user: { id: U.bo, username: 'bo', team_id: 'T0FAKE' },
      view: {
        id: 'V9',
        team_id: 'T0FAKE',
        type: 'modal',
        callback_id: 'reflect.edit',
        private_metadata: opened.view.private_metadata,
        state: { values },
        hash: 'h',
        title: { type: 'plain_text', text: 'Edit' },
        app_id: 'A0REFLECT',
        bot_id: 'BBOT',
      },
    });
    const next = await fake.waitFor('a new preview', () =>
      postedAfter(fake, dmOf(U.bo), preview.ts).find((m) =>
        buttons(m).some((b) => b.action_id === 'reflect.preview.share'),
      ),
    );
    expect(JSON.stringify(next.blocks)).toContain('changed note');
    // The preview's Full reflection is the supervisor's modal: every numbered answer, the note as edited.
    const full = buttons(next).find((b) => b.action_id === 'reflect.full');
    if (!full) throw new Error('no Full reflection button on the preview');
    const count = fake.views.filter((v) => v.method === 'views.open').length;
    await click(app.url, U.bo, next, full);
    const modal = await fake.waitFor(
      'the full reflection',
      () => fake.views.filter((v) => v.method === 'views.open')[count],
    );
    expect(JSON.stringify(modal.view.blocks)).toContain('changed note');
    expect(JSON.stringify(modal.view.blocks)).toMatch(/\*Answers\*.*1\. /);
  });
});
