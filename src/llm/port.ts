/**
 * The port between Reflect and a language model. Everything crossing it has already been
 * pseudonymised (the `Pseudo` brand can only be made by src/llm/pseudo.ts), and everything coming
 * back has been validated, length-limited and cleaned by the adapter before it is returned.
 */

declare const pseudonymised: unique symbol;
/** Practitioner-typed text after pseudonymise(): identifiers replaced by [PHONE_1]-style placeholders. */
export type Pseudo = string & { readonly [pseudonymised]: true };

export interface TriageRequest {
  /** The practitioner's opening message. */
  text: Pseudo;
  /** The situations a suggestion may name (ids and labels from prompts/context.yaml). */
  options: Array<{ id: string; label: string }>;
}

export interface FollowUpRequest {
  question: string; // the prompt-set question the note was written for
  guidance: string; // that question's cited guidance section, and nothing else
  note: Pseudo;
}

export interface PolishItem {
  id: string; // question id: what every sentence must cite
  question: string;
  answer?: string; // the chosen answer's label
  note?: Pseudo;
}

export interface NarrativeSentence {
  text: string;
  questionIds: string[]; // grounding: the answers this sentence draws on (all known, at least one)
}

/** Why nothing came back. Only `unavailable` is worth telling the practitioner about. */
export type NoResult = 'off' | 'budget' | 'unavailable' | 'invalid';

export type Outcome<T> =
  | { ok: true; value: T | undefined; tokens: number } // value undefined: the model chose not to suggest anything
  | { ok: false; reason: NoResult; tokens: number };

export interface CallOptions {
  /** Tokens this reflection may still spend; a call that could exceed it is not made. */
  budget: number;
  signal?: AbortSignal;
}

export interface Assistant {
  readonly provider: 'openai' | 'azure' | 'off';
  triage(req: TriageRequest, opts: CallOptions): Promise<Outcome<string>>;
  followUp(req: FollowUpRequest, opts: CallOptions): Promise<Outcome<string>>;
  polish(req: PolishItem[], opts: CallOptions): Promise<Outcome<NarrativeSentence[]>>;
}
