/**
 * The summary view model and the redaction gate, on the real prompt catalogue: the headline a
 * supervisor reads in a minute, the full reflection beside it, and nothing raw in either.
 */
import { sourceLabel } from '../../src/core/catalog';
import { answerLabel } from '../../src/core/flags';
import { clear, type Cleared } from '../../src/core/gate';
import { findIdentifiers } from '../../src/core/redact';
import { buildSummary } from '../../src/core/summary';
import { detailsText, headlineText, viewLines } from '../../src/core/summary-text';
import {
  buildSummaryView,
  catalogWording,
  HEADLINE_WORDS,
  headlineWords,
  storedView,
  wordCount,
} from '../../src/core/summary-view';
import { engineContext, realCatalog, realisticState, SITUATIONS, type SituationName } from '../support/reflections';

const catalog = realCatalog();
const ctx = engineContext(catalog);
const w = catalogWording(catalog, ctx.contacts);
const IDENTIFIERS = ['07700 900123', 'Okafor', 'Jayden', 'Dean'];

function viewOf(name: SituationName) {
  const summary = buildSummary(realisticState(catalog, name), catalog, ctx);
  return { summary, view: buildSummaryView(summary, w) };
}

describe('the redaction gate', () => {
  // trusted() takes this wording without running the detector: this is what makes that safe.
  it("leaves the catalogue's own wording exactly as written", () => {
    const texts: string[] = [];
    for (const q of catalog.questions.values()) texts.push(q.text, ...q.choices.map((c) => c.label));
    for (const f of catalog.flags.values()) texts.push(f.title, f.text, f.agenda ?? '');
    for (const s of catalog.sets) texts.push(...s.actions.map((a) => a.text));
    texts.push(...catalog.situations.map((s) => s.label));
    for (const s of catalog.sets) texts.push(...s.support.map((x) => `${x.label}: ${x.text}`));
    for (const f of catalog.flags.values()) texts.push(sourceLabel(catalog, f.source));
    for (const s of catalog.sets) texts.push(...s.actions.map((a) => sourceLabel(catalog, a.source)));
    texts.push(
      ...Object.entries(catalog.messages)
        .filter(([k]) => k.startsWith('summary'))
        .map(([, v]) => v),
    );
    expect(texts.length).toBeGreaterThan(500);
    // No structured identifier anywhere in the catalogue's wording. (The name detector's guesses on
    // this wording, e.g. "Threats to you", are why trusted() does not run it there.)
    const structured = new Set(['email', 'phone', 'postcode', 'nhs', 'nino']);
    expect(texts.filter((t) => findIdentifiers(t).some((f) => structured.has(f.kind)))).toEqual([]);
  });

  it('is the only way to make supervisor-facing text (a type error otherwise)', () => {
    // @ts-expect-error raw text is not Cleared: it must pass clear() first
    const raw: Cleared = 'Call Mrs Okafor on 07700 900123';
    expect(clear(raw)).not.toContain('07700');
  });
});

describe('a note typed at a choice question that is then skipped', () => {
  const LEAK = 'Call Mrs Okafor on 07700 900123 about her son Jayden';
  const state = realisticState(catalog, 'hostile');
  const qid = state.queue.find((id) => catalog.questions.get(id)?.kind === 'yesno') ?? '';
  state.answers[qid] = { note: LEAK, at: state.startedAt };
  state.skipped = [qid];

  it('is never shown as the answer, and reaches the supervisor only as a redacted note', () => {
    const q = catalog.questions.get(qid);
    expect(q && answerLabel(q, state.answers[qid])).toBe('');
    const summary = buildSummary(state, catalog, ctx);
    const row = summary.answers.find((a) => a.questionId === qid);
    expect(row).toMatchObject({ answer: undefined, skipped: true });
    expect(row?.note).toMatch(/phone number removed/);
    const view = buildSummaryView(summary, w);
    const everything = [headlineText(view), detailsText(view), JSON.stringify(summary)].join('\n');
    for (const value of ['07700', 'Okafor', 'Jayden']) expect(everything).not.toContain(value);
  });
});

describe('the headline', () => {
  it.each(Object.keys(SITUATIONS) as SituationName[])(
    '%s: at most 150 words, three flags most severe first, two quotes, three agenda items',
    (name) => {
      const { summary, view } = viewOf(name);
      expect(summary.flags.length).toBeGreaterThan(3); // the worst case: a concern raised everywhere
      expect(headlineWords(view)).toBeLessThanOrEqual(HEADLINE_WORDS);
      expect(wordCount(headlineText(view))).toBeLessThanOrEqual(HEADLINE_WORDS);
      const section = (key: string) => view.headline.find((s) => s.heading === w(key))?.lines ?? [];
      const flags = section('summaryFlagsLead');
      expect(flags.length).toBeLessThanOrEqual(4); // three flags and "n more in the full reflection"
      expect(flags[flags.length - 1]).toMatch(/more in the full reflection/);
      expect(flags[0]?.startsWith(w(`summarySeverity.${summary.flags[0]?.severity}`))).toBe(true);
      expect(new Set(flags).size).toBe(flags.length);
      expect(section('summaryWordsLead').length).toBeGreaterThan(0);
      expect(section('summaryWordsLead').length).toBeLessThanOrEqual(2);
      expect(section('summaryAgendaLead').length).toBeLessThanOrEqual(3);
      expect(section('summaryChildLead')[0]).toBe(
        catalog.questions.get('ctx-child-seen')?.choices.find((c) => c.id === SITUATIONS[name].childSeen)?.label ??
          section('summaryChildLead')[0],
      );
      for (const value of IDENTIFIERS) expect(headlineText(view)).not.toContain(value);
    },
  );

  it('the full reflection keeps every answer, every flag and every note, redacted', () => {
    const { summary, view } = viewOf('hostile');
    const details = detailsText(view);
    for (const f of summary.flags) expect(details).toContain(f.title);
    for (const a of summary.answers) expect(details).toContain(a.question);
    for (const value of IDENTIFIERS) expect(details).not.toContain(value);
    expect(wordCount(details)).toBeGreaterThan(HEADLINE_WORDS);
  });

  it('survives storage: a stored view reads the same, and a malformed one is refused', () => {
    const { view } = viewOf('refusal');
    const back = storedView(JSON.parse(JSON.stringify({ view })));
    expect(back && viewLines(back)).toEqual(viewLines(view));
    expect(storedView({ view: { ...view, headline: 'nope' } })).toBeUndefined();
    expect(storedView({ view: { ...view, practitioner: undefined } })).toBeUndefined();
  });
});

describe('recommended actions', () => {
  it('come only from flags this reflection raised', () => {
    const state = realisticState(catalog, 'hostile');
    for (const qid of state.queue.slice(catalog.contextQuestions.length)) {
      const q = catalog.questions.get(qid);
      const quiet = q?.choices.find((c) => !q.flags.some((r) => r.on.includes(c.id)));
      state.answers[qid] = { choice: quiet?.id, at: state.startedAt };
    }
    const calm = buildSummary(state, catalog, ctx);
    const { summary: worried } = viewOf('hostile');
    expect(worried.actions.length).toBeGreaterThan(0);
    expect(calm.flags.filter((f) => f.severity !== 'info').length).toBeLessThan(worried.flags.length);
    expect(calm.actions.length).toBeLessThan(worried.actions.length);
    if (calm.flags.length === 0) expect(calm.actions).toEqual([]);
  });
});

describe('recommended actions never repeat what was already done', () => {
  it('"Have I asked other agencies?" "Yes" leaves out "check with other agencies", which "No" recommends', () => {
    const state = realisticState(catalog, 'no-answer');
    const action = catalog.sets.flatMap((s) => s.actions).find((a) => a.id === 'act-na-other-agencies');
    const answered = (choice: string) => {
      state.answers['na-other-agencies'] = { choice, at: state.startedAt };
      return buildSummary(state, catalog, ctx);
    };
    expect(state.queue).toContain('na-other-agencies');
    expect(answered('no').actions.map((a) => a.text)).toContain(action?.text);
    const yes = answered('yes');
    // Other flags still rest on the same section of the guidance: only "already done" keeps it out.
    const section = (ref: string) => ref.replace(/(#\d+)(?:\.\d+)*$/, '$1');
    expect(yes.flags.some((f) => section(f.sourceRef) === section(action?.source ?? '-'))).toBe(true);
    expect(yes.actions.map((a) => a.text)).not.toContain(action?.text);
  });
});
