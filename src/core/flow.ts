/**
 * Composing the flow: which questions are asked, in what order. Context questions come first; once
 * they are answered the situations they select decide the prompt sets. Child focus and the
 * share-with-manager screen are marked `always` in their files; other sets may be offered.
 */
import type { Catalog, PromptSet, Question } from './catalog';
import { type ContextAnswers, composeCore, type PastReflection } from './rotation';
import type { ReflectionState } from './types';
import { tickedItems } from './understand';

/** What follow-up rules match on: the choice, or each ticked item of a checklist. */
function answerKeys(q: Question, choice: string): string[] {
  return q.kind === 'checklist' ? tickedItems(choice) : [choice];
}

export const OFFER_PREFIX = 'offer:';
export const SUPPORT_PREFIX = 'support:';
export const DEEPER_PREFIX = 'deeper:';

export function isDeeper(entry: string): boolean {
  return entry.startsWith(DEEPER_PREFIX);
}

/** The button on each question added by going deeper that leaves for the summary. */
export const BACK_TO_SUMMARY = 'back-to-summary';

/** Whether the current question was added by going deeper (the menu itself has its own way back). */
export function inDeeper(state: ReflectionState): boolean {
  const entry = state.queue[state.position];
  return (
    state.status === 'active' &&
    entry !== undefined &&
    !isDeeper(entry) &&
    state.queue.slice(0, state.position).some(isDeeper)
  );
}

export function contextAnswers(state: ReflectionState, catalog: Catalog): ContextAnswers {
  const out: ContextAnswers = {};
  for (const key of ['contact', 'engagement', 'childSeen']) out[key] = contextValue(state, catalog, key);
  return out;
}

/** The queue after the context questions: the core chosen for the situation and the case's history. */
export function composeFlow(catalog: Catalog, state: ReflectionState, history: PastReflection[]): string[] {
  return composeCore(catalog, situationsOf(state, catalog), contextAnswers(state, catalog), history);
}

/** Sets the practitioner can still go deeper into: those with questions not yet in this reflection. */
export function deeperSets(catalog: Catalog, state: ReflectionState): PromptSet[] {
  return catalog.sets.filter((set) => freshFor(catalog, state, set).length > 0);
}

/** What going deeper into a set would add: follow-ups its answers call for, then its other questions. */
function freshFor(catalog: Catalog, state: ReflectionState, set: PromptSet): string[] {
  const followUps = set.questions.flatMap((id) => {
    const q = catalog.questions.get(id);
    const choice = state.answers[id]?.choice;
    if (!q || !choice) return [];
    const keys = answerKeys(q, choice);
    return q.followUps.filter((f) => f.on.some((on) => keys.includes(on))).flatMap((f) => f.ask);
  });
  return [...followUps, ...mainQuestions(catalog, set)].filter(
    (id, i, all) =>
      !state.queue.includes(id) &&
      all.indexOf(id) === i &&
      (catalog.questions.has(id) || id.startsWith(SUPPORT_PREFIX)),
  );
}

/**
 * Going deeper into a set: its remaining questions, and the follow-ups its answered questions call
 * for, straight after the menu entry.
 */
export function expandDeeper(catalog: Catalog, state: ReflectionState, entry: string, setId: string): string[] {
  const set = catalog.sets.find((s) => s.id === setId);
  if (!set) return state.queue;
  const fresh = freshFor(catalog, state, set);
  const at = state.queue.indexOf(entry);
  return [...state.queue.slice(0, at + 1), ...fresh, ...state.queue.slice(at + 1)];
}

export function isOffer(entry: string): boolean {
  return entry.startsWith(OFFER_PREFIX);
}

export function offerSet(catalog: Catalog, entry: string): PromptSet | undefined {
  const id = entry.slice(OFFER_PREFIX.length);
  return catalog.sets.find((s) => s.id === id);
}

export function contextValue(state: ReflectionState, catalog: Catalog, key: string): string | undefined {
  const q = catalog.contextQuestions.map((id) => catalog.questions.get(id)).find((x) => x?.contextKey === key);
  if (!q) return undefined;
  const a = state.answers[q.id];
  return q.kind === 'text' ? a?.note : a?.choice;
}

export function situationsOf(state: ReflectionState, catalog: Catalog): string[] {
  return catalog.situations
    .filter((s) =>
      Object.entries(s.when).some(([key, ids]) => {
        const v = contextValue(state, catalog, key);
        return v !== undefined && ids.includes(v);
      }),
    )
    .map((s) => s.id);
}

/** A set's questions in order (follow-ups only when asked for), then its support choice if it lists support. */
function mainQuestions(catalog: Catalog, set: PromptSet): string[] {
  const ids = set.questions.filter((id) => !catalog.questions.get(id)?.followUpOnly);
  return set.support.length > 0 ? [...ids, SUPPORT_PREFIX + set.id] : ids;
}

/** The whole of every set that applies: the flow before cores (kept for the bench's baseline). */
export function composeFullFlow(catalog: Catalog, situations: string[]): string[] {
  const queue: string[] = [];
  for (const set of catalog.sets) {
    const applies = set.always || set.appliesTo.some((s) => situations.includes(s));
    if (applies) {
      queue.push(...mainQuestions(catalog, set));
      continue;
    }
    const offer = set.offer;
    if (offer && (offer.when === 'always' || offer.when.some((s) => situations.includes(s))))
      queue.push(OFFER_PREFIX + set.id);
  }
  return queue;
}

export function expandOffer(catalog: Catalog, state: ReflectionState, entry: string): string[] {
  const set = offerSet(catalog, entry);
  if (!set) return state.queue;
  const at = state.queue.indexOf(entry);
  const fresh = mainQuestions(catalog, set).filter((id) => !state.queue.includes(id));
  return [...state.queue.slice(0, at + 1), ...fresh, ...state.queue.slice(at + 1)];
}

/** Follow-ups named by an answer go straight after the question, once. */
export function insertFollowUps(
  catalog: Catalog,
  state: ReflectionState,
  question: Question,
  choice: string,
): string[] {
  if (!state.deeper?.includes(question.setId)) return state.queue; // the core asks no follow-ups
  const keys = answerKeys(question, choice);
  const ask = question.followUps.filter((f) => f.on.some((on) => keys.includes(on))).flatMap((f) => f.ask);
  const fresh = ask.filter((id) => !state.queue.includes(id) && catalog.questions.has(id));
  if (fresh.length === 0) return state.queue;
  const at = state.queue.indexOf(question.id);
  return [...state.queue.slice(0, at + 1), ...fresh, ...state.queue.slice(at + 1)];
}

export function contextDone(state: ReflectionState, catalog: Catalog): boolean {
  return catalog.contextQuestions.every((id) => state.answers[id] !== undefined || state.skipped.includes(id));
}

export function setOfQuestion(catalog: Catalog, questionId: string): PromptSet | undefined {
  return catalog.sets.find((s) => s.questions.includes(questionId));
}
