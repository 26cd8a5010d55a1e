import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatError, loadPrompts } from '../../src/prompts';
import { loadGuidance } from '../../src/guidance';
import { FIXTURE_GUIDANCE, VALID_PROMPTS, cleanTempDirs, loadFixture, promptsWith, tempDir } from './helpers';

afterAll(cleanTempDirs);

describe('loading the valid fixture', () => {
  const result = loadFixture(VALID_PROMPTS);
  const catalog = result.catalog;

  it('loads with no errors or warnings', () => {
    expect(result.errors.map(formatError)).toEqual([]);
    expect(result.warnings.map(formatError)).toEqual([]);
    expect(catalog).toBeDefined();
  });

  it('builds every question, flag, set and situation', () => {
    expect(catalog?.questions.size).toBe(11);
    expect(catalog?.flags.size).toBe(2);
    expect(catalog?.sets.map((s) => s.id)).toEqual(['child-focus', 'hostile']); // sorted by order
    expect(catalog?.contextSetId).toBe('context');
    expect(catalog?.contextQuestions).toEqual(['case-ref', 'contact-type', 'engagement', 'child-seen']);
    expect(catalog?.situations.map((s) => s.id)).toEqual(['hostile', 'no-contact', 'child-unseen']);
    expect(catalog?.labelRules.map((r) => r.id)).toEqual(['disguised-compliance']);
    expect(catalog?.guidance.size).toBe(2);
  });

  it('gives yes/no questions yes, no and not sure', () => {
    expect(catalog?.questions.get('focus-on-child')?.choices).toEqual([
      { id: 'yes', label: 'Yes' },
      { id: 'no', label: 'No' },
      { id: 'unsure', label: 'Not sure' },
    ]);
  });

  it('gives scale questions one choice per point, labelled at the ends', () => {
    const labels = catalog?.questions.get('worry-level')?.choices.map((c) => `${c.id}=${c.label}`);
    expect(labels).toEqual(['1=1 (not worried)', '2=2', '3=3', '4=4', '5=5 (very worried)']);
  });

  it('ties questions to their set and keeps set details', () => {
    const hostile = catalog?.sets.find((s) => s.id === 'hostile');
    expect(hostile?.questions).toEqual(['afraid-to-confront', 'intimidated', 'worry-level', 'joint-visit']);
    expect(hostile?.offer).toEqual({
      text: 'Would you like to reflect on your own safety too?',
      when: ['no-contact', 'child-unseen'],
    });
    expect(hostile?.actions.map((a) => a.id)).toEqual(['share-with-manager']);
    expect(hostile?.support.map((s) => s.id)).toEqual(['talk-to-manager', 'contact-steps']);
    expect(hostile?.file).toMatch(/hostile\.yaml$/);
    expect(catalog?.questions.get('case-ref')).toMatchObject({
      setId: 'context',
      contextKey: 'caseRef',
      checks: ['identifier'],
    });
    expect(catalog?.questions.get('focus-why')).toMatchObject({
      setId: 'child-focus',
      followUpOnly: true,
      kind: 'text',
    });
  });

  it('takes messages and contact keys from the messages file', () => {
    expect(catalog?.contactKeys).toEqual(['manager', 'mash']);
    expect(catalog?.messages.progress).toBe('Question {n} of {total}.');
  });
});

describe('which files are loaded', () => {
  it('skips drafts and the llm/ folder', () => {
    const dir = promptsWith([], { 'new-set.draft.yaml': 'kind: set\nthis is: [not valid\n' });
    mkdirSync(join(dir, 'llm'));
    writeFileSync(join(dir, 'llm', 'narrative.yaml'), 'kind: whatever\n');
    const result = loadFixture(dir);
    expect(result.errors.map(formatError)).toEqual([]);
  });

  it('requires exactly one messages file and one context file', () => {
    const guidance = loadGuidance(FIXTURE_GUIDANCE).docs;
    const none = loadPrompts(join(tempDir(), 'missing'), guidance);
    expect(none.errors.map((e) => e.code)).toEqual(['PROMPTS_DIR_MISSING']);
    const sets = promptsWith([]);
    writeFileSync(join(sets, 'bot.yaml'), '# no longer a messages file\nkind: context\nid: ctx2\n');
    const result = loadPrompts(sets, guidance);
    expect(result.errors.some((e) => e.code === 'PROMPTS_MESSAGES_FILE_COUNT')).toBe(true);
    expect(result.catalog).toBeUndefined();
    expect(result.partial?.questions.size).toBe(11);
  });

  it('reports a second context file', () => {
    const extra =
      'kind: context\nid: context-two\nquestions:\n  - { id: other-ref, text: Ref?, kind: text, contextKey: caseRef }\nsituations:\n  - { id: any, label: Any, when: {} }\n';
    const result = loadFixture(promptsWith([], { 'zz-context.yaml': extra }));
    const count = result.errors.filter((e) => e.code === 'PROMPTS_CONTEXT_FILE_COUNT');
    expect(count).toHaveLength(1);
    expect(count[0]?.file).toMatch(/zz-context\.yaml$/);
  });
});
