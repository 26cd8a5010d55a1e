import { failures, loadCorpus, parseCorpusLine, score } from '../../scripts/redaction-score';

describe('redaction evaluation (npm run redaction:eval)', () => {
  const corpus = loadCorpus();

  it('has at least 300 labelled sentences, many with no identifier at all', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(corpus.filter((s) => s.gold.length === 0).length).toBeGreaterThanOrEqual(100);
  });

  it("meets issue 12's targets: recall 99% for structured identifiers, 95% for names, addresses, schools; precision 95%", () => {
    const s = score(corpus);
    expect(failures(s)).toEqual([]);
  });

  it('scores a half-redacted name as a miss, and an extra span as a false positive', () => {
    // A detector that leaves "Brien" behind, as the old one did ("[PERSON]Brien").
    const halfFinder = (text: string) => [{ kind: 'name' as const, start: 6, end: 11, value: text.slice(6, 11) }];
    const half = score([parseCorpusLine("hello [[name:Ms O'Brien]]")], halfFinder);
    expect(half.recall.name).toEqual({ found: 0, total: 1 });
    expect(half.falsePositives).toEqual([]);
    expect(score([parseCorpusLine("hello [[name:Ms O'Brien]]")]).recall.name).toEqual({ found: 1, total: 1 });
    const fp = score([parseCorpusLine('call 07700 900123 today')]);
    expect(fp.falsePositives).toHaveLength(1);
    expect(failures(fp)).toContain('precision 0.0% < 95%');
  });
});
