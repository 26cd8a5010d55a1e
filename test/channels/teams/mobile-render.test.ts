/**
 * Every card the app sends renders on a Teams phone as it does on the desktop: run through a model
 * of the mobile renderer's rules (test/fakes/teams/mobile-render.ts, from its source), no card text
 * holds a numeric entity or a backslash the phone would show, and user text comes back as typed.
 */
import { join } from 'node:path';
import { escapeTeams, escapeTeamsMessage } from '../../../src/channels/shared/escape';
import { textActivity } from '../../../src/channels/teams/card-kit';
import {
  answeredCard,
  closedCard,
  editCard,
  noticeCard,
  previewCard,
  questionCard,
} from '../../../src/channels/teams/cards';
import { rootCard, threadMessageCard } from '../../../src/channels/teams/supervisor-cards';
import { loadCatalog } from '../../../src/prompts';
import type { ThreadMessage, ThreadRecord } from '../../../src/store/port';
import { startFakeConnector, type FakeConnector } from '../../fakes/teams/server';
import { mobileProblems, mobileShows, renderedTexts } from '../../fakes/teams/mobile-render';
import type { TestApp } from '../../support/app';
import {
  AAD,
  buttonsOf,
  cardInvoke,
  cardOf,
  driveToPreview,
  personalConversation,
  postActivity,
  startTeamsApp,
  waitFor,
} from './helpers';

const ROOT = join(__dirname, '..', '..', '..');
const catalog = (() => {
  const load = loadCatalog({ guidanceDir: join(ROOT, 'guidance'), promptsDir: join(ROOT, 'prompts') });
  if (!load.catalog) throw new Error('catalogue did not load');
  return load.catalog;
})();
const say = (key: string, vars: Record<string, string | number | undefined> = {}) =>
  (catalog.messages[key] ?? key).replace(/\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? ''));

/** What people really type: apostrophes, hyphenated places and case references, Markdown, tags, entities. */
const USER_TEXTS = [
  "child's room",
  'Pan-Bedfordshire procedures',
  'CR-2041',
  '*not bold* and _not italic_ and 2*3*4',
  '[not a link](https://example.com)',
  '<b>not bold</b> <at>Sam</at>',
  'Tom & Jerry, &amp; and &lt;tag&gt; as typed',
  '"quoted" (brackets) #hash + plus ! ~ | {braces}',
  'snake_case_word',
];

const expectClean = (body: unknown) => {
  const problems = renderedTexts(body).flatMap(mobileProblems);
  expect(problems).toEqual([]);
};

describe('the Teams escaping rule', () => {
  it.each(USER_TEXTS)('shows %j on Android and iOS exactly as typed', (text) => {
    const escaped = escapeTeams(text);
    expect(mobileProblems(escaped)).toEqual([]);
    expect(mobileShows(escaped, 'android')).toBe(text);
    expect(mobileShows(escaped, 'ios')).toBe(text);
  });

  it('escapes only what the renderers read: the examples from the issue stay as they are', () => {
    expect(escapeTeams("child's")).toBe("child's");
    expect(escapeTeams('Pan-Bedfordshire')).toBe('Pan-Bedfordshire');
    expect(escapeTeams('CR-2041')).toBe('CR-2041');
    expect(escapeTeams('*x* _y_ [z]')).toBe('\\*x\\* \\_y\\_ \\[z\\]');
  });

  it('changes nothing a person sees in the catalogue wording, even where it holds Markdown characters', () => {
    const wording = [
      ...[...catalog.questions.values()].flatMap((q) => [q.text, ...q.choices.map((c) => c.label)]),
      ...[...catalog.flags.values()].flatMap((f) => [f.text, f.title]),
      ...Object.values(catalog.messages),
    ];
    expect(wording.length).toBeGreaterThan(100);
    expect(wording.filter((w) => mobileShows(escapeTeams(w), 'ios') !== w)).toEqual([]);
    expect(wording.filter((w) => mobileShows(escapeTeams(w), 'android') !== w)).toEqual([]);
    // Only :rotating_light: (a Slack emoji name) holds a character the renderers read.
    expect(wording.filter((w) => escapeTeams(w) !== w).length).toBeLessThanOrEqual(1);
  });

  it('keeps chat messages free of numeric entities and tags', () => {
    for (const text of USER_TEXTS) {
      const escaped = escapeTeamsMessage(text);
      expect(mobileProblems(escaped)).toEqual([]);
      expect(escaped).not.toMatch(/<|>/);
    }
  });
});

describe('every card the app can send passes the mobile-rendering check', () => {
  const note = USER_TEXTS.join('\n');
  it('questions, notices, messages: the whole catalogue', () => {
    for (const q of catalog.questions.values()) {
      const reply = {
        kind: 'question' as const,
        text: q.text,
        choices: q.choices,
        meta: { questionId: q.id, token: 't', progress: { index: 1, total: 9 }, source: q.source },
      };
      expectClean(questionCard(reply, say));
    }
    for (const f of catalog.flags.values())
      expectClean(noticeCard({ kind: 'flag', text: f.text, meta: { source: f.source } }, say));
    for (const text of Object.values(catalog.messages)) expectClean(textActivity(text));
  });

  it('preview, answered, closed, edit, and the supervisor cards, with user text in every field', () => {
    expectClean(
      previewCard({ kind: 'preview', text: `Case CR-2041\n${note}`, choices: [{ id: 'share', label: 'Share' }] }),
    );
    expectClean(answeredCard("Was the child's room seen?", note, say));
    expectClean(closedCard('Pan-Bedfordshire', say));
    expectClean(
      editCard(
        [{ n: 1, questionId: 'q', question: 'Q?', choices: [{ id: 'y', label: 'Yes' }], note, noteInput: true }],
        'tok',
        say,
      ),
    );
    const thread = { id: 't1', title: 'CR-2041 · Alex Morgan', reflections: 2, openFlags: 1 } as ThreadRecord;
    const message = { id: 'm1', kind: 'summary', text: note, acknowledged: true, onAgenda: true } as ThreadMessage;
    expectClean(rootCard(thread, say));
    expectClean(threadMessageCard(thread, message, "Sam O'Neil", say, true));
    expectClean(textActivity(note));
  });
});

describe('a real reflection through POST /api/messages', () => {
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

  it('sends only cards that render clean, to the practitioner and to the supervisor', async () => {
    const preview = await driveToPreview(app, fake, AAD.alex, {
      caseRef: 'CR-2041',
      note: "child's room; Pan-Bedfordshire *procedures* [x](y) <at>Sam</at>",
      picks: ['home-visit'],
    });
    const share = buttonsOf(cardOf(preview.body)).find((b) => b.data.choice === 'share');
    if (!share) throw new Error('no Share button');
    await postActivity(
      app,
      cardInvoke(fake, AAD.alex, personalConversation(AAD.alex), preview.id, share.verb, share.data),
    );
    await waitFor(
      () => fake.activities.find((a) => a.conversationId.includes(';messageid=')),
      'the summary in the thread',
    );
    const bodies = fake.activities.flatMap((a) => [a.body, ...a.updates]);
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) expectClean(body);
    const shown = bodies
      .flatMap(renderedTexts)
      .map((t) => mobileShows(t, 'ios'))
      .join('\n');
    expect(shown).toContain('CR-2041');
    expect(shown).toContain("child's room");
  });
});
