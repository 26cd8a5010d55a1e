/** The shared behaviour suite's driver for Slack: signed requests to the real Bolt app, a fake Web API. */
import { FakeSlack, type FakeMessage } from '../../fakes/slack/server';
import type { TestApp } from '../../support/app';
import {
  buttons,
  click,
  dmOf,
  postedAfter,
  sendDm,
  startSlackApp,
  SUP_CHANNEL,
  U,
  waitForPrompt,
} from '../slack/helpers';
import type { ChannelDriver, Prompt } from './driver';

const WHO = { user: U.alex, id: 'alex' };
const PREVIEW_ACTIONS: Record<string, string> = {
  'reflect.preview.share': 'share',
  'reflect.preview.edit': 'edit',
  'reflect.preview.discard': 'discard',
};

function choiceOf(action: string, value: string): { q?: string; c: string } {
  const preview = PREVIEW_ACTIONS[action];
  return preview ? { q: 'preview', c: preview } : (JSON.parse(value) as { q?: string; c: string });
}

/** The message as it was when asked: Slack clients that have not refreshed still show these buttons. */
interface Asked {
  message: FakeMessage;
  buttons: ReturnType<typeof buttons>;
}

const toPrompt = (m: FakeMessage): Prompt => {
  const shown = buttons(m).filter((b) => b.action_id !== 'reflect.full'); // Full reflection opens a modal: not a choice
  const parsed = shown.map((b) => choiceOf(b.action_id, b.value));
  const raw: Asked = { message: { ...m }, buttons: shown };
  return { questionId: parsed[0]?.q ?? '', choices: parsed.map((p) => p.c), raw };
};

export function slackDriver(): ChannelDriver {
  let fake: FakeSlack | undefined;
  let app: TestApp | undefined;
  const ready = () => {
    if (!fake || !app) throw new Error('not started');
    return { fake, app };
  };
  const nextAfter = async (ts: string) => {
    const { fake: f, app: a } = ready();
    return toPrompt((await waitForPrompt(a, f, WHO, ts)).message);
  };
  return {
    name: 'slack',
    start: async () => {
      fake = await new FakeSlack({ channels: [SUP_CHANNEL] }).start();
      app = await startSlackApp(fake);
    },
    stop: async () => {
      await app?.stop();
      await fake?.stop();
    },
    store: () => ready().app.reflect.store,
    say: async (text, wait = true) => {
      const { fake: f, app: a } = ready();
      const after = postedAfter(f, dmOf(U.alex)).at(-1)?.ts ?? '0';
      await sendDm(a.url, U.alex, text);
      return wait ? nextAfter(after) : undefined;
    },
    press: async (p, choice, wait = true) => {
      const { fake: f, app: a } = ready();
      const { message: m, buttons: shown } = p.raw as Asked;
      const button = shown.find((b) => choiceOf(b.action_id, b.value).c === choice);
      if (!button) throw new Error(`no button ${choice}`);
      const after = postedAfter(f, dmOf(U.alex)).at(-1)?.ts ?? '0';
      await click(a.url, U.alex, m, button);
      return wait ? nextAfter(after) : undefined;
    },
    supervisorSees: async (caseRef) => {
      const { fake: f } = ready();
      const reply = await f.waitFor('the summary in the thread', () =>
        f.in(SUP_CHANNEL).find((m) => m.thread_ts && JSON.stringify(m.blocks).includes(caseRef)),
      );
      return JSON.stringify(reply.blocks);
    },
  };
}
