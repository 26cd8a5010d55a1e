/**
 * Realistic reflections built straight into state, for the summary's tests and measurements: the
 * six situations of issue 10, every question answered the way that raises its concern (the worst
 * case for length), with notes written the way practitioners write them, identifiers included.
 */
import type { Catalog } from '../../src/core/catalog';
import { contactsFor } from '../../src/core/text';
import type { Answer, EngineContext, ReflectionState } from '../../src/core/types';
import { loadCatalog } from '../../src/prompts';

export function realCatalog(): Catalog {
  const { catalog } = loadCatalog({ guidanceDir: 'guidance', promptsDir: 'prompts' });
  if (!catalog) throw new Error('the prompt catalogue did not load: run npm run prompts:check');
  return catalog;
}

export const SITUATIONS = {
  'no-answer': { contact: 'no-answer', engagement: 'avoidant', childSeen: 'not-seen' },
  hostile: { contact: 'home-visit', engagement: 'hostile', childSeen: 'seen-not-alone' },
  'apparent-cooperation': { contact: 'home-visit', engagement: 'agreeable-no-change', childSeen: 'seen-alone' },
  refusal: { contact: 'phone-video', engagement: 'refused', childSeen: 'not-seen' },
  progress: { contact: 'other-venue', engagement: 'open', childSeen: 'seen-alone' },
  'unsafe-now': { contact: 'home-visit', engagement: 'hostile', childSeen: 'not-seen' },
} as const;
export type SituationName = keyof typeof SITUATIONS;

const NOTES = [
  'Third visit with no answer. Curtains twitched upstairs and I could hear the TV, but nobody came to the door. Left a card and rang mum on 07700 900123, no reply.',
  'Dad Dean was shouting in the doorway and would not let me past. He said he would put in a complaint and that I had no right to be there. I felt quite shaken afterwards.',
  'Mum was friendly and made tea, says everything is fine, but the bedroom still has no bed for Jayden and the school says attendance is still under 80%. Same as at the last review.',
  'I did not ask to see the children alone because he was standing over them the whole time. I should have insisted and I will raise it with my manager.',
  'Mrs Okafor refused consent for the early help assessment and said she does not want anyone from the council in her house again. Health visitor has similar concerns.',
  'Child seemed withdrawn and would not make eye contact. When I asked about home she looked at her mum before answering. Older sibling did most of the talking for her.',
  "Honestly I am relieved the visit is over and I don't want to go back. I think I have been avoiding the difficult conversation about the dog and the drinking.",
  'Real progress this month: the kitchen is clean, there is food in the fridge, and the children were dressed for school on time for the first time.',
];

function worstChoice(catalog: Catalog, qid: string): string | undefined {
  const q = catalog.questions.get(qid);
  if (!q || q.kind === 'text') return undefined;
  const flagging = q.flags.flatMap((r) => r.on).find((on) => q.choices.some((c) => c.id === on));
  return flagging ?? q.choices[0]?.id;
}

export function realisticState(catalog: Catalog, name: SituationName, caseRef = 'CR-2041'): ReflectionState {
  const context = SITUATIONS[name];
  const at = '2026-12-06T09:00:00.000Z';
  const answers: Record<string, Answer> = {};
  for (const qid of catalog.contextQuestions) {
    const q = catalog.questions.get(qid);
    const key = q?.contextKey as keyof typeof context | 'caseRef' | undefined;
    if (key === 'caseRef') answers[qid] = { note: caseRef, at };
    else if (key && key in context) answers[qid] = { choice: context[key], at };
  }
  const situations = catalog.situations
    .filter((s) =>
      Object.entries(s.when).some(([k, ids]) => ids.includes(String(context[k as keyof typeof context] ?? ''))),
    )
    .map((s) => s.id);
  // Every question of the sets that apply, as if the practitioner went deeper everywhere: the longest case.
  const flow = catalog.sets
    .filter((set) => set.always || set.appliesTo.some((a) => situations.includes(a)))
    .flatMap((set) => set.questions)
    .filter((id) => !catalog.questions.get(id)?.followUpOnly);
  flow.forEach((qid, i) => {
    const choice = worstChoice(catalog, qid);
    const note = i % 2 === 0 ? NOTES[i % NOTES.length] : undefined;
    answers[qid] = { choice, note: choice === undefined ? (note ?? 'See my notes') : note, at };
  });
  return {
    id: `r-${name}`,
    practitionerId: 'alex',
    channel: 'local',
    status: 'preview',
    version: 1,
    startedAt: at,
    updatedAt: at,
    queue: [...catalog.contextQuestions, ...flow],
    position: catalog.contextQuestions.length + flow.length,
    answers,
    skipped: [],
    labelChecked: [],
    alertsSent: [],
    supervisorId: 'sam',
  };
}

export function engineContext(catalog: Catalog): EngineContext {
  return {
    now: new Date('2026-12-06T09:30:00Z'),
    newId: () => 'id',
    practitioner: { id: 'alex', name: 'Alex Morgan' },
    supervisor: { id: 'sam', name: 'Sam Rivers' },
    organisation: 'Test Council',
    retentionDays: 90,
    contacts: contactsFor(catalog, {}),
  };
}
