/**
 * The prompt-file format. Three kinds of file live in prompts/:
 *   bot.yaml      kind: messages  — the bot's own wording and the contact keys prompts may use
 *   context.yaml  kind: context   — the opening questions and the situations they select
 *   *.yaml        kind: set       — one prompt set: questions, flags, actions, support, label rules
 * Files ending .draft.yaml are never loaded (guidance:import writes them for review).
 */
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase slug (a-z, 0-9 and hyphens)');
const sourceRef = z
  .string()
  .regex(/^[a-z0-9-]+#[A-Za-z0-9.-]+$/, 'expected "<doc-id>#<section>", e.g. pan-bedfordshire-outcomes#7.2');
const text = z.string().trim().min(1, 'must not be empty').max(2000, 'at most 2000 characters');

/** `cues`: phrases in an opening message that suggest this answer ("no answer again", "he was shouting"). */
export const choiceSchema = z.strictObject({
  id,
  label: text,
  cues: z.array(z.string().trim().min(2).max(80)).max(30).optional(),
});

/** One line of a checklist: its own source and quote when it carries a row of a guidance table. */
export const itemSchema = z.strictObject({ id, label: text, source: sourceRef.optional(), quote: text.optional() });

/** Further quotes a merged question or rule rests on, each proved verbatim like the first. */
const alsoCitesSchema = z
  .array(z.strictObject({ source: sourceRef, quote: text }))
  .max(6)
  .optional();

/** Context answers a question fits; a question whose condition does not match is not asked. */
const fitsSchema = z.partialRecord(z.enum(['contact', 'engagement', 'childSeen']), z.array(id).min(1));

export const flagRuleSchema = z.strictObject({
  on: z.array(z.string().min(1)).min(1),
  flag: id,
});

export const followUpSchema = z.strictObject({
  on: z.array(z.string().min(1)).min(1),
  ask: z.array(id).min(1),
});

export const questionSchema = z
  .strictObject({
    id,
    text,
    source: sourceRef.optional(),
    quote: text.optional(),
    kind: z.enum(['yesno', 'choice', 'scale', 'text', 'checklist']),
    choices: z.array(choiceSchema).min(2).max(12).optional(),
    items: z.array(itemSchema).min(2).max(12).optional(),
    fits: fitsSchema.optional(),
    pinned: z.boolean().default(false),
    alsoCites: alsoCitesSchema,
    scale: z
      .strictObject({ min: z.int().min(0).max(10), max: z.int().min(1).max(10), minLabel: text, maxLabel: text })
      .optional(),
    note: z.boolean().default(false),
    flags: z.array(flagRuleSchema).default([]),
    followUps: z.array(followUpSchema).default([]),
    followUpOnly: z.boolean().default(false),
    contextKey: z.enum(['caseRef', 'contact', 'engagement', 'childSeen']).optional(),
    checks: z.array(z.enum(['identifier'])).default([]),
  })
  .superRefine((q, ctx) => {
    if (q.kind === 'choice' && !q.choices)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'a choice question needs choices' });
    if (q.kind === 'scale' && !q.scale)
      ctx.addIssue({
        code: 'custom',
        path: ['scale'],
        message: 'a scale question needs scale: {min, max, minLabel, maxLabel}',
      });
    if (q.kind === 'checklist' && !q.items)
      ctx.addIssue({ code: 'custom', path: ['items'], message: 'a checklist needs items: [{id, label}]' });
    if (q.kind !== 'checklist' && q.items)
      ctx.addIssue({ code: 'custom', path: ['items'], message: 'only a checklist takes items' });
    if (q.items?.some((i) => i.id === 'none' || i.id === 'any'))
      ctx.addIssue({ code: 'custom', path: ['items'], message: '"none" and "any" are reserved checklist answers' });
    if ((q.kind === 'yesno' || q.kind === 'text' || q.kind === 'checklist') && q.choices)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: `a ${q.kind} question takes no choices` });
    if ((q.source === undefined) !== (q.quote === undefined))
      ctx.addIssue({ code: 'custom', path: [q.source ? 'quote' : 'source'], message: 'source and quote go together' });
  });

export const flagSchema = z.strictObject({
  id,
  severity: z.enum(['info', 'concern', 'escalate', 'urgent']),
  title: text,
  text,
  source: sourceRef,
  quote: text,
  agenda: text.optional(),
});

export const actionSchema = z.strictObject({ id, text, source: sourceRef, quote: text });

export const labelRuleSchema = z.strictObject({
  id,
  match: z.array(z.string().trim().min(2).max(80)).min(1),
  prompt: text,
  source: sourceRef,
  quote: text,
  alsoCites: alsoCitesSchema,
});

export const supportSchema = z.strictObject({
  id,
  label: text,
  text,
  source: sourceRef.optional(),
  quote: text.optional(),
});

export const promptSetFileSchema = z.strictObject({
  kind: z.literal('set'),
  id,
  title: text,
  description: text,
  order: z.int().min(0).max(1000),
  appliesTo: z.array(id).default([]),
  always: z.boolean().default(false),
  /** How many of this set's questions a reflection asks by default; the rest are there on "go deeper". */
  core: z.int().min(0).max(5).optional(), // default: 2 for a set every reflection includes, else 3
  /** Asked last in every reflection, as its own screen outside the core's self-check questions. */
  closing: z.boolean().default(false),
  offer: z.strictObject({ text, when: z.union([z.literal('always'), z.array(id).min(1)]) }).optional(),
  restsOn: z.array(sourceRef).min(1),
  questions: z.array(questionSchema).min(1).max(60),
  flags: z.array(flagSchema).default([]),
  actions: z.array(actionSchema).default([]),
  support: z.array(supportSchema).default([]),
  labelRules: z.array(labelRuleSchema).default([]),
});

export const situationSchema = z.strictObject({
  id,
  label: text,
  // partialRecord: zod 4's record with enum keys requires every key; a situation names only some.
  when: z.partialRecord(z.enum(['contact', 'engagement', 'childSeen']), z.array(id).min(1)),
});

export const contextFileSchema = z.strictObject({
  kind: z.literal('context'),
  id,
  questions: z.array(questionSchema).min(1).max(10),
  /** Self-check questions in one reflection by default (the closing screen not counted). */
  coreQuestions: z.int().min(1).max(5).default(5),
  situations: z.array(situationSchema).min(1),
});

export const messagesFileSchema = z.strictObject({
  kind: z.literal('messages'),
  contactKeys: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), text),
  messages: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9.]*$/), z.string().trim().min(1).max(4000)),
});

export const promptFileSchema = z.discriminatedUnion('kind', [
  promptSetFileSchema,
  contextFileSchema,
  messagesFileSchema,
]);

export type PromptSetFile = z.infer<typeof promptSetFileSchema>;
export type ContextFile = z.infer<typeof contextFileSchema>;
export type MessagesFile = z.infer<typeof messagesFileSchema>;
export type PromptFile = z.infer<typeof promptFileSchema>;
export type QuestionFile = z.infer<typeof questionSchema>;
