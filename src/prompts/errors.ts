/**
 * Load errors for guidance and prompt files. Every problem names the file, the YAML path and the
 * line, says what was expected and how to fix it, so a content author can act without reading code.
 * The loaders never throw on bad content: they collect these and carry on where they safely can.
 */

/** Each code with the standing advice on how to fix it; the message adds the specifics. */
const HINTS = {
  GUIDANCE_DIR_MISSING: 'create the folder or pass the right one with --guidance',
  GUIDANCE_READ_FAILED: 'check the file exists and is readable',
  GUIDANCE_FILE_TOO_LARGE: 'guidance files over 1 MB are refused; split the document',
  GUIDANCE_FRONT_MATTER_MISSING: 'start the file with --- then id, title, publisher, source, attribution, then ---',
  GUIDANCE_FRONT_MATTER_INVALID: 'fix the front matter field named',
  GUIDANCE_ID_MISMATCH: 'make the front matter id equal the file name without .md',
  GUIDANCE_DUPLICATE_SECTION: 'give one of the headings an explicit id with a trailing {#custom-id}',
  GUIDANCE_BAD_SECTION_ID: 'section ids may use only letters, digits, "." and "-"; add a trailing {#custom-id}',
  PROMPTS_DIR_MISSING: 'create the folder or pass the right one with --prompts',
  PROMPTS_READ_FAILED: 'check the file exists and is readable',
  PROMPTS_FILE_TOO_LARGE: 'prompt files over 1 MB are refused unparsed; split the set into smaller files',
  PROMPTS_NOT_TEXT: 'save the file as UTF-8 YAML text',
  PROMPTS_EMPTY_FILE: 'add content starting with kind: set, context or messages, or delete the file',
  PROMPTS_YAML_SYNTAX: 'fix the YAML syntax at that line (indentation, quotes, colons)',
  PROMPTS_YAML_ALIAS_BOMB: 'remove the YAML anchors and aliases (&name / *name); write the content out',
  PROMPTS_NOT_A_MAPPING: 'the file must be a YAML mapping starting with kind:',
  PROMPTS_UNKNOWN_KIND: 'set kind to one of: set, context, messages',
  PROMPTS_FIELD_MISSING: 'add the field',
  PROMPTS_UNKNOWN_FIELD: 'remove the field or fix its spelling',
  PROMPTS_SCHEMA_INVALID: 'change the value to what is expected',
  PROMPTS_MESSAGES_FILE_COUNT: 'keep exactly one file with kind: messages (prompts/bot.yaml)',
  PROMPTS_CONTEXT_FILE_COUNT: 'keep exactly one file with kind: context',
  PROMPTS_SOURCE_REQUIRED: 'add source: "<doc-id>#<section>" and the quote it rests on',
  PROMPTS_SOURCE_DOC_NOT_FOUND: 'use the id of a guidance/<id>.md file, or add that document',
  PROMPTS_SOURCE_SECTION_NOT_FOUND:
    'use a section id that exists in that document (run npm run prompts:check to list them)',
  PROMPTS_QUOTE_NOT_FOUND: 'copy the quote word for word from the section it cites, or cite the section that holds it',
  PROMPTS_DUPLICATE_ID: 'rename one of them; ids must be unique',
  PROMPTS_UNKNOWN_FLAG: 'define the flag under flags: in a set, or fix the flag id',
  PROMPTS_UNKNOWN_CHOICE: 'use one of the question’s choice ids (or "any" for a text question)',
  PROMPTS_UNKNOWN_FOLLOW_UP: 'name an existing question id under ask:',
  PROMPTS_FOLLOW_UP_NOT_FOLLOW_UP_ONLY: 'set followUpOnly: true on the question that is asked as a follow-up',
  PROMPTS_FOLLOW_UP_CYCLE: 'remove one follow-up so no question leads back to itself',
  PROMPTS_FOLLOW_UP_ONLY_UNREFERENCED: 'name it in a follow-up, or drop followUpOnly so it is asked in order',
  PROMPTS_UNKNOWN_CONTACT_KEY: 'use a key listed under contactKeys in prompts/bot.yaml, or add it there',
  PROMPTS_UNKNOWN_PLACEHOLDER: 'only {contacts.KEY} is filled in outside prompts/bot.yaml; write the words out',
  PROMPTS_UNKNOWN_SITUATION: 'use a situation id defined in the context file',
  PROMPTS_CONTEXT_KEY_DUPLICATE: 'give each context question a different contextKey',
  PROMPTS_CONTEXT_KEY_MISSING: 'add a context question with that contextKey',
  PROMPTS_SITUATION_UNKNOWN_CHOICE: 'use a choice id of the context question with that contextKey',
  PROMPTS_SCALE_RANGE: 'make scale.min smaller than scale.max',
  PROMPTS_UNSURE_NOT_FLAGGED: 'add unsure to the flag rule: Not sure raises the same flag as the concerning answer',
  PROMPTS_CORE_TOO_LONG: 'lower coreQuestions in the context file or core: in the sets, or merge context questions',
  PROMPTS_CORE_COVERAGE:
    "raise the set's core:, or merge questions that ask the same thing, so rotation reaches them all",
} as const;

export type ErrorCode = keyof typeof HINTS;

export interface LoadError {
  code: ErrorCode;
  file: string;
  path: string; // "questions[3].quote"; "" for the whole file
  line: number; // 1-based; 0 when no line applies (a missing folder, a refused file)
  message: string;
}

/** Warnings have the same shape; they never stop the catalog loading. */
export type LoadWarning = LoadError;

export interface Where {
  file: string;
  path: string;
  line: number;
}

/** Builds an error whose message is the specific problem followed by how to fix it. */
export function problem(code: ErrorCode, where: Where, detail: string, fix: string = HINTS[code]): LoadError {
  return { code, file: where.file, path: where.path, line: where.line, message: `${detail} (${fix})` };
}

/** `prompts/hostile.yaml:42 questions[3].quote — PROMPTS_QUOTE_NOT_FOUND: … (how to fix)` */
export function formatError(error: LoadError): string {
  const place = error.line > 0 ? `${error.file}:${error.line}` : error.file;
  const path = error.path ? ` ${error.path}` : '';
  return `${place}${path} — ${error.code}: ${error.message}`;
}

export type PathItem = string | number;

/** ["questions", 3, "quote"] → "questions[3].quote" */
export function formatPath(path: readonly PathItem[]): string {
  let out = '';
  for (const item of path) {
    if (typeof item === 'number') out += `[${item}]`;
    else out += out ? `.${item}` : item;
  }
  return out;
}
