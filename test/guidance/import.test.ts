import { parseGuidanceMarkdown } from '../../src/guidance';
import { importProcedure } from '../../src/guidance/import';
import { structure } from '../../src/guidance/import/structure';

const SAMPLE = [
  'Working with Hostile Families',
  '',
  'Contents',
  '1. INTRODUCTION\t2',
  '1.1 CONTEXT.....\t2',
  '',
  '1. Introduction',
  '',
  'This guidance addresses issues that arise.',
  '',
  '  • First point;',
  '- Second point',
  '',
  'Keeping Practitioners Safe',
  '',
  'Prior to a visit consider the following questions:',
  '',
  '  • Why am I visiting at the end of the day?',
  '  • Risky visits should be made in daylight;',
  '',
  'Ordinary text resumes here.',
  '  • Not a question after ordinary text;',
  '',
  '3.3 Sharing Concerns',
  '',
  'Question\tYes\tNo',
  'Are you intimidated by the adult?\t\t',
  '',
  'Do you feel you may have been less than honest?\t\t',
  '',
  '4. Next Part',
  'How does this affect the child?',
].join('\n');

describe('structure', () => {
  const { title, lines } = structure(SAMPLE);

  it('takes the first line as the title and finds numbered and Title-Case headings', () => {
    expect(title).toBe('Working with Hostile Families');
    const headings = lines.flatMap((l) => (l.kind === 'heading' ? [`${l.level} ${l.text}`] : []));
    expect(headings).toEqual([
      '2 1. Introduction',
      '3 Keeping Practitioners Safe',
      '3 3.3 Sharing Concerns',
      '2 4. Next Part',
    ]);
  });

  it('drops contents lines and turns bullets into "- " items', () => {
    expect(lines.some((l) => 'text' in l && /CONTEXT|INTRODUCTION/.test(l.text))).toBe(false);
    expect(lines.filter((l) => l.kind === 'bullet').map((l) => ('text' in l ? l.text : ''))).toContain('First point;');
  });

  it('reads yes/no tables across blank lines', () => {
    expect(lines.filter((l) => l.kind === 'table-row').map((l) => ('text' in l ? l.text : ''))).toEqual([
      'Are you intimidated by the adult?',
      'Do you feel you may have been less than honest?',
    ]);
  });

  it('does not take sentences, questions or long lines for headings', () => {
    const { lines: l2 } = structure(
      'Title\n\nThis Is A Sentence.\n\nIs this really a question?\n\n2. A numbered line that is really a sentence.\n',
    );
    expect(l2.filter((l) => l.kind === 'heading').map((l) => ('text' in l ? l.text : ''))).toEqual(['Introduction']);
  });
});

describe('importProcedure', () => {
  const result = importProcedure(SAMPLE, { inputName: 'sample.txt' });

  it('writes guidance Markdown the loader accepts', () => {
    expect(result.id).toBe('working-with-hostile-families');
    const parsed = parseGuidanceMarkdown(result.markdown, 'guidance/x.md', result.id);
    expect(parsed.errors).toEqual([]);
    expect(parsed.doc?.publisher).toBe('TODO: name the publisher');
    expect(parsed.doc?.source).toBe('sample.txt');
    expect(parsed.doc?.sections.map((s) => s.id)).toEqual(['1', 'keeping-practitioners-safe', '3.3', '4']);
    expect(result.markdown).toContain(
      '| Question | Yes | No |\n|---|---|---|\n| Are you intimidated by the adult? |  |  |',
    );
  });

  it('proposes questions from question lines, lead-in bullets and yes/no rows', () => {
    expect(result.questions.map((q) => [q.id, q.source, q.kind, q.quote])).toEqual([
      [
        'working-with-hostile-families-q1',
        'working-with-hostile-families#keeping-practitioners-safe',
        'text',
        'Why am I visiting at the end of the day?',
      ],
      [
        'working-with-hostile-families-q2',
        'working-with-hostile-families#keeping-practitioners-safe',
        'yesno',
        'Risky visits should be made in daylight;',
      ],
      [
        'working-with-hostile-families-q3',
        'working-with-hostile-families#3.3',
        'yesno',
        'Are you intimidated by the adult?',
      ],
      [
        'working-with-hostile-families-q4',
        'working-with-hostile-families#3.3',
        'yesno',
        'Do you feel you may have been less than honest?',
      ],
      [
        'working-with-hostile-families-q5',
        'working-with-hostile-families#4',
        'text',
        'How does this affect the child?',
      ],
    ]);
    expect(result.questions[1]?.text).toBe('Risky visits should be made in daylight');
    expect(result.draftYaml).toMatch(/^# DRAFT written by guidance:import from sample\.txt/);
    expect(result.draftYaml).toContain('description: DRAFT — review every question before use');
  });

  it('gives text before the first heading a section, and honours --id', () => {
    const r = importProcedure('Notes\n\nIs the child safe today?\n', { inputName: 'n.txt', id: 'notes-doc' });
    expect(r.questions.map((q) => q.source)).toEqual(['notes-doc#introduction']);
  });

  it('keeps existing Markdown headings and tables', () => {
    const md =
      '---\ntitle: old front matter\n---\n# Local Procedure\n\n## Checks {#checks}\n\n| Question | Yes | No |\n|---|---|---|\n| Is the child seen? | | |\n';
    const r = importProcedure(md, { inputName: 'local.md' });
    expect(r.markdown).toContain('## Checks {#checks}');
    expect(r.questions.map((q) => [q.source, q.quote])).toEqual([['local-procedure#checks', 'Is the child seen?']]);
  });

  it('notes when nothing could be proposed', () => {
    expect(importProcedure('Title\n\nNo questions at all.\n', { inputName: 't.txt' }).notes[0]).toMatch(
      /no questions found/,
    );
  });
});
