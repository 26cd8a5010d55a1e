import {
  caseRefConcerns,
  findIdentifiers,
  isValidNhsNumber,
  pseudonymise,
  redact,
  nameWords,
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

describe('the leaks in issue 12', () => {
  it.each([
    ['Call Mrs Okafor on 07700 900123 about her son Jayden', ['Okafor', '07700', 'Jayden']],
    ['lives at 12 Acacia Avenue', ['Acacia']],
    ['moved to 12 High Street', ['12 High']],
    ['goes to Lea Manor High School', ['Lea Manor']],
    ["St Mary's Primary rang", ['Mary']],
    ['Oak Tree Nursery say she is hungry', ['Oak Tree']],
    ['registered at Parkside Surgery', ['Parkside']],
    ['born 2017-03-14', ['2017']],
    ['born March 14th 2017', ['14th', '2017']],
    ['dob 14 Mar 17', ['14 Mar']],
    ['Kayden was upset', ['Kayden']],
    ['Oliwia was quiet', ['Oliwia']],
    ['Summer said she was hungry', ['Summer']],
    ['Faith told me she was scared', ['Faith']],
    ['auntie Shanice was there', ['Shanice']],
    ['Dad Dean answered the door', ['Dean']],
    ['kayden and oliwia were off school', ['kayden', 'oliwia']],
    ["Ms O'Brien was present", ['Brien']],
    ['ring 07700\u200B900123', ['900123']],
    ['ring \uFF10\uFF17\uFF17\uFF10\uFF10 \uFF19\uFF10\uFF10\uFF11\uFF12\uFF13', ['\uFF19\uFF10\uFF10']],
    ['ring 44 7700 900123', ['7700']],
  ])('%j leaks nothing', (text, secrets) => {
    const out = redact(text).text;
    for (const s of secrets) expect(out).not.toContain(s);
  });

  it('a surname shown to be a name once is a name everywhere in the text, plural and possessive too', () => {
    expect(
      redact('Mrs Okafor opened the door. Okafor shouted. The Okafors are known, Okafor’s car was there.').text,
    ).toBe(
      '[name removed] opened the door. [name removed] shouted. The [name removed] are known, [name removed]’s car was there.',
    );
    expect(redact("Ms O'Brien was present").text).toBe('[name removed] was present');
  });

  it('accepts the names the reflection has already shown, from its earlier text', () => {
    expect(redact('Okafor shouted at the kids').text).toBe('[name removed] shouted at the kids');
    const known = nameWords('Spoke to Mrs Adeyemi-Brown at the door');
    expect(known).toContain('adeyemi-brown');
    expect(redact('adeyemi-brown was angry', { knownNames: known }).text).toBe('[name removed] was angry');
    expect(redact('Zubair was angry', { knownNames: ['Zubair'] }).text).toBe('[name removed] was angry');
  });

  it('keeps the offsets of the original text when Unicode is normalised for detection', () => {
    const text = 'tel \uFF10\uFF17\uFF17\uFF10\uFF10 \uFF19\uFF10\uFF10\uFF11\uFF12\uFF13 ok';
    const [f] = findIdentifiers(text);
    expect(f).toMatchObject({ kind: 'phone', value: text.slice(4, text.length - 3) });
  });
});

describe('precision: ordinary words survive', () => {
  it.each([
    'I will visit in May.',
    'there is hope things will improve',
    'we went to Bath for contact',
    'said grace before tea',
    'mum has lost faith in us',
    'the summer holidays are a worry',
    'Mark the file as seen.',
    'the gas bill is high',
    'I will chase the housing officer',
    'Family Court hearing next week',
    'her primary school rang',
    'the GP surgery has no record',
    'seen 3 times a week in a row',
    'Christmas was difficult',
    'dad speaks Polish and some English',
    'it may rain so contact moved inside',
    'his foster carer is kind',
    'year 9 is when things went wrong',
  ])('%j is unchanged', (text) => {
    expect(redact(text).text).toBe(text);
  });
});
