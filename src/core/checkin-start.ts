/**
 * Reflections that start from a check-in: "reflect now" after checking out, and the before-visit
 * questions (§13) offered at check-in for a hostile case. The case reference is already known, so
 * it is not asked again.
 */
import { askCurrent } from './answer';
import type { Catalog } from './catalog';
import { newReflection } from './engine';
import { raisedFlags } from './flags';
import { expandOffer, OFFER_PREFIX, situationsOf } from './flow';
import { Turn } from './turn';
import type { EngineContext, EngineResult, ReflectionState } from './types';

export const BEFORE_VISIT_SET = 'before-visit';

export function startForCase(
  catalog: Catalog,
  ctx: EngineContext,
  channel: string,
  caseRef: string,
  beforeVisit: boolean,
): EngineResult {
  const at = ctx.now.toISOString();
  let state = newReflection(catalog, ctx, channel);
  const caseQ = catalog.contextQuestions.find((id) => catalog.questions.get(id)?.contextKey === 'caseRef');
  if (caseQ) state = { ...state, answers: { [caseQ]: { note: caseRef, at } }, position: 1 };
  if (beforeVisit && caseQ) {
    const entry = OFFER_PREFIX + BEFORE_VISIT_SET;
    state = { ...state, queue: [caseQ, entry], answers: { ...state.answers, [entry]: { choice: 'yes', at } } };
    state = { ...state, queue: expandOffer(catalog, state, entry), position: 2 };
  }
  const turn = new Turn(catalog, ctx, state);
  turn.audit('reflection.started');
  turn.say(beforeVisit ? 'beforeVisitIntro' : 'checkoutReflectIntro', { caseRef });
  askCurrent(turn);
  turn.touch();
  return { state: turn.state, replies: turn.replies, events: turn.events };
}

/** The last reflection on a case was about a hostile family, or raised the practitioner-fear flag. */
export function wasHostile(state: ReflectionState, catalog: Catalog): boolean {
  if (situationsOf(state, catalog).includes('hostile')) return true;
  return raisedFlags(state, catalog).some((f) => f.flag.id === 'practitioner-fear');
}
