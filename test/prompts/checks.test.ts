/** Cross-checks not covered by the evil fixtures, each driven by a small inline file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatError } from '../../src/prompts';
import { VALID_PROMPTS, cleanTempDirs, codes, loadFixture, promptsWith } from './helpers';

afterAll(cleanTempDirs);

const SET_HEAD = `kind: set
id: extra
title: Extra
description: Inline test set.
order: 50
restsOn: [hostile-families#7.2]
`;
const Q = (id: string, more = ''): string =>
  `  - id: ${id}\n    text: Did you focus?\n    source: hostile-families#7.2\n    quote: Am I focusing on the needs of the child?\n    kind: yesno\n${more}`;

function loadExtra(yaml: string, replace: Record<string, string> = {}): ReturnType<typeof loadFixture> {
  return loadFixture(promptsWith([], { 'extra.yaml': yaml, ...replace }));
}

describe('sources', () => {
  it('requires a source on every question outside the context file', () => {
    const result = loadExtra(`${SET_HEAD}questions:\n  - { id: unsourced, text: Anything?, kind: yesno }\n`);
    expect(codes(result.errors)).toEqual(['PROMPTS_SOURCE_REQUIRED']);
    expect(result.errors[0]).toMatchObject({ path: 'questions[0].source', line: 8 });
  });

  it('reports an unknown guidance document, listing the known ones', () => {
    const result = loadExtra(`${SET_HEAD.replace('hostile-families#7.2', 'nowhere#1')}questions:\n${Q('q-doc')}`);
    expect(codes(result.errors)).toEqual(['PROMPTS_SOURCE_DOC_NOT_FOUND']);
    expect(result.errors[0]).toMatchObject({ path: 'restsOn[0]', line: 6 });
    expect(result.errors[0]?.message).toMatch(/early-help, hostile-families/);
  });

  it('suggests the section where a misplaced quote does appear', () => {
    const yaml = `${SET_HEAD}questions:\n${Q('q-misplaced').replace('hostile-families#7.2', 'hostile-families#8.1')}`;
    const result = loadExtra(yaml);
    expect(codes(result.errors)).toEqual(['PROMPTS_QUOTE_NOT_FOUND']);
    expect(result.errors[0]?.message).toMatch(/cite hostile-families#7\.2/);
  });
});

describe('follow-ups', () => {
  it('requires follow-up targets to exist and be followUpOnly', () => {
    const yaml = `${SET_HEAD}questions:\n${Q('asker', '    followUps:\n      - { on: ["yes"], ask: [plain, missing] }\n')}${Q('plain')}`;
    const result = loadExtra(yaml);
    expect(codes(result.errors)).toEqual(['PROMPTS_FOLLOW_UP_NOT_FOLLOW_UP_ONLY', 'PROMPTS_UNKNOWN_FOLLOW_UP']);
  });

  it('warns about a followUpOnly question that nothing asks', () => {
    const result = loadExtra(`${SET_HEAD}questions:\n${Q('orphan', '    followUpOnly: true\n')}`);
    expect(result.errors.map(formatError)).toEqual([]);
    expect(codes(result.warnings)).toEqual(['PROMPTS_FOLLOW_UP_ONLY_UNREFERENCED']);
    expect(result.warnings[0]?.path).toBe('questions[0].followUpOnly');
  });

  it('names a self-loop as a cycle', () => {
    const result = loadExtra(
      `${SET_HEAD}questions:\n${Q('loop', '    followUpOnly: true\n    followUps:\n      - { on: ["no"], ask: [loop] }\n')}`,
    );
    expect(result.errors.find((e) => e.code === 'PROMPTS_FOLLOW_UP_CYCLE')?.message).toMatch(/loop → loop/);
  });

  it('lets text questions fire on "any" only', () => {
    const yaml = `${SET_HEAD}questions:\n  - id: free\n    text: Anything else?\n    source: hostile-families#7.2\n    quote: Am I focusing on the needs of the child?\n    kind: text\n    flags:\n      - { on: ["yes"], flag: child-not-in-focus }\n`;
    const result = loadExtra(yaml);
    expect(codes(result.errors)).toEqual(['PROMPTS_UNKNOWN_CHOICE']);
    expect(result.errors[0]?.message).toMatch(/expected one of: any/);
  });
});

describe('placeholders and scales', () => {
  it('warns about placeholders outside the messages file but allows them in it', () => {
    const result = loadExtra(
      `${SET_HEAD}questions:\n${Q('braces').replace('Did you focus?', 'Did {supervisor} know?')}`,
    );
    expect(result.errors).toEqual([]);
    expect(codes(result.warnings)).toEqual(['PROMPTS_UNKNOWN_PLACEHOLDER']);
  });

  it('checks contact placeholders in the messages file too', () => {
    const bot = readFileSync(join(VALID_PROMPTS, 'bot.yaml'), 'utf8').replace('{contacts.mash}', '{contacts.police}');
    const result = loadFixture(promptsWith([], { 'bot.yaml': bot }));
    expect(codes(result.errors)).toEqual(['PROMPTS_UNKNOWN_CONTACT_KEY']);
    expect(result.errors[0]?.path).toBe('messages.urgentSignpost');
  });

  it('rejects a scale that does not rise', () => {
    const yaml = `${SET_HEAD}questions:\n  - id: flat\n    text: How worried?\n    source: hostile-families#7.2\n    quote: Am I focusing on the needs of the child?\n    kind: scale\n    scale: { min: 5, max: 5, minLabel: a, maxLabel: b }\n`;
    expect(codes(loadExtra(yaml).errors)).toEqual(['PROMPTS_SCALE_RANGE']);
  });

  it('Not sure raises the same flag as the concerning answer, unless the flag is urgent', () => {
    const withFlag = (on: string, severity: string) =>
      `${SET_HEAD}questions:\n${Q('worry', `    flags:\n      - { on: [${on}], flag: worry-flag }\n`)}flags:\n  - id: worry-flag\n    severity: ${severity}\n    title: Worry\n    text: Talk it through.\n    source: hostile-families#7.2\n    quote: Am I focusing on the needs of the child?\n`;
    const missing = loadExtra(withFlag('yes', 'concern'));
    expect(codes(missing.errors)).toEqual(['PROMPTS_UNSURE_NOT_FLAGGED']);
    expect(missing.errors[0]?.path).toBe('questions[0].flags[0].on');
    expect(loadExtra(withFlag('yes, unsure', 'concern')).errors).toEqual([]);
    expect(loadExtra(withFlag('no', 'urgent')).errors).toEqual([]);
  });
});

describe('context', () => {
  const context = readFileSync(join(VALID_PROMPTS, 'context.yaml'), 'utf8');

  it('requires each context key once', () => {
    const changed = context.replace('contextKey: childSeen', 'contextKey: engagement');
    const result = loadFixture(promptsWith([], { 'context.yaml': changed }));
    expect(codes(result.errors)).toEqual(['PROMPTS_CONTEXT_KEY_DUPLICATE', 'PROMPTS_CONTEXT_KEY_MISSING']);
    expect(result.errors.map((e) => e.message).join('\n')).toMatch(/contextKey: childSeen/);
  });

  it('requires situation answers to be choices of the matching context question', () => {
    const changed = context.replace('engagement: [hostile]', 'engagement: [furious]');
    const result = loadFixture(promptsWith([], { 'context.yaml': changed }));
    expect(codes(result.errors)).toEqual(['PROMPTS_SITUATION_UNKNOWN_CHOICE']);
    expect(result.errors[0]).toMatchObject({ path: 'situations[0].when.engagement[0]' });
    expect(result.errors[0]?.message).toMatch(/engaged, hostile, avoidant/);
  });

  it('checks offer.when situations', () => {
    const hostile = readFileSync(join(VALID_PROMPTS, 'hostile.yaml'), 'utf8').replace(
      'when: [no-contact, child-unseen]',
      'when: [no-contact, nightfall]',
    );
    const result = loadFixture(promptsWith([], { 'hostile.yaml': hostile }));
    expect(codes(result.errors)).toEqual(['PROMPTS_UNKNOWN_SITUATION']);
    expect(result.errors[0]?.path).toBe('offer.when[1]');
  });
});

describe('core limits', () => {
  const many = (n: number): string => Array.from({ length: n }, (_, i) => Q(`q-many-${i}`)).join('');

  it('accepts a situation set that five reflections of its core can cover', () => {
    const result = loadExtra(`${SET_HEAD}appliesTo: [no-contact]\ncore: 3\nquestions:\n${many(10)}`);
    expect(codes(result.errors)).toEqual([]);
  });

  it('reports a set whose questions five reflections of its core would never all reach', () => {
    const result = loadExtra(`${SET_HEAD}appliesTo: [no-contact]\ncore: 2\nquestions:\n${many(16)}`);
    expect(codes(result.errors)).toEqual(['PROMPTS_CORE_COVERAGE']);
    expect(result.errors[0]?.file).toMatch(/extra\.yaml$/);
    expect(result.errors[0]?.message).toMatch(/would never ask q-many-/);
  });

  it('reports a core that would take more than 12 messages to Share', () => {
    const closing = `${SET_HEAD.replace('id: extra', 'id: closing-two')}always: true\nclosing: true\ncore: 2\nquestions:\n${many(2)}`;
    const result = loadExtra(closing);
    expect(codes(result.errors)).toContain('PROMPTS_CORE_TOO_LONG');
    expect(result.errors.find((e) => e.code === 'PROMPTS_CORE_TOO_LONG')?.message).toMatch(/2 closing screen/);
  });
});
