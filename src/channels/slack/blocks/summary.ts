/**
 * A reflection summary as Block Kit: the same content as the plain-text rendering in the core,
 * laid out for a phone. Every piece of practitioner text is escaped; long parts are split into
 * several sections so no section passes Slack's 3000-character limit.
 */
import type { Summary } from '../../../core/summary';
import { summaryHeader } from '../../../core/summary-text';
import { escapeSlack as e } from '../../shared/escape';
import { sections, type KnownBlock } from './limits';
import type { Wording } from './wording';

function part(lead: string, lines: string[]): KnownBlock[] {
  return lines.length ? sections([`*${e(lead)}*`, ...lines].join('\n')) : [];
}

function flagLines(s: Summary, w: Wording): string[] {
  if (s.flags.length === 0) return [e(w('summaryNoFlags'))];
  return s.flags.map(
    (f) => `• *${e(f.severity.toUpperCase())}* ${e(f.title)}: “${e(f.question)}” ${e(f.answer)} (${e(f.source)})`,
  );
}

function answerLines(s: Summary, w: Wording): string[] {
  return s.answers.flatMap((a) => {
    const answer = a.skipped ? w('skipped') : (a.answer ?? '');
    const line = `${a.n}. ${e(a.question)}${answer ? ` *${e(answer)}*` : ''}`;
    return a.note ? [line, `      ${e(a.note).replace(/\n/g, '\n      ')}`] : [line];
  });
}

export function summaryBlocks(s: Summary, w: Wording): KnownBlock[] {
  return [
    ...sections(`*${e(w('summaryTitle', { caseRef: s.caseRef }))}*\n${summaryHeader(s).map(e).join('\n')}`),
    ...part(w('summaryFlagsLead'), flagLines(s, w)),
    ...(s.narrative ? sections(e(s.narrative)) : []),
    ...part(w('summaryAnswersLead'), answerLines(s, w)),
    ...part(
      w('summaryAgendaLead'),
      s.agenda.map((x) => `• ${e(x)}`),
    ),
    ...part(
      w('summaryActionsLead'),
      s.actions.map((x) => `• ${e(x.text)} (${e(x.source)})`),
    ),
    ...part(
      w('summarySupportLead'),
      s.support.map((x) => `• ${e(x)}`),
    ),
  ];
}

/** Thread messages keep the structured summary as JSON; anything else falls back to the stored text. */
export function asSummary(data: unknown): Summary | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const s = data as Partial<Summary>;
  const ok =
    typeof s.reflectionId === 'string' &&
    typeof s.caseRef === 'string' &&
    Array.isArray(s.answers) &&
    Array.isArray(s.flags) &&
    Array.isArray(s.agenda) &&
    Array.isArray(s.actions) &&
    Array.isArray(s.support) &&
    Array.isArray(s.situations);
  return ok ? (data as Summary) : undefined;
}
