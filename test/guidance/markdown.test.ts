import { headingId, parseGuidanceMarkdown, slugify } from '../../src/guidance';

const FRONT = `---
id: sample
title: Sample
publisher: Example Partnership
source: sample.txt
attribution: Example attribution.
---
`;

describe('section ids', () => {
  it.each([
    ['7.2 The Impact on your Assessment', '7.2'],
    ['4. Working with Resistance', '4'],
    ['5.2. Manager’s Responsibilities', '5.2'],
    ['2.13 Families who resist change', '2.13'],
    ['Estimate the size of the problem', 'estimate-the-size-of-the-problem'],
    ['  What Should I Not Do?  ', 'what-should-i-not-do'],
    ['A few Don’ts {#9-donts}', '9-donts'],
    ['12 angry people', '12'],
  ])('%s → %s', (heading, id) => {
    expect(headingId(heading).id).toBe(id);
  });

  it('strips an explicit anchor from the heading text', () => {
    expect(headingId('Keeping Safe {#safety}')).toEqual({ heading: 'Keeping Safe', id: 'safety', explicit: true });
    expect(slugify('--Hello,  World!--')).toBe('hello-world');
  });
});

describe('parseGuidanceMarkdown', () => {
  it('splits the body into sections at every heading level, with 1-based heading lines', () => {
    const body =
      '# Title\n\nPreamble.\n\n## 1. One\n\nFirst text.\n\n### 1.1 Sub\n\nSub text.\n#### Deep {#deep}\nDeep text.\n## Two\nLast.\n';
    const { doc, errors } = parseGuidanceMarkdown(FRONT + body, 'guidance/sample.md', 'sample');
    expect(errors).toEqual([]);
    expect(doc?.sections).toEqual([
      { id: '1', heading: '1. One', text: 'First text.', line: 12 },
      { id: '1.1', heading: '1.1 Sub', text: 'Sub text.', line: 16 },
      { id: 'deep', heading: 'Deep', text: 'Deep text.', line: 19 },
      { id: 'two', heading: 'Two', text: 'Last.', line: 21 },
    ]);
    expect(doc).toMatchObject({
      id: 'sample',
      title: 'Sample',
      publisher: 'Example Partnership',
      file: 'guidance/sample.md',
    });
  });

  it('ignores headings inside fenced code', () => {
    const { doc } = parseGuidanceMarkdown(`${FRONT}## A\n\`\`\`\n## not a heading\n\`\`\`\n`, 'g.md', 'sample');
    expect(doc?.sections.map((s) => s.id)).toEqual(['a']);
  });

  it('keeps numeric dates and versions as text', () => {
    const { doc } = parseGuidanceMarkdown(
      FRONT.replace('---\n', '---\ndate: 2017-12-11\nversion: 1.2\n'),
      'g.md',
      'sample',
    );
    expect(doc).toMatchObject({ date: '2017-12-11', version: '1.2' });
  });

  it('reports duplicate section ids with both lines', () => {
    const { doc, errors } = parseGuidanceMarkdown(`${FRONT}## 3. A\n## 3 B\n`, 'g.md', 'sample');
    expect(doc).toBeUndefined();
    expect(errors).toEqual([expect.objectContaining({ code: 'GUIDANCE_DUPLICATE_SECTION', line: 9, path: '#3' })]);
    expect(errors[0]?.message).toMatch(/line 8/);
  });

  it('rejects a heading whose id cannot be cited', () => {
    const { errors } = parseGuidanceMarkdown(`${FRONT}## ???\n`, 'g.md', 'sample');
    expect(errors.map((e) => e.code)).toEqual(['GUIDANCE_BAD_SECTION_ID']);
  });

  it('requires front matter, its fields, and an id matching the file name', () => {
    expect(parseGuidanceMarkdown('# No front matter\n', 'g.md', 'g').errors.map((e) => e.code)).toEqual([
      'GUIDANCE_FRONT_MATTER_MISSING',
    ]);
    const missing = parseGuidanceMarkdown(
      FRONT.replace('publisher: Example Partnership\n', ''),
      'g.md',
      'sample',
    ).errors;
    expect(missing).toEqual([expect.objectContaining({ code: 'GUIDANCE_FRONT_MATTER_INVALID', path: 'publisher' })]);
    const extra = parseGuidanceMarkdown(FRONT.replace('---\n', '---\nlicence: x\n'), 'g.md', 'sample').errors;
    expect(extra).toEqual([
      expect.objectContaining({ code: 'GUIDANCE_FRONT_MATTER_INVALID', path: 'licence', line: 2 }),
    ]);
    const mismatch = parseGuidanceMarkdown(FRONT, 'guidance/other.md', 'other').errors;
    expect(mismatch).toEqual([expect.objectContaining({ code: 'GUIDANCE_ID_MISMATCH', line: 2 })]);
  });

  it('reports broken front matter YAML with its line in the file', () => {
    const { errors } = parseGuidanceMarkdown('---\nid: sample\ntitle: [unclosed\n---\n', 'g.md', 'sample');
    expect(errors[0]).toMatchObject({ code: 'GUIDANCE_FRONT_MATTER_INVALID' });
    expect(errors[0]?.line).toBeGreaterThanOrEqual(3);
  });
});
