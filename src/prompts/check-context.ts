/**
 * The opening context questions decide which sets apply. Each contextKey must be answered exactly
 * once, situations must be selectable by real answers, and sets may only name situations that exist:
 * a typo here would silently leave a set out of every reflection.
 */
import { problem, type LoadError } from './errors';
import { choicesOf, type PromptModel } from './model';
import type { ContextFile } from './schema';
import { at, type YamlSource } from './yaml-source';

const REQUIRED_KEYS = ['caseRef', 'contact', 'engagement', 'childSeen'] as const;

export function checkContext(model: PromptModel): LoadError[] {
  if (!model.context) return []; // the file-count check already reports a missing context file
  const { data, source } = model.context;
  return [...contextKeys(data, source), ...situationChoices(data, source), ...situationRefs(model, data)];
}

function contextKeys(data: ContextFile, source: YamlSource): LoadError[] {
  const errors: LoadError[] = [];
  const seen = new Map<string, string>();
  data.questions.forEach((q, i) => {
    if (q.contextKey === undefined) return;
    const first = seen.get(q.contextKey);
    if (first !== undefined) {
      const detail = `contextKey "${q.contextKey}" of question "${q.id}" is already stored by question "${first}"`;
      errors.push(problem('PROMPTS_CONTEXT_KEY_DUPLICATE', at(source, ['questions', i, 'contextKey']), detail));
    } else seen.set(q.contextKey, q.id);
  });
  for (const key of REQUIRED_KEYS) {
    if (!seen.has(key))
      errors.push(
        problem('PROMPTS_CONTEXT_KEY_MISSING', at(source, ['questions']), `no context question has contextKey: ${key}`),
      );
  }
  return errors;
}

function situationChoices(data: ContextFile, source: YamlSource): LoadError[] {
  const errors: LoadError[] = [];
  data.situations.forEach((situation, i) => {
    for (const [key, ids] of Object.entries(situation.when)) {
      const question = data.questions.find((q) => q.contextKey === key);
      if (!question) continue; // reported as a missing context key
      const choices = choicesOf(question).map((c) => c.id);
      ids.forEach((id, j) => {
        if (choices.includes(id)) return;
        const detail = `situation "${situation.id}" needs ${key} = "${id}", but question "${question.id}" offers only: ${choices.join(', ')}`;
        errors.push(problem('PROMPTS_SITUATION_UNKNOWN_CHOICE', at(source, ['situations', i, 'when', key, j]), detail));
      });
    }
  });
  return errors;
}

function situationRefs(model: PromptModel, context: ContextFile): LoadError[] {
  const known = new Set(context.situations.map((s) => s.id));
  const list = [...known].join(', ');
  const errors: LoadError[] = [];
  for (const { data, source } of model.sets) {
    const check = (id: string, path: (string | number)[]): void => {
      if (!known.has(id))
        errors.push(
          problem(
            'PROMPTS_UNKNOWN_SITUATION',
            at(source, path),
            `set "${data.id}" names situation "${id}"; known situations: ${list}`,
          ),
        );
    };
    data.appliesTo.forEach((id, i) => {
      check(id, ['appliesTo', i]);
    });
    if (data.offer && data.offer.when !== 'always') {
      data.offer.when.forEach((id, i) => {
        check(id, ['offer', 'when', i]);
      });
    }
  }
  return errors;
}
