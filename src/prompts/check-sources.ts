/**
 * Every prompt rests on the guidance: each source must name an existing document and section, and
 * each quote must appear in that section. This is what keeps the bot's questions traceable to the
 * published procedure rather than someone's paraphrase of it.
 */
import type { GuidanceDoc, GuidanceSection } from '../core/catalog';
import { problem, type LoadError, type PathItem } from './errors';
import type { PromptModel } from './model';
import { questionsOf } from './model';
import { QuoteIndex, matchingPrefix, quoteOccurs } from './quote';
import { at, type YamlSource } from './yaml-source';

interface Cited {
  source: YamlSource;
  path: PathItem[]; // the item holding source (and quote)
  what: string; // 'question "x"', 'flag "y"' … for the message
  ref: string;
  quote?: string;
}

export function checkSources(model: PromptModel): LoadError[] {
  const quotes = new QuoteIndex();
  const errors: LoadError[] = [...requiredSources(model)];
  for (const cited of citations(model)) errors.push(...checkOne(model.guidance, quotes, cited));
  return errors;
}

/** Outside the opening context questions, a question with no source has no business being asked. */
function requiredSources(model: PromptModel): LoadError[] {
  return questionsOf(model)
    .filter((q) => !q.inContext && q.question.source === undefined)
    .map((q) =>
      problem(
        'PROMPTS_SOURCE_REQUIRED',
        at(q.source, [...q.path, 'source']),
        `question "${q.question.id}" has no source`,
      ),
    );
}

function citations(model: PromptModel): Cited[] {
  const out: Cited[] = [];
  for (const q of questionsOf(model)) {
    const { id, source, quote } = q.question;
    if (source)
      out.push({
        source: q.source,
        path: q.path,
        what: `question "${id}"`,
        ref: source,
        ...(quote !== undefined && { quote }),
      });
    q.question.alsoCites?.forEach((c, i) => {
      out.push({ source: q.source, path: [...q.path, 'alsoCites', i], what: `question "${id}"`, ...cite(c) });
    });
    q.question.items?.forEach((item, i) => {
      if (item.source === undefined) return;
      out.push({
        source: q.source,
        path: [...q.path, 'items', i],
        what: `checklist item "${id}/${item.id}"`,
        ref: item.source,
        ...(item.quote !== undefined && { quote: item.quote }),
      });
    });
  }
  for (const { data, source } of model.sets) {
    const add = (
      list: string,
      items: ReadonlyArray<{ id: string; source?: string; quote?: string }>,
      kind: string,
    ): void => {
      items.forEach((item, i) => {
        if (item.source === undefined) return;
        const quote = item.quote !== undefined ? { quote: item.quote } : {};
        out.push({ source, path: [list, i], what: `${kind} "${item.id}"`, ref: item.source, ...quote });
      });
    };
    add('flags', data.flags, 'flag');
    add('actions', data.actions, 'action');
    add('support', data.support, 'support item');
    add('labelRules', data.labelRules, 'label rule');
    for (const [r, rule] of data.labelRules.entries()) {
      for (const [i, c] of (rule.alsoCites ?? []).entries())
        out.push({ source, path: ['labelRules', r, 'alsoCites', i], what: `label rule "${rule.id}"`, ...cite(c) });
    }
    data.restsOn.forEach((ref, i) => {
      out.push({ source, path: ['restsOn', i], what: `set "${data.id}" restsOn`, ref });
    });
  }
  return out;
}

function cite(c: { source: string; quote: string }): { ref: string; quote: string } {
  return { ref: c.source, quote: c.quote };
}

function checkOne(guidance: Map<string, GuidanceDoc>, quotes: QuoteIndex, cited: Cited): LoadError[] {
  const [docId = '', sectionId = ''] = cited.ref.split('#');
  const refPath = cited.path[0] === 'restsOn' ? cited.path : [...cited.path, 'source'];
  const doc = guidance.get(docId);
  if (!doc) {
    const known = [...guidance.keys()].join(', ') || 'none loaded';
    return [
      problem(
        'PROMPTS_SOURCE_DOC_NOT_FOUND',
        at(cited.source, refPath),
        `${cited.what} cites "${cited.ref}" but there is no guidance document "${docId}" (documents: ${known})`,
      ),
    ];
  }
  const section = doc.sections.find((s) => s.id === sectionId);
  if (!section) {
    return [
      problem(
        'PROMPTS_SOURCE_SECTION_NOT_FOUND',
        at(cited.source, refPath),
        `${cited.what} cites "${cited.ref}" but ${doc.file} has no section "${sectionId}"${nearbyIds(doc, sectionId)}`,
      ),
    ];
  }
  if (cited.quote === undefined) return [];
  if (quoteOccurs(cited.quote, quotes.textOf(`${doc.id}#${section.id}`, section.text))) return [];
  return [quoteError(doc, section, quotes, cited)];
}

function quoteError(doc: GuidanceDoc, section: GuidanceSection, quotes: QuoteIndex, cited: Cited): LoadError {
  const quote = cited.quote ?? '';
  const text = quotes.textOf(`${doc.id}#${section.id}`, section.text);
  const prefix = matchingPrefix(quote, text);
  const elsewhere = doc.sections.find(
    (s) => s !== section && quoteOccurs(quote, quotes.textOf(`${doc.id}#${s.id}`, s.text)),
  );
  const parts = [
    `${cited.what}: quote "${clip(quote)}" is not in ${doc.id}#${section.id} "${section.heading}" (${doc.file}:${section.line})`,
  ];
  if (prefix) parts.push(`it matches up to "${clip(prefix, 50, true)}" and then differs`);
  if (elsewhere) parts.push(`it does appear in section "${elsewhere.id}"; cite ${doc.id}#${elsewhere.id}`);
  return problem('PROMPTS_QUOTE_NOT_FOUND', at(cited.source, [...cited.path, 'quote']), parts.join('; '));
}

/** Suggests section ids sharing the cited id's first part, e.g. "7" for a mistyped "7.9". */
function nearbyIds(doc: GuidanceDoc, sectionId: string): string {
  const head = sectionId.split(/[.-]/)[0] ?? '';
  const near = doc.sections.map((s) => s.id).filter((id) => head !== '' && id.split(/[.-]/)[0] === head);
  return near.length > 0 ? ` (similar: ${near.slice(0, 6).join(', ')})` : '';
}

function clip(text: string, max = 80, fromEnd = false): string {
  if (text.length <= max) return text;
  return fromEnd ? `…${text.slice(text.length - max)}` : `${text.slice(0, max)}…`;
}
