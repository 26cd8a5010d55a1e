import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatError, type ErrorCode } from '../../src/prompts';
import { FIXTURES, cleanTempDirs, codes, loadFixture, promptsWith, withCode } from './helpers';

afterAll(cleanTempDirs);

const evil = (name: string): string => join(FIXTURES, 'prompts', 'evil', name);

/** Loads the valid fixture plus one evil file and returns that file's errors. */
function loadWith(name: string): ReturnType<typeof loadFixture> {
  const result = loadFixture(promptsWith([evil(name)]));
  expect(result.catalog).toBeUndefined();
  return result;
}

describe.each<[string, ErrorCode, string, RegExp]>([
  [
    'quote-not-found.yaml',
    'PROMPTS_QUOTE_NOT_FOUND',
    'questions[0].quote',
    /question "misquoted-question".*matches up to "Am I"/,
  ],
  [
    'unknown-section.yaml',
    'PROMPTS_SOURCE_SECTION_NOT_FOUND',
    'questions[0].source',
    /"hostile-families#7\.9".*no section "7\.9".*similar: 7, 7\.2/,
  ],
  [
    'follow-up-cycle.yaml',
    'PROMPTS_FOLLOW_UP_CYCLE',
    'questions[2].followUps[0].ask[0]',
    /cycle-a → cycle-b → cycle-a/,
  ],
  ['unknown-flag.yaml', 'PROMPTS_UNKNOWN_FLAG', 'questions[0].flags[0].flag', /"ghost-flag"/],
  ['unknown-contact.yaml', 'PROMPTS_UNKNOWN_CONTACT_KEY', 'questions[0].text', /\{contacts\.police\}.*manager, mash/],
  [
    'unknown-choice.yaml',
    'PROMPTS_UNKNOWN_CHOICE',
    'questions[0].flags[0].on[0]',
    /no answer "maybe"; expected one of: yes, no, unsure/,
  ],
  ['unknown-situation.yaml', 'PROMPTS_UNKNOWN_SITUATION', 'appliesTo[0]', /"moon-landing"/],
])('%s', (name, code, path, message) => {
  it(`fails with ${code} at ${path}`, () => {
    const result = loadWith(name);
    expect(codes(result.errors)).toEqual([code]);
    const [error] = withCode(result, code);
    expect(error?.path).toBe(path);
    expect(error?.file).toMatch(new RegExp(`${name.replace('.', '\\.')}$`));
    expect(error?.line).toBeGreaterThan(0);
    expect(error?.message).toMatch(message);
  });
});

describe('duplicate-ids.yaml', () => {
  it('reports the repeated question and flag ids, pointing at the first use', () => {
    const result = loadWith('duplicate-ids.yaml');
    expect(codes(result.errors)).toEqual(['PROMPTS_DUPLICATE_ID']);
    const messages = result.errors.map(formatError);
    expect(messages).toEqual([
      expect.stringMatching(
        /duplicate-ids\.yaml:14 questions\[1\]\.id — PROMPTS_DUPLICATE_ID: question id "twice" is already used at .*duplicate-ids\.yaml:9/,
      ),
      expect.stringMatching(
        /duplicate-ids\.yaml:21 flags\[1\]\.id — .*flag id "same-flag" is already used at .*duplicate-ids\.yaml:20 flags\[0\]/,
      ),
    ]);
  });
});

describe('hostile files', () => {
  it('refuses a "billion laughs" alias bomb quickly with its own code', () => {
    const started = Date.now();
    const result = loadWith('billion-laughs.yaml');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(codes(result.errors)).toEqual(['PROMPTS_YAML_ALIAS_BOMB']);
    expect(result.errors[0]?.file).toMatch(/billion-laughs\.yaml$/);
  });

  it('refuses a 10 MB file by its size, without parsing it', () => {
    const dir = promptsWith([]);
    // Valid-looking YAML, so only the size check can be what refuses it.
    const line = `kind: set\n${'# padding padding padding padding padding padding padding padding\n'.repeat(160_000)}`;
    writeFileSync(join(dir, 'huge.yaml'), line);
    const started = Date.now();
    const result = loadFixture(dir);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(codes(result.errors)).toEqual(['PROMPTS_FILE_TOO_LARGE']);
    expect(result.errors[0]?.message).toMatch(/10\.\d MB, the limit is 1\.0 MB/);
  });

  it('refuses a binary file as not text', () => {
    const result = loadWith('binary.yaml');
    expect(codes(result.errors)).toEqual(['PROMPTS_NOT_TEXT']);
    expect(result.errors[0]?.file).toMatch(/binary\.yaml$/);
  });

  it('refuses text that is not a YAML mapping', () => {
    const result = loadFixture(promptsWith([], { 'notes.yaml': 'just some words someone saved here\n' }));
    expect(codes(result.errors)).toEqual(['PROMPTS_NOT_A_MAPPING']);
  });
});
