/**
 * Builds the engine's Catalog from the validated prompt files. It assumes nothing has been
 * cross-checked: where ids repeat the first definition wins, so a partial catalog can still be
 * built for reporting (coverage) while errors are being fixed.
 */
import type { Catalog, FlagDef, LabelRule, PromptSet, Question } from '../core/catalog';
import { choicesOf, questionsOf, type PromptModel } from './model';
import type { PromptSetFile, QuestionFile } from './schema';

export function buildCatalog(model: PromptModel): Catalog {
  const questions = new Map<string, Question>();
  for (const { question, setId } of questionsOf(model)) {
    if (!questions.has(question.id)) questions.set(question.id, toQuestion(question, setId));
  }
  return {
    guidance: model.guidance,
    sets: sortedSets(model).map((s) => toPromptSet(s.data, s.source.file)),
    contextSetId: model.context?.data.id ?? '',
    contextQuestions: model.context?.data.questions.map((q) => q.id) ?? [],
    situations: model.context?.data.situations.map((s) => ({ id: s.id, label: s.label, when: { ...s.when } })) ?? [],
    coreQuestions: model.context?.data.coreQuestions ?? 5,
    questions,
    flags: mergedFlags(model),
    labelRules: model.sets.flatMap((s) => s.data.labelRules.map(toLabelRule)),
    // Each contact key's generic description stands in when the organisation names no contact, so a
    // {contacts.KEY} never reaches a reader unfilled or as a bare key.
    messages: {
      ...Object.fromEntries(
        Object.entries(model.messages?.data.contactKeys ?? {}).map(([k, v]) => [`contact.${k}`, v]),
      ),
      ...(model.messages?.data.messages ?? {}),
    },
    contactKeys: Object.keys(model.messages?.data.contactKeys ?? {}),
  };
}

/** Sets in asking order; equal orders fall back to id so the order never depends on file names. */
function sortedSets(model: PromptModel): PromptModel['sets'] {
  return [...model.sets].sort((a, b) => a.data.order - b.data.order || a.data.id.localeCompare(b.data.id));
}

function toQuestion(q: QuestionFile, setId: string): Question {
  return {
    id: q.id,
    setId,
    text: q.text,
    ...(q.source !== undefined && { source: q.source }),
    ...(q.quote !== undefined && { quote: q.quote }),
    kind: q.kind,
    choices: choicesOf(q),
    note: q.note,
    flags: q.flags.map((f) => ({ on: [...f.on], flag: f.flag })),
    followUps: q.followUps.map((f) => ({ on: [...f.on], ask: [...f.ask] })),
    followUpOnly: q.followUpOnly,
    ...(q.contextKey !== undefined && { contextKey: q.contextKey }),
    checks: [...q.checks],
    ...(q.fits !== undefined && { fits: { ...q.fits } }),
    ...(q.pinned && { pinned: true }),
    ...(q.choices?.some((c) => c.cues) && {
      cues: Object.fromEntries(q.choices.filter((c) => c.cues).map((c) => [c.id, [...(c.cues ?? [])]])),
    }),
  };
}

function toPromptSet(s: PromptSetFile, file: string): PromptSet {
  return {
    id: s.id,
    title: s.title,
    description: s.description,
    order: s.order,
    appliesTo: [...s.appliesTo],
    always: s.always,
    core: s.core ?? (s.always ? 2 : 3),
    closing: s.closing,
    ...(s.offer && { offer: { text: s.offer.text, when: s.offer.when === 'always' ? 'always' : [...s.offer.when] } }),
    restsOn: [...s.restsOn],
    questions: s.questions.map((q) => q.id),
    actions: s.actions.map((a) => ({ ...a })),
    support: s.support.map((item) => ({ ...item })),
    file,
  };
}

function mergedFlags(model: PromptModel): Map<string, FlagDef> {
  const flags = new Map<string, FlagDef>();
  for (const set of model.sets) {
    for (const f of set.data.flags) if (!flags.has(f.id)) flags.set(f.id, { ...f });
  }
  return flags;
}

function toLabelRule(rule: PromptSetFile['labelRules'][number]): LabelRule {
  return { id: rule.id, match: [...rule.match], prompt: rule.prompt, source: rule.source, quote: rule.quote };
}
