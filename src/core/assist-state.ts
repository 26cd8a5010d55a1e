/**
 * Small helpers over ReflectionState.llm, shared by the engine (assist.ts, answer.ts) and the
 * assistance adapter (src/llm), so both read and write it the same way.
 */
import type { AssistState, ReflectionState } from './types';

/** Button values of assistance messages start with this, so every channel routes them like any button. */
export const ASSIST_PREFIX = 'assist:';
/** The questionId that assistance messages carry in their meta (not a real question). */
export const ASSIST_QUESTION = 'assist';

export const assistValue = {
  triage: (questionId: string, choice: string) => `${ASSIST_PREFIX}triage:${questionId}:${choice}`,
  dismiss: `${ASSIST_PREFIX}dismiss`,
  skipFollowUp: `${ASSIST_PREFIX}follow-up:skip`,
  useNarrative: `${ASSIST_PREFIX}narrative:use`,
  keepSummary: `${ASSIST_PREFIX}narrative:keep`,
} as const;

export function assistOf(state: ReflectionState): AssistState {
  return state.llm ?? { tokensUsed: 0, followUpsAsked: [] };
}

export function patchAssist(state: ReflectionState, patch: Partial<AssistState>): ReflectionState {
  return { ...state, llm: { ...assistOf(state), ...patch } };
}

/**
 * A short fingerprint of the answers (choices and notes, in question order). A narrative records the
 * fingerprint it was written from; once answers change it no longer matches them and is left out.
 */
export function answersFingerprint(state: ReflectionState): string {
  const text = JSON.stringify(
    Object.keys(state.answers)
      .sort()
      .map((id) => [id, state.answers[id]?.choice ?? '', state.answers[id]?.note ?? '']),
  );
  let hash = 0x811c9dc5; // FNV-1a, 32 bit: enough to notice a change, not a security measure
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${text.length.toString(36)}-${hash.toString(36)}`;
}

/** The narrative, if there is one and it was written from the answers as they are now. */
export function currentNarrative(state: ReflectionState): string | undefined {
  const llm = state.llm;
  return llm?.narrative && llm.narrativeFor === answersFingerprint(state) ? llm.narrative : undefined;
}
