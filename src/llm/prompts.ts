/**
 * The system prompts, kept as Markdown under PROMPTS_DIR/llm/ so a safeguarding lead can read and
 * change exactly what a model is told. Loaded once at startup; a missing or empty file stops
 * startup (when assistance is configured) rather than sending a model no instructions.
 */
import path from 'node:path';
import { readTextFile } from '../prompts/files';
import { LlmError } from './errors';

export interface LlmPrompts {
  triage: string;
  followUp: string;
  polish: string;
}

const FILES: Record<keyof LlmPrompts, string> = { triage: 'triage.md', followUp: 'follow-up.md', polish: 'polish.md' };
// A system prompt is sent with every call and counted against the budget: keep it short.
const MAX_PROMPT_CHARS = 8000;

export function loadLlmPrompts(dir: string): LlmPrompts {
  const read = (key: keyof LlmPrompts): string => {
    const file = path.join(dir, FILES[key]);
    const result = readTextFile(file);
    if (!result.ok)
      throw new LlmError(
        'LLM_PROMPTS_MISSING',
        `${file} could not be read (${result.reason}); assistance is configured, so its system prompts are required. Restore the file or unset the LLM settings.`,
      );
    const text = result.text.trim();
    if (!text) throw new LlmError('LLM_PROMPTS_INVALID', `${file} is empty.`);
    if (text.length > MAX_PROMPT_CHARS)
      throw new LlmError(
        'LLM_PROMPTS_INVALID',
        `${file} has ${text.length} characters; the limit is ${MAX_PROMPT_CHARS}.`,
      );
    return text;
  };
  return { triage: read('triage'), followUp: read('followUp'), polish: read('polish') };
}
