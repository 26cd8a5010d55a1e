/** The Teams channel's pure pieces: error mapping, card data parsing, escaping in cards, the SDK log bridge. */
import { Writable } from 'node:stream';
import { parseAction, submittedEdits } from '../../../src/channels/teams/actions';
import { editChanges, type EditField } from '../../../src/core/edit-form';
import { answeredCard, questionCard } from '../../../src/channels/teams/cards';
import { retryAfterMs, toDeliveryError } from '../../../src/channels/teams/connector';
import { SdkLogger } from '../../../src/channels/teams/sdk-log';
import { escapeTeams } from '../../../src/channels/shared/escape';
import { createLogger } from '../../../src/log';
import { buttonsOf } from './helpers';

const say = (key: string, vars: Record<string, string | number | undefined> = {}) =>
  `${key}${Object.values(vars)
    .map((v) => ` ${v}`)
    .join('')}`;
const httpError = (status: number, headers: Record<string, unknown> = {}) =>
  Object.assign(new Error('Request failed'), { response: { status, headers, data: { secret: 'body' } } });

describe('connector failures become delivery errors with codes', () => {
  it('honours Retry-After on 429, in seconds or as an HTTP date', () => {
    expect(toDeliveryError(httpError(429, { 'retry-after': '7' })).options.retryAfterMs).toBe(7000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(toDeliveryError(httpError(429)).options.retryAfterMs).toBeGreaterThan(0);
  });

  it('retries 5xx and timeouts, gives up on 401/403/404 with a clear code', () => {
    expect(toDeliveryError(httpError(503))).toMatchObject({ code: 'TEAMS_SERVER_ERROR_503', options: {} });
    expect(toDeliveryError(Object.assign(new Error('timeout'), { code: 'ECONNABORTED' }))).toMatchObject({
      code: 'TEAMS_TIMEOUT',
      options: {},
    });
    expect(toDeliveryError(httpError(401))).toMatchObject({ code: 'TEAMS_UNAUTHORIZED', options: { permanent: true } });
    expect(toDeliveryError(httpError(403))).toMatchObject({ code: 'TEAMS_FORBIDDEN', options: { permanent: true } });
    expect(toDeliveryError(httpError(404))).toMatchObject({
      code: 'TEAMS_CONVERSATION_NOT_FOUND',
      options: { permanent: true },
    });
  });
});

describe('card actions', () => {
  it('accepts an answer and rejects what does not fit the contract', () => {
    expect(parseAction('reflect.answer', { questionId: 'q1', token: 't', choice: 'yes' })).toEqual({
      verb: 'reflect.answer',
      questionId: 'q1',
      token: 't',
      choice: 'yes',
    });
    expect(parseAction(undefined, { verb: 'reflect.answer', choice: 'yes' })).toMatchObject({ choice: 'yes' });
    expect(parseAction('reflect.answer', { questionId: 'q1' })).toBeUndefined();
    expect(parseAction('something.else', { choice: 'x' })).toBeUndefined();
    expect(parseAction('reflect.ack', { threadId: 't1' })).toBeUndefined();
    expect(parseAction('reflect.answer', 'not an object')).toBeUndefined();
  });

  it('turns the edit form into only the changes that differ', () => {
    const action = parseAction('reflect.edit', {
      token: 't',
      'choice:q1': 'no',
      'note:q1': 'same',
      'choice:q2': 'yes',
      'note:q2': 'new words',
    });
    expect(action).toMatchObject({ verb: 'reflect.edit', token: 't' });
    const inputs = action && 'inputs' in action ? action.inputs : {};
    const field = (questionId: string, choice: string, note?: string): EditField => ({
      n: 1,
      questionId,
      question: questionId,
      choices: [],
      choice,
      note,
      noteInput: true,
    });
    const changes = editChanges(submittedEdits(inputs), [field('q1', 'yes', 'same'), field('q2', 'yes')]);
    expect(changes).toEqual([
      { questionId: 'q1', choice: 'no' },
      { questionId: 'q2', note: 'new words' },
    ]);
  });
});

describe('cards', () => {
  it('render one Action.Execute per choice with questionId, token and choice, and escape text', () => {
    const content = questionCard(
      {
        kind: 'question',
        text: 'Was it <b>safe</b>?',
        choices: [
          { id: 'yes', label: 'Yes' },
          { id: 'no', label: 'No' },
        ],
        meta: { questionId: 'q1', token: 'tok', progress: { index: 2, total: 9 }, source: 'Guide §7' },
      },
      say,
    );
    const buttons = buttonsOf(content);
    expect(buttons.map((b) => [b.verb, b.data])).toEqual([
      ['reflect.answer', { choice: 'yes', questionId: 'q1', token: 'tok' }],
      ['reflect.answer', { choice: 'no', questionId: 'q1', token: 'tok' }],
    ]);
    const json = JSON.stringify(content);
    expect(json).toContain('<b>safe</b>'); // Adaptive Cards render no HTML: shown as typed
    expect(json).toContain('teams.progress 2 9');
    expect(json).toContain('teams.source Guide §7');
    expect(content.version).toBe('1.5');
  });

  it('escape only Markdown the renderers read, with no entities, so apostrophes render', () => {
    expect(escapeTeams("don't [x](y) <at>")).toBe("don't \\[x\\](y) <at>");
  });

  it('leave no button on an answered card', () => {
    expect(buttonsOf(answeredCard('Question?', 'Yes', say))).toHaveLength(0);
  });
});

describe('the SDK log bridge', () => {
  it("keeps the SDK's message line and drops activities, bodies and error details", () => {
    let out = '';
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        out += chunk.toString();
        done();
      },
    });
    const sdk = new SdkLogger(createLogger('debug', sink));
    sdk.debug('Handling activity', { text: 'my private note', from: { name: 'Alex' } });
    sdk.error('JWT validation failed', Object.assign(new Error('bad token eyJhbGciOi'), { code: 'ERR_JWT' }));
    sdk.child('http').warn({ response: { data: 'secret body' } });
    expect(out).toContain('Handling activity');
    expect(out).toContain('ERR_JWT');
    expect(out).not.toMatch(/private note|Alex|eyJhbGciOi|secret body/);
  });
});
