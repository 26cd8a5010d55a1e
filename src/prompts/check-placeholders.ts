/**
 * Placeholders. {contacts.KEY} is filled from the organisation's contacts, so every key must be
 * listed under contactKeys in the messages file or the practitioner would see a raw "{contacts.x}"
 * where a phone number should be. The messages file has its own per-message values ({n},
 * {supervisor}…); anywhere else any other placeholder would be shown as typed, so it is a warning.
 */
import { problem, type LoadError, type LoadWarning, type PathItem } from './errors';
import type { Located, PromptModel } from './model';
import { at, type YamlSource } from './yaml-source';

const PLACEHOLDER = /\{([^{}\s]+)\}/g;

export interface PlaceholderCheck {
  errors: LoadError[];
  warnings: LoadWarning[];
}

export function checkPlaceholders(model: PromptModel): PlaceholderCheck {
  // Without a valid messages file the keys are unknown; its own error says so, rather than one per use.
  const keys = model.messages ? new Set(Object.keys(model.messages.data.contactKeys)) : undefined;
  const result: PlaceholderCheck = { errors: [], warnings: [] };
  const files: Array<{ file: Located<unknown>; othersAllowed: boolean }> = [
    ...(model.messages ? [{ file: model.messages, othersAllowed: true }] : []),
    ...(model.context ? [{ file: model.context, othersAllowed: false }] : []),
    ...model.sets.map((file) => ({ file, othersAllowed: false })),
  ];
  for (const { file, othersAllowed } of files) {
    walkStrings(file.data, [], (text, path) => checkText(text, path, file.source, keys, othersAllowed, result));
  }
  return result;
}

function checkText(
  text: string,
  path: PathItem[],
  source: YamlSource,
  keys: Set<string> | undefined,
  othersAllowed: boolean,
  out: PlaceholderCheck,
): void {
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (name.startsWith('contacts.')) {
      const key = name.slice('contacts.'.length);
      if (!keys || keys.has(key)) continue;
      const known = [...keys].join(', ') || 'none';
      out.errors.push(
        problem(
          'PROMPTS_UNKNOWN_CONTACT_KEY',
          at(source, path),
          `{contacts.${key}} names an unknown contact key; contactKeys are: ${known}`,
        ),
      );
    } else if (!othersAllowed) {
      out.warnings.push(problem('PROMPTS_UNKNOWN_PLACEHOLDER', at(source, path), `{${name}} will be shown as typed`));
    }
  }
}

/** Calls visit for every string in a parsed YAML value, with its path. */
function walkStrings(value: unknown, path: PathItem[], visit: (text: string, path: PathItem[]) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => {
      walkStrings(item, [...path, i], visit);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) walkStrings(item, [...path, key], visit);
  }
}
