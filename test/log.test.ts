/**
 * Answer text, notes and identifiers never reach the logs, even at trace level, through a whole
 * reflection that is shared, picked up and replied to.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../src/log';
import { startTestApp, type TestApp } from './support/app';
import { call, driveToPreview, press } from './support/local-client';

const MARKER = 'ZEBRA-NOTE-7731';
const lines: string[] = [];
let app: TestApp;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  app = await startTestApp({}, { log: createLogger('trace', sink) });
});
afterAll(() => app.stop());

it('logs ids and codes, never what the practitioner or supervisor wrote', async () => {
  const { preview } = await driveToPreview(app.url, 'alex', {
    caseRef: 'CR-LOG-SECRET',
    contact: 'home-visit',
    engagement: 'hostile',
    childSeen: 'seen-alone',
    notes: { 'hf-colluding': `${MARKER} mum on 07700 900123` },
  });
  await press(app.url, 'alex', preview, 'share');
  const threads = (await call(app.url, 'GET', '/local/threads?supervisor=sam')).json.threads as Array<{ id: string }>;
  await call(app.url, 'POST', `/local/threads/${threads[0]!.id}/replies`, { user: 'sam', text: `reply ${MARKER}` });
  const all = lines.join('');
  expect(lines.length).toBeGreaterThan(10); // the turns of a short reflection were logged…
  expect(all).toMatch(/"msg":"turn"/);
  expect(all).not.toContain(MARKER); // …but not their content
  expect(all).not.toContain('07700');
  expect(all).not.toContain('CR-LOG-SECRET');
});

it('the redaction list censors content fields that a careless call might pass', () => {
  const out: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out.push(chunk.toString());
      done();
    },
  });
  createLogger('info', sink).info(
    {
      text: MARKER,
      note: MARKER,
      payload: { text: MARKER },
      headers: { authorization: 'Bearer s3cret' },
      caseRef: 'CR-9',
    },
    'careless',
  );
  expect(out.join('')).not.toMatch(new RegExp(`${MARKER}|s3cret|CR-9`));
  expect(out.join('')).toContain('[redacted]');
});
