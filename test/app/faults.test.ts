/** Smaller faults from issue 13, each a test. */
import type { Activity } from '@microsoft/teams.api';
import { ReflectService } from '../../src/app/service';
import { activityEventId } from '../../src/channels/teams/event-id';
import { loadConfig } from '../../src/config';
import { DEMO_ORG } from '../../src/config/org';
import { parseCommand } from '../../src/core/commands';
import { createLogger } from '../../src/log';
import { loadContent } from '../../src/main';
import { openSqliteStore } from '../../src/store/sqlite';

it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
  'the word %j is not a command (command words are own keys only)',
  (word) => {
    expect(parseCommand(word, false)).toBeUndefined();
    expect(parseCommand(word, true)).toBeUndefined();
  },
);

it('"constructor" typed as an answer gets a reply and is kept as the practitioner wrote it', async () => {
  const store = await openSqliteStore(':memory:');
  await store.migrate();
  const s = new ReflectService({
    store,
    catalog: loadContent(loadConfig({})),
    org: DEMO_ORG,
    log: createLogger('silent'),
  });
  const say = (text: string) => s.handle({ channel: 'local', practitionerId: 'alex', input: { type: 'text', text } });
  await say('hello');
  await say('CR-CTOR');
  const out = await say('constructor');
  expect(out.replies.length).toBeGreaterThan(0);
  const notes = Object.values((await store.getOpenReflection('alex'))?.state.answers ?? {}).map((a) => a.note);
  expect(notes).toContain('constructor');
  await store.close();
});

describe('Teams de-duplication keys', () => {
  const base = { type: 'message', text: 'hi', from: { id: 'u1' }, conversation: { id: 'c1' } } as unknown as Activity;

  it('use the activity id when there is one', () => {
    expect(activityEventId({ ...base, id: 'abc' } as Activity)).toBe('teams:abc');
  });

  it('without an id, two different activities get different keys and a repeat the same one', () => {
    const a = { ...base, timestamp: '2026-12-01T10:00:00Z' } as unknown as Activity;
    const b = { ...base, text: 'second', timestamp: '2026-12-01T10:00:01Z' } as unknown as Activity;
    expect(activityEventId(a)).not.toBe('teams:undefined');
    expect(activityEventId(a)).not.toBe(activityEventId(b));
    expect(activityEventId(a)).toBe(activityEventId(JSON.parse(JSON.stringify(a)) as Activity));
    expect(activityEventId({ ...a, id: '' } as Activity)).toMatch(/^teams:h:/);
  });
});
