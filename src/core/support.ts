/**
 * Synthetic queue entries. "offer:<set>" asks whether to go through an optional set; "support:<set>"
 * asks which of the support the set lists would help. Both are resolved into ordinary Question
 * objects so the engine asks, answers, skips and edits them like any other question.
 */
import type { Catalog, Question } from './catalog';
import { DEEPER_PREFIX, deeperSets, OFFER_PREFIX, SUPPORT_PREFIX, offerSet } from './flow';
import type { ReflectionState } from './types';

export { SUPPORT_PREFIX };
const YES_NO = [
  { id: 'yes', label: 'Yes' },
  { id: 'no', label: 'No' },
];

export function resolveQuestion(catalog: Catalog, entry: string, state?: ReflectionState): Question | undefined {
  const real = catalog.questions.get(entry);
  if (real) return real;
  if (entry.startsWith(DEEPER_PREFIX)) {
    // The menu lists the sets still holding questions this reflection has not asked.
    const sets = state ? deeperSets(catalog, state) : catalog.sets;
    const choices = [
      ...sets.map((s) => ({ id: s.id, label: s.title })),
      { id: 'none', label: catalog.messages.deeperNone ?? 'Back to the preview' },
    ];
    return synthetic(entry, 'deeper', catalog.messages.deeperQuestion ?? 'Which would you like to go into?', choices);
  }
  if (entry.startsWith(OFFER_PREFIX)) {
    const set = offerSet(catalog, entry);
    if (!set?.offer) return undefined;
    return synthetic(
      entry,
      set.id,
      `${catalog.messages.offerLead ?? ''} ${set.offer.text}`.trim(),
      YES_NO,
      set.restsOn[0],
    );
  }
  if (entry.startsWith(SUPPORT_PREFIX)) {
    const set = catalog.sets.find((s) => s.id === entry.slice(SUPPORT_PREFIX.length));
    if (!set || set.support.length === 0) return undefined;
    const choices = [
      ...set.support.map((s) => ({ id: s.id, label: s.label })),
      { id: 'none', label: catalog.messages.supportNone ?? 'None for now' },
    ];
    return synthetic(
      entry,
      set.id,
      catalog.messages.supportQuestion ?? 'Would any of this support help?',
      choices,
      set.support[0]?.source,
    );
  }
  return undefined;
}

function synthetic(id: string, setId: string, text: string, choices: Question['choices'], source?: string): Question {
  return {
    id,
    setId,
    text,
    kind: 'choice',
    choices,
    note: false,
    flags: [],
    followUps: [],
    followUpOnly: false,
    checks: [],
    source,
  };
}

/** The support the practitioner asked for, as "label: what it is" lines for the summary. */
export function supportRequested(state: ReflectionState, catalog: Catalog): string[] {
  const out: string[] = [];
  for (const entry of state.queue) {
    if (!entry.startsWith(SUPPORT_PREFIX)) continue;
    const set = catalog.sets.find((s) => s.id === entry.slice(SUPPORT_PREFIX.length));
    const item = set?.support.find((s) => s.id === state.answers[entry]?.choice);
    if (item) out.push(`${item.label}: ${item.text}`);
  }
  return out;
}
