import { coverage, coverageTotals, holdsQuestions } from '../../src/prompts';
import { VALID_PROMPTS, loadFixture } from './helpers';

describe('coverage', () => {
  const catalog = loadFixture(VALID_PROMPTS).catalog;
  if (!catalog) throw new Error('the valid fixture must load');
  const rows = coverage(catalog);
  const row = (ref: string) => rows.find((r) => r.ref === ref);

  it('counts the questions citing each section', () => {
    expect(row('hostile-families#7.2')).toMatchObject({
      questions: 4,
      holdsQuestions: true,
      uncitedWithQuestions: false,
    });
    expect(row('hostile-families#8.1')).toMatchObject({ questions: 1, holdsQuestions: true });
    expect(row('hostile-families#safety')).toMatchObject({ questions: 1, heading: 'Keeping Practitioners Safe' });
  });

  it('marks uncited sections that hold questions', () => {
    expect(rows.filter((r) => r.uncitedWithQuestions).map((r) => r.ref)).toEqual([
      'hostile-families#uncited-questions',
    ]);
    expect(row('hostile-families#recording-information')).toMatchObject({
      questions: 0,
      holdsQuestions: false,
      uncitedWithQuestions: false,
    });
  });

  it('totals the table', () => {
    expect(coverageTotals(rows, catalog)).toEqual({
      sections: 10,
      cited: 4,
      holdingQuestions: 4,
      uncitedWithQuestions: 1,
      questions: 11,
    });
  });

  it('recognises questions and yes/no tables', () => {
    expect(holdsQuestions('Is it safe?**')).toBe(true);
    expect(holdsQuestions('| Question | Yes | No |\n|---|---|---|')).toBe(true);
    expect(holdsQuestions('Question\tYes\tNo')).toBe(true);
    expect(holdsQuestions('Question Yes No')).toBe(true);
    expect(holdsQuestions('No questions? Not here: a question mark mid-line only.')).toBe(false);
  });
});
