/** Plain-text rendering of a summary. Channels escape it for their own markup before posting. */
import type { Catalog } from './catalog';
import type { Summary } from './summary';

function lead(catalog: Catalog, key: string): string {
  return catalog.messages[key] ?? key;
}

export function summaryHeader(s: Summary): string[] {
  const seen = s.childSeen ? `Child: ${s.childSeen}` : undefined;
  return [
    `Case ${s.caseRef || '(no reference)'} · ${s.date} · ${s.practitioner}`,
    [s.contact, s.engagement].filter(Boolean).join(' · '),
    s.situations.length ? `Situation: ${s.situations.join(', ')}` : '',
    seen ?? '',
  ].filter((l) => l !== '');
}

/**
 * The practitioner's preview lists every answer, numbered, so Edit can name one. The supervisor's
 * copy carries what they need before supervision: the flags, and the notes in the practitioner's
 * own words (the case reference is in the header already).
 */
export function renderSummaryText(
  s: Summary,
  catalog: Catalog,
  audience: 'practitioner' | 'supervisor' = 'supervisor',
): string {
  const lines: string[] = [...summaryHeader(s), ''];
  lines.push(`${lead(catalog, 'summaryFlagsLead')}:`);
  if (s.flags.length === 0) lines.push(`  ${lead(catalog, 'summaryNoFlags')}`);
  for (const f of s.flags)
    lines.push(`  [${f.severity.toUpperCase()}] ${f.title}: "${f.question}" ${f.answer} (${f.source})`);
  if (s.narrative) lines.push('', s.narrative);
  if (audience === 'practitioner') {
    lines.push('', `${lead(catalog, 'summaryAnswersLead')}:`);
    for (const a of s.answers) {
      const answer = a.skipped ? 'skipped' : (a.answer ?? '');
      lines.push(`  ${a.n}. ${a.question}${answer ? ` ${answer}` : ''}`);
      if (a.note) lines.push(`     Note: ${a.note}`);
    }
  } else {
    const notes = s.answers.filter((a) => a.note && !a.context);
    lines.push('', `${lead(catalog, 'summaryNotesLead')}:`);
    if (notes.length === 0) lines.push(`  ${lead(catalog, 'summaryNoNotes')}`);
    for (const a of notes) lines.push(`  - ${a.question}${a.answer ? ` ${a.answer}` : ''}`, `    "${a.note}"`);
  }
  if (s.agenda.length) lines.push('', `${lead(catalog, 'summaryAgendaLead')}:`, ...s.agenda.map((x) => `  - ${x}`));
  if (s.actions.length)
    lines.push('', `${lead(catalog, 'summaryActionsLead')}:`, ...s.actions.map((x) => `  - ${x.text} (${x.source})`));
  if (s.support.length) lines.push('', `${lead(catalog, 'summarySupportLead')}:`, ...s.support.map((x) => `  - ${x}`));
  return lines.join('\n');
}
