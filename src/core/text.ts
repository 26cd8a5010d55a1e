/** Template filling for content strings: {name} from values, {contacts.KEY} from the organisation. */
import type { Catalog } from './catalog';

export type Vars = Record<string, string | number | undefined>;

export function fill(template: string, vars: Vars, contacts: Record<string, string>): string {
  return template.replace(/\{([a-zA-Z][a-zA-Z0-9.]*)\}/g, (whole, key: string) => {
    if (key.startsWith('contacts.')) return contacts[key.slice('contacts.'.length)] ?? whole;
    const v = vars[key];
    return v === undefined ? whole : String(v);
  });
}

/** A bot message by key. A missing key is a content error caught by prompts:check, so fall back to the key. */
export function message(catalog: Catalog, key: string, vars: Vars, contacts: Record<string, string>): string {
  const template = catalog.messages[key];
  return template === undefined ? key : fill(template, vars, contacts);
}

/** Organisation contacts, falling back to the generic descriptions in prompts/bot.yaml. */
export function contactsFor(catalog: Catalog, org: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of catalog.contactKeys) out[key] = org[key] ?? catalog.messages[`contact.${key}`] ?? key;
  return { ...out, ...org };
}

/** Case-insensitive, whitespace- and punctuation-tolerant comparison for typed answers. */
export function normalise(s: string): string {
  return s
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
