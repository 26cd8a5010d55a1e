/**
 * The baseline for npm run bench:slack: a bare Bolt app with the same receiver type as Reflect (an
 * ExpressReceiver, processBeforeResponse false) and one echo listener that posts each DM back.
 * Run as its own process, like Reflect, so both are measured the same way.
 */
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import express from 'express';
import type { AddressInfo } from 'node:net';

const http = express();
const receiver = new ExpressReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  processBeforeResponse: false,
  endpoints: '/slack/events',
  app: http,
});
const app = new App({
  receiver,
  token: process.env.SLACK_BOT_TOKEN,
  logLevel: LogLevel.ERROR,
  clientOptions: {
    slackApiUrl: process.env.SLACK_API_URL,
    timeout: 5000,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  },
});

app.event('message', async ({ event, client }) => {
  if (event.subtype !== undefined || !event.text) return;
  await client.chat.postMessage({ channel: event.channel, text: event.text, unfurl_links: false, unfurl_media: false });
});

const server = http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://localhost:${(server.address() as AddressInfo).port}/\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
