/** The shape of a summary: what a supervisor reads. Built in summary.ts, rendered by each channel. */
import type { Severity } from './catalog';
import type { IdentifierKind } from './redact';

export interface SummaryFlag {
  id: string;
  severity: Severity;
  title: string;
  text: string;
  question: string;
  answer: string;
  source: string;
  sourceRef: string;
}

export interface SummaryAnswer {
  n: number;
  questionId: string;
  question: string;
  answer?: string;
  note?: string; // redacted
  skipped: boolean;
  context?: boolean; // an opening question (case reference, contact…), shown in the header instead
}

export interface Summary {
  reflectionId: string;
  caseRef: string;
  date: string; // YYYY-MM-DD
  practitioner: string;
  supervisor: string;
  contact?: string;
  engagement?: string;
  situations: string[];
  childSeen?: string;
  flags: SummaryFlag[];
  answers: SummaryAnswer[];
  agenda: string[];
  actions: Array<{ text: string; source: string }>;
  support: string[];
  redactions: Array<{ kind: IdentifierKind; count: number }>;
  narrative?: string; // model-assisted narrative, present only once the practitioner approved it
}
