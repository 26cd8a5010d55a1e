/** The pure check-in core: commands, durations, and what a turn schedules (clock as a value). */
import { handleCheckin, parseCheckinCommand, parseDuration, type CheckinContext } from '../../src/core/checkin';
import { fixtureCatalog } from './fixture';

describe('durations', () => {
  it.each([
    ['45', 45],
    ['45 min', 45],
    ['45 minutes', 45],
    ['90m', 90],
    ['1h', 60],
    ['1 hour', 60],
    ['1.5h', 90],
    ['1h30', 90],
    ['2h 15m', 135],
  ])('reads %s as %i minutes', (text, minutes) => expect(parseDuration(text)).toBe(minutes));

  it.each(['', 'soon', '-5', '1 day', '45 secs', 'h'])('cannot read %p', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
});

describe('commands', () => {
  it('reads checkin with or without a case, checkout in its forms, and extend', () => {
    expect(parseCheckinCommand('checkin', false)).toEqual({ kind: 'checkin' });
    expect(parseCheckinCommand('Check in CR-2041', false)).toEqual({ kind: 'checkin', caseRef: 'CR-2041' });
    expect(parseCheckinCommand('/reflect checkin CR-1', false)).toEqual({ kind: 'checkin', caseRef: 'CR-1' });
    for (const t of ['checkout', 'check out', "I'm out", 'i’m out'])
      expect(parseCheckinCommand(t, false)).toEqual({ kind: 'checkout' });
    expect(parseCheckinCommand('back', true)).toEqual({ kind: 'checkout' });
    expect(parseCheckinCommand('back', false)).toBeUndefined(); // "back" is the reflection's when nothing is open
    expect(parseCheckinCommand('extend 30', true)).toEqual({ kind: 'extend', amount: '30' });
    expect(parseCheckinCommand('I checked in on mum', false)).toBeUndefined();
  });
});

describe('a check-in turn', () => {
  const ctx = (now: Date): CheckinContext => {
    let n = 0;
    return {
      catalog: fixtureCatalog(),
      contacts: {},
      now,
      newId: () => `id-${++n}`,
      practitionerId: 'alex',
      channel: 'local',
      graceMinutes: 15,
      timeZone: 'Europe/London',
      offerBeforeVisit: () => false,
    };
  };

  it('schedules the prompt at the expected time and the overdue alert after the grace period', () => {
    const now = new Date('2026-07-01T13:00:00Z'); // 14:00 in London (BST)
    const draft = handleCheckin(undefined, { type: 'text', text: 'checkin CR-5' }, ctx(now)).writes[0]?.record;
    const r = handleCheckin(draft, { type: 'text', text: '45' }, ctx(now));
    expect(r.replies[0]?.text).toMatch(/I'll check on you at 14:45/);
    expect(r.timers.map((t) => [t.kind, t.dueAt])).toEqual([
      ['checkin.prompt', '2026-07-01T13:45:00.000Z'],
      ['checkin.overdue', '2026-07-01T14:00:00.000Z'],
    ]);
    expect(r.writes[0]).toMatchObject({ record: { status: 'open' }, expectedVersion: 1 });
  });
});
