/**
 * The one redaction gate. Everything that leaves the practitioner's own view (the supervisor's
 * thread and its root title, urgent alerts, text relayed between people, the summary's view model)
 * is made of `Cleared` strings, and only this module makes one. A supervisor-facing string built
 * from raw answer text is a type error, as model requests are with the `Pseudo` brand in src/llm.
 *
 * - clear(): anything a person typed (notes, typed answers, case references, edits, replies) runs
 *   the identifier detector (redact.ts).
 * - trusted(): the project's own wording (prompts/, the organisation's config) and values the
 *   system made (dates, counts), which no one types into a reflection. The detector would cost
 *   seconds on a cold start for every question and flag, so it is not run on them here; instead
 *   a test runs it over the whole catalogue and fails if any of that wording would be changed.
 * - compose``: a template whose fixed parts are source code and whose values are all Cleared.
 */
import { redact, type Redaction } from './redact';

declare const cleared: unique symbol;
/** Text that has passed the redaction gate. Only this module makes one. */
export type Cleared = string & { readonly [cleared]: true };

/** The gate: identifiers become "[phone number removed]" and so on. */
export function clear(raw: string): Cleared {
  return redact(raw).text as Cleared;
}

/** The gate, reporting what it removed (for the preview's "n names removed" line). */
export function clearWithFindings(raw: string): { text: Cleared; findings: Redaction['findings'] } {
  const out = redact(raw);
  return { text: out.text as Cleared, findings: out.findings };
}

/** The project's own wording and system-made values; never anything typed into a reflection. */
export function trusted(text: string): Cleared {
  return text as Cleared;
}

/** A template of cleared values: `compose\`${n}. ${question} ${answer}\``. The fixed parts are code. */
export function compose(parts: TemplateStringsArray, ...values: Array<Cleared | number>): Cleared {
  return parts.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ''), '') as Cleared;
}

/**
 * A member of staff's name from the organisation's own directory (org config), not something
 * typed in a reflection: the practitioner and supervisor are named to each other by design, and
 * the name detector would otherwise remove them. Takes the directory entry, never free text.
 */
export function staffName(person: { readonly id: string; readonly name: string }): Cleared {
  return person.name as Cleared;
}

/**
 * Bot wording (prompts/bot.yaml) filled with values that have passed the gate: the template passes
 * the gate itself, then each {key} takes its cleared value. Staff names go in this way (staffName),
 * so the detector does not remove the practitioner's own name from an alert about their case.
 */
export function clearTemplate(template: string, vars: Record<string, Cleared | number>): Cleared {
  return clear(template).replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, key: string) =>
    vars[key] === undefined ? whole : String(vars[key]),
  ) as Cleared;
}

/** Separators that can join cleared parts without carrying anything of their own. */
export type Separator = ' ' | ', ' | ' · ' | '\n' | ': ';

/** Joining cleared parts with a fixed separator keeps them cleared. */
export function joinCleared(parts: readonly Cleared[], separator: Separator): Cleared {
  return parts.join(separator) as Cleared;
}
