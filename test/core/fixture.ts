/** A small hand-built catalog for engine tests: independent of the real prompts/ wording. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Catalog, FlagDef, PromptSet, Question } from '../../src/core/catalog';
import type { EngineContext } from '../../src/core/types';

const YES_NO = [
  { id: 'yes', label: 'Yes' },
  { id: 'no', label: 'No' },
  { id: 'unsure', label: 'Not sure' },
];

function q(id: string, setId: string, text: string, extra: Partial<Question> = {}): Question {
  return {
    id,
    setId,
    text,
    kind: 'yesno',
    choices: YES_NO,
    note: true,
    flags: [],
    followUps: [],
    followUpOnly: false,
    checks: [],
    source: 'doc#1',
    quote: 'x',
    ...extra,
  };
}

function set(id: string, order: number, questions: Question[], extra: Partial<PromptSet> = {}): PromptSet {
  return {
    id,
    title: id,
    description: id,
    order,
    appliesTo: [],
    always: false,
    core: 3,
    closing: false,
    restsOn: ['doc#1'],
    questions: questions.map((x) => x.id),
    actions: [],
    support: [],
    file: `${id}.yaml`,
    ...extra,
  };
}

export function fixtureCatalog(): Catalog {
  const messages = (
    parse(readFileSync(path.join(__dirname, '../../prompts/bot.yaml'), 'utf8')) as { messages: Record<string, string> }
  ).messages;
  const ctx: Question[] = [
    q('ctx-case', 'context', 'What is the case reference?', {
      kind: 'text',
      choices: [],
      note: false,
      contextKey: 'caseRef',
      checks: ['identifier'],
      source: undefined,
    }),
    q('ctx-contact', 'context', 'What kind of contact?', {
      kind: 'choice',
      note: false,
      contextKey: 'contact',
      choices: [
        { id: 'home-visit', label: 'Home visit' },
        { id: 'no-answer', label: 'No answer / failed contact' },
      ],
    }),
    q('ctx-engagement', 'context', 'How did the family engage?', {
      kind: 'choice',
      note: false,
      contextKey: 'engagement',
      choices: [
        { id: 'open', label: 'Open' },
        { id: 'hostile', label: 'Hostile or intimidating' },
      ],
    }),
    q('ctx-seen', 'context', 'Was the child seen?', {
      kind: 'choice',
      note: false,
      contextKey: 'childSeen',
      choices: [
        { id: 'seen-alone', label: 'Seen alone' },
        { id: 'not-seen', label: 'Not seen' },
      ],
    }),
  ];
  const hostile = [
    q('hf-afraid', 'hostile', 'Am I afraid to confront family members?', {
      flags: [{ on: ['yes'], flag: 'practitioner-fear' }],
      followUps: [{ on: ['yes'], ask: ['hf-afraid-why'] }],
    }),
    q('hf-afraid-why', 'hostile', 'What would help you raise it?', { kind: 'text', choices: [], followUpOnly: true }),
    q('hf-relieved', 'hostile', 'Am I relieved when there is no answer at the door?'),
  ];
  const na = [q('na-times', 'no-answer', 'Have you tried different times and days?')];
  const child = [
    q('cf-focus', 'child-focus', 'Is the focus on the child?'),
    q('cf-unsafe', 'child-focus', 'Is the child unsafe right now?', {
      flags: [{ on: ['yes'], flag: 'child-unsafe-now' }],
    }),
    q('cf-life', 'child-focus', 'Describe a day in the life of the child.', { kind: 'text', choices: [] }),
  ];
  const swm = [
    q('swm-fear', 'share-with-manager', 'Are you intimidated or fearful of the adult?', {
      flags: [{ on: ['yes'], flag: 'share-with-manager' }],
    }),
  ];
  const me = [q('me-sleep', 'impact-on-me', 'Has this affected your sleep?')];
  const flags: FlagDef[] = [
    {
      id: 'practitioner-fear',
      severity: 'concern',
      title: 'Practitioner fear',
      text: 'Think what life must be like at home for the child.',
      source: 'doc#1',
      quote: 'x',
      agenda: 'Discuss fear of confronting the family',
    },
    {
      id: 'child-unsafe-now',
      severity: 'urgent',
      title: 'Child may be unsafe now',
      text: 'Act now.',
      source: 'doc#1',
      quote: 'x',
    },
    {
      id: 'share-with-manager',
      severity: 'escalate',
      title: 'Share with your manager',
      text: 'Share with your manager.',
      source: 'doc#1',
      quote: 'x',
      agenda: 'Share-with-manager answers',
    },
  ];
  const sets = [
    set('no-answer', 10, na, {
      appliesTo: ['no-answer'],
      actions: [{ id: 'record', text: 'Record the attempts', source: 'doc#1', quote: 'x' }],
    }),
    set('hostile', 20, hostile, {
      appliesTo: ['hostile'],
      actions: [{ id: 'stop-review', text: 'Consider a Stop and Review meeting', source: 'doc#1', quote: 'x' }],
    }),
    set('child-focus', 60, child, { always: true }),
    set('impact-on-me', 80, me, {
      offer: { text: 'Reflect on the impact on you?', when: 'always' },
      support: [{ id: 'buddy', label: 'A buddy', text: 'A buddy system within the team' }],
    }),
    set('share-with-manager', 90, swm, { always: true, closing: true, core: 1 }),
  ];
  const all = [...ctx, ...hostile, ...na, ...child, ...swm, ...me];
  return {
    guidance: new Map([
      [
        'doc',
        {
          id: 'doc',
          title: 'Doc',
          publisher: 'Pub',
          source: 's',
          attribution: 'a',
          file: 'doc.md',
          sections: [{ id: '1', heading: '1 One', text: 'x', line: 1 }],
        },
      ],
    ]),
    sets,
    contextSetId: 'context',
    contextQuestions: ctx.map((x) => x.id),
    coreQuestions: 5,
    situations: [
      { id: 'no-answer', label: 'No answer', when: { contact: ['no-answer'] } },
      { id: 'hostile', label: 'Hostile or intimidating', when: { engagement: ['hostile'] } },
    ],
    questions: new Map(all.map((x) => [x.id, x])),
    flags: new Map(flags.map((f) => [f.id, f])),
    labelRules: [
      {
        id: 'label-dc',
        match: ['disguised compliance'],
        prompt: 'What evidence is behind the term?',
        source: 'doc#1',
        quote: 'x',
      },
    ],
    messages,
    contactKeys: ['manager', 'mash', 'earlyHelp', 'emergency'],
  };
}

export function fixtureContext(now = new Date('2026-11-22T10:00:00Z')): EngineContext {
  let n = 0;
  return {
    now,
    newId: () => `id-${++n}`,
    practitioner: { id: 'alex', name: 'Alex Morgan' },
    supervisor: { id: 'sam', name: 'Sam Rivers' },
    organisation: 'Demo Borough Council',
    retentionDays: 90,
    contacts: {
      manager: 'your team manager',
      mash: 'the MASH on 01234 000000',
      earlyHelp: 'Early Help',
      emergency: '999',
    },
  };
}
