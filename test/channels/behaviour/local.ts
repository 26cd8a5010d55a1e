/** The shared behaviour suite's driver for the local JSON API. */
import { call, lastQuestion, press, say, type ApiReply } from '../../support/local-client';
import { startTestApp, type TestApp } from '../../support/app';
import { PRACTITIONER, SUPERVISOR, type ChannelDriver, type Prompt } from './driver';

const prompt = (r: ApiReply): Prompt => ({
  questionId: r.choices.length ? (r.meta.questionId ?? '') : '',
  choices: r.choices.map((c) => c.id),
  raw: r,
});

export function localDriver(): ChannelDriver {
  let app: TestApp | undefined;
  let current: Prompt | undefined;
  const url = () => app?.url ?? '';
  const next = (replies: ApiReply[]) => {
    const q = lastQuestion(replies) ?? [...replies].reverse().find((r) => r.kind !== 'info');
    if (q) current = prompt(q);
    if (!current) throw new Error('no prompt from the local API');
    return current;
  };
  return {
    name: 'local',
    start: async () => {
      app = await startTestApp();
    },
    stop: async () => app?.stop(),
    store: () => {
      if (!app) throw new Error('not started');
      return app.reflect.store;
    },
    say: async (text, wait = true) => {
      const replies = await say(url(), PRACTITIONER, text);
      return wait ? next(replies) : undefined;
    },
    press: async (p, choice, wait = true) => {
      const replies = await press(url(), PRACTITIONER, p.raw as ApiReply, choice);
      return wait ? next(replies) : undefined;
    },
    supervisorSees: async (caseRef) => {
      const r = await call(url(), 'GET', `/local/threads?supervisor=${SUPERVISOR}`);
      const threads = r.json.threads as Array<{ caseRef: string; messages: Array<{ text: string }> }>;
      const thread = threads.find((t) => t.caseRef === caseRef);
      return thread ? `${thread.caseRef}\n${thread.messages.map((m) => m.text).join('\n')}` : '';
    },
  };
}
