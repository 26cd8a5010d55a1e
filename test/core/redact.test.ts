import {
  caseRefConcerns,
  findIdentifiers,
  isValidNhsNumber,
  pseudonymise,
  redact,
  restore,
} from '../../src/core/redact';

describe('redact', () => {
  it.each([
    ['call mum on 07700 900123 tomorrow', 'phone number'],
    ['landline (0161) 496 0000', 'phone number'],
    ['+44 7700 900123', 'phone number'],
    ['email jo.bloggs@example.org', 'email address'],
    ['moved to M1 1AE last week', 'postcode'],
    ['lives near sw1a 1aa', 'postcode'],
    ['NHS 943 476 5919 on the letter', 'NHS number'],
    ['NI QQ 12 34 56 C', 'National Insurance number'],
    ['born 03/04/2019', 'date'],
    ['born 3rd April 2019', 'date'],
    ['spoke to Mrs Okafor at the door', 'name'],
    ['her son Jayden was not seen', 'name'],
  ])('removes the identifier in %j', (text, label) => {
    const out = redact(text);
    expect(out.text).toContain(`[${label} removed]`);
    expect(out.findings.length).toBeGreaterThan(0);
  });

  it('finds untitled first names and surnames, and keeps roles readable', () => {
    expect(redact('Spoke to Sarah about Jayden at school').text).toBe(
      'Spoke to [name removed] about [name removed] at school',
    );
    expect(redact('mum (Kelly) said dad Tyrone was out').text).toBe(
      'mum ([name removed]) said dad [name removed] was out',
    );
    expect(redact('Met Mohammed Ali at the door').text).toBe('Met [name removed] at the door');
    expect(redact('Nan Brenda looks after Kai on Tuesdays').text).toBe(
      'Nan [name removed] looks after [name removed] on Tuesdays',
    );
  });

  it('leaves words that can be names alone where they are not', () => {
    for (const text of [
      'Will check with school in May.',
      'I felt Hope was low in the house.',
      'Agreed to review progress. Mark the file.',
    ]) {
      expect(findIdentifiers(text).filter((f) => f.kind === 'name')).toEqual([]);
    }
  });

  it('keeps ordinary practice language intact', () => {
    const text = 'The child was seen alone for 10 minutes. Mum said things are better. Agreed 3 tasks, 1 done.';
    expect(redact(text).text).toBe(text);
  });

  it('does not mistake an ordinary ten-digit number for an NHS number', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(findIdentifiers('ref 9434765918').some((f) => f.kind === 'nhs')).toBe(false);
  });
});

describe('pseudonymise', () => {
  it('numbers placeholders, keeps them stable across calls, and restores them for the practitioner only', () => {
    const first = pseudonymise('Mrs Okafor on 07700 900123');
    expect(first.text).toBe('[PERSON_1] on [PHONE_1]');
    const second = pseudonymise('again 07700 900123, and jo@example.org', first.map);
    expect(second.text).toBe('again [PHONE_1], and [EMAIL_1]');
    expect(restore('Call [PERSON_1] on [PHONE_1]', second.map)).toBe('Call Mrs Okafor on 07700 900123');
  });
});

describe('caseRefConcerns', () => {
  it('accepts case references and warns on names, numbers and addresses', () => {
    expect(caseRefConcerns('CR-2041')).toEqual([]);
    expect(caseRefConcerns('EH/2026/118')).toEqual([]);
    expect(caseRefConcerns('Jayden Smith')).toContain('name');
    expect(caseRefConcerns('07700 900123')).toContain('phone number');
    expect(caseRefConcerns('12 Acacia Road')).toContain('address');
  });
});
