/**
 * The validated prompt files, still tied to their YAML sources, that the cross-checks walk and the
 * catalog is built from. Keeping the source beside each file lets every check name a line.
 */
import type { Choice, GuidanceDoc } from '../core/catalog';
import type { PathItem } from './errors';
import type { ContextFile, MessagesFile, PromptSetFile, QuestionFile } from './schema';
import type { YamlSource } from './yaml-source';

export interface Located<T> {
  data: T;
  source: YamlSource;
}

export interface PromptModel {
  guidance: Map<string, GuidanceDoc>;
  messages?: Located<MessagesFile>;
  context?: Located<ContextFile>;
  sets: Located<PromptSetFile>[];
}

export interface QuestionAt {
  question: QuestionFile;
  setId: string;
  source: YamlSource;
  path: PathItem[]; // ["questions", i]
  inContext: boolean;
}

/** Every question in every file: the context questions first, then each set's in file order. */
export function questionsOf(model: PromptModel): QuestionAt[] {
  const out: QuestionAt[] = [];
  if (model.context) {
    const { data, source } = model.context;
    data.questions.forEach((question, i) => {
      out.push({ question, setId: data.id, source, path: ['questions', i], inContext: true });
    });
  }
  for (const { data, source } of model.sets) {
    data.questions.forEach((question, i) => {
      out.push({ question, setId: data.id, source, path: ['questions', i], inContext: false });
    });
  }
  return out;
}

/** First definition wins, so later duplicates (reported by the id check) do not shadow it. */
export function questionIndex(model: PromptModel): Map<string, QuestionAt> {
  const index = new Map<string, QuestionAt>();
  for (const at of questionsOf(model)) if (!index.has(at.question.id)) index.set(at.question.id, at);
  return index;
}

export const YESNO_CHOICES: readonly Choice[] = [
  { id: 'yes', label: 'Yes' },
  { id: 'no', label: 'No' },
  { id: 'unsure', label: 'Not sure' },
];

/** The answers a question offers: its own choices, yes/no/not sure, or one per scale point. */
export function choicesOf(question: QuestionFile): Choice[] {
  if (question.kind === 'checklist') return (question.items ?? []).map((i) => ({ id: i.id, label: i.label }));
  if (question.kind === 'yesno') return YESNO_CHOICES.map((c) => ({ ...c }));
  if (question.kind === 'scale' && question.scale) {
    const { min, max, minLabel, maxLabel } = question.scale;
    const out: Choice[] = [];
    for (let n = min; n <= max; n++) {
      const label = n === min ? `${n} (${minLabel})` : n === max ? `${n} (${maxLabel})` : String(n);
      out.push({ id: String(n), label });
    }
    return out;
  }
  return question.choices?.map((c) => ({ id: c.id, label: c.label })) ?? [];
}
