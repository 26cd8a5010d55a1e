/**
 * One error shape for the whole service. Every error Reflect raises on purpose is a CodedError:
 * a stable code (what operators search the logs for), a message without content, how to fix it,
 * and the cause. Logs carry `describeError(err)`, never the bare class name "Error", so a conflict
 * can be told apart from a database fault.
 */
export interface CodedErrorOptions {
  /** What the operator or user can do about it. */
  fix?: string;
  cause?: unknown;
}

export class CodedError extends Error {
  readonly fix?: string;

  constructor(
    readonly code: string,
    message: string,
    options: CodedErrorOptions = {},
  ) {
    super(message.startsWith(code) ? message : `${code}: ${message}`, { cause: options.cause });
    this.name = new.target.name;
    this.fix = options.fix;
  }
}

/** The class of a thrown value, for logs: "StoreConflictError", "DatabaseError", "TypeError". */
export function errorClass(err: unknown): string {
  if (err instanceof Error) return err.constructor.name || err.name || 'Error';
  if (err === null) return 'null';
  return typeof err;
}

/**
 * The fields a log line carries for an error: its code (ours, or the driver's such as '23505'),
 * its class, and the class and code of its cause. Never the message, which may hold SQL values.
 */
export function describeError(err: unknown): { code: string; errorClass: string; cause?: string } {
  const code = codeOf(err) ?? `UNCODED_${errorClass(err).toUpperCase()}`;
  const cause = err instanceof Error && err.cause !== undefined ? err.cause : undefined;
  const causeCode = cause === undefined ? undefined : codeOf(cause);
  return {
    code,
    errorClass: errorClass(err),
    ...(cause === undefined ? {} : { cause: causeCode ? `${errorClass(cause)}(${causeCode})` : errorClass(cause) }),
  };
}

function codeOf(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') return String(code);
  }
  return undefined;
}
