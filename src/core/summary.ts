/**
 * The summary a supervisor reads: built deterministically from answers, flags and prompt metadata.
 * Notes are redacted here, so nothing unredacted can reach a channel through the summary.
 */
import { currentNarrative } from './assist-state';
import { sourceLabel, type Catalog } from './catalog';
import { answerLabel, raisedFlags } from './flags';
import { contextValue, isOffer, setOfQuestion, situationsOf } from './flow';
import { redact, shareableCaseRef, type IdentifierKind } from './redact';
import type { Summary, SummaryAnswer } from './summary-model';
import { supportRequested } from './support';
import { fill } from './text';
import type { EngineContext, ReflectionState } from './types';

export type { Summary, SummaryAnswer, SummaryFlag } from './summary-model';

function contextLabel(state: ReflectionState, catalog: Catalog, key: string): string | undefined {
  const q = catalog.contextQuestions.map((id) => catalog.questions.get(id)).find((x) => x?.contextKey === key);
  return q ? answerLabel(q, state.answers[q.id]) || undefined : undefined;
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
    const note = a?.note ? redact(a.note) : undefined;
    const answer = q.kind === 'text' ? undefined : answerLabel(q, a) || undefined;
    out.push({
      n: out.length + 1,
      questionId: qid,
      question: fill(q.text, {}, contacts), // a {contacts.KEY} never reaches a reader unfilled
      answer,
      note: note?.text,
      skipped: !a,
      context: q.contextKey !== undefined || undefined,
    });
  }
  return out;
}

function redactionCounts(state: ReflectionState): Summary['redactions'] {
  const counts = new Map<IdentifierKind, number>();
  for (const a of Object.values(state.answers)) {
    if (!a.note) continue;
    for (const f of redact(a.note).findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + f.count);
  }
  return [...counts].map(([kind, count]) => ({ kind, count }));
}

/**
 * The sets whose recommended actions belong in this summary: the situation's own sets and any
 * offered set taken up, plus an always-included set (child focus, share with manager) only when
 * one of its answers raised a flag. Otherwise every summary would repeat the same generic list.
 */
function actionSets(state: ReflectionState, catalog: Catalog, flaggedQuestions: Set<string>) {
  const ids = new Set(state.queue.filter((e) => !isOffer(e)).map((qid) => setOfQuestion(catalog, qid)?.id));
  return catalog.sets.filter((s) => ids.has(s.id) && (!s.always || s.questions.some((q) => flaggedQuestions.has(q))));
}

export function buildSummary(state: ReflectionState, catalog: Catalog, ctx: EngineContext): Summary {
  const content = (text: string) => fill(text, {}, ctx.contacts);
  const raised = raisedFlags(state, catalog);
  const flags = raised.map(({ flag, questionId, answerLabel: answer }) => ({
    id: flag.id,
    severity: flag.severity,
    title: flag.title,
    text: content(flag.text),
    question: content(catalog.questions.get(questionId)?.text ?? questionId),
    answer,
    source: sourceLabel(catalog, flag.source),
    sourceRef: flag.source,
  }));
  const sets = actionSets(state, catalog, new Set(raised.map((r) => r.questionId)));
  const caseRefRaw = contextValue(state, catalog, 'caseRef');
  return {
    reflectionId: state.id,
    caseRef: caseRefRaw ? shareableCaseRef(caseRefRaw, ctx.caseRefPattern) : '',
    date: state.startedAt.slice(0, 10),
    practitioner: ctx.practitioner.name,
    supervisor: ctx.supervisor.name,
    contact: contextLabel(state, catalog, 'contact'),
    engagement: contextLabel(state, catalog, 'engagement'),
    situations: situationsOf(state, catalog).map((id) => catalog.situations.find((s) => s.id === id)?.label ?? id),
    childSeen: contextLabel(state, catalog, 'childSeen'),
    flags,
    answers: numberedAnswers(state, catalog, ctx.contacts),
    agenda: [
      ...new Set(
        flags
          .map((f) => catalog.flags.get(f.id)?.agenda)
          .filter((x): x is string => !!x)
          .map(content),
      ),
    ],
    actions: sets
      .flatMap((s) => s.actions)
      .filter((a, i, all) => all.findIndex((b) => b.id === a.id) === i)
      .map((a) => ({ text: content(a.text), source: sourceLabel(catalog, a.source) })),
    support: supportRequested(state, catalog).map(content),
    redactions: redactionCounts(state),
    narrative: state.llm?.narrativeApproved ? currentNarrative(state) : undefined, // only approved, and only while it matches the answers
  };
}
