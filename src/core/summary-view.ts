/**
 * The one summary view model: what a supervisor reads, on every surface. A headline that fits in
 * a minute (at most HEADLINE_WORDS words: what happened, the child, up to three flags, one or two
 * lines in the practitioner's words, up to three agenda items) and the full reflection one click
 * away. Slack blocks, Teams cards, the playground and the local API all render this, and so does
 * the practitioner's preview, so what they approve is exactly what is shared.
 *
 * Every string is `Cleared` (gate.ts): a renderer cannot put raw answer text in front of anyone.
 */
import { SEVERITY_RANK, type Catalog, type Severity } from './catalog';
import { compose, joinCleared, staffName, trusted, type Cleared } from './gate';
import { buildSummary } from './summary';
import type { Summary, SummaryFlag, SummaryView, ViewSection, ViewWording } from './summary-model';

export type { SummaryView, ViewSection, ViewWording } from './summary-model';
import { message } from './text';
import type { EngineContext, ReflectionState } from './types';

export const HEADLINE_WORDS = 150;
const MAX_FLAGS = 3;
const MAX_QUOTES = 2;
const MAX_AGENDA = 3;
const QUOTE_WORDS = 30;

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** The first n words (and at most 30 characters a word), so one pasted run-on cannot fill the headline. */
function firstWords(text: Cleared, n: number): Cleared {
  const words = text.split(/\s+/).filter(Boolean);
  const cut = words.slice(0, n).map((w) => (w.length > 30 ? `${w.slice(0, 30)}…` : w));
  return (words.length <= n ? cut.join(' ') : `${cut.join(' ')}…`) as Cleared;
}

/** One flag per title, most severe first: the same concern raised by two questions is one line. */
function mergedFlags(flags: SummaryFlag[]): SummaryFlag[] {
  const byTitle = new Map<string, SummaryFlag>();
  for (const f of flags) {
    const key = f.title.toLowerCase().trim();
    const had = byTitle.get(key);
    if (!had || SEVERITY_RANK[f.severity] < SEVERITY_RANK[had.severity]) byTitle.set(key, f);
  }
  return [...byTitle.values()].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

function severity(w: ViewWording, s: Severity): Cleared {
  return trusted(w(`summarySeverity.${s}`));
}

/** Notes on the questions that raised flags come first: they are what the supervisor needs in their words. */
function quotes(s: Summary): Cleared[] {
  const flagged = new Set(s.flags.map((f) => f.questionId));
  const notes = s.answers.filter((a) => a.note && !a.context);
  const ordered = [
    ...notes.filter((a) => flagged.has(a.questionId)),
    ...notes.filter((a) => !flagged.has(a.questionId)),
  ];
  return [...new Set(ordered.map((a) => a.note as Cleared))]; // the same words twice are one line
}

interface HeadlineParts {
  happened: Cleared[];
  child: Cleared;
  flags: Cleared[];
  quotes: Cleared[];
  agenda: Cleared[];
}

function headlineSections(p: HeadlineParts, w: ViewWording): ViewSection[] {
  const out: ViewSection[] = [];
  if (p.happened.length) out.push({ heading: trusted(w('summaryHappenedLead')), lines: p.happened });
  out.push({ heading: trusted(w('summaryChildLead')), lines: [p.child] });
  out.push({ heading: trusted(w('summaryFlagsLead')), lines: p.flags });
  if (p.quotes.length)
    out.push({ heading: trusted(w('summaryWordsLead')), lines: p.quotes.map((q) => compose`“${q}”`) });
  if (p.agenda.length) out.push({ heading: trusted(w('summaryAgendaLead')), lines: p.agenda });
  return out;
}

function countWords(title: Cleared, meta: Cleared, sections: ViewSection[]): number {
  return [title, meta, ...sections.flatMap((x) => [x.heading, ...x.lines])].reduce((n, t) => n + wordCount(t), 0);
}

/**
 * Laid out first with everything the headline may hold, then shortened in a fixed order until it
 * fits: the second quote goes, quotes get shorter, agenda items go from the end, then get shorter.
 */
const SHORTEN: Array<(p: HeadlineParts) => HeadlineParts> = [
  (p) => ({ ...p, quotes: p.quotes.slice(0, 1) }),
  (p) => ({ ...p, quotes: p.quotes.map((q) => firstWords(q, 15)) }),
  (p) => ({ ...p, agenda: p.agenda.slice(0, 1) }),
  (p) => ({ ...p, agenda: p.agenda.map((a) => firstWords(a, 12)) }),
  (p) => ({ ...p, quotes: [] }),
  (p) => ({ ...p, flags: p.flags.map((f) => firstWords(f, 10)) }),
];

function fitHeadline(parts: HeadlineParts, title: Cleared, meta: Cleared, w: ViewWording): ViewSection[] {
  let p = parts;
  const fits = () => countWords(title, meta, headlineSections(p, w)) <= HEADLINE_WORDS;
  for (const shorten of SHORTEN) {
    if (fits()) break;
    p = shorten(p);
  }
  return headlineSections(p, w);
}

function headline(s: Summary, w: ViewWording, title: Cleared, meta: Cleared): ViewSection[] {
  const flags = mergedFlags(s.flags);
  const flagLines = flags.slice(0, MAX_FLAGS).map((f) =>
    // A checklist's flag names the items ticked that raised it.
    f.checklist && f.answer
      ? compose`${severity(w, f.severity)}: ${f.title}: ${f.answer}`
      : joinCleared([severity(w, f.severity), f.title], ': '),
  );
  if (flags.length > MAX_FLAGS) flagLines.push(trusted(w('summaryMoreFlags', { n: flags.length - MAX_FLAGS })));
  // The situation is read from the engagement, and says it more fully: one line, not two.
  const what = s.situations.length ? joinCleared(s.situations, ', ') : s.engagement;
  const happened = [s.contact, what].filter((x): x is Cleared => !!x);
  return fitHeadline(
    {
      happened: happened.length ? [joinCleared(happened, ' · ')] : [],
      child: s.childSeen ?? trusted(w('summaryChildUnknown')),
      flags: flagLines.length ? flagLines : [trusted(w('summaryNoFlags'))],
      quotes: quotes(s)
        .slice(0, MAX_QUOTES)
        .map((q) => firstWords(q, QUOTE_WORDS)),
      agenda: s.agenda.slice(0, MAX_AGENDA),
    },
    title,
    meta,
    w,
  );
}

function answerLines(s: Summary, w: ViewWording): Cleared[] {
  return s.answers.flatMap((a) => {
    const answer = a.skipped ? trusted(w('skipped')) : a.answer;
    const line = answer ? compose`${a.n}. ${a.question} ${answer}` : compose`${a.n}. ${a.question}`;
    return a.note ? [line, compose`    “${a.note}”`] : [line];
  });
}

function details(s: Summary, w: ViewWording): ViewSection[] {
  const out: ViewSection[] = [
    {
      heading: trusted(w('summaryFlagsLead')),
      lines: s.flags.length
        ? s.flags.map((f) => compose`${severity(w, f.severity)}: ${f.title}. “${f.question}” ${f.answer} (${f.source})`)
        : [trusted(w('summaryNoFlags'))],
    },
  ];
  if (s.narrative) out.push({ heading: trusted(w('summaryNarrativeLead')), lines: [s.narrative] });
  out.push({ heading: trusted(w('summaryAnswersLead')), lines: answerLines(s, w) });
  if (s.agenda.length) out.push({ heading: trusted(w('summaryAgendaLead')), lines: s.agenda });
  if (s.actions.length)
    out.push({
      heading: trusted(w('summaryActionsLead')),
      lines: s.actions.map((a) => compose`${a.text} (${a.source})`),
    });
  if (s.support.length) out.push({ heading: trusted(w('summarySupportLead')), lines: s.support });
  return out;
}

export function buildSummaryView(s: Summary, w: ViewWording): SummaryView {
  const title = trusted(w('summaryTitle', { caseRef: s.caseRef || trusted(w('summaryNoCaseRef')) }));
  const meta = joinCleared([trusted(s.date), s.practitioner], ' · '); // a date the system recorded
  return {
    reflectionId: s.reflectionId,
    title,
    practitioner: { id: s.practitionerId, name: s.practitioner },
    meta,
    headline: headline(s, w, title, meta),
    detailsLabel: trusted(w('summaryFullReflection')),
    details: details(s, w),
  };
}

/** Words in the headline as the supervisor reads it (title and meta line included). */
export function headlineWords(v: SummaryView): number {
  return countWords(v.title, v.meta, v.headline);
}

/** The view's wording straight from the catalogue (prompts/bot.yaml), for callers without a channel's own. */
export function catalogWording(catalog: Catalog, contacts: Record<string, string>): ViewWording {
  return (key, vars) => message(catalog, key, vars ?? {}, contacts);
}

function asSection(x: unknown): ViewSection | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const s = x as { heading?: unknown; lines?: unknown };
  if (typeof s.heading !== 'string' || !Array.isArray(s.lines) || !s.lines.every((l) => typeof l === 'string'))
    return undefined;
  return { heading: trusted(s.heading), lines: (s.lines as string[]).map(trusted) };
}

function asSections(x: unknown): ViewSection[] | undefined {
  if (!Array.isArray(x)) return undefined;
  const out = x.map(asSection);
  return out.every((s): s is ViewSection => s !== undefined) ? out : undefined;
}

/**
 * A view read back from a stored thread message. Only this code writes one, after the gate, so it
 * is taken as cleared (running the detector again on every render of every thread would cost
 * seconds); its shape is checked, and anything else falls back to the message's own text.
 */
export function storedView(data: unknown): SummaryView | undefined {
  const v = (data && typeof data === 'object' ? (data as { view?: unknown }).view : undefined) as
    | Record<string, unknown>
    | undefined;
  if (!v || typeof v !== 'object') return undefined;
  const headline = asSections(v.headline);
  const details = asSections(v.details);
  const who = v.practitioner as { id?: unknown; name?: unknown } | undefined;
  const strings = [v.reflectionId, v.title, v.meta, v.detailsLabel, who?.id, who?.name];
  if (!headline || !details || !strings.every((s) => typeof s === 'string')) return undefined;
  // The practitioner's name is staff, named to their supervisor by design: the detector would remove it.
  const practitioner = { id: String(who?.id), name: staffName({ id: String(who?.id), name: String(who?.name) }) };
  const date = String(v.meta).split(' · ')[0] ?? '';
  return {
    reflectionId: String(v.reflectionId),
    title: trusted(String(v.title)),
    practitioner,
    meta: joinCleared([trusted(date), practitioner.name], ' · '),
    headline,
    detailsLabel: trusted(String(v.detailsLabel)),
    details,
  };
}

/** The view of a reflection as it stands: what its preview shows and what Share would post. */
export function reflectionView(state: ReflectionState, catalog: Catalog, ctx: EngineContext, w: ViewWording) {
  return buildSummaryView(buildSummary(state, catalog, ctx), w);
}
