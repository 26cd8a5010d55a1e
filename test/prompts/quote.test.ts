import { matchingPrefix, normaliseQuoteText, quoteOccurs } from '../../src/prompts/quote';

describe('quote normalisation', () => {
  it('evens out quotes, dashes, emphasis, pipes, bullets and whitespace', () => {
    expect(normaliseQuoteText('‘a’ “b” c–d—e ′f″ **bold** _it_ | cell |\n- item\n  • dot')).toBe(
      `'a' "b" c-d-e 'f" bold it cell item dot`,
    );
  });

  it('matches a quote across wrapped lines and emphasis but stays case-sensitive', () => {
    const text = normaliseQuoteText('Am I **afraid to\nconfront** family members?');
    expect(quoteOccurs('Am I afraid to confront family members?', text)).toBe(true);
    expect(quoteOccurs('am I afraid to confront family members?', text)).toBe(false);
    expect(quoteOccurs('   ', text)).toBe(false);
  });

  it('finds where a quote stops matching', () => {
    const text = normaliseQuoteText('Am I focusing on the needs of the child?');
    expect(matchingPrefix('Am I focussing on the needs', text)).toBe('Am I');
    expect(matchingPrefix('Nothing like it', text)).toBe('');
  });
});
