/**
 * The Teams channel end to end: activities POSTed to the real /api/messages of the real app (SDK
 * local-dev mode, no token), everything the bot sends captured by a fake Bot Connector on loopback.
 */
import { outboxDrained, type TestApp } from '../../support/app';
import { startFakeConnector, type FakeActivity, type FakeConnector } from '../../fakes/teams/server';
import {
  AAD,
  buttonsOf,
  cardInvoke,
  cardOf,
  CHANNEL,
  channelReply,
  driveToPreview,
  inputsOf,
  personalConversation,
  personalMessage,
  postActivity,
  startTeamsApp,
  textOf,
  waitFor,
  type CardButton,
} from './helpers';

const MARKUP = '<b>x</b> [link](http://evil) <at>Sam</at>';
let fake: FakeConnector;
let app: TestApp;
let root: FakeActivity;
let summary: FakeActivity;

beforeAll(async () => {
  fake = await startFakeConnector();
  app = await startTeamsApp(fake);
});
afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

const button = (a: FakeActivity, pred: (b: CardButton) => boolean) => {
  const found = buttonsOf(cardOf(a.body)).find(pred);
  if (!found) throw new Error(`no such button in ${JSON.stringify(a.body)}`);
  return found;
};
const threadId = () => `${CHANNEL};messageid=${root.id}`;
const alexChat = personalConversation(AAD.alex);

describe("Teams: a reflection in personal chat, shared into the supervisor's channel thread", () => {
  it('runs the whole reflection on cards and posts one root and one reply, even after a 5xx on the reply', async () => {
    const preview = await driveToPreview(app, fake, AAD.alex, {
      caseRef: 'CR7001',
      note: MARKUP,
      picks: ['home-visit'],
    });
    expect(textOf(preview.body)).toMatch(/CR7001/);
    const share = button(preview, (b) => b.data.choice === 'share');
    fake.fail(1, 500, { method: 'POST', path: /messageid=/ }); // the reply into the thread fails once, creating nothing
    const res = await postActivity(app, cardInvoke(fake, AAD.alex, alexChat, preview.id, share.verb, share.data));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(buttonsOf(res.body.value)).toHaveLength(0);
    expect(preview.updates).toHaveLength(1);

    root = await waitFor(() => fake.inConversation(CHANNEL)[0], 'the thread root');
    summary = await waitFor(() => fake.inConversation(threadId())[0], 'the summary in the thread', 15_000);
    expect(textOf(root.body)).toMatch(/Case CR7001/);
    expect(textOf(root.body)).toMatch(/Reflections from: Alex Morgan/);
    expect(textOf(root.body)).toMatch(/1 reflection\(s\) shared/);
    expect(textOf(summary.body)).toMatch(/CR7001/);
    expect(fake.calls.filter((c) => c.status === 500)).toHaveLength(1);
    await outboxDrained(app); // anything duplicated would have arrived by now
    expect(fake.inConversation(CHANNEL)).toHaveLength(1);
    expect(fake.inConversation(threadId())).toHaveLength(1);
    const [thread] = await app.reflect.store.listThreads('sam', 'teams');
    expect(thread?.externalRef).toBe(threadId());
    // Local-dev mode: the bot posted everything without a token.
    expect(fake.calls.every((c) => c.authorization === undefined)).toBe(true);
  });

  it('escapes markup from the practitioner before the supervisor sees it', () => {
    const raw = JSON.stringify(summary.body);
    expect(raw).not.toContain('[link](');
    // Adaptive Cards render no HTML, so tags are text as typed; Markdown is escaped, no entities.
    const text = textOf(summary.body);
    expect(text).toContain('<b>x</b> \\[link\\](http://evil) <at>');
    // The name inside the mention tag is redacted like any other name.
    expect(text).toMatch(/<at>\\?\[name removed\\?\]<\/at>/);
    expect(text).not.toContain('&#');
  });

  it('refuses "Picked up" from someone who is not the supervisor, politely, and changes nothing', async () => {
    const picked = button(summary, (b) => b.verb === 'reflect.ack');
    const res = await postActivity(
      app,
      cardInvoke(fake, AAD.kim, threadId(), summary.id, picked.verb, picked.data, 'channel'),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(String(res.body.value)).toMatch(/only Sam Rivers/);
    const message = await app.reflect.store.getThreadMessage(String(picked.data.messageId));
    expect(message?.acknowledged).toBe(false);
  });

  it('records "Picked up" from the supervisor, updates the card and the root, and tells the practitioner', async () => {
    const before = fake.inConversation(alexChat).length;
    const picked = button(summary, (b) => b.verb === 'reflect.ack');
    const res = await postActivity(
      app,
      cardInvoke(fake, AAD.sam, threadId(), summary.id, picked.verb, picked.data, 'channel'),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(buttonsOf(res.body.value).map((b) => b.verb)).toEqual(['reflect.agenda', 'reflect.reply']); // Reply stays: it is not used up
    expect((await app.reflect.store.getThreadMessage(String(picked.data.messageId)))?.acknowledged).toBe(true);
    expect(summary.updates).toHaveLength(1);
    const [thread] = await app.reflect.store.listThreads('sam', 'teams');
    expect(thread?.openFlags).toBe(0);
    await waitFor(
      () => root.updates.some((u) => /, 0 open flag/.test(textOf(u))) || undefined,
      'the root showing no open flags',
    );
    const told = await waitFor(
      () =>
        fake
          .inConversation(alexChat)
          .slice(before)
          .find((a) => /picked up your reflection/.test(textOf(a.body))),
      'the practitioner told',
    );
    expect(textOf(told.body)).toMatch(/Sam Rivers has picked up your reflection on CR7001/);
  });

  it("relays the supervisor's reply in the thread to the practitioner, escaped, and ignores anyone else's", async () => {
    const before = fake.inConversation(alexChat).length;
    const ignored = await postActivity(app, channelReply(fake, AAD.kim, threadId(), 'Not my case, but hello'));
    expect(ignored.status).toBe(200);
    const res = await postActivity(app, channelReply(fake, AAD.sam, threadId(), 'Thanks. Let us talk <b>Monday</b>.'));
    expect(res.status).toBe(200);
    const relayed = await waitFor(
      () =>
        fake
          .inConversation(alexChat)
          .slice(before)
          .find((a) => /replied about/.test(textOf(a.body))),
      'the relayed reply',
    );
    expect(textOf(relayed.body)).toMatch(/Sam Rivers replied about CR7001/);
    expect(textOf(relayed.body)).toContain('&lt;b&gt;Monday&lt;/b&gt;');
    await outboxDrained(app); // a relay of the ignored reply would have arrived by now
    expect(
      fake
        .inConversation(alexChat)
        .slice(before)
        .map((a) => textOf(a.body))
        .join('\n'),
    ).not.toMatch(/Not my case/);
    const [thread] = await app.reflect.store.listThreads('sam', 'teams');
    const replies = (await app.reflect.store.listThreadMessages(thread?.id ?? '')).filter((m) => m.kind === 'reply');
    expect(replies.map((m) => m.author)).toEqual(['sam']);
  });
});

describe('Teams: cards and redelivery', () => {
  it('answers a card press with a 200 invoke response and replaces the card; a second press changes nothing', async () => {
    const conv = personalConversation(AAD.alex);
    let seen = fake.inConversation(conv).length;
    await postActivity(app, personalMessage(fake, AAD.alex, 'hello again'));
    await postActivity(app, personalMessage(fake, AAD.alex, 'CR7002'));
    const card = await waitFor(
      () =>
        fake
          .inConversation(conv)
          .slice(seen)
          .reverse()
          .find((a) => buttonsOf(cardOf(a.body)).length > 0),
      'the contact question',
    );
    const home = button(card, (b) => b.data.choice === 'home-visit');
    const res = await postActivity(app, cardInvoke(fake, AAD.alex, conv, card.id, home.verb, home.data));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(
      textOf({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: res.body.value }] }),
    ).toMatch(/Your answer: Home visit/);
    expect(card.updates).toHaveLength(1);
    expect(buttonsOf(card.updates[0])).toHaveLength(0);

    seen = fake.inConversation(conv).length;
    const phone = button(card, (b) => b.data.choice === 'phone-video');
    const again = await postActivity(app, cardInvoke(fake, AAD.alex, conv, card.id, phone.verb, phone.data));
    expect(again.status).toBe(200);
    expect(JSON.stringify(again.body.value)).toMatch(/no longer current/);
    const row = await app.reflect.store.getOpenReflection('alex');
    expect(row?.state.answers['ctx-contact']?.choice).toBe('home-visit');
    expect(
      fake
        .inConversation(conv)
        .slice(seen)
        .map((a) => textOf(a.body))
        .join('\n'),
    ).toMatch(/earlier question or message, so nothing changed/);
  });

  it('takes an Action.Submit (a message carrying the button data) like a press, and replaces the card', async () => {
    const conv = personalConversation(AAD.alex);
    const card = await waitFor(
      () =>
        [...fake.inConversation(conv)]
          .reverse()
          .find((a) => buttonsOf(cardOf(a.body)).some((b) => b.data.questionId === 'ctx-engagement')),
      'the engagement question',
    );
    const open = button(card, (b) => b.data.choice === 'open');
    const submit = {
      ...personalMessage(fake, AAD.alex, ''),
      replyToId: card.id,
      value: { verb: open.verb, ...open.data },
    };
    expect((await postActivity(app, submit)).status).toBe(200);
    expect((await app.reflect.store.getOpenReflection('alex'))?.state.answers['ctx-engagement']?.choice).toBe('open');
    expect(card.updates).toHaveLength(1);
    expect(
      textOf({
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: card.updates[0] ? cardOf(card.updates[0]) : {},
          },
        ],
      }),
    ).toMatch(/Your answer: Open and making progress/);
  });

  it('counts a redelivered activity (same id) once', async () => {
    const conv = personalConversation(AAD.alex);
    const activity = personalMessage(fake, AAD.alex, 'A note written once.');
    const first = await postActivity(app, activity);
    const after = fake.inConversation(conv).length;
    const second = await postActivity(app, activity);
    expect([first.status, second.status]).toEqual([200, 200]);
    const row = await app.reflect.store.getOpenReflection('alex');
    const notes = Object.values(row?.state.answers ?? {})
      .map((a) => a.note ?? '')
      .join('\n');
    expect(notes.match(/A note written once\./g)).toHaveLength(1);
    await outboxDrained(app);
    expect(fake.inConversation(conv)).toHaveLength(after);
  });

  it("opens the edit form from the preview, saves only what changed, then keeps it private on Don't share", async () => {
    const preview = await driveToPreview(app, fake, AAD.alex, { caseRef: 'CR7003' });
    const edit = button(preview, (b) => b.data.choice === 'edit');
    let seen = fake.inConversation(alexChat).length;
    const opened = await postActivity(app, cardInvoke(fake, AAD.alex, alexChat, preview.id, edit.verb, edit.data));
    expect(opened.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    const form = await waitFor(
      () =>
        fake
          .inConversation(alexChat)
          .slice(seen)
          .find((a) => buttonsOf(cardOf(a.body)).some((b) => b.verb === 'reflect.edit')),
      'the edit form',
    );
    const inputs = inputsOf(cardOf(form.body));
    expect(inputs['choice:ctx-contact']).toBe('home-visit');
    const noteInput = Object.keys(inputs).find((k) => k.startsWith('note:') && k !== 'note:ctx-case-ref') ?? '';
    expect(noteInput).not.toBe('');
    const before = (await app.reflect.store.getOpenReflection('alex'))?.state.answers ?? {};

    seen = fake.inConversation(alexChat).length;
    const save = button(form, (b) => b.verb === 'reflect.edit');
    const data = { ...inputs, ...save.data, 'choice:ctx-contact': 'phone-video', [noteInput]: 'Seen in the kitchen.' };
    const saved = await postActivity(app, cardInvoke(fake, AAD.alex, alexChat, form.id, save.verb, data));
    expect(saved.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(saved.body.value)).toMatch(/Changes saved/);
    expect(form.updates).toHaveLength(1);

    const after = (await app.reflect.store.getOpenReflection('alex'))?.state.answers ?? {};
    const noted = noteInput.slice('note:'.length);
    expect(after['ctx-contact']?.choice).toBe('phone-video');
    expect(after[noted]?.note).toBe('Seen in the kitchen.');
    for (const [id, a] of Object.entries(before))
      if (id !== 'ctx-contact' && id !== noted)
        expect([after[id]?.choice, after[id]?.note]).toEqual([a.choice, a.note]);

    const again = await waitFor(
      () =>
        fake
          .inConversation(alexChat)
          .slice(seen)
          .find((a) => buttonsOf(cardOf(a.body)).some((b) => b.data.choice === 'discard')),
      'the new preview',
    );
    expect(textOf(again.body)).toMatch(/Phone or video/);
    const discard = button(again, (b) => b.data.choice === 'discard');
    const done = await postActivity(app, cardInvoke(fake, AAD.alex, alexChat, again.id, discard.verb, discard.data));
    expect(JSON.stringify(done.body.value)).toMatch(/Your answer: Don't share/);
    expect(await app.reflect.store.getOpenReflection('alex')).toBeUndefined();
  });

  it('greets nobody it does not know, and stores nothing for them', async () => {
    const before = await app.reflect.store.countReflections();
    const res = await postActivity(app, personalMessage(fake, AAD.stranger, 'hello'));
    expect(res.status).toBe(200);
    const reply = await waitFor(() => fake.inConversation(personalConversation(AAD.stranger))[0], 'the polite refusal');
    expect(textOf(reply.body)).toMatch(/Sorry, I don't recognise you/);
    expect(await app.reflect.store.countReflections()).toBe(before);
    expect(await app.reflect.store.getChannelState(`teams:ref:user:${AAD.stranger}`)).toBeFalsy();
  });
});
