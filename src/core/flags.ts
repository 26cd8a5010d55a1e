/**
 * Flags are derived from answers and the prompt files, never stored or decided elsewhere: the
 * same answers always raise the same flags, whatever a model or a note says.
 */
import { SEVERITY_RANK, type Catalog, type FlagDef, type Question } from './catalog';
import type { Answer, ReflectionState } from './types';
import { tickedItems } from './understand';

export interface RaisedFlag {
  flag: FlagDef;
  questionId: string;
  answerLabel: string;
}

export function flagsFor(catalog: Catalog, question: Question, answer: Answer | undefined): FlagDef[] {
  if (!answer) return [];
  const keys = answerKeys(question, answer);
  const ids = question.flags.filter((r) => r.on.some((on) => keys.includes(on))).map((r) => r.flag);
  return [...new Set(ids)].map((id) => catalog.flags.get(id)).filter((f): f is FlagDef => f !== undefined);
}

/** What flag rules match on: the choice; for a checklist each ticked item and "any", or "none". */
function answerKeys(question: Question, answer: Answer): string[] {
  if (question.kind === 'checklist' && answer.choice !== undefined) {
    const ticked = tickedItems(answer.choice);
    return ticked.length > 0 ? [...ticked, 'any'] : ['none'];
  }
  return answer.choice !== undefined ? [answer.choice] : answer.note ? ['any'] : [];
}

/**
 * The answer chosen, as its label(s). For a choice question this is never the note: a note typed
 * at a question that was then skipped is a note, shown (redacted) as one, not as the "answer".
 * Only a text question's answer is its text, and that is the practitioner's own view until the
 * redaction gate has seen it.
 */
export function answerLabel(question: Question, answer: Answer | undefined): string {
  if (!answer) return '';
  if (question.kind === 'text') return answer.note ?? '';
  if (question.kind === 'checklist' && answer.choice !== undefined) {
    const ticked = tickedItems(answer.choice);
    if (ticked.length === 0) return 'None of these';
    return ticked
      .map((id) => question.choices.find((c) => c.id === id)?.label ?? '')
      .filter(Boolean)
      .join('; '); // never a typed id: only the catalogue's labels
  }
  if (answer.choice !== undefined) return question.choices.find((c) => c.id === answer.choice)?.label ?? '';
  return '';
}

/** For a checklist, only the ticked items that raise this flag (all of them when the rule is "any"). */
function itemsFor(q: Question, answer: Answer | undefined, flagId: string): Answer | undefined {
  if (q.kind !== 'checklist' || !answer?.choice) return answer;
  const on = q.flags.filter((r) => r.flag === flagId).flatMap((r) => r.on);
  if (on.includes('any') || on.includes('none')) return answer;
  const ticked = tickedItems(answer.choice).filter((id) => on.includes(id));
  return ticked.length > 0 ? { ...answer, choice: ticked.join(',') } : answer;
}

/** Every flag raised in this reflection, most severe first, then in the order asked; one entry per flag id. */
export function raisedFlags(state: ReflectionState, catalog: Catalog): RaisedFlag[] {
  const seen = new Set<string>();
  const out: RaisedFlag[] = [];
  for (const qid of state.queue) {
    const q = catalog.questions.get(qid);
    if (!q) continue;
    const answer = state.answers[qid];
    for (const flag of flagsFor(catalog, q, answer)) {
      if (seen.has(flag.id)) continue;
      seen.add(flag.id);
      const label = q.kind === 'text' ? '(free text)' : answerLabel(q, itemsFor(q, answer, flag.id));
      out.push({ flag, questionId: qid, answerLabel: label });
    }
  }
  return out.sort((a, b) => SEVERITY_RANK[a.flag.severity] - SEVERITY_RANK[b.flag.severity]);
}
