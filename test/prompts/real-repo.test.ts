/**
 * The real content in guidance/ and prompts/ must load cleanly, and the quote check must bite on it:
 * changing one character of a quoted passage in a copy of the guidance must fail, naming the question.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatError, loadCatalog } from '../../src/prompts';
import { ROOT, cleanTempDirs, copyDir, tempDir } from './helpers';

afterAll(cleanTempDirs);

const GUIDANCE = join(ROOT, 'guidance');
const PROMPTS = join(ROOT, 'prompts');

describe('the real guidance and prompts', () => {
  const result = loadCatalog({ guidanceDir: GUIDANCE, promptsDir: PROMPTS });

  it('load with zero errors', () => {
    expect(result.errors.map(formatError)).toEqual([]);
    expect(result.catalog).toBeDefined();
    expect(result.catalog?.sets.length).toBeGreaterThan(0);
  });

  it('fail, naming the question, when one character of a quoted passage changes', () => {
    const catalog = result.catalog ?? result.partial;
    // Pick a question whose quote appears character for character exactly once in its guidance
    // file, so the altered character is certainly inside the passage it cites.
    const target = [...(catalog?.questions.values() ?? [])].find((q) => {
      const doc = q.source ? catalog?.guidance.get(q.source.split('#')[0] ?? '') : undefined;
      return doc && q.quote && readFileSync(join(ROOT, doc.file), 'utf8').split(q.quote).length === 2;
    });
    expect(target).toBeDefined(); // the real prompts must hold at least one quoted question
    if (!target?.quote || !target.source) return;
    const doc = catalog?.guidance.get(target.source.split('#')[0] ?? '');
    if (!doc) return;

    const guidanceCopy = tempDir('reflect-guidance-');
    copyDir(GUIDANCE, guidanceCopy);
    const file = join(guidanceCopy, `${doc.id}.md`);
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf(target.quote);
    // Alter the first letter in the middle of the quote: one character, nothing else.
    let i = at + Math.floor(target.quote.length / 2);
    while (!/[A-Za-z]/.test(text[i] ?? '')) i++;
    const altered = text[i] === 'x' ? 'y' : 'x';
    writeFileSync(file, text.slice(0, i) + altered + text.slice(i + 1));

    const broken = loadCatalog({ guidanceDir: guidanceCopy, promptsDir: PROMPTS });
    expect(broken.catalog).toBeUndefined();
    const named = broken.errors.filter(
      (e) => e.code === 'PROMPTS_QUOTE_NOT_FOUND' && e.message.includes(`question "${target.id}"`),
    );
    expect(named).toHaveLength(1);
    expect(formatError(named[0]!)).toMatch(
      /^prompts\/.+\.yaml:\d+ questions\[\d+\]\.quote — PROMPTS_QUOTE_NOT_FOUND: /,
    );
  });
});
