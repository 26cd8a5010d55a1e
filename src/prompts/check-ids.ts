/**
 * Id uniqueness. Answers, flags and summaries are stored and shared by id, so two things with one id
 * would silently merge. Question, flag, set and label-rule ids are unique across all files; action,
 * support and situation ids within their file; choice ids within their question.
 */
import { problem, type LoadError, type PathItem } from './errors';
import { questionsOf, type PromptModel } from './model';
import { at, type YamlSource } from './yaml-source';

interface Place {
  source: YamlSource;
  path: PathItem[];
}

/** Records ids in one namespace and reports each repeat, pointing back at the first. */
class IdScope {
  private readonly seen = new Map<string, Place>();

  constructor(
    private readonly what: string,
    private readonly errors: LoadError[],
  ) {}

  add(id: string, place: Place): void {
    const first = this.seen.get(id);
    if (!first) {
      this.seen.set(id, place);
      return;
    }
    const firstAt = at(first.source, first.path);
    const detail = `${this.what} id "${id}" is already used at ${firstAt.file}:${firstAt.line} ${firstAt.path}`;
    this.errors.push(problem('PROMPTS_DUPLICATE_ID', at(place.source, [...place.path, 'id']), detail));
  }
}

export function checkIds(model: PromptModel): LoadError[] {
  const errors: LoadError[] = [];
  const questions = new IdScope('question', errors);
  for (const q of questionsOf(model)) {
    questions.add(q.question.id, q);
    const choices = new IdScope(`choice (in question "${q.question.id}")`, errors);
    q.question.choices?.forEach((c, i) => {
      choices.add(c.id, { source: q.source, path: [...q.path, 'choices', i] });
    });
  }
  const sets = new IdScope('set', errors);
  if (model.context) sets.add(model.context.data.id, { source: model.context.source, path: [] });
  const flags = new IdScope('flag', errors);
  const labelRules = new IdScope('label rule', errors);
  for (const { data, source } of model.sets) {
    sets.add(data.id, { source, path: [] });
    data.flags.forEach((f, i) => {
      flags.add(f.id, { source, path: ['flags', i] });
    });
    data.labelRules.forEach((r, i) => {
      labelRules.add(r.id, { source, path: ['labelRules', i] });
    });
    const actions = new IdScope(`action (in set "${data.id}")`, errors);
    data.actions.forEach((a, i) => {
      actions.add(a.id, { source, path: ['actions', i] });
    });
    const support = new IdScope(`support item (in set "${data.id}")`, errors);
    data.support.forEach((s, i) => {
      support.add(s.id, { source, path: ['support', i] });
    });
  }
  if (model.context) {
    const { data, source } = model.context;
    const situations = new IdScope('situation', errors);
    data.situations.forEach((s, i) => {
      situations.add(s.id, { source, path: ['situations', i] });
    });
  }
  return errors;
}
