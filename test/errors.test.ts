import { ConfigError } from '../src/config/errors';
import { CodedError, describeError } from '../src/errors';
import { LlmError } from '../src/llm/errors';
import { StoreError } from '../src/store/errors';
import { StoreConflictError } from '../src/store/port';
import { errName } from '../src/delivery/outbox';

describe('one CodedError shape', () => {
  it('every module error is a CodedError with a code, a message and an optional fix and cause', () => {
    const cause = new TypeError('boom');
    const errors = [
      new ConfigError('CONFIG_ENV_INVALID', 'x'),
      new StoreError('STORE_UNREACHABLE', 'y', { cause, fix: 'start Postgres' }),
      new StoreConflictError('r1'),
      new LlmError('LLM_PROMPTS_MISSING', 'z'),
    ];
    for (const e of errors) {
      expect(e).toBeInstanceOf(CodedError);
      expect(e.message.startsWith(`${e.code}: `)).toBe(true);
    }
    expect(errors[1]?.cause).toBe(cause);
    expect(errors[1]?.fix).toBe('start Postgres');
    expect(errors[2]?.fix).toMatch(/retry/);
  });

  it('a log line names the code and the class of the cause, never "Error" alone', () => {
    const pg = Object.assign(new Error('duplicate key'), { code: '23505' });
    const e = new StoreError('STORE_DUPLICATE_ID', 'dup', { cause: pg });
    expect(describeError(e)).toEqual({ code: 'STORE_DUPLICATE_ID', errorClass: 'StoreError', cause: 'Error(23505)' });
    expect(describeError(new StoreConflictError('r')).code).toBe('STORE_CONFLICT');
    expect(describeError(new RangeError('x'))).toEqual({ code: 'UNCODED_RANGEERROR', errorClass: 'RangeError' });
    expect(errName(e)).toBe('STORE_DUPLICATE_ID (cause: Error(23505))');
    expect(errName(new Error('x'))).not.toBe('Error');
  });
});
