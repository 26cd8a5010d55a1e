/** Reads the maintained people-name list shipped by @cspell/dict-people-names, lower-cased and sorted. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function peopleNamesFromPackage(): string[] {
  // The package exports only its cspell settings file; the word list sits beside it.
  const file = join(dirname(require.resolve('@cspell/dict-people-names')), 'dict', 'people-names.txt');
  const names = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const name = line.trim();
    // One word, letters with inner apostrophes or hyphens: "O'Neil", "Jean-Luc". Comments start with #.
    if (/^\p{Lu}[\p{L}'’-]*\p{Ll}$/u.test(name) && name.length >= 2) names.add(name.toLowerCase());
  }
  return [...names].sort();
}
