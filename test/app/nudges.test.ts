import { sendNudges } from '../../src/app/nudges';
import { startTestApp, type TestApp } from '../support/app';
import { call, driveToPreview, say, type ApiReply } from '../support/local-client';

let now = new Date('2026-11-22T09:00:00Z');
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({}, { clock: () => now });
});
afterAll(() => app.stop());

const hours = (h: number) => (now = new Date(now.getTime() + h * 3_600_000));
const inbox = async (user: string) =>
  ((await call(app.url, 'GET', `/local/messages?user=${user}`)).json.messages as ApiReply[]).map((m) => m.text);

it('reminds once per idle period, after nudgeAfterHours, and not someone who came back', async () => {
  await say(app.url, 'alex', 'hello');
  await say(app.url, 'alex', 'CR-NUDGE');
  await say(app.url, 'alex', 'pause');
  hours(47);
  expect(await sendNudges(app.reflect.service)).toBe(0);
  hours(2);
  expect(await sendNudges(app.reflect.service)).toBe(1);
  expect((await inbox('alex')).at(-1)).toBe(
    'Your reflection on CR-NUDGE is waiting at question 2 of 4. Send resume to carry on, or cancel if it is no longer needed. Reflections are deleted after 90 days without activity.',
  );
  hours(72);
  expect(await sendNudges(app.reflect.service)).toBe(0); // one per idle period
  await say(app.url, 'alex', 'resume');
  hours(10);
  expect(await sendNudges(app.reflect.service)).toBe(0);
  hours(40);
  expect(await sendNudges(app.reflect.service)).toBe(1); // idle again after coming back
  const row = await app.reflect.store.getOpenReflection('alex');
  expect(row?.state.updatedAt).toBe('2026-11-27T10:00:00.000Z'); // a reminder is not activity: retention still counts from the last answer
  await say(app.url, 'alex', 'cancel');
  await say(app.url, 'alex', 'yes');
});

it('a reflection waiting at the preview is reminded that it has not been shared', async () => {
  await driveToPreview(app.url, 'bo', {
    caseRef: 'CR-UNSHARED',
    contact: 'home-visit',
    engagement: 'open',
    childSeen: 'seen-alone',
  });
  hours(49);
  expect(await sendNudges(app.reflect.service)).toBe(1);
  expect((await inbox('bo')).at(-1)).toMatch(/CR-UNSHARED is ready to share but has not been shared yet/);
});
