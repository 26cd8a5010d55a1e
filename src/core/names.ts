/**
 * Personal names in free text, found with compromise (a maintained NLP library: pure JavaScript,
 * no I/O, a first-name and surname lexicon plus grammar). Only terms it tags as a first name or
 * surname count, so roles ("mum", "Nan") and honorifics stay readable, and ordinary words that can be
 * names ("Will check in May", "Hope was low") are left alone in context.
 */
import nlp from 'compromise';
import { z } from 'zod';

const termsSchema = z.array(
  z.object({
    offset: z.object({ start: z.number(), length: z.number() }),
    terms: z.array(z.object({ tags: z.array(z.string()) })).min(1),
  }),
);

export interface NameSpan {
  start: number;
  end: number;
}

export function findNames(text: string): NameSpan[] {
  const raw: unknown = nlp(text).people().terms().json({ offset: true });
  const parsed = termsSchema.safeParse(raw);
  if (!parsed.success) return [];
  const spans: NameSpan[] = [];
  for (const term of parsed.data) {
    const tags = term.terms[0]?.tags ?? [];
    if (!tags.includes('FirstName') && !tags.includes('LastName')) continue;
    // The term's span can include punctuation, e.g. "(Kelly)": keep only the name itself.
    const slice = text.slice(term.offset.start, term.offset.start + term.offset.length);
    const word = /[\p{L}][\p{L}'’-]*/u.exec(slice);
    if (!word) continue;
    const start = term.offset.start + word.index;
    const last = spans[spans.length - 1];
    // "Mohammed Ali" is one name: join terms separated only by spaces.
    if (last && /^\s+$/.test(text.slice(last.end, start))) last.end = start + word[0].length;
    else spans.push({ start, end: start + word[0].length });
  }
  return spans;
}
