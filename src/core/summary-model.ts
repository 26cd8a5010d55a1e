/**
 * The shape of a summary: what a supervisor reads, as structured data. Built in summary.ts, laid
 * out for reading in summary-view.ts, rendered by each channel. Every string in it has passed the
 * redaction gate (gate.ts), so nothing here can carry raw answer text.
 */
import type { Severity } from './catalog';
import type { Cleared } from './gate';
import type { IdentifierKind } from './redact';

export interface SummaryFlag {
  id: string;
  severity: Severity;
  title: Cleared;
  text: Cleared;
  question: Cleared;
  answer: Cleared;
  source: Cleared;
  sourceRef: string;
  questionId: string;
  checklist?: boolean; // raised by ticked items: the headline names them
}

export interface SummaryAnswer {
  n: number;
  questionId: string;
  question: Cleared;
  answer?: Cleared; // the chosen label(s); never a note
  note?: Cleared;
  skipped: boolean;
  context?: boolean; // an opening question (case reference, contact…), shown in the header instead
}

export interface Summary {
  reflectionId: string;
  caseRef: Cleared;
  date: string; // YYYY-MM-DD
  practitionerId: string;
  practitioner: Cleared; // staff name from the directory (staffName), not typed text
  supervisor: Cleared;
  contact?: Cleared;
  engagement?: Cleared;
  situations: Cleared[];
  childSeen?: Cleared;
  flags: SummaryFlag[];
  answers: SummaryAnswer[];
  agenda: Cleared[];
  actions: Array<{ text: Cleared; source: Cleared }>;
  support: Cleared[];
  redactions: Array<{ kind: IdentifierKind; count: number }>;
  narrative?: Cleared; // model-assisted narrative, present only once the practitioner approved it
}

/** The summary laid out for reading (summary-view.ts): a headline and the full reflection. */
export interface ViewSection {
  heading: Cleared;
  lines: Cleared[];
}

export interface SummaryView {
  reflectionId: string;
  title: Cleared; // "Reflection on CR-2041"
  practitioner: { id: string; name: Cleared }; // from the organisation's directory (staffName)
  meta: Cleared; // "2026-12-06 · Sam Patel"
  headline: ViewSection[];
  detailsLabel: Cleared; // "Full reflection"
  details: ViewSection[];
}

/** The bot's wording by key (prompts/bot.yaml), filled with values that have passed the gate. */
export type ViewWording = (key: string, vars?: Record<string, Cleared | number>) => string;
