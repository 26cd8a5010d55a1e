/**
 * Block Kit rendering against Slack's limits (checked by the same code the fake API uses): long
 * summaries are split and cut safely, buttons keep their values small, every bit of user text is
 * escaped, and Slack errors map to the right outbox decision.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import { parse } from 'yaml';
import { editModal, readEdits, type EditItem } from '../../../src/channels/slack/blocks/edit-modal';
import { homeBlocks } from '../../../src/channels/slack/blocks/home';
import { chunk, truncate } from '../../../src/channels/slack/blocks/limits';
import { fullReflectionModal } from '../../../src/channels/slack/blocks/summary';
import { renderReply } from '../../../src/channels/slack/blocks/reply';
import { alertReply, parentMessage, summaryReply } from '../../../src/channels/slack/blocks/thread';
import type { Wording } from '../../../src/channels/slack/blocks/wording';
import { SlackApi, webClientOptions } from '../../../src/channels/slack/client';
import { toDeliveryError } from '../../../src/channels/slack/errors';
import { fill } from '../../../src/core/text';
import { clear, staffName } from '../../../src/core/gate';
import type { Summary } from '../../../src/core/summary';
import { buildSummaryView } from '../../../src/core/summary-view';
import type { ThreadMessage, ThreadRecord } from '../../../src/store/port';
import { checkBlocks, checkView } from '../../fakes/slack/limits';
import { FakeSlack } from '../../fakes/slack/server';

const messages = (
  parse(readFileSync(path.join(__dirname, '../../../prompts/bot.yaml'), 'utf8')) as { messages: Record<string, string> }
).messages;
const w: Wording = (key, vars = {}) => fill(messages[key] ?? key, vars, {});
const EVIL = 'Mum said <!channel> & <@U123> <http://evil.example|click>';

function summary(answers: number, noteLength: number): Summary {
  return {
    reflectionId: 'r1',
    caseRef: clear('CR-<!here>'),
    date: '2026-01-01',
    practitionerId: 'alex',
    practitioner: staffName({ id: 'alex', name: 'Alex' }),
    supervisor: staffName({ id: 'sam', name: 'Sam' }),
    situations: [clear('Hostile')],
    flags: [
      {
        id: 'f',
        severity: 'concern',
        title: clear('Fear'),
        text: clear('t'),
        question: clear('Afraid?'),
        answer: clear('Yes'),
        source: clear('Doc'),
        sourceRef: 'doc#1',
        questionId: 'q0',
      },
    ],
    answers: Array.from({ length: answers }, (_, i) => ({
      n: i + 1,
      questionId: `q${i}`,
      question: clear(`Question ${i + 1}?`),
      answer: clear('No'),
      note: `${EVIL} ${'&'.repeat(noteLength)}` as Summary['caseRef'], // as if cleared: tests the escaping, not the gate
      skipped: false,
    })),
    agenda: [clear('Discuss')],
    actions: [{ text: clear('Stop and review'), source: clear('Doc') }],
    support: [clear('A buddy')],
    redactions: [],
  };
}

const view = (answers: number, noteLength: number) => buildSummaryView(summary(answers, noteLength), w);

const texts = (blocks: unknown[]) => JSON.stringify(blocks);

describe('limits', () => {
  it('splits text at line breaks into pieces of at most 3000 characters, never inside an entity', () => {
    const pieces = chunk(`${'a'.repeat(2990)}\n${'&amp;'.repeat(2000)}`);
    expect(pieces.every((p) => p.length <= 3000)).toBe(true);
    expect(pieces.join('')).toBe(`${'a'.repeat(2990)}${'&amp;'.repeat(2000)}`);
    for (const p of pieces) expect(p).not.toMatch(/&(?!amp;)|&a?m?$/);
    expect(truncate('&amp;&amp;', 8)).toBe('&amp;…');
  });

  it('lays a huge preview out in messages of at most 50 blocks and 3000-character sections, dropping nothing', () => {
    const msg = renderReply(
      {
        kind: 'preview',
        text: 'x',
        view: view(120, 2500),
        meta: { questionId: 'preview', token: 't1' },
        choices: [],
      },
      w,
    );
    const pages = [msg.blocks, ...(msg.more ?? [])];
    expect(pages.length).toBe(1); // the headline fits one message however long the reflection
    for (const page of pages) {
      expect(checkBlocks(page, 50)).toBeUndefined();
      expect(page.length).toBeLessThanOrEqual(50);
    }
    // The buttons are on the first message (the one later updates replace); the rest continues it.
    expect(texts(msg.blocks)).toContain('reflect.preview.share');
    expect(texts(msg.blocks)).toContain('reflect.full');
    expect(msg.text.length).toBeLessThanOrEqual(3000);
    // The full reflection opens in a modal: within 100 blocks, and a marker says what was cut.
    const modal = fullReflectionModal(view(120, 2500), w);
    expect(checkView(modal as unknown as Record<string, unknown>)).toBeUndefined();
    expect(texts(modal.blocks)).toContain(messages.slackShortened);
  });

  it('escapes every piece of user text, so nothing pings or links', () => {
    const msg = renderReply({ kind: 'preview', text: 'x', view: view(2, 0), meta: { token: 't' } }, w);
    const json = texts([...msg.blocks, ...(fullReflectionModal(view(2, 0), w).blocks ?? [])]);
    expect(json).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;http://evil.example|click&gt;');
    expect(json).toContain('CR-&lt;!here&gt;');
    expect(json).not.toMatch(/<!channel>|<@U123>|<http|<!here>/);
    const info = renderReply({ kind: 'info', text: EVIL }, w);
    expect(texts(info.blocks)).not.toContain('<!channel>');
    expect(info.text).not.toContain('<!channel>');
  });

  it('renders a question: section, one button per choice (label as text), context with progress and source', () => {
    const choices = Array.from({ length: 30 }, (_, i) => ({ id: `c${i}`, label: `Choice ${i} ${'x'.repeat(100)}` }));
    const msg = renderReply(
      {
        kind: 'question',
        text: 'Is it so?',
        choices,
        meta: { questionId: 'q1', token: 'tok', progress: { index: 4, total: 12 }, source: 'Rochdale §2' },
      },
      w,
    );
    expect(checkBlocks(msg.blocks, 50)).toBeUndefined();
    const json = texts(msg.blocks);
    expect(json).toContain('Question 4 of 12');
    expect(json).toContain('Rochdale §2');
    const actionBlocks = msg.blocks.filter((b) => b.type === 'actions');
    expect(actionBlocks).toHaveLength(2);
    const first = actionBlocks[0] as { elements: Array<{ value: string; text: { text: string } }> };
    expect(JSON.parse(first.elements[0]?.value ?? '')).toEqual({ q: 'q1', t: 'tok', c: 'c0' });
    expect(first.elements[0]?.text.text.length).toBeLessThanOrEqual(75);
  });
});

describe('thread messages', () => {
  const thread: ThreadRecord = {
    id: 't1',
    supervisorId: 'sam',
    practitionerId: 'alex',
    caseRef: 'CR-<!channel>',
    channel: 'slack',
    title: 'Case CR-<!channel>, reflections by Alex',
    reflections: 2,
    openFlags: 3,
    createdAt: '',
    updatedAt: '',
  };
  const base: ThreadMessage = {
    id: 'm1',
    threadId: 't1',
    kind: 'summary',
    author: 'alex',
    text: 'plain',
    data: { view: view(60, 2000) },
    flags: 1,
    acknowledged: true,
    onAgenda: true,
    createdAt: '',
  };

  it('parent: case reference, practitioner and counts, escaped', () => {
    const msg = parentMessage(thread, 'Alex Morgan', w);
    expect(checkBlocks(msg.blocks, 50)).toBeUndefined();
    expect(texts(msg.blocks)).toContain('2 reflection(s) shared, 3 open flag(s)');
    expect(texts(msg.blocks)).toContain('CR-&lt;!channel&gt;');
  });

  it('summary reply: fits, carries the message id on Picked up / Add to agenda, shows its state', () => {
    const msg = summaryReply(base, 'Sam Rivers', w);
    expect(checkBlocks(msg.blocks, 50)).toBeUndefined();
    const json = texts(msg.blocks);
    expect(json).toContain('reflect.thread.acknowledge');
    expect(json).toContain('reflect.thread.agenda');
    expect(json).toContain('{\\"m\\":\\"m1\\"}');
    expect(json).toContain('Picked up by Sam Rivers');
  });

  it('alert: the built alert text only, prominent, with Picked up', () => {
    const msg = alertReply(
      { ...base, kind: 'alert', text: 'URGENT: case CR-1', data: undefined, acknowledged: false, onAgenda: false },
      'Sam',
      w,
    );
    expect(checkBlocks(msg.blocks, 50)).toBeUndefined();
    expect(texts(msg.blocks)).toContain('*URGENT: case CR-1*');
    expect(texts(msg.blocks)).not.toContain('reflect.thread.agenda');
  });
});

describe('views', () => {
  it('App Home lists reflections by escaped case reference', () => {
    const blocks = homeBlocks(
      [{ caseRef: '<!channel>', status: 'paused', updatedAt: '2026-01-02T00:00:00Z', open: true }],
      w,
    );
    expect(checkView({ type: 'home', blocks })).toBeUndefined();
    expect(texts(blocks)).toContain('&lt;!channel&gt; · paused · 2026-01-02');
  });

  it('the edit modal stays within 100 blocks, leaves over-long notes to the chat, and reads back the changes', () => {
    const items: EditItem[] = Array.from({ length: 70 }, (_, i) => ({
      n: i + 1,
      questionId: `q${i}`,
      question: `Q${i}`,
      choices: [
        { id: 'yes', label: 'Yes' },
        { id: 'no', label: 'No' },
      ],
      choice: 'no',
      note: i === 0 ? 'x'.repeat(3001) : `note ${i}`,
      noteInput: true,
    }));
    const view = editModal(items, '{"r":"r1"}', w);
    expect(checkView(view as unknown as Record<string, unknown>)).toBeUndefined();
    expect(texts(view.blocks)).toContain('too long to edit here');
    const changes = readEdits({
      'q:choice:q1': { value: { selected_option: { value: 'yes' } } },
      'q:note:q1': { value: { value: 'new' } },
      'q:note:q2': { value: { value: null } },
      other: { value: { value: 'x' } },
    });
    expect(changes).toEqual([
      { questionId: 'q1', choice: 'yes', note: 'new' },
      { questionId: 'q2', note: '' },
    ]);
  });
});

describe('error mapping', () => {
  it('429 waits for Retry-After; 5xx and timeouts retry; configuration problems stop with a clear code', () => {
    expect(toDeliveryError(new webApi.WebAPIRateLimitedError(3)).options.retryAfterMs).toBe(3000);
    expect(toDeliveryError(new webApi.WebAPIHTTPError(503, 'Unavailable', {})).options.permanent).toBe(false);
    expect(toDeliveryError(new webApi.WebAPIRequestError(new Error('timeout'))).code).toBe('SLACK_REQUEST_FAILED');
    for (const error of ['channel_not_found', 'not_in_channel', 'invalid_auth']) {
      const e = toDeliveryError(new webApi.WebAPIPlatformError({ ok: false, error }));
      expect(e.options.permanent).toBe(true);
      expect(e.code).toBe(`SLACK_${error.toUpperCase()}`);
    }
    expect(
      toDeliveryError(new webApi.WebAPIPlatformError({ ok: false, error: 'internal_error' })).options.permanent,
    ).toBe(false);
  });
});

describe('posting a message laid out in pages', () => {
  it('posts every page, in order, in the same thread, each within the limits the fake enforces', async () => {
    const fake = await new FakeSlack({ channels: ['CSUP'] }).start();
    try {
      const silent = {
        debug() {},
        info() {},
        warn() {},
        error() {},
        setLevel() {},
        getLevel: () => 'error',
        setName() {},
      };
      const api = new SlackApi(new webApi.WebClient('xoxb-test', webClientOptions(fake.url, silent as never)));
      const parent = await api.post({ channel: 'CSUP', text: 'parent', blocks: [] });
      const message: ThreadMessage = {
        id: 'm-long',
        threadId: 't1',
        kind: 'summary',
        author: 'alex',
        text: `${'A long note line.\n'.repeat(9000)}The last line.`,
        flags: 0,
        acknowledged: false,
        onAgenda: false,
        createdAt: '',
      };
      const msg = summaryReply(message, 'Sam', w);
      expect(msg.more?.length).toBeGreaterThan(0);
      const ts = await api.post({ channel: 'CSUP', ...msg, threadTs: parent, postId: 'item-1' });
      const replies = fake.in('CSUP').filter((m) => m.thread_ts === parent);
      expect(replies).toHaveLength(1 + (msg.more?.length ?? 0));
      expect(replies[0]?.ts).toBe(ts);
      expect(JSON.stringify(replies.at(-1)?.blocks)).toContain('The last line.');
      const lines = replies.flatMap((m) => JSON.stringify(m.blocks).match(/A long note line\./g) ?? []);
      expect(lines).toHaveLength(9000);
    } finally {
      await fake.stop();
    }
  });
});
