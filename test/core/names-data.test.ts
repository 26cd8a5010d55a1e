import { PEOPLE_NAMES } from '../../src/core/name-lists/people-names';
import { peopleNamesFromPackage } from '../../scripts/names-source';

describe('the people-name list', () => {
  it('matches the installed @cspell/dict-people-names (run npm run names:build after upgrading it)', () => {
    const fromPackage = peopleNamesFromPackage();
    expect(fromPackage.length).toBeGreaterThan(30000);
    expect(PEOPLE_NAMES.split(' ')).toEqual(fromPackage);
  });
});
