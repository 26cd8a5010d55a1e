import { CodedError } from '../errors';

/** Errors raised by the assistance layer. They carry codes; their messages never contain content. */
export type LlmErrorCode = 'LLM_PROMPTS_MISSING' | 'LLM_PROMPTS_INVALID' | 'LLM_CONFIG_INCOMPLETE';

export class LlmError extends CodedError {
  declare readonly code: LlmErrorCode;
  constructor(code: LlmErrorCode, message: string) {
    super(code, message);
  }
}
