/**
 * Answer rules: flag rules and follow-ups fire on choice ids, so each `on` value must be an answer
 * the question can actually receive, each flag must exist, and follow-ups must name follow-up-only
 * questions without ever leading back to themselves (the engine would ask forever).
 */
import { problem, type LoadError, type LoadWarning, type PathItem } from './errors';
import { choicesOf, questionIndex, questionsOf, type PromptModel, type QuestionAt } from './model';
import { at } from './yaml-source';

export interface RuleCheck {
  errors: LoadError[];
  warnings: LoadWarning[];
}

export function checkRules(model: PromptModel): RuleCheck {
  const errors: LoadError[] = [];
  const flagIds = new Set(model.sets.flatMap((s) => s.data.flags.map((f) => f.id)));
  const urgent = new Set(
    model.sets.flatMap((s) => s.data.flags.filter((f) => f.severity === 'urgent').map((f) => f.id)),
  );
  const index = questionIndex(model);
  for (const q of questionsOf(model)) {
    errors.push(...scaleRange(q), ...onValues(q), ...flagRefs(q, flagIds), ...followUpRefs(q, index));
    errors.push(...unsureRaises(q, urgent, flagIds));
  }
  errors.push(...followUpCycles(index));
  return { errors, warnings: unreferencedFollowUps(model) };
}

function scaleRange(q: QuestionAt): LoadError[] {
  const scale = q.question.scale;
  if (q.question.kind !== 'scale' || !scale || scale.min < scale.max) return [];
  return [
    problem('PROMPTS_SCALE_RANGE', at(q.source, [...q.path, 'scale']), `scale runs from ${scale.min} to ${scale.max}`),
  ];
}

/** `on` values of flag rules and follow-ups are choice ids; "any" is how a text answer triggers. */
function onValues(q: QuestionAt): LoadError[] {
  const ids = choicesOf(q.question).map((c) => c.id);
  // A checklist fires on any of its items, on "any" (something ticked) or on "none".
  const allowed =
    q.question.kind === 'text' ? ['any'] : q.question.kind === 'checklist' ? [...ids, 'any', 'none'] : ids;
  const errors: LoadError[] = [];
  const check = (list: 'flags' | 'followUps', i: number, on: string[]): void => {
    on.forEach((value, j) => {
      if (allowed.includes(value)) return;
      const detail = `question "${q.question.id}" (${q.question.kind}) has no answer "${value}"; expected one of: ${allowed.join(', ')}`;
      errors.push(problem('PROMPTS_UNKNOWN_CHOICE', at(q.source, [...q.path, list, i, 'on', j]), detail));
    });
  };
  q.question.flags.forEach((rule, i) => {
    check('flags', i, rule.on);
  });
  q.question.followUps.forEach((rule, i) => {
    check('followUps', i, rule.on);
  });
  return errors;
}

/**
 * One rule for "Not sure" on a yes/no question: it raises the same flag as the answer that raises the
 * concern, because not knowing is itself worth a word in supervision. Urgent flags are the exception:
 * they alert the supervisor at once, so they fire on a definite answer only (the question may raise
 * a separate, milder flag on "Not sure", as cf-unsafe-now does).
 */
function unsureRaises(q: QuestionAt, urgent: Set<string>, known: Set<string>): LoadError[] {
  if (q.question.kind !== 'yesno') return [];
  return q.question.flags.flatMap((rule, i) =>
    !known.has(rule.flag) ||
    urgent.has(rule.flag) ||
    rule.on.includes('unsure') ||
    !rule.on.some((on) => on === 'yes' || on === 'no')
      ? []
      : [
          problem(
            'PROMPTS_UNSURE_NOT_FLAGGED',
            at(q.source, [...q.path, 'flags', i, 'on']),
            `question "${q.question.id}" raises "${rule.flag}" on ${rule.on.join(', ')} but not on "unsure"`,
          ),
        ],
  );
}

function flagRefs(q: QuestionAt, flagIds: Set<string>): LoadError[] {
  return q.question.flags.flatMap((rule, i) =>
    flagIds.has(rule.flag)
      ? []
      : [
          problem(
            'PROMPTS_UNKNOWN_FLAG',
            at(q.source, [...q.path, 'flags', i, 'flag']),
            `question "${q.question.id}" raises flag "${rule.flag}", which no set defines`,
          ),
        ],
  );
}

function followUpRefs(q: QuestionAt, index: Map<string, QuestionAt>): LoadError[] {
  const errors: LoadError[] = [];
  q.question.followUps.forEach((rule, i) => {
    rule.ask.forEach((id, j) => {
      const where = at(q.source, [...q.path, 'followUps', i, 'ask', j]);
      const target = index.get(id);
      if (!target)
        errors.push(
          problem(
            'PROMPTS_UNKNOWN_FOLLOW_UP',
            where,
            `question "${q.question.id}" asks "${id}" as a follow-up, but there is no such question`,
          ),
        );
      else if (!target.question.followUpOnly)
        errors.push(
          problem(
            'PROMPTS_FOLLOW_UP_NOT_FOLLOW_UP_ONLY',
            where,
            `follow-up "${id}" (asked by "${q.question.id}") is not marked followUpOnly: true, so it would also be asked in order`,
          ),
        );
    });
  });
  return errors;
}

/** Depth-first search over "asks as follow-up" edges; a grey node reached again closes a cycle. */
function followUpCycles(index: Map<string, QuestionAt>): LoadError[] {
  const state = new Map<string, 'grey' | 'black'>();
  const stack: string[] = [];
  const errors: LoadError[] = [];
  const reported = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, 'grey');
    stack.push(id);
    const q = index.get(id);
    q?.question.followUps.forEach((rule, i) => {
      rule.ask.forEach((next, j) => {
        if (!index.has(next)) return;
        if (state.get(next) === 'grey') {
          const cycle = [...stack.slice(stack.indexOf(next)), next];
          const key = [...new Set(cycle)].sort().join(' ');
          if (reported.has(key)) return;
          reported.add(key);
          const path: PathItem[] = [...q.path, 'followUps', i, 'ask', j];
          errors.push(
            problem(
              'PROMPTS_FOLLOW_UP_CYCLE',
              at(q.source, path),
              `follow-ups go round in a cycle: ${cycle.join(' → ')}`,
            ),
          );
        } else if (!state.has(next)) visit(next);
      });
    });
    stack.pop();
    state.set(id, 'black');
  };
  for (const id of index.keys()) if (!state.has(id)) visit(id);
  return errors;
}

function unreferencedFollowUps(model: PromptModel): LoadWarning[] {
  const asked = new Set(questionsOf(model).flatMap((q) => q.question.followUps.flatMap((f) => f.ask)));
  return questionsOf(model)
    .filter((q) => q.question.followUpOnly && !asked.has(q.question.id))
    .map((q) =>
      problem(
        'PROMPTS_FOLLOW_UP_ONLY_UNREFERENCED',
        at(q.source, [...q.path, 'followUpOnly']),
        `question "${q.question.id}" is followUpOnly but no follow-up asks it, so it is never asked`,
      ),
    );
}
