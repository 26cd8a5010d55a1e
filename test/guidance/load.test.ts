import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGuidance } from '../../src/guidance';

const FIXTURE_GUIDANCE = join(__dirname, '..', 'fixtures', 'guidance');

describe('loadGuidance', () => {
  it('loads every document in the folder by id', () => {
    const { docs, errors } = loadGuidance(FIXTURE_GUIDANCE);
    expect(errors).toEqual([]);
    expect([...docs.keys()].sort()).toEqual(['early-help', 'hostile-families']);
    const doc = docs.get('hostile-families');
    expect(doc?.sections.map((s) => s.id)).toEqual([
      '1',
      '7',
      '7.2',
      '8.1',
      'safety',
      'before-a-visit',
      'recording-information',
      'uncited-questions',
    ]);
    expect(doc?.file).toBe('test/fixtures/guidance/hostile-families.md');
    expect(doc?.sections.find((s) => s.id === '7')?.text).toBe(''); // text stops at the sub-heading
  });

  it('skips a README, reports a broken document and keeps the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reflect-guidance-'));
    try {
      writeFileSync(join(dir, 'README.md'), '# About this folder\n');
      writeFileSync(join(dir, 'broken.md'), 'no front matter\n');
      writeFileSync(
        join(dir, 'fine.md'),
        '---\nid: fine\ntitle: T\npublisher: P\nsource: S\nattribution: A\n---\n## Part\nText.\n',
      );
      const { docs, errors } = loadGuidance(dir);
      expect([...docs.keys()]).toEqual(['fine']);
      expect(errors.map((e) => e.code)).toEqual(['GUIDANCE_FRONT_MATTER_MISSING']);
      expect(errors[0]?.file).toMatch(/broken\.md$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing folder', () => {
    expect(loadGuidance('/nonexistent/guidance').errors.map((e) => e.code)).toEqual(['GUIDANCE_DIR_MISSING']);
  });
});
