/**
 * Errors carry intent. A ConfigError is the user's to fix (bad policy, bad input, unknown
 * environment) and exits 2; any other CiConstraintsError is an operational failure judged as a
 * deny. Both are fail-closed: neither ever lets a pipeline through.
 */
export type ErrorCode =
  | 'policy-not-found'
  | 'policy-too-large'
  | 'policy-yaml'
  | 'policy-invalid'
  | 'policy-digest-mismatch'
  | 'unknown-environment'
  | 'usage'
  | 'context-invalid'
  | 'input-invalid'
  | 'api-failed'
  | 'oidc-failed'
  | 'io-failed'
  | 'internal';

export class CiConstraintsError extends Error {
  readonly code: ErrorCode;
  /** A short fix hint shown after the message. */
  readonly hint?: string;
  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
  }
}

/** A mistake in how the tool was configured or called: exit code 2. */
export class ConfigError extends CiConstraintsError {}

export function errorMessage(err: unknown): string {
  if (err instanceof CiConstraintsError) return err.hint ? `${err.message}\n  fix: ${err.hint}` : err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
