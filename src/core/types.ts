/**
 * The engine's contract. Channels map their payloads to an EngineInput, the application service
 * loads state and calls the engine, commits the result, and the channel renders the replies.
 */
import type { Choice, Severity } from './catalog';
import type { Cleared } from './gate';
import type { Summary, SummaryView } from './summary-model';

export type ReflectionStatus =
  | 'active' // answering questions
  | 'paused'
  | 'preview' // summary shown, awaiting share / edit / don't share
  | 'shared'
  | 'private' // "don't share": kept for the practitioner until retention ends
  | 'cancelled';

export const OPEN_STATUSES: ReflectionStatus[] = ['active', 'paused', 'preview'];

export interface Answer {
  choice?: string; // choice id
  note?: string; // the practitioner's own words, unredacted (redacted only when shared)
  at: string; // ISO time
}

/** Something the engine is waiting for that is not the current question. */
export type Pending =
  | { kind: 'confirm-cancel'; restart: boolean }
  | { kind: 'identifier-check'; value: string; findings: string[] }
  | { kind: 'label-check'; questionId: string; ruleId: string }
  | { kind: 'urgent-case' } // after an urgent alert with no case reference yet: waiting for it (or "unknown")
  | { kind: 'urgent-next'; awaitingNote?: boolean } // after an urgent alert: note for the supervisor, carry on, or stop
  | { kind: 'edit-pick' }
  | { kind: 'edit-question'; questionId: string; warned?: string } // warned: a value the identifier check questioned
  /** What the opening message seemed to say (case reference, kind of contact), awaiting one tap. */
  | { kind: 'opening-confirm'; answers: Record<string, string> };

export interface ReflectionState {
  id: string;
  practitionerId: string;
  channel: string; // where the practitioner is talking to us (local, slack, teams)
  status: ReflectionStatus;
  version: number; // optimistic concurrency: bumped on every committed turn
  startedAt: string;
  updatedAt: string;
  queue: string[]; // question ids in the order they are asked (grows with follow-ups and offered sets)
  position: number; // index into queue of the current question
  answers: Record<string, Answer>;
  skipped: string[];
  labelChecked: string[]; // question ids whose note already had a label check
  alertsSent: string[]; // flag ids (or "manual") already alerted as urgent
  /** Alerts sent before the case reference was given; each is re-sent with the case once it comes. */
  alertsAwaitingCase?: Array<{ flagId: string; flagTitle: string }>;
  /** Notes typed for the supervisor after an urgent alert, in the practitioner's words (redacted when sent). */
  urgentNotes?: string[];
  pending?: Pending;
  /** Set when a question message was rendered with buttons; lets channels ignore late clicks. */
  asked?: { questionId: string; token: string };
  supervisorId: string;
  /** When the last reminder about this idle reflection was sent; one per idle period. */
  nudgedAt?: string;
  llm?: AssistState;
  /** Sets the practitioner chose to go deeper into; only there are follow-ups asked. */
  deeper?: string[];
  /** The question just answered by a button press: a note typed next belongs to it. */
  lastPressed?: string;
  /** Context questions answered by confirming what the opening message said; not asked again. */
  openingTaken?: string[];
}

/**
 * Optional model assistance (src/llm, src/core/assist.ts). Nothing here feeds flags, escalation or
 * the deterministic summary; only an approved narrative is ever added to what is shared.
 */
export interface AssistState {
  tokensUsed: number; // counted per reflection against LLM_TOKEN_BUDGET
  followUpsAsked: string[]; // question ids the model was already asked about (one follow-up per question)
  narrative?: string; // pseudonymised and redacted: the form a supervisor would see
  narrativeApproved?: boolean;
  narrativeFor?: string; // fingerprint of the answers the narrative was written from; stale once they change
  /** Placeholder -> what the practitioner typed. Lives with the reflection, so it goes when the reflection does. */
  pseudonyms?: Record<string, string>;
  followUpOpen?: string; // question id whose model follow-up the next typed message answers
  triage?: { questionId: string; choice: string }; // a suggestion the practitioner accepted, applied when its question comes up
  unavailableNoted?: boolean; // the one-line "assistance unavailable" note was sent
}

export type EngineCommand =
  | 'skip'
  | 'back'
  | 'pause'
  | 'resume'
  | 'cancel'
  | 'help'
  | 'urgent'
  | 'restart'
  | 'share'
  | 'edit'
  | 'discard'
  | 'status';

export type EngineInput =
  | { type: 'text'; text: string } // free text: an answer by label, a note, or a command word
  | { type: 'choice'; value: string; questionId?: string; token?: string } // a button press
  | { type: 'command'; command: EngineCommand }
  | { type: 'edit'; changes: Array<{ questionId: string; choice?: string; note?: string }> };

export interface ReplyMeta {
  questionId?: string;
  token?: string; // unique per asked question; echoed back by buttons
  progress?: { index: number; total: number };
  source?: string; // human label of the guidance source
  sourceRef?: string;
  severity?: Severity;
  hint?: string; // e.g. "Pick an answer; you can also type a note"
  /** A checklist: channels render checkboxes and one Done button; the answer is the ticked ids, comma-joined, or "none". */
  multiSelect?: boolean;
}

export type ReplyKind = 'info' | 'question' | 'preview' | 'urgent' | 'flag' | 'error';

export interface Reply {
  id?: string; // set once stored (the local channel's inbox id)
  kind: ReplyKind;
  text: string;
  choices?: Choice[];
  meta?: ReplyMeta;
  /** For previews: the structured summary (cleared), for tests and any channel that needs its data. */
  summary?: Summary;
  /** For previews: the full reflection as text (the headline is `text`), for text-only surfaces. */
  details?: string;
  /** For previews: the summary view model, so channels render exactly what the supervisor will see. */
  view?: SummaryView;
}

export type EngineEvent =
  | {
      type: 'summary.shared';
      reflectionId: string;
      supervisorId: string;
      practitionerId: string;
      caseRef: Cleared;
      /** The reference as typed (trimmed): what the thread is keyed by, never shown. Undefined when none was given. */
      caseKey?: string;
      summary: Summary;
    }
  | {
      type: 'alert.urgent';
      reflectionId: string;
      supervisorId: string;
      practitionerId: string;
      /** Undefined while the practitioner has not given one: the alert then goes to the supervisor directly, never into a thread. */
      caseRef?: Cleared;
      /** The reference as typed (trimmed): the thread key, never shown; set whenever caseRef is. */
      caseKey?: string;
      flagId: string;
      flagTitle: string;
      severity: Severity;
      /** Set when this alert repeats one sent before the case reference was known. */
      caseGivenLate?: boolean;
    }
  | {
      type: 'alert.note';
      reflectionId: string;
      supervisorId: string;
      practitionerId: string;
      caseRef?: string;
      /** The reference as typed (trimmed): the thread key, never shown; set whenever caseRef is. */
      caseKey?: string;
      note: string; // already redacted: this goes to the supervisor with the alert
    }
  | { type: 'audit'; action: string; target: string };

export interface EngineResult {
  state: ReflectionState;
  /** Set when "start again" closed the previous reflection in the same turn; it must be saved too. */
  previous?: ReflectionState;
  replies: Reply[];
  events: EngineEvent[];
}

/** What one earlier reflection on the same case asked; newest first in a history (src/core/rotation.ts). */
export interface PastReflection {
  situations: string[];
  asked: string[]; // question ids asked (answered) or skipped
  concerns: string[]; // question ids whose answer raised a flag
}

export interface Person {
  id: string;
  name: string;
}

/** Everything the engine needs from the outside world, passed in as values. */
export interface EngineContext {
  now: Date;
  newId: () => string; // ids are generated outside so the core stays deterministic under test
  practitioner: Person;
  supervisor: Person;
  organisation: string;
  retentionDays: number;
  contacts: Record<string, string>;
  /** Earlier reflections on the same case, newest first (for rotating the core). */
  history?: PastReflection[];
  /** The organisation's case-reference pattern (org config caseRefPattern); the default when absent. */
  caseRefPattern?: string;
}
