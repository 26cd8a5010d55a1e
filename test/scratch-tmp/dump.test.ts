import { FakeSlack } from '../../test/fakes/slack/server';
import { startTestApp } from '../../test/support/app';
import { createLogger } from '../../src/log';
import { buttons, click, dmOf, driveToPreview, SUP_CHANNEL, TOKEN, SECRET, U, writeOrg } from '../../test/channels/slack/helpers';

it('dumps', async () => {
  const fake = await new FakeSlack({ channels: [SUP_CHANNEL] }).start();
  const app = await startTestApp({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url, ORG_CONFIG: writeOrg() }, { log: createLogger('warn') });
  const preview = await driveToPreview(app, fake, { user: U.alex, id: 'alex' }, { caseRef: 'CR-1', note: 'note <!channel>' });
  const b = buttons(preview).find((x) => x.action_id === 'reflect.preview.share')!;
  await click(app.url, U.alex, preview, b);
  await fake.waitFor('x', () => fake.in(SUP_CHANNEL).length >= 2 && fake.callsTo('chat.update').some((c) => c.args.channel === SUP_CHANNEL));
  await new Promise((r) => setTimeout(r, 300));
  const dm = fake.in(dmOf(U.alex));
  for (const m of dm.slice(0, 8)) process.stdout.write(`DM ${m.ts} ${JSON.stringify(m.blocks).slice(0, 600)}\n\n`);
  process.stdout.write(`PREVIEW ${JSON.stringify(dm.find(m=>m.ts===preview.ts)?.blocks).slice(0, 3000)}\n\n`);
  for (const m of fake.in(SUP_CHANNEL)) process.stdout.write(`SUP ${m.ts} thread=${m.thread_ts} ${JSON.stringify(m.metadata)} ${JSON.stringify(m.blocks).slice(0, 1500)}\n\n`);
  process.stdout.write(fake.calls.map((c) => `${c.method}:${c.status}:${c.error ?? ''}`).join(' ') + '\n');
  await app.stop(); await fake.stop();
});
