/**
 * One reflection, three surfaces: the supervisor reads the same content in Slack (the thread reply
 * and its Full reflection modal), in Teams (the card and its Full reflection ShowCard) and in the
 * playground / local API (text and details). Each rendering is reduced to its lines of text, with
 * the surface's own escaping undone, and compared with the view model's lines.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { summaryReply } from '../../src/channels/slack/blocks/thread';
import { fullReflectionModal } from '../../src/channels/slack/blocks/summary';
import { renderReply } from '../../src/channels/slack/blocks/reply';
import { previewCard } from '../../src/channels/teams/cards';
import { threadMessageCard } from '../../src/channels/teams/supervisor-cards';
import type { Reply } from '../../src/core/types';
import { buildSummary } from '../../src/core/summary';
import { detailsText, headlineText, viewLines } from '../../src/core/summary-text';
import { buildSummaryView, catalogWording, storedView } from '../../src/core/summary-view';
import { fill } from '../../src/core/text';
import type { ThreadMessage, ThreadRecord } from '../../src/store/port';
import { engineContext, realCatalog, realisticState } from '../support/reflections';

const catalog = realCatalog();
const ctx = engineContext(catalog);
const messages = (
  parse(readFileSync(path.join(__dirname, '../../prompts/bot.yaml'), 'utf8')) as {
    messages: Record<string, string>;
  }
).messages;
const say = (key: string, vars: Record<string, string | number | undefined> = {}) =>
  fill(messages[key] ?? key, vars, ctx.contacts);

const state = realisticState(catalog, 'hostile', 'CR-<b>2041</b> & *co*');
const summary = buildSummary(state, catalog, ctx);
const view = buildSummaryView(summary, catalogWording(catalog, ctx.contacts));
const thread: ThreadRecord = {
  id: 't1',
  supervisorId: 'sam',
  practitionerId: 'alex',
  caseRef: summary.caseRef,
  channel: 'slack',
  title: 'Case',
  reflections: 1,
  openFlags: 1,
  createdAt: '',
  updatedAt: '',
};
const message: ThreadMessage = {
  id: 'm1',
  threadId: 't1',
  kind: 'summary',
  author: 'alex',
  text: headlineText(view),
  data: JSON.parse(JSON.stringify({ view, summary })), // as stored: JSON, no brands
  flags: 1,
  acknowledged: false,
  onAgenda: false,
  createdAt: '',
};

const tidy = (lines: string[]) => lines.map((l) => l.trim()).filter((l) => l !== '');

const slackDecode = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
function slackText(blocks: unknown[]): string[] {
  const decode = slackDecode;
  return tidy(
    blocks.flatMap((b) => {
      const block = b as {
        type: string;
        text?: { text: string };
        elements?: Array<{ action_id?: string; text?: { text: string } }>;
      };
      if (block.type === 'section')
        return block.text?.text.split('\n').map((l) => decode(l.replace(/^\*(.*)\*$/, '$1'))) ?? [];
      if (block.type === 'actions')
        return (block.elements ?? []).filter((e) => e.action_id === 'reflect.full').map((e) => e.text?.text ?? '');
      return [];
    }),
  );
}

function slackLines(): string[] {
  const decode = slackDecode;
  const lines = (blocks: unknown[]) =>
    blocks.flatMap((b) => {
      const block = b as {
        type: string;
        text?: { text: string };
        elements?: Array<{ action_id?: string; text?: { text: string } }>;
      };
      if (block.type === 'section')
        return block.text?.text.split('\n').map((l) => decode(l.replace(/^\*(.*)\*$/, '$1'))) ?? [];
      if (block.type === 'actions')
        return (block.elements ?? []).filter((e) => e.action_id === 'reflect.full').map((e) => e.text?.text ?? '');
      return [];
    });
  const reply = summaryReply(message, 'Sam Rivers', say);
  const stored = storedView(message.data);
  const modal = stored ? fullReflectionModal(stored, say) : undefined;
  const headline = lines(reply.blocks);
  const modalLines = lines((modal?.blocks ?? []) as unknown[]);
  // The modal repeats the headline above the full reflection; the supervisor reads it once.
  return tidy([...headline, ...modalLines.slice(headline.length - 1)]);
}

function teamsText(node: unknown): string[] {
  const decode = (t: string) =>
    t
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/\\([\\`*_{}[\]()#+!|~-])/g, '$1');
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n !== 'object' || n === null) return;
    const o = n as Record<string, unknown>;
    if (o.type === 'TextBlock') out.push(decode(String(o.text)));
    // A ShowCard holding a form (Reply) is one of the message's own controls, like Picked up: not content.
    if (o.type === 'Action.ShowCard' && !JSON.stringify(o.card).includes('"Input.')) out.push(String(o.title));
    if (o.type === 'Action.ShowCard' && JSON.stringify(o.card).includes('"Input.')) return;
    for (const [k, v] of Object.entries(o)) if (k !== 'actions' || o.type !== 'AdaptiveCard') walk(v);
  };
  walk(node);
  return tidy(out);
}

function teamsLines(): string[] {
  return teamsText(threadMessageCard({ ...thread, channel: 'teams' }, message, 'Sam Rivers', say).body);
}

function localLines(): string[] {
  // What the local API returns and the playground shows: text, then (behind <details>) details.
  const stored = storedView(message.data);
  const text = [message.text, stored?.detailsLabel ?? '', stored ? detailsText(stored) : ''].join('\n');
  return tidy(text.split('\n').map((l) => l.replace(/:$/, '')));
}

describe('the same reflection on every surface', () => {
  const expected = tidy(viewLines(view));

  it('has a headline and a full reflection to compare', () => {
    expect(expected.length).toBeGreaterThan(40);
    expect(expected).toContain('Full reflection');
  });

  it.each([
    ['Slack', slackLines],
    ['Teams', teamsLines],
    ['playground and local API', localLines],
  ])('%s shows the supervisor exactly the view model’s lines', (_surface, lines) => {
    expect(lines()).toEqual(expected);
  });

  it('the preview is the supervisor’s view, then the redaction note and the preview’s own buttons', () => {
    const note = 'Nothing identifying was found in your notes.';
    const preview: Reply = {
      kind: 'preview',
      text: `${headlineText(view)}\n\n${note}`,
      view,
      meta: { questionId: 'preview', token: 't' },
      choices: [{ id: 'share', label: 'Share with supervisor' }],
    };
    const slackSupervisor = slackText(summaryReply(message, 'Sam Rivers', say).blocks);
    expect(slackText(renderReply(preview, say).blocks)).toEqual([...slackSupervisor, `_${note}_`]); // the note in italics
    const teamsSupervisor = teamsLines();
    expect(teamsText(previewCard(preview).body)).toEqual([...teamsSupervisor, note]);
  });
});
