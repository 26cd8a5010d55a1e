/**
 * Guard: pseudonymise before every call. No phone number, email, postcode, NHS number or date of
 * birth the practitioner typed ever reaches the model; placeholders the model repeats are restored
 * only in the practitioner's own view, and what is shared keeps the placeholders.
 */
import { press } from '../support/local-client';
import type { TestApp } from '../support/app';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai/server';
import {
  assistMessages,
  helpful,
  IDENTIFIERS,
  openState,
  runToPreview,
  SCRIPT,
  share,
  sharedSummary,
  startApp,
  USER,
} from './harness';

let fake: FakeOpenAI;
let app: TestApp;

beforeAll(async () => {
  fake = helpful(await startFakeOpenAI());
  app = await startApp(fake);
});
afterAll(async () => {
  await app.stop();
  await fake.close();
});

/** The identifier as typed, and without its spaces, in case anything normalised it. */
const forms = (value: string) => [value, value.replace(/\s+/g, '')];

describe('what reaches the model', () => {
  let preview: Awaited<ReturnType<typeof runToPreview>>['preview'];

  beforeAll(async () => {
    ({ preview } = await runToPreview(app, SCRIPT));
  });

  it('made triage, follow-up and polish calls carrying the notes, pseudonymised', () => {
    const names = fake.requests.map((r) => r.body.response_format?.json_schema?.name);
    expect(names).toEqual(expect.arrayContaining(['triage', 'follow_up', 'polish']));
    const bodies = fake.allBodies();
    for (const placeholder of ['PHONE_1', 'EMAIL_1', 'POSTCODE_1', 'NHS_1', 'DOB_1'])
      expect(bodies).toContain(placeholder);
  });

  it('no request contains a phone number, email, postcode, NHS number or date of birth the practitioner typed', () => {
    const bodies = fake.allBodies();
    for (const [kind, value] of Object.entries(IDENTIFIERS)) {
      for (const form of forms(value)) expect({ kind, found: bodies.includes(form) }).toEqual({ kind, found: false });
    }
  });

  it('no request contains the case reference or a whole guidance document', () => {
    expect(fake.allBodies()).not.toContain(SCRIPT.caseRef);
    for (const r of fake.requests) expect(r.raw.length).toBeLessThan(12_000);
  });

  it("restores placeholders in the practitioner's own view", async () => {
    const pushed = (await assistMessages(app)).map((m) => m.text).join('\n');
    expect(pushed).toContain(IDENTIFIERS.postcode); // the follow-up repeated [POSTCODE_1]
    expect(pushed).not.toMatch(/\[(PHONE|EMAIL|POSTCODE|NHS|DOB)_\d+\]/);
  });

  it('keeps the pseudonym map with the reflection, and shares only the pseudonymised narrative once approved', async () => {
    const state = await openState(app);
    const kept = Object.values(state.llm?.pseudonyms ?? {});
    expect(kept).toEqual(expect.arrayContaining([IDENTIFIERS.postcode, IDENTIFIERS.nhs, IDENTIFIERS.dob])); // from the notes
    expect(kept).not.toContain(IDENTIFIERS.phone); // only in the opening message, which is not stored
    expect(state.llm?.narrative).toMatch(/\[POSTCODE_1\]/);
    const offer = (await assistMessages(app)).find((m) => m.choices.some((c) => c.id === 'assist:narrative:use'));
    if (!offer) throw new Error('no narrative offered');
    const replies = await press(app.url, USER, offer, 'assist:narrative:use');
    const fresh = replies.find((r) => r.kind === 'preview') ?? preview;
    await share(app, fresh);
    const summary = await sharedSummary(app);
    expect(summary.narrative).toMatch(/\[POSTCODE_1\]/);
    const shared = JSON.stringify(summary);
    for (const value of Object.values(IDENTIFIERS)) expect(shared).not.toContain(value);
  });
});
