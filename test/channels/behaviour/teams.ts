/** The shared behaviour suite's driver for Teams: activities to the real /api/messages, a fake connector. */
import type { TestApp } from '../../support/app';
import { startFakeConnector, type FakeActivity, type FakeConnector } from '../../fakes/teams/server';
import {
  AAD,
  buttonsOf,
  CHANNEL,
  cardInvoke,
  cardOf,
  lastAsk,
  personalConversation,
  personalMessage,
  postActivity,
  startTeamsApp,
  textOf,
  waitFor,
} from '../teams/helpers';
import type { ChannelDriver, Prompt } from './driver';

const CONV = personalConversation(AAD.alex);

const toPrompt = (a: FakeActivity): Prompt => {
  const answers = buttonsOf(cardOf(a.body)).filter((b) => b.verb === 'reflect.answer');
  return {
    questionId: String(answers[0]?.data.questionId ?? ''),
    choices: answers.map((b) => String(b.data.choice)),
    raw: a,
  };
};

export function teamsDriver(): ChannelDriver {
  let fake: FakeConnector | undefined;
  let app: TestApp | undefined;
  const ready = () => {
    if (!fake || !app) throw new Error('not started');
    return { fake, app };
  };
  const nextAfter = async (count: number, previous?: string) => {
    const { fake: f } = ready();
    const ask = await waitFor(() => {
      if (f.inConversation(CONV).length <= count) return undefined;
      const last = lastAsk(f, CONV);
      return last && last.id !== previous ? last : undefined;
    }, 'the next question card');
    return toPrompt(ask);
  };
  return {
    name: 'teams',
    start: async () => {
      fake = await startFakeConnector();
      app = await startTeamsApp(fake);
    },
    stop: async () => {
      await app?.stop();
      await fake?.stop();
    },
    store: () => ready().app.reflect.store,
    say: async (text, wait = true) => {
      const { fake: f, app: a } = ready();
      const count = f.inConversation(CONV).length;
      const previous = lastAsk(f, CONV)?.id;
      await postActivity(a, personalMessage(f, AAD.alex, text));
      return wait ? nextAfter(count, previous) : undefined;
    },
    press: async (p, choice, wait = true) => {
      const { fake: f, app: a } = ready();
      const activity = p.raw as FakeActivity;
      const button = buttonsOf(cardOf(activity.body)).find((b) => b.data.choice === choice);
      if (!button) throw new Error(`no button ${choice}`);
      const count = f.inConversation(CONV).length;
      await postActivity(a, cardInvoke(f, AAD.alex, CONV, activity.id, button.verb, button.data));
      return wait ? nextAfter(count, activity.id) : undefined;
    },
    supervisorSees: async (caseRef) => {
      const { fake: f } = ready();
      const reply = await waitFor(
        () =>
          f.activities.find(
            (x) => x.conversationId.startsWith(`${CHANNEL};messageid=`) && textOf(x.body).includes(caseRef),
          ),
        'the summary in the thread',
      );
      return textOf(reply.body);
    },
  };
}
