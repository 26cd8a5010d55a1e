/**
 * The three uses of a model. Each pseudonymises what it sends, calls the Assistant, and returns
 * how to apply the result to the reflection as it is when the result arrives: what to push to the
 * practitioner (placeholders restored, since it is their own view) and what to remember.
 */
import { answersFingerprint, assistOf, assistValue, ASSIST_QUESTION, currentNarrative } from '../core/assist-state';
import { sectionOf, sourceLabel, type Catalog } from '../core/catalog';
import { answerLabel } from '../core/flags';
import { clear } from '../core/gate';
import type { PseudonymMap } from '../core/redact';
import { numberedAnswers } from '../core/summary';
import type { AssistState, ReflectionState, Reply } from '../core/types';
import { followUpEligible, polishWanted, type Job } from './plan';
import type { Assistant, CallOptions, NarrativeSentence, Outcome } from './port';
import { Pseudonymiser } from './pseudo';

export interface JobContext {
  assistant: Assistant;
  catalog: Catalog;
  text: (key: string, vars?: Record<string, string | number | undefined>) => string;
}

export interface JobResult {
  tokens: number;
  pseudonyms: PseudonymMap;
  unavailable: boolean;
  /** Given the reflection as it is now, what to remember and what to push (nothing if it no longer fits). */
  apply(fresh: ReflectionState): Applied;
}

type Applied = { patch: Partial<AssistState>; replies: Reply[] };
const nothing = (): Applied => ({ patch: {}, replies: [] });

export async function runJob(
  ctx: JobContext,
  job: Job,
  state: ReflectionState,
  opts: CallOptions,
): Promise<JobResult | undefined> {
  const pseudo = new Pseudonymiser(assistOf(state).pseudonyms);
  switch (job.kind) {
    case 'triage':
      return triage(ctx, state, job.text, pseudo, opts);
    case 'follow-up':
      return followUp(ctx, state, job.questionId, pseudo, opts);
    case 'polish':
      return polish(ctx, state, pseudo, opts);
  }
}

/** `apply` runs only when the call succeeded; `value` is undefined when the model suggested nothing. */
function result<T>(
  out: Outcome<T>,
  pseudo: Pseudonymiser,
  apply: (value: T | undefined, fresh: ReflectionState) => Applied,
): JobResult {
  return {
    tokens: out.tokens,
    pseudonyms: pseudo.map,
    unavailable: !out.ok && out.reason === 'unavailable',
    apply: (fresh) => (out.ok ? apply(out.value, fresh) : nothing()),
  };
}

/** A situation the model named, as the unanswered context question and choice it would set. */
export function suggestionFor(catalog: Catalog, state: ReflectionState, situationId: string) {
  const situation = catalog.situations.find((s) => s.id === situationId);
  for (const [key, choices] of Object.entries(situation?.when ?? {})) {
    const q = catalog.contextQuestions.map((id) => catalog.questions.get(id)).find((x) => x?.contextKey === key);
    const choice = q?.choices.find((c) => c.id === choices[0]);
    if (q && choice && !state.answers[q.id] && state.queue.indexOf(q.id) >= state.position)
      return { question: q, choice };
  }
  return undefined;
}

async function triage(
  ctx: JobContext,
  state: ReflectionState,
  text: string,
  pseudo: Pseudonymiser,
  opts: CallOptions,
): Promise<JobResult | undefined> {
  const options = ctx.catalog.situations
    .filter((s) => suggestionFor(ctx.catalog, state, s.id))
    .map((s) => ({ id: s.id, label: s.label }));
  if (options.length === 0) return undefined;
  // The opening message is not stored, so neither are its identifiers: a throwaway map for this call.
  const out = await ctx.assistant.triage({ text: new Pseudonymiser(pseudo.map).text(text), options }, opts);
  return result(out, pseudo, (situationId, fresh) => {
    const s = situationId && fresh.status === 'active' ? suggestionFor(ctx.catalog, fresh, situationId) : undefined;
    if (!s) return nothing();
    const reply: Reply = {
      kind: 'question',
      text: ctx.text('assistTriageSuggest', { label: s.choice.label, question: s.question.text }),
      choices: [
        { id: assistValue.triage(s.question.id, s.choice.id), label: ctx.text('assistTriageUse') },
        { id: assistValue.dismiss, label: ctx.text('assistTriageDismiss') },
      ],
      meta: { questionId: ASSIST_QUESTION, token: fresh.id }, // a press from another reflection is stale
    };
    return { patch: {}, replies: [reply] };
  });
}

async function followUp(
  ctx: JobContext,
  state: ReflectionState,
  questionId: string,
  pseudo: Pseudonymiser,
  opts: CallOptions,
): Promise<JobResult | undefined> {
  const q = followUpEligible(ctx.catalog, questionId);
  const note = state.answers[questionId]?.note;
  const found = q?.source ? sectionOf(ctx.catalog, q.source) : undefined;
  if (!q?.source || !note || !found) return undefined;
  // Only the cited section goes with the note: never a whole document, never another question's words.
  const guidance = `${found.doc.title}, ${found.section.heading}\n${excerpt(found.section.text, q.quote)}`;
  const out = await ctx.assistant.followUp({ question: q.text, guidance, note: pseudo.text(note) }, opts);
  return result(out, pseudo, (question, fresh) => {
    // A question the model answered (even with "no follow-up needed") is not asked about again.
    const patch = { followUpsAsked: [...new Set([...assistOf(fresh).followUpsAsked, questionId])] };
    // Pushed only while the practitioner is where they were when they wrote the note; otherwise skipped.
    const unchanged =
      fresh.status === 'active' &&
      !fresh.pending &&
      fresh.updatedAt === state.updatedAt &&
      fresh.position === state.position &&
      !fresh.llm?.followUpOpen;
    if (!question || !unchanged) return { patch, replies: [] };
    const reply: Reply = {
      kind: 'question',
      text: ctx.text('assistFollowUp', { n: fresh.queue.indexOf(questionId) + 1, question: pseudo.restore(question) }),
      choices: [{ id: assistValue.skipFollowUp, label: ctx.text('assistFollowUpSkip') }],
      meta: {
        questionId: ASSIST_QUESTION,
        token: fresh.id,
        source: sourceLabel(ctx.catalog, `${found.doc.id}#${found.section.id}`),
        sourceRef: q.source,
      },
    };
    return { patch: { ...patch, followUpOpen: questionId }, replies: [reply] };
  });
}

async function polish(
  ctx: JobContext,
  state: ReflectionState,
  pseudo: Pseudonymiser,
  opts: CallOptions,
): Promise<JobResult | undefined> {
  const numbered = numberedAnswers(state, ctx.catalog);
  const items = numbered
    .filter(
      (a) =>
        !a.skipped && !ctx.catalog.contextQuestions.includes(a.questionId) && ctx.catalog.questions.has(a.questionId),
    )
    .map((a) => {
      const q = ctx.catalog.questions.get(a.questionId);
      const raw = state.answers[a.questionId];
      const answer = q && q.kind !== 'text' ? answerLabel(q, raw) || undefined : undefined;
      return { id: a.questionId, question: a.question, answer, note: raw?.note ? pseudo.text(raw.note) : undefined };
    });
  if (items.length === 0) return undefined;
  const fingerprint = answersFingerprint(state);
  const out = await ctx.assistant.polish(items, opts);
  const numbers = new Map(numbered.map((a) => [a.questionId, a.n]));
  return result(out, pseudo, (sentences, fresh) => {
    if (
      !sentences ||
      !polishWanted(fresh, ctx.catalog) ||
      currentNarrative(fresh) ||
      answersFingerprint(fresh) !== fingerprint
    )
      return nothing();
    // Redacted as well as pseudonymised: anything the model invented that looks like an identifier goes too.
    const narrative = clear(narrativeText(ctx, sentences, numbers)); // the one redaction gate
    const reply: Reply = {
      kind: 'question',
      text: ctx.text('assistNarrative', { narrative: pseudo.restore(narrative) }),
      choices: [
        { id: assistValue.useNarrative, label: ctx.text('assistNarrativeUse') },
        { id: assistValue.keepSummary, label: ctx.text('assistNarrativeKeep') },
      ],
      meta: { questionId: ASSIST_QUESTION, token: fresh.id },
    };
    return { patch: { narrative, narrativeFor: fingerprint, narrativeApproved: undefined }, replies: [reply] };
  });
}

// A long section is cut to the part around the quote the question rests on, to keep calls small.
const MAX_GUIDANCE_CHARS = 3000;

export function excerpt(text: string, quote: string | undefined, max = MAX_GUIDANCE_CHARS): string {
  if (text.length <= max) return text;
  const at = quote ? text.toLowerCase().indexOf(quote.toLowerCase().slice(0, 60)) : -1;
  const start = Math.max(0, Math.min(at < 0 ? 0 : at - Math.floor(max / 3), text.length - max));
  return `${start > 0 ? '…' : ''}${text.slice(start, start + max).trim()}${start + max < text.length ? '…' : ''}`;
}

/** Each sentence ends with the numbers of the answers it draws on, as listed in the preview. */
function narrativeText(ctx: JobContext, sentences: NarrativeSentence[], numbers: Map<string, number>): string {
  return sentences
    .map(
      (s) =>
        `${s.text} ${ctx.text('assistNarrativeRefs', {
          refs: s.questionIds
            .map((id) => numbers.get(id))
            .filter((n) => n !== undefined)
            .join(', '),
        })}`,
    )
    .join(' ');
}
