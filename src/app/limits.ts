/**
 * Bounded inputs. One person's paste must not stall everyone else or grow a reflection without end,
 * so every text that enters a turn is cleaned and measured here, whichever channel it came from.
 * Channels may refuse earlier (at their edge); this is the rule every store and channel shares.
 *
 * Too long is never silently cut: the text is kept up to the limit and the practitioner is told the
 * limit (prompts/bot.yaml), except a case reference, which is an identifier and is refused whole.
 */
import type { Catalog } from '../core/catalog';
import type { EngineInput, ReflectionState } from '../core/types';

export const LIMITS = {
  /** One note, in characters (UTF-16 code units, as every surface counts them). */
  note: 4_000,
  /** All notes in one reflection together. */
  reflection: 40_000,
  /** A case reference: a short identifier from the case-management system. */
  caseRef: 64,
  /** A supervisor's reply in a case thread. */
  supervisorReply: 4_000,
  /** Button values and question ids: machine-made, never long. */
  token: 200,
} as const;

/**
 * C0 controls except tab, line feed and carriage return; DEL; C1 controls. NUL in particular: Postgres
 * refuses it in text, which once made a reflection impossible to share.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/** Cleans and caps a text; `cut` says the limit when it had to be shortened. */
export function bounded(text: string, limit: number): { text: string; cut?: number } {
  const clean = stripControl(text);
  return clean.length > limit ? { text: clean.slice(0, limit), cut: limit } : { text: clean };
}

/** The input with control characters removed and each text capped at the note limit. */
export function cleanInput(input: EngineInput): { input: EngineInput; cut?: number } {
  switch (input.type) {
    case 'text': {
      const b = bounded(input.text, LIMITS.note);
      return { input: { type: 'text', text: b.text }, cut: b.cut };
    }
    case 'choice':
      return {
        input: {
          ...input,
          value: bounded(input.value, LIMITS.token).text,
          ...(input.questionId === undefined ? {} : { questionId: bounded(input.questionId, LIMITS.token).text }),
          ...(input.token === undefined ? {} : { token: bounded(input.token, LIMITS.token).text }),
        },
      };
    case 'edit': {
      let cut: number | undefined;
      const changes = input.changes.map((c) => {
        if (c.note === undefined) return c;
        const b = bounded(c.note, LIMITS.note);
        cut ??= b.cut;
        return { ...c, note: b.text };
      });
      return { input: { type: 'edit', changes }, cut };
    }
    default:
      return { input };
  }
}

export type LimitNotice = { key: 'tooLongNote' | 'tooLongReflection'; limit: number };

/**
 * Applied to the engine's new state. Notes that grew past a limit keep what fits; a case reference
 * past its limit refuses the whole turn (`refuse`), so nothing of it is stored.
 */
export function boundState(
  before: ReflectionState | undefined,
  after: ReflectionState,
  catalog: Catalog,
): { state: ReflectionState; notices: LimitNotice[]; refuse?: 'tooLongCaseRef' } {
  const caseRefId = caseRefQuestion(catalog);
  const pending = after.pending;
  if (pending?.kind === 'identifier-check' && pending.value.length > LIMITS.caseRef)
    return { state: after, notices: [], refuse: 'tooLongCaseRef' };
  const changed = Object.entries(after.answers).filter(([id, a]) => a.note && a.note !== before?.answers[id]?.note);
  if (changed.length === 0) return { state: after, notices: [] };
  if (changed.some(([id, a]) => id === caseRefId && (a.note?.length ?? 0) > LIMITS.caseRef))
    return { state: after, notices: [], refuse: 'tooLongCaseRef' };
  const notices: LimitNotice[] = [];
  const answers = { ...after.answers };
  const changedIds = new Set(changed.map(([id]) => id));
  let others = 0;
  for (const [id, a] of Object.entries(answers)) if (!changedIds.has(id)) others += a.note?.length ?? 0;
  for (const [id, a] of changed) {
    const note = a.note ?? '';
    const room = Math.max(0, LIMITS.reflection - others);
    const limit = Math.min(LIMITS.note, room);
    if (note.length > limit) {
      answers[id] = { ...a, note: note.slice(0, limit) };
      notices.push(
        limit < LIMITS.note
          ? { key: 'tooLongReflection', limit: LIMITS.reflection }
          : { key: 'tooLongNote', limit: LIMITS.note },
      );
    }
    others += answers[id]?.note?.length ?? 0;
  }
  return notices.length ? { state: { ...after, answers }, notices } : { state: after, notices };
}

export function caseRefQuestion(catalog: Catalog): string | undefined {
  return catalog.contextQuestions.map((id) => catalog.questions.get(id)).find((q) => q?.contextKey === 'caseRef')?.id;
}
