/**
 * Regenerates src/core/name-lists/people-names.json from the @cspell/dict-people-names package (MIT,
 * maintained in the cspell-dicts monorepo). The core cannot read files, so the list is kept as a
 * JSON module; test/core/names-data.test.ts fails when the installed package and the JSON differ.
 *
 *   npm run names:build
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { peopleNamesFromPackage } from './names-source';

const out = join(__dirname, '..', 'src', 'core', 'name-lists', 'people-names.json');
const names = peopleNamesFromPackage();
writeFileSync(out, `${JSON.stringify(names)}\n`);
process.stdout.write(`wrote ${names.length} names to src/core/name-lists/people-names.json\n`);
