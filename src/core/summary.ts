/**
 * The summary a supervisor reads: built deterministically from answers, flags and prompt metadata.
 * Every string passes the redaction gate here (clear()), so nothing unredacted can reach a channel
 * through the summary: the types say so.
 */
import { currentNarrative } from './assist-state';
import { sourceLabel, type ActionDef, type Catalog } from './catalog';
import { answerLabel, flagsFor, raisedFlags, type RaisedFlag } from './flags';
import { contextValue, setOfQuestion, situationsOf } from './flow';
import { clear, clearWithFindings, staffName, trusted, type Cleared } from './gate';
import { shareableCaseRef, type IdentifierKind } from './redact';
import type { Summary, SummaryAnswer } from './summary-model';
import { supportRequested } from './support';
import { fill } from './text';
import type { EngineContext, ReflectionState } from './types';

export type { Summary, SummaryAnswer, SummaryFlag } from './summary-model';

function contextLabel(state: ReflectionState, catalog: Catalog, key: string): Cleared | undefined {
  const q = catalog.contextQuestions.map((id) => catalog.questions.get(id)).find((x) => x?.contextKey === key);
  const label = q ? answerLabel(q, state.answers[q.id]) : '';
  return label ? clear(label) : undefined;
}

/** Answered and skipped questions, numbered in the order asked; the numbers are what Edit uses. */
export function numberedAnswers(
  state: ReflectionState,
  catalog: Catalog,
  contacts: Record<string, string> = {},
): SummaryAnswer[] {
  const out: SummaryAnswer[] = [];
  for (const qid of state.queue) {
    const q = catalog.questions.get(qid);
    const a = state.answers[qid];
    if (!q || (!a && !state.skipped.includes(qid))) continue;
    const label = q.kind === 'text' ? '' : answerLabel(q, a);
    out.push({
      n: out.length + 1,
      questionId: qid,
      question: trusted(fill(q.text, {}, contacts)), // the catalogue's wording; a {contacts.KEY} never reaches a reader unfilled
      answer: label ? clear(label) : undefined,
      note: a?.note ? clear(a.note) : undefined,
      // A choice question with only a note was not answered: the note stays a note.
      skipped: !a || (q.kind !== 'text' && !label && state.skipped.includes(qid)),
      context: q.contextKey !== undefined || undefined,
    });
  }
  return out;
}

function redactionCounts(state: ReflectionState): Summary['redactions'] {
  const counts = new Map<IdentifierKind, number>();
  for (const a of Object.values(state.answers)) {
    if (!a.note) continue;
    for (const f of clearWithFindings(a.note).findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + f.count);
  }
  return [...counts].map(([kind, count]) => ({ kind, count }));
}

/** "doc#4.2" and "doc#4" are the same part of the guidance for matching actions to flags. */
function section(ref: string | undefined): string {
  return (ref ?? '').replace(/(#\d+)(?:\.\d+)*$/, '$1');
}

const MIN_QUOTE = 12;
const quoteKey = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .trim();

/**
 * The advice the practitioner has already said they followed: a question answered "yes" (or
 * "done") without raising a concern, quoting the same words of the guidance as the action. "Have
 * I recorded each contact attempt?" "Yes" means "Record contact attempts" is not recommended back.
 */
function alreadyDone(state: ReflectionState, catalog: Catalog): string[] {
  return state.queue.flatMap((qid) => {
    const q = catalog.questions.get(qid);
    const a = state.answers[qid];
    if (!q || !a?.choice || !['yes', 'done'].includes(a.choice)) return [];
    if (flagsFor(catalog, q, a).length > 0) return [];
    const key = quoteKey(q.quote ?? '');
    return key.length >= MIN_QUOTE ? [key] : []; // a real quote is a phrase; a word matches too much
  });
}

/**
 * Recommended actions come only from flags this reflection raised: an action of the flag's own set
 * that rests on the same section of the guidance as the flag or the question that raised it. A
 * reflection with no flags recommends nothing, two reflections in the same situation with
 * different answers recommend different things, and nothing already done is recommended back.
 */
function recommendedActions(state: ReflectionState, catalog: Catalog, raised: RaisedFlag[]): ActionDef[] {
  const done = alreadyDone(state, catalog);
  const isDone = (a: ActionDef) => {
    const key = quoteKey(a.quote);
    return key.length >= MIN_QUOTE && done.some((d) => d === key || d.includes(key) || key.includes(d));
  };
  const out = new Map<string, ActionDef>();
  for (const r of raised) {
    const set = setOfQuestion(catalog, r.questionId);
    const q = catalog.questions.get(r.questionId);
    const sections = new Set([section(r.flag.source), section(q?.source)]);
    for (const a of set?.actions ?? []) if (sections.has(section(a.source)) && !isDone(a)) out.set(a.id, a);
  }
  return [...out.values()];
}

export function buildSummary(state: ReflectionState, catalog: Catalog, ctx: EngineContext): Summary {
  // The catalogue's wording with the organisation's contacts: nothing a person typed.
  const content = (text: string) => trusted(fill(text, {}, ctx.contacts));
  const raised = raisedFlags(state, catalog);
  const flags = raised.map(({ flag, questionId, answerLabel: answer }) => ({
    id: flag.id,
    severity: flag.severity,
    title: content(flag.title),
    text: content(flag.text),
    question: content(catalog.questions.get(questionId)?.text ?? questionId),
    answer: clear(answer),
    source: trusted(sourceLabel(catalog, flag.source)),
    sourceRef: flag.source,
    questionId,
    checklist: catalog.questions.get(questionId)?.kind === 'checklist' || undefined,
  }));
  const caseRefRaw = contextValue(state, catalog, 'caseRef');
  return {
    reflectionId: state.id,
    caseRef: clear(caseRefRaw ? shareableCaseRef(caseRefRaw, ctx.caseRefPattern) : ''),
    date: state.startedAt.slice(0, 10),
    practitionerId: ctx.practitioner.id,
    practitioner: staffName(ctx.practitioner),
    supervisor: staffName(ctx.supervisor),
    contact: contextLabel(state, catalog, 'contact'),
    engagement: contextLabel(state, catalog, 'engagement'),
    situations: situationsOf(state, catalog).map((id) =>
      trusted(catalog.situations.find((s) => s.id === id)?.label ?? id),
    ),
    childSeen: contextLabel(state, catalog, 'childSeen'),
    flags,
    answers: numberedAnswers(state, catalog, ctx.contacts),
    agenda: [
      ...new Set(
        raised
          .map((r) => r.flag.agenda)
          .filter((x): x is string => !!x)
          .map(content),
      ),
    ],
    actions: recommendedActions(state, catalog, raised).map((a) => ({
      text: content(a.text),
      source: trusted(sourceLabel(catalog, a.source)),
    })),
    support: supportRequested(state, catalog).map(content),
    redactions: redactionCounts(state),
    // Only approved, and only while it matches the answers; it was redacted when written, and passes the gate again.
    narrative: state.llm?.narrativeApproved ? optional(currentNarrative(state)) : undefined,
  };
}

function optional(text: string | undefined): Cleared | undefined {
  return text ? clear(text) : undefined;
}
