import { CiConstraintsError } from '../errors.js';

/** Why a Vault call failed, as a closed vocabulary tests can assert on. */
export type VaultFailure =
  | 'unreachable' // connection refused, DNS, TLS handshake, timeout after retries
  | 'sealed' // 503 "Vault is sealed"
  | 'server-error' // other 5xx / 429 after retries
  | 'permission-denied' // 403
  | 'not-found' // 404
  | 'rejected' // 400: bad role, bad JWT, wrong audience, …
  | 'bad-response' // not JSON, wrong shape, too large
  | 'kv-version' // the KV version given does not match the mount
  | 'not-revocable'; // batch tokens

/**
 * A failed Vault call. `message` names the operation and Vault's own error strings (never a
 * request body, response body or token); `failure` is what tests and rules branch on.
 */
export class VaultError extends CiConstraintsError {
  readonly failure: VaultFailure;
  readonly status: number | undefined;
  constructor(failure: VaultFailure, message: string, options: { status?: number; hint?: string; cause?: unknown } = {}) {
    super('api-failed', message, options);
    this.failure = failure;
    this.status = options.status;
  }
}

/** Vault's `errors` array, cut down to something safe to print: at most 3 short, printable strings. */
export function vaultErrorStrings(body: unknown): string[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e): e is string => typeof e === 'string')
    .slice(0, 3)
    .map((e) => e.replace(/[^\x20-\x7e]+/g, ' ').trim().slice(0, 240))
    .filter(Boolean);
}
