/**
 * Incoming Slack text is un-marked-up before the engine sees it (issue 14 §4): links, emails, user
 * and channel mentions and special mentions become the plain text a person reads. The marked-up
 * forms are those in Slack's "Formatting text for app surfaces" (docs.slack.dev).
 */
import { slackToPlain } from '../../../src/channels/slack/plain-text';
import { FakeSlack } from '../../fakes/slack/server';
import type { TestApp } from '../../support/app';
import { driveToPreview, startSlackApp, SUP_CHANNEL, U } from './helpers';

describe('slackToPlain', () => {
  it.each([
    ['<https://example.com|example.com>', 'example.com'],
    ['<https://example.com/>', 'https://example.com/'],
    ['see <https://example.com/report|the school report>', 'see the school report (https://example.com/report)'],
    ['<mailto:jo@example.com|jo@example.com>', 'jo@example.com'],
    ['<mailto:jo@example.com>', 'jo@example.com'],
    ['ask <@U024BE7LH|bo> or <@U024BE7LH>', 'ask @bo or @someone'],
    ['in <#C024BE7LR|general> and <#C024BE7LR>', 'in #general and #channel'],
    ['<!here> <!channel> <!everyone>', '@here @channel @everyone'],
    ['<!subteam^SAZ94GDB8|@safeguarding>', '@safeguarding'],
    ['<!date^1392734382^{date_num}|2014-02-18 6:39 AM>', '2014-02-18 6:39 AM'],
    ['5 &lt; 6 &amp;&amp; 7 &gt; 3', '5 < 6 && 7 > 3'],
    ['&amp;lt; stays as typed', '&lt; stays as typed'],
    ['no markup at all', 'no markup at all'],
  ])('%j → %j', (slack, plain) => {
    expect(slackToPlain(slack)).toBe(plain);
  });
});

describe('through the app', () => {
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

  it('stores the note as the practitioner read it, never the markup', async () => {
    await driveToPreview(
      app,
      fake,
      { user: U.alex, id: 'alex' },
      {
        caseRef: 'CR-PLAIN-1',
        note: 'See <https://example.com/report|the school report>; raised in <#C0SCHOOL|school-liaison> with <@UBO|bo>.',
      },
    );
    const state = JSON.stringify((await app.reflect.store.getOpenReflection('alex'))?.state);
    expect(state).toContain('See the school report (https://example.com/report); raised in #school-liaison with @bo.');
    expect(state).not.toMatch(/<https|<#C0SCHOOL|<@UBO/);
  });
});
