/**
 * The supervisor's side in Slack: Picked up / Add to agenda for the mapped supervisor only,
 * thread replies relayed to the practitioner's DM with the case reference, and a supervisor with
 * no channel getting the case thread in a DM.
 */
import { FakeSlack, type FakeMessage } from '../../fakes/slack/server';
import type { TestApp } from '../../support/app';
import {
  buttons,
  click,
  dmEvent,
  dmOf,
  driveToPreview,
  postedAfter,
  sendCommand,
  sendEvent,
  sendInteraction,
  startSlackApp,
  SUP_CHANNEL,
  U,
} from './helpers';

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

/** Drives a reflection, shares it, and returns the parent and the summary reply in the supervisor's channel. */
async function shared(
  who: { user: string; id: string },
  caseRef: string,
  channel: string,
): Promise<{ parent: FakeMessage; reply: FakeMessage }> {
  const preview = await driveToPreview(app, fake, who, { caseRef });
  const share = buttons(preview).find((b) => b.action_id === 'reflect.preview.share');
  if (!share) throw new Error('no Share button');
  await click(app.url, who.user, preview, share);
  const reply = await fake.waitFor('summary reply', () =>
    fake.in(channel).find((m) => m.thread_ts && JSON.stringify(m.blocks).includes(caseRef)),
  );
  const parent = fake.in(channel).find((m) => m.ts === reply.thread_ts);
  if (!parent) throw new Error('no parent');
  await fake.waitFor('outbox idle', async () => (await app.reflect.store.listOutbox('pending')).length === 0);
  return { parent, reply };
}

const pickedUp = (m: FakeMessage) => buttons(m).find((b) => b.action_id === 'reflect.thread.acknowledge');
const messageIdOf = (m: FakeMessage) => (JSON.parse(pickedUp(m)?.value ?? '{}') as { m: string }).m;

describe('Picked up / Add to agenda', () => {
  let thread: { parent: FakeMessage; reply: FakeMessage };
  beforeAll(async () => {
    thread = await shared({ user: U.alex, id: 'alex' }, 'CR-SUP-1', SUP_CHANNEL);
  });

  it('anyone but the mapped supervisor gets an ephemeral "not yours" and nothing changes', async () => {
    const button = pickedUp(thread.reply);
    if (!button) throw new Error('no Picked up button');
    for (const user of [U.stranger, U.kim, U.alex]) {
      await click(app.url, user, thread.reply, button);
      const eph = await fake.waitFor(`ephemeral for ${user}`, () =>
        fake.callsTo('chat.postEphemeral').find((c) => c.args.user === user),
      );
      expect(eph.args.channel).toBe(SUP_CHANNEL);
      expect(String(eph.args.text)).toMatch(/isn't yours/);
    }
    const message = await app.reflect.store.getThreadMessage(messageIdOf(thread.reply));
    expect(message?.acknowledged).toBe(false);
  });

  it("the supervisor's click acknowledges it, updates the message and counts, and tells the practitioner", async () => {
    const dmBefore = postedAfter(fake, dmOf(U.alex)).at(-1)?.ts ?? '0';
    const button = pickedUp(thread.reply);
    if (!button) throw new Error('no Picked up button');
    await click(app.url, U.sam, thread.reply, button);
    await fake.waitFor(
      'acknowledged',
      async () => (await app.reflect.store.getThreadMessage(messageIdOf(thread.reply)))?.acknowledged,
    );
    await fake.waitFor('reply shows picked up', () =>
      JSON.stringify(thread.reply.blocks).includes('Picked up by Sam Rivers'),
    );
    const told = await fake.waitFor('practitioner told', () =>
      postedAfter(fake, dmOf(U.alex), dmBefore).find((m) => m.text.includes('picked up your reflection on CR-SUP-1')),
    );
    expect(told.metadata?.event_type).toBe('reflect_outbox');
    await fake.waitFor('parent shows no open flags', () =>
      JSON.stringify(thread.parent.blocks).includes('0 open flag'),
    );

    const agenda = buttons(thread.reply).find((b) => b.action_id === 'reflect.thread.agenda');
    if (!agenda) throw new Error('no agenda button');
    await click(app.url, U.sam, thread.reply, agenda);
    await fake.waitFor(
      'on agenda',
      async () => (await app.reflect.store.getThreadMessage(messageIdOf(thread.reply)))?.onAgenda,
    );
  });

  it('Full reflection opens the whole reflection in a modal for the supervisor, and for nobody else', async () => {
    const full = buttons(thread.reply).find((b) => b.action_id === 'reflect.full');
    if (!full) throw new Error('no Full reflection button');
    const opened = () => fake.views.filter((v) => v.method === 'views.open').length;
    const before = opened();
    const told = () => fake.callsTo('chat.postEphemeral').filter((c) => c.args.user === U.stranger).length;
    const toldBefore = told();
    await click(app.url, U.stranger, thread.reply, full);
    await fake.waitFor('ephemeral for the stranger', () => told() > toldBefore);
    expect(opened()).toBe(before);
    await click(app.url, U.sam, thread.reply, full);
    const modal = await fake.waitFor('views.open', () => fake.views.filter((v) => v.method === 'views.open')[before]);
    const text = JSON.stringify(modal.view.blocks);
    expect(text).toContain('Answers');
    expect(text).toContain('CR-SUP-1');
    expect(JSON.stringify(thread.reply.blocks)).not.toContain('*Answers*'); // the thread shows the headline only
  });

  it("relays the supervisor's thread reply to the practitioner with the case reference; ignores anyone else", async () => {
    const dmBefore = postedAfter(fake, dmOf(U.alex)).at(-1)?.ts ?? '0';
    const inThread = (user: string, text: string) => ({
      ...dmEvent(user, text),
      channel: SUP_CHANNEL,
      channel_type: 'channel',
      thread_ts: thread.parent.ts,
    });
    await sendEvent(app.url, inThread(U.stranger, 'Not the supervisor'));
    await sendEvent(app.url, inThread(U.kim, 'Another supervisor'));
    await sendEvent(app.url, inThread(U.sam, "Let's talk on Friday <!here>, typed &lt;!channel&gt;"));
    const relayed = await fake.waitFor('relay', () =>
      postedAfter(fake, dmOf(U.alex), dmBefore).find((m) => m.text.includes('Friday')),
    );
    expect(relayed.text).toContain('Sam Rivers replied about CR-SUP-1');
    expect(relayed.text).toContain('Friday @here, typed &lt;!channel&gt;');
    expect(relayed.text).not.toMatch(/<!here>|<!channel>/);
    const texts = postedAfter(fake, dmOf(U.alex), dmBefore)
      .map((m) => m.text)
      .join('\n');
    expect(texts).not.toContain('Not the supervisor');
    expect(texts).not.toContain('Another supervisor');
    const threadRecord = await app.reflect.store.findThreadByExternalRef('slack', `${SUP_CHANNEL}:${thread.parent.ts}`);
    const replies = (await app.reflect.store.listThreadMessages(threadRecord?.id ?? '')).filter(
      (m) => m.kind === 'reply',
    );
    expect(replies).toHaveLength(1);
  });
});

describe('two practitioners on one case', () => {
  it('one thread naming both; a plain thread reply reaches neither; Picked up reaches only its author', async () => {
    const first = await shared({ user: U.alex, id: 'alex' }, 'CR-PAIR-1', SUP_CHANNEL);
    const second = await shared({ user: U.cy, id: 'cy' }, 'CR-PAIR-1', SUP_CHANNEL);
    expect(second.parent.ts).toBe(first.parent.ts);
    await fake.waitFor('parent names both', () => {
      const blocks = JSON.stringify(first.parent.blocks);
      return blocks.includes('Alex Morgan') && blocks.includes('Cy Adeyemi');
    });
    const before = {
      alex: postedAfter(fake, dmOf(U.alex)).at(-1)?.ts ?? '0',
      cy: postedAfter(fake, dmOf(U.cy)).at(-1)?.ts ?? '0',
    };
    // A thread reply could be for either: nobody gets it, and the supervisor is told why.
    await sendEvent(app.url, {
      ...dmEvent(U.sam, 'Which of you visited on Tuesday?'),
      channel: SUP_CHANNEL,
      channel_type: 'channel',
      thread_ts: first.parent.ts,
    });
    const told = await fake.waitFor('ephemeral to the supervisor', () =>
      fake
        .callsTo('chat.postEphemeral')
        .find((c) => c.args.user === U.sam && String(c.args.text).includes('Cy Adeyemi')),
    );
    expect(String(told.args.text)).toMatch(/not sent to anyone/);
    // Picked up on Cy's summary: Cy hears, Alex does not.
    const cyReply = fake
      .in(SUP_CHANNEL)
      .find((m) => m.thread_ts === first.parent.ts && JSON.stringify(m.blocks).includes('Cy Adeyemi'));
    const button = cyReply && pickedUp(cyReply);
    if (!cyReply || !button) throw new Error("no Picked up button on Cy's summary");
    await click(app.url, U.sam, cyReply, button);
    await fake.waitFor('cy told', () =>
      postedAfter(fake, dmOf(U.cy), before.cy).some((m) => m.text.includes('picked up your reflection on CR-PAIR-1')),
    );
    // Reply under Cy's reflection: a modal, and the text reaches Cy only.
    const reply = buttons(cyReply).find((b) => b.action_id === 'reflect.reply');
    if (!reply) throw new Error("no Reply button on Cy's summary");
    const views = fake.views.filter((v) => v.method === 'views.open').length;
    await click(app.url, U.sam, cyReply, reply);
    const modal = await fake.waitFor(
      'the reply modal',
      () => fake.views.filter((v) => v.method === 'views.open')[views],
    );
    await sendInteraction(app.url, {
      type: 'view_submission',
      user: { id: U.sam, username: 'sam', team_id: 'T0FAKE' },
      trigger_id: 'trig-reply-1',
      view: {
        id: 'V10',
        team_id: 'T0FAKE',
        type: 'modal',
        callback_id: 'reflect.reply',
        private_metadata: modal.view.private_metadata,
        state: { values: { reply: { value: { type: 'plain_text_input', value: 'Well spotted, thank you' } } } },
        hash: 'h',
        title: { type: 'plain_text', text: 'Reply' },
        app_id: 'A0REFLECT',
        bot_id: 'BBOT',
      },
    });
    await fake.waitFor('cy gets the reply', () =>
      postedAfter(fake, dmOf(U.cy), before.cy).some((m) => m.text.includes('Well spotted')),
    );
    await fake.waitFor('outbox idle', async () => (await app.reflect.store.listOutbox('pending')).length === 0);
    const alexTexts = postedAfter(fake, dmOf(U.alex), before.alex).map((m) => m.text);
    const cyTexts = postedAfter(fake, dmOf(U.cy), before.cy).map((m) => m.text);
    expect(alexTexts.join('\n')).not.toMatch(/picked up|Tuesday|Well spotted/);
    expect(cyTexts.join('\n')).not.toMatch(/Tuesday/);
  });
});

describe('urgent alerts', () => {
  it('"/reflect urgent" alerts the supervisor at once: prominent, in the case thread and shown in the channel', async () => {
    expect(await app.reflect.store.getOpenReflection('alex')).toBeUndefined();
    await sendEvent(app.url, dmEvent(U.alex, 'hello'));
    await fake.waitFor('first question', () =>
      postedAfter(fake, dmOf(U.alex)).some((m) => m.text.startsWith('What is the case reference')),
    );
    await sendEvent(app.url, dmEvent(U.alex, 'CR-URGENT-1'));
    await fake.waitFor('second question', () =>
      postedAfter(fake, dmOf(U.alex)).some((m) => m.text.startsWith('What contact')),
    );
    await sendCommand(app.url, U.alex, 'urgent');
    const alert = await fake.waitFor('the alert', () =>
      fake.in(SUP_CHANNEL).find((m) => m.thread_ts && m.text.includes('CR-URGENT-1')),
    );
    expect(alert.reply_broadcast).toBe(true);
    expect(JSON.stringify(alert.blocks)).toContain(':rotating_light:');
    expect(pickedUp(alert)).toBeDefined();
    const parent = fake.in(SUP_CHANNEL).find((m) => m.ts === alert.thread_ts);
    await fake.waitFor('parent counts', () => parent && JSON.stringify(parent.blocks).includes('1 open flag'));
    await fake.waitFor('signposting in the DM', () =>
      postedAfter(fake, dmOf(U.alex)).some((m) => m.text.includes('immediate danger')),
    );
  });
});

describe('a supervisor without a channel', () => {
  it('gets the case thread in a DM, and can reply in it', async () => {
    const { parent } = await shared({ user: U.bo, id: 'bo' }, 'CR-DM-1', dmOf(U.kim));
    expect(fake.callsTo('conversations.open').some((c) => c.args.users === U.kim)).toBe(true);
    const before = postedAfter(fake, dmOf(U.bo)).at(-1)?.ts ?? '0';
    await sendEvent(app.url, { ...dmEvent(U.kim, 'Well done'), channel: dmOf(U.kim), thread_ts: parent.ts });
    const relayed = await fake.waitFor('relay to bo', () =>
      postedAfter(fake, dmOf(U.bo), before).find((m) => m.text.includes('Well done')),
    );
    expect(relayed.text).toContain('Kim Lowe replied about CR-DM-1');
  });
});

describe('a supervisor is recognised everywhere', () => {
  // Sam's case threads from the tests above: CR-SUP-1 (picked up) and CR-URGENT-1 (an alert waiting).

  it('App Home shows the supervisor their open case threads and what awaits Picked up', async () => {
    const res = await sendEvent(app.url, {
      type: 'app_home_opened',
      user: U.sam,
      channel: dmOf(U.sam),
      tab: 'home',
      event_ts: '1.1',
    });
    expect(res.status).toBe(200);
    const view = await fake.waitFor('views.publish for the supervisor', () =>
      fake.views.find((v) => v.method === 'views.publish' && v.user === U.sam),
    );
    const text = JSON.stringify(view.view);
    expect(text).not.toMatch(/don't recognise you/);
    expect(text).toContain('Hello Sam Rivers');
    const threads = await app.reflect.store.listThreads('sam', 'slack');
    expect(threads.length).toBeGreaterThanOrEqual(2);
    for (const t of threads) expect(text).toContain(t.caseRef);
    expect(text).toMatch(/Urgent alert from \d{4}-\d{2}-\d{2} awaiting Picked up/);
    expect(text).toContain(`<#${SUP_CHANNEL}>`);
  });

  it('/reflect from a supervisor answers with the same overview in their DM, not a refusal', async () => {
    const res = await sendCommand(app.url, U.sam);
    expect(res.status).toBe(200);
    const posted = await fake.waitFor('overview DM', () =>
      fake.in(dmOf(U.sam)).find((m) => JSON.stringify(m.blocks ?? []).includes('CR-URGENT-1')),
    );
    expect(JSON.stringify(posted)).not.toMatch(/don't recognise you/);
    expect(JSON.stringify(posted.blocks)).toContain('Hello Sam Rivers');
  });
});
