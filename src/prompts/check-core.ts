/**
 * The core-limit check: for every situation, the questions a reflection asks by default stay within
 * issue 10's limits, and rotation reaches every question of the situation's own set within five
 * reflections on one case. Run on the built catalog with the engine's own composition function, so
 * the check and the bot cannot disagree.
 */
import type { Catalog } from '../core/catalog';
import { COVERAGE_WINDOW, composeCore, fits, type PastReflection } from '../core/rotation';
import { problem, type LoadError } from './errors';
import type { PromptModel } from './model';
import { at } from './yaml-source';

/** Messages or presses to Share when the opening message names nothing: first message, context, core, Share. */
export const MAX_MESSAGES = 12;
export const MAX_SELF_CHECKS = 5;

export function checkCore(model: PromptModel, catalog: Catalog): LoadError[] {
  const context = model.context;
  if (!context) return [];
  const where = at(context.source, ['coreQuestions']);
  const errors: LoadError[] = [];
  const closing = new Set(catalog.sets.filter((s) => s.closing).flatMap((s) => s.questions));
  for (const situation of catalog.situations) {
    const core = composeCore(catalog, [situation.id], {}, []);
    const selfChecks = core.filter((id) => !closing.has(id)).length;
    const screens = core.length - selfChecks;
    const messages = 1 + catalog.contextQuestions.length + core.length + 1;
    if (selfChecks > MAX_SELF_CHECKS || screens > 1 || messages > MAX_MESSAGES)
      errors.push(
        problem(
          'PROMPTS_CORE_TOO_LONG',
          where,
          `situation "${situation.id}": the core asks ${selfChecks} self-check question(s) and ${screens} closing screen(s), ${messages} messages to Share; the limits are ${MAX_SELF_CHECKS}, 1 and ${MAX_MESSAGES}`,
        ),
      );
    errors.push(...coverage(model, catalog, situation.id));
  }
  return errors;
}

/** Five reflections where every question asked raises a concern (the hardest case) still reach the whole set. */
function coverage(model: PromptModel, catalog: Catalog, situation: string): LoadError[] {
  const own = catalog.sets.filter((s) => !s.always && !s.closing && s.appliesTo.includes(situation));
  const history: PastReflection[] = [];
  const asked = new Set<string>();
  for (let i = 0; i < COVERAGE_WINDOW; i++) {
    const core = composeCore(catalog, [situation], {}, history);
    for (const id of core) asked.add(id);
    history.unshift({ situations: [situation], asked: core, concerns: core });
  }
  return own.flatMap((set) => {
    const missed = set.questions.filter((id) => {
      const q = catalog.questions.get(id);
      return q && !q.followUpOnly && fits(q, {}) && !asked.has(id);
    });
    if (missed.length === 0) return [];
    const file = model.sets.find((s) => s.data.id === set.id);
    if (!file) return [];
    return [
      problem(
        'PROMPTS_CORE_COVERAGE',
        at(file.source, ['core']),
        `set "${set.id}" (core ${set.core}): ${COVERAGE_WINDOW} reflections on one case would never ask ${missed.join(', ')}`,
      ),
    ];
  });
}
