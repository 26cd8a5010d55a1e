/**
 * The content model the engine runs on: guidance sections and prompt sets, already loaded and
 * cross-checked by src/prompts. The core only reads it; it never knows where it came from.
 */

export type Severity = 'info' | 'concern' | 'escalate' | 'urgent';
export const SEVERITY_RANK: Record<Severity, number> = { urgent: 0, escalate: 1, concern: 2, info: 3 };

export type QuestionKind = 'yesno' | 'choice' | 'scale' | 'text' | 'checklist';

/** Context answers a question fits (contextKey -> choice ids). */
export type Fits = Partial<Record<'contact' | 'engagement' | 'childSeen', string[]>>;

/** `<doc-id>#<section>`, e.g. `pan-bedfordshire-outcomes#7.2`. */
export type SourceRef = string;

export interface GuidanceSection {
  id: string; // "7.2", "questions", "estimate-the-size-of-the-problem"
  heading: string;
  text: string; // body text of the section (without sub-sections)
  line: number; // 1-based line of the heading in the Markdown file
}

export interface GuidanceDoc {
  id: string;
  title: string;
  short?: string; // short name for chat and summaries
  publisher: string;
  source: string; // where the text came from (file or URL named by the text)
  date?: string;
  version?: string;
  attribution: string;
  file: string;
  sections: GuidanceSection[];
}

export interface Choice {
  id: string;
  label: string;
}

export interface FlagRule {
  on: string[]; // choice ids (or "any" for free text answered)
  flag: string; // flag id
}

export interface FollowUpRule {
  on: string[];
  ask: string[]; // question ids
}

export interface Question {
  id: string;
  setId: string;
  text: string;
  source?: SourceRef; // required for every question outside the context set
  quote?: string;
  kind: QuestionKind;
  choices: Choice[]; // yesno questions get yes / no / unsure; a checklist's items
  fits?: Fits; // asked only when the context answers match
  cues?: Record<string, string[]>; // choice id -> phrases in an opening message that suggest it
  pinned?: boolean; // in the core of every reflection its set applies to (e.g. "is the child unsafe now?")
  note: boolean; // whether a free-text note is invited
  flags: FlagRule[];
  followUps: FollowUpRule[];
  followUpOnly: boolean; // asked only when another question's follow-up names it
  /** Context questions store their answer under this key (caseRef, contact, engagement, childSeen). */
  contextKey?: string;
  /** For free-text context questions: checks to run on the answer (e.g. "identifier"). */
  checks: string[];
}

export interface FlagDef {
  id: string;
  severity: Severity;
  title: string; // short name for the summary ("Practitioner fear")
  text: string; // the words shown to the practitioner
  source: SourceRef;
  quote: string;
  agenda?: string; // supervision agenda item this flag adds
}

export interface ActionDef {
  id: string;
  text: string;
  source: SourceRef;
  quote: string;
}

export interface LabelRule {
  id: string;
  match: string[]; // phrases, matched case-insensitively on word boundaries
  prompt: string;
  source: SourceRef;
  quote: string;
}

export interface SupportItem {
  id: string;
  label: string;
  text: string;
  source?: SourceRef;
  quote?: string;
}

export interface PromptSet {
  id: string;
  title: string;
  description: string;
  order: number;
  /** Situations that bring this set into the flow. */
  appliesTo: string[];
  always: boolean; // included in every reflection (child focus, share with manager)
  core: number; // questions asked by default when the set applies
  closing: boolean; // the share-with-manager screen: asked last, outside the self-check count
  /** When present the set is offered with this yes/no question rather than included. */
  offer?: { text: string; when: string[] | 'always' };
  restsOn: SourceRef[];
  questions: string[]; // question ids, in order
  actions: ActionDef[];
  support: SupportItem[];
  file: string;
}

export interface Situation {
  id: string;
  label: string;
  when: Record<string, string[]>; // contextKey -> choice ids; any match applies
}

/** The bot's own wording (intro, reminders, command help), kept in prompts/ as content. */
export type Messages = Record<string, string>;

export interface Catalog {
  guidance: Map<string, GuidanceDoc>;
  sets: PromptSet[]; // sorted by order; excludes the context set
  contextSetId: string;
  contextQuestions: string[]; // ids, in order
  situations: Situation[];
  coreQuestions: number; // self-check questions per reflection by default
  questions: Map<string, Question>;
  flags: Map<string, FlagDef>;
  labelRules: LabelRule[];
  messages: Messages;
  contactKeys: string[];
}

export function sectionOf(
  catalog: Catalog,
  ref: SourceRef,
): { doc: GuidanceDoc; section: GuidanceSection } | undefined {
  const [docId, sectionId] = ref.split('#');
  const doc = docId ? catalog.guidance.get(docId) : undefined;
  const section = doc?.sections.find((s) => s.id === sectionId);
  return doc && section ? { doc, section } : undefined;
}

/** "Pan-Bedfordshire guidance §7.2" style label for a source reference, for context lines and summaries. */
export function sourceLabel(catalog: Catalog, ref: SourceRef): string {
  const found = sectionOf(catalog, ref);
  if (!found) return ref;
  const { id, heading } = found.section;
  const number = /^\d+(?:\.\d+)*/.exec(id)?.[0];
  const mark = number === id ? `§${id}` : number ? `§${number} "${heading}"` : `"${heading}"`;
  return `${found.doc.short ?? found.doc.title} ${mark}`;
}
