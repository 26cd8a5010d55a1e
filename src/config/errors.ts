import type { z } from 'zod';
import { CodedError, type CodedErrorOptions } from '../errors';

export class ConfigError extends CodedError {
  constructor(code: string, message: string, options?: CodedErrorOptions) {
    super(code, message, options);
  }
}

export function formatZodIssues(issues: z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}
