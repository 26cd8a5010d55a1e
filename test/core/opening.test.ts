/** Reading the opening message: the case reference whole, and the kind of contact or engagement. */
import { findCaseRef } from '../../src/core/opening';

describe('the case reference in an opening message', () => {
  it.each([
    ['phoned mum about early help for EH/2026/118, she refused consent again', 'EH/2026/118'],
    ['Case NA-512 no answer again at the door', 'NA-512'],
    ['visited CR-2041 today, dad shouting', 'CR-2041'],
    ['case reference CR-2041', 'CR-2041'],
    ['file no. 2024/118', '2024/118'],
    ['home visit for 123456', '123456'],
  ])('%s', (text, want) => {
    expect(findCaseRef(text)).toBe(want);
  });

  it('takes nothing that is not a reference', () => {
    expect(findCaseRef('no answer at the door, 24/7 worry')).toBeUndefined();
    expect(findCaseRef('he was shouting at the co-op')).toBeUndefined();
  });

  it('follows the organisation pattern', () => {
    expect(findCaseRef('visit for EH/2026/118 went well', '[A-Z]{2}-\\d{4}')).toBeUndefined();
  });
});
