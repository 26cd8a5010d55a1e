/**
 * What a model may answer, as zod 4 schemas. The SDK turns them into strict JSON Schema for the
 * request (response_format) and validates the reply against them; a reply that fails is discarded.
 * Limits are refinements, so they are enforced here without sending keywords (maxLength, maxItems)
 * that some providers refuse in strict mode.
 */
import { z } from 'zod';

export const LIMITS = {
  followUpChars: 300,
  sentenceChars: 300,
  sentences: 6,
  idsPerSentence: 8,
  maxTokens: { triage: 40, followUp: 150, polish: 700 },
} as const;

const atMost = (n: number) => z.string().refine((s) => s.length <= n, { message: `at most ${n} characters` });

/** The situation ids on offer plus "none": anything else fails validation. */
export function triageSchema(ids: string[]) {
  const [first, ...rest] = [...ids, 'none'];
  return z.strictObject({ situation: z.enum([first ?? 'none', ...rest]) });
}

export const followUpSchema = z.strictObject({
  // null: the note already says enough; no follow-up.
  question: atMost(LIMITS.followUpChars).nullable(),
});

export const polishSchema = z.strictObject({
  sentences: z
    // Generous caps here reject garbage; single over-long or ungrounded sentences are dropped later.
    .array(
      z.strictObject({
        text: atMost(LIMITS.sentenceChars * 2),
        questionIds: z.array(z.string()).refine((a) => a.length <= LIMITS.idsPerSentence),
      }),
    )
    .refine((a) => a.length <= LIMITS.sentences * 2, { message: 'too many sentences' }),
});
