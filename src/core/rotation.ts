/**
 * The core of a reflection: which few questions are asked by default, chosen for the situation and
 * rotated across reflections on the same case. Pure: the case's history arrives as a value.
 *
 * Per set, in order: a question pinned to every reflection; one question that raised a concern the
 * last time it was asked (when there is room to spare); questions never asked on this case; then
 * those asked longest ago. Within five reflections on the same case and situation every question of
 * the situation's own set is reached, because never-asked questions take priority whenever the
 * remaining reflections of that window would otherwise not have room for them.
 */
import type { Catalog, PromptSet, Question } from './catalog';
import { flagsFor } from './flags';
import type { PastReflection, ReflectionState } from './types';

export type { PastReflection } from './types';

export const COVERAGE_WINDOW = 5;

export type ContextAnswers = Partial<Record<string, string>>;

/** Whether a question fits what happened (its `fits` condition against the context answers). */
export function fits(q: Question, context: ContextAnswers): boolean {
  if (!q.fits) return true;
  return Object.entries(q.fits).every(([key, ids]) => {
    const v = context[key];
    return v === undefined || (ids ?? []).includes(v);
  });
}

export function pastReflection(state: ReflectionState, catalog: Catalog, situations: string[]): PastReflection {
  const asked: string[] = [];
  const concerns: string[] = [];
  for (const id of state.queue) {
    const q = catalog.questions.get(id);
    if (!q) continue;
    const answer = state.answers[id];
    if (answer || state.skipped.includes(id)) asked.push(id);
    if (flagsFor(catalog, q, answer).length > 0) concerns.push(id);
  }
  return { situations, asked, concerns };
}

interface Ranked {
  ids: string[]; // candidates in the order they should be asked
}

function lastAsked(history: PastReflection[], id: string): number {
  const i = history.findIndex((h) => h.asked.includes(id));
  return i === -1 ? Number.POSITIVE_INFINITY : i;
}

/** A set's candidates ranked for this reflection; `slots` is how many it will get. */
function rank(
  catalog: Catalog,
  set: PromptSet,
  context: ContextAnswers,
  history: PastReflection[],
  situations: string[],
  slots: number,
): Ranked {
  const candidates = set.questions
    .map((id) => catalog.questions.get(id))
    .filter((q): q is Question => q !== undefined && !q.followUpOnly && fits(q, context));
  const pinned = candidates.filter((q) => q.pinned).map((q) => q.id);
  const rest = candidates.filter((q) => !q.pinned);
  const never = rest.filter((q) => lastAsked(history, q.id) === Number.POSITIVE_INFINITY).map((q) => q.id);
  const asked = rest
    .filter((q) => lastAsked(history, q.id) !== Number.POSITIVE_INFINITY)
    .sort((a, b) => lastAsked(history, b.id) - lastAsked(history, a.id))
    .map((q) => q.id);
  const concern = rest.find((q) => {
    const i = lastAsked(history, q.id);
    return i !== Number.POSITIVE_INFINITY && history[i]?.concerns.includes(q.id);
  })?.id;
  const same = history.filter((h) => h.situations.some((s) => situations.includes(s))).length;
  const left = Math.max(1, COVERAGE_WINDOW - (same % COVERAGE_WINDOW));
  const free = slots - pinned.length;
  const spare = free * left - never.length > 0;
  const first = concern && spare ? [concern] : [];
  return { ids: [...new Set([...pinned, ...first, ...never, ...asked])] };
}

/**
 * The core queue after the context questions: the situation's own sets first, then the sets every
 * reflection includes, then the closing screen (share with manager).
 */
export function composeCore(
  catalog: Catalog,
  situations: string[],
  context: ContextAnswers,
  history: PastReflection[],
): string[] {
  const own = catalog.sets.filter((s) => !s.always && !s.closing && s.appliesTo.some((x) => situations.includes(x)));
  const always = catalog.sets.filter((s) => s.always && !s.closing);
  const closing = catalog.sets.filter((s) => s.closing);
  const alwaysSlots = always.reduce((n, s) => n + s.core, 0);
  const ownSlots = slotsFor(own, catalog.coreQuestions - alwaysSlots);
  const picked: string[] = [];
  let spare = catalog.coreQuestions - alwaysSlots;
  own.forEach((set, i) => {
    const take = ownSlots[i] ?? 0;
    const ids = rank(catalog, set, context, history, situations, take).ids.slice(0, take);
    spare -= ids.length;
    picked.push(...ids);
  });
  always.forEach((set, i) => {
    const take = set.core + (i === 0 ? Math.max(0, spare) : 0); // unused situation slots go to the child
    picked.push(...rank(catalog, set, context, history, situations, take).ids.slice(0, take));
  });
  for (const set of closing)
    picked.push(...rank(catalog, set, context, history, situations, set.core).ids.slice(0, set.core));
  return picked;
}

/** Splits the situation slots over the sets that apply, round-robin, each up to its own core size. */
function slotsFor(sets: PromptSet[], total: number): number[] {
  const out = sets.map(() => 0);
  let left = Math.max(0, total);
  while (left > 0) {
    let gave = false;
    sets.forEach((s, i) => {
      if (left > 0 && (out[i] ?? 0) < s.core) {
        out[i] = (out[i] ?? 0) + 1;
        left--;
        gave = true;
      }
    });
    if (!gave) break;
  }
  return out;
}

/** Slots in the core for progress counting before the situation is known: self-check plus closing. */
export function plannedCoreSize(catalog: Catalog): number {
  return catalog.coreQuestions + catalog.sets.filter((s) => s.closing).reduce((n, s) => n + s.core, 0);
}
