import { join } from 'node:path';
import { formatError } from '../../src/prompts';
import { FIXTURES, cleanTempDirs, loadFixture, promptsWith, withCode } from './helpers';

afterAll(cleanTempDirs);

const fixture = (dir: string, name: string): string => join(FIXTURES, 'prompts', dir, name);

describe('files that cannot be loaded', () => {
  it('reports an empty file by name', () => {
    const result = loadFixture(promptsWith([fixture('empty', 'empty.yaml')]));
    const [error] = withCode(result, 'PROMPTS_EMPTY_FILE');
    expect(error?.file).toMatch(/empty\.yaml$/);
    expect(result.catalog).toBeUndefined();
  });

  it('names the file and line of a YAML syntax error', () => {
    const result = loadFixture(promptsWith([fixture('malformed', 'broken-indent.yaml')]));
    const errors = withCode(result, 'PROMPTS_YAML_SYNTAX');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.file).toMatch(/broken-indent\.yaml$/);
    expect(errors[0]?.line).toBeGreaterThanOrEqual(6); // the unclosed [ opens on line 6
    expect(formatError(errors[0]!)).toMatch(/broken-indent\.yaml:\d+ — PROMPTS_YAML_SYNTAX: /);
  });
});

describe('schema errors name the path and line', () => {
  it('rejects an unknown kind at the kind line', () => {
    const result = loadFixture(promptsWith([fixture('malformed', 'wrong-kind.yaml')]));
    const [error] = withCode(result, 'PROMPTS_UNKNOWN_KIND');
    expect(error).toMatchObject({ path: 'kind', line: 1 });
    expect(error?.message).toContain('"sett"');
    expect(error?.message).toContain('set, context, messages');
  });

  it('reports a missing quote at its question', () => {
    const result = loadFixture(promptsWith([fixture('malformed', 'missing-quote.yaml')]));
    const [error] = withCode(result, 'PROMPTS_FIELD_MISSING');
    expect(error).toMatchObject({ path: 'questions[1].quote', line: 13 });
    expect(error?.message).toMatch(/source and quote go together/);
    expect(formatError(error!)).toMatch(/missing-quote\.yaml:13 questions\[1\]\.quote — PROMPTS_FIELD_MISSING: /);
  });

  it('reports unknown fields, bad ids and bad enum values each at their own line', () => {
    const result = loadFixture(promptsWith([fixture('malformed', 'bad-fields.yaml')]));
    expect(withCode(result, 'PROMPTS_UNKNOWN_FIELD')[0]).toMatchObject({ path: 'colour', line: 7 });
    const invalid = withCode(result, 'PROMPTS_SCHEMA_INVALID');
    const id = invalid.find((e) => e.path === 'questions[0].id');
    expect(id).toMatchObject({ line: 9 });
    expect(id?.message).toMatch(/lowercase slug.*got "Bad_Id"/);
    const kind = invalid.find((e) => e.path === 'questions[0].kind');
    expect(kind).toMatchObject({ line: 13 });
    expect(kind?.message).toMatch(/yesno/);
  });

  it('still loads the other files, so one bad file does not hide the rest', () => {
    const result = loadFixture(promptsWith([fixture('malformed', 'wrong-kind.yaml')]));
    expect(result.errors).toHaveLength(1);
    expect(result.partial?.questions.size).toBe(11);
  });
});
