/**
 * The six situations from issue 10, as a scripted practitioner who declines every optional part:
 * types a realistic opening message, confirms what it said with one tap, answers the remaining
 * context questions and the core, and shares. Used by the local-API test and by `npm run bench`.
 */
import { PROMPT } from '../../src/core/press';
import { call, lastQuestion, press, say, type ApiReply } from './local-client';

export interface Situation {
  name: string;
  caseRef: string;
  opening: string; // the first message, as a practitioner would type it
  contact: string; // used when the opening message did not say
  engagement: string;
  childSeen: string;
  /** Answers by question id; anything else gets "no" (or the first choice). */
  answers?: Record<string, string>;
  /** The share-with-manager checklist, typed as a practitioner would ("none", "1, 3", words). */
  checklist: string;
}

export const SITUATIONS: Situation[] = [
  {
    name: 'No answer at the door, third time',
    caseRef: 'NA-40117',
    opening: 'Case NA-40117 - no answer again, third time this month',
    contact: 'no-answer',
    engagement: 'avoidant',
    childSeen: 'not-seen',
    checklist: 'none',
  },
  {
    name: 'Hostile father in the doorway',
    caseRef: 'HF-40233',
    opening: 'Case HF-40233: home visit today, dad was shouting at me in the doorway',
    contact: 'home-visit',
    engagement: 'hostile',
    childSeen: 'seen-not-alone',
    answers: { 'hf-afraid-confront': 'yes' },
    checklist: 'previous hostility, fearful',
  },
  {
    name: 'Parents agreeable, nothing changing',
    caseRef: 'AC-40345',
    opening: 'Case AC-40345 home visit, parents agreeable but nothing changing',
    contact: 'home-visit',
    engagement: 'agreeable-no-change',
    childSeen: 'seen-alone',
    checklist: 'none',
  },
  {
    name: 'Early-help consent refused',
    caseRef: 'EH-40456',
    opening: 'Case EH-40456: mum refused consent for early help on the phone',
    contact: 'phone-video',
    engagement: 'refused',
    childSeen: 'not-seen',
    checklist: '5',
  },
  {
    name: 'Real progress',
    caseRef: 'PR-40567',
    opening: 'Case PR-40567 home visit, real progress this time',
    contact: 'home-visit',
    engagement: 'open',
    childSeen: 'seen-alone',
    answers: { 'cf-unsafe-now': 'no' },
    checklist: 'none',
  },
  {
    name: 'A child who may be unsafe now',
    caseRef: 'US-40678',
    opening: "Case US-40678 - he was shouting at the home visit and I'm worried for the children tonight",
    contact: 'home-visit',
    engagement: 'hostile',
    childSeen: 'seen-not-alone',
    answers: { 'cf-unsafe-now': 'yes' },
    checklist: 'fearful',
  },
];

export interface Walk {
  messages: number; // messages and presses, from the first message, including Share
  botWordsBeforePreview: number;
  asked: string[]; // question ids asked, in order
  headline: string; // the supervisor's thread message text
  preview: ApiReply;
  replies: ApiReply[]; // everything the bot sent
}

export const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

function pick(s: Situation, q: ApiReply): string {
  const id = q.meta.questionId ?? '';
  const has = (c: string) => q.choices.some((x) => x.id === c);
  if (id === PROMPT.opening) return 'yes';
  if (id === 'ctx-contact') return s.contact;
  if (id === 'ctx-engagement') return s.engagement;
  if (id === 'ctx-child-seen') return s.childSeen;
  if (id.startsWith('deeper:')) return 'none';
  const planned = s.answers?.[id];
  if (planned && has(planned)) return planned;
  if (has('continue')) return 'continue';
  if (has('no')) return 'no';
  return q.choices[0]?.id ?? 'no';
}

/** Drives one situation to Share through the local API and counts what it cost. */
export async function walk(url: string, user: string, s: Situation, supervisor = 'sam'): Promise<Walk> {
  const all: ApiReply[] = [];
  let replies = await say(url, user, s.opening);
  let messages = 1;
  let botWords = 0;
  const asked: string[] = [];
  for (let step = 0; step < 200; step++) {
    all.push(...replies);
    const q = lastQuestion(replies);
    if (!q) throw new Error(`${s.name}: no question after step ${step}: ${JSON.stringify(replies)}`);
    if (q.kind === 'preview') {
      botWords += replies.filter((r) => r.kind !== 'preview').reduce((n, r) => n + words(r.text), 0);
      const done = await press(url, user, q, 'share');
      all.push(...done);
      messages++;
      const headline = await latestThreadText(url, supervisor, s.caseRef);
      return { messages, botWordsBeforePreview: botWords, asked, headline, preview: q, replies: all };
    }
    botWords += replies.reduce((n, r) => n + words(r.text) + r.choices.reduce((m, c) => m + words(c.label), 0), 0);
    const id = q.meta.questionId ?? '';
    asked.push(id);
    messages++;
    if (q.choices.length === 0) replies = await say(url, user, id === 'ctx-case-ref' ? s.caseRef : 'A few words.');
    else if (q.meta.multiSelect)
      replies = await say(url, user, id === 'swm-check' ? s.checklist : (s.answers?.[id] ?? 'none'));
    else replies = await press(url, user, q, pick(s, q));
  }
  throw new Error(`${s.name}: did not reach the preview in 200 steps`);
}

/** The text of the newest thread message for the case: what the supervisor reads first. */
async function latestThreadText(url: string, supervisor: string, caseRef: string): Promise<string> {
  const r = await call(url, 'GET', `/local/threads?supervisor=${supervisor}`);
  const threads = (r.json.threads ?? []) as Array<{ caseRef: string; messages: Array<{ text: string }> }>;
  const thread = threads.find((t) => t.caseRef === caseRef);
  return thread?.messages.at(-1)?.text ?? '';
}
