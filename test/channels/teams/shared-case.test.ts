/**
 * Two practitioners on one case under one supervisor, in Teams: a reply typed in the case thread
 * could answer either, so it is relayed to nobody and the supervisor is told so in the thread.
 */
import type { ThreadMessage } from '../../../src/store/port';
import type { TestApp } from '../../support/app';
import { startFakeConnector, type FakeConnector } from '../../fakes/teams/server';
import { AAD, CHANNEL, cardInvoke, channelReply, postActivity, startTeamsApp, textOf, waitFor } from './helpers';

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

const at = new Date().toISOString();
const threadRef = `${CHANNEL};messageid=root-shared`;

function summary(id: string, author: string): ThreadMessage {
  return {
    id,
    threadId: 'th-shared',
    kind: 'summary',
    reflectionId: `r-${author}`,
    author,
    text: `Reflection by ${author}`,
    flags: 0,
    acknowledged: false,
    onAgenda: false,
    createdAt: at,
  };
}

it('an unaddressed reply in a shared case thread reaches neither practitioner, and says why', async () => {
  await app.reflect.store.commitTurn({
    threadUpserts: [
      {
        id: 'th-shared',
        supervisorId: 'sam',
        practitionerId: 'alex',
        caseRef: 'CR-SHARED',
        channel: 'teams',
        title: 'Case CR-SHARED',
        reflections: 2,
        openFlags: 0,
        externalRef: threadRef,
        createdAt: at,
        updatedAt: at,
      },
    ],
    threadMessages: [summary('m-alex', 'alex'), summary('m-bo', 'bo')],
  });
  const outboxBefore = (await app.reflect.store.listOutbox()).length;
  const res = await postActivity(app, channelReply(fake, AAD.sam, threadRef, 'Which of you went on Tuesday?'));
  expect(res.status).toBe(200);
  const told = await waitFor(() => fake.inConversation(threadRef)[0], 'the note in the thread');
  expect(textOf(told.body)).toMatch(/Alex Morgan, Bo Chen/);
  expect(textOf(told.body)).toMatch(/not sent to anyone/);
  const items = (await app.reflect.store.listOutbox()).slice(outboxBefore);
  expect(items.filter((i) => i.kind === 'practitioner.reply')).toEqual([]);
  const replies = (await app.reflect.store.listThreadMessages('th-shared')).filter((m) => m.kind === 'reply');
  expect(replies).toEqual([]);
});

it("Reply under one reflection reaches that reflection's author only", async () => {
  const outboxBefore = (await app.reflect.store.listOutbox()).length;
  const data = { threadId: 'th-shared', messageId: 'm-bo', reply: 'Thank you, well spotted' };
  const res = await postActivity(app, cardInvoke(fake, AAD.sam, threadRef, 'm-bo', 'reflect.reply', data, 'channel'));
  expect(res.status).toBe(200);
  const items = (await app.reflect.store.listOutbox()).slice(outboxBefore);
  const relayed = items.filter((i) => i.kind === 'practitioner.reply');
  expect(relayed.map((i) => (i.payload as { practitionerId: string }).practitionerId)).toEqual(['bo']);
  expect(JSON.stringify(relayed[0]?.payload)).toContain('well spotted');
  // Nobody but the case's supervisor can send one.
  const before = (await app.reflect.store.listOutbox()).length;
  await postActivity(app, cardInvoke(fake, AAD.kim, threadRef, 'm-bo', 'reflect.reply', data, 'channel'));
  expect((await app.reflect.store.listOutbox()).slice(before).filter((i) => i.kind === 'practitioner.reply')).toEqual(
    [],
  );
});
