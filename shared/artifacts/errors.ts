import { CiConstraintsError, type ErrorCode } from '../errors.js';

/** Why an artifact operation failed; tests assert these codes, never message text. */
export type ArtifactErrorReason =
  | 'file-missing'
  | 'file-unreadable'
  | 'file-changed'
  | 'file-type'
  | 'symlink-loop'
  | 'glob-empty'
  | 'path-invalid'
  | 'checksums-invalid'
  | 'key-missing'
  | 'key-unreadable'
  | 'key-invalid'
  | 'key-type'
  | 'bundle-invalid'
  | 'statement-invalid'
  | 'decision-invalid'
  | 'tar-invalid'
  | 'git-failed'
  | 'output-conflict';

const BASE: Record<ArtifactErrorReason, ErrorCode> = {
  'file-missing': 'io-failed',
  'file-unreadable': 'io-failed',
  'file-changed': 'io-failed',
  'file-type': 'input-invalid',
  'symlink-loop': 'io-failed',
  'glob-empty': 'input-invalid',
  'path-invalid': 'input-invalid',
  'checksums-invalid': 'input-invalid',
  'key-missing': 'input-invalid',
  'key-unreadable': 'io-failed',
  'key-invalid': 'input-invalid',
  'key-type': 'input-invalid',
  'bundle-invalid': 'input-invalid',
  'statement-invalid': 'input-invalid',
  'decision-invalid': 'input-invalid',
  'tar-invalid': 'input-invalid',
  'git-failed': 'io-failed',
  'output-conflict': 'input-invalid',
};

/** An artifact operation that could not be completed. Always judged as a deny (fail closed). */
export class ArtifactError extends CiConstraintsError {
  readonly reason: ArtifactErrorReason;
  constructor(reason: ArtifactErrorReason, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(BASE[reason], message, options);
    this.reason = reason;
  }
}

/** Map a node fs error on `path` to an ArtifactError with a fix hint; never includes file content. */
export function fsError(err: unknown, path: string, what = 'file'): ArtifactError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (err instanceof ArtifactError) return err;
  switch (code) {
    case 'ENOENT':
      return new ArtifactError('file-missing', `${what} "${path}" does not exist`, { hint: 'check the path (relative to the working directory) and that the build produced it', cause: err });
    case 'EACCES':
    case 'EPERM':
      return new ArtifactError('file-unreadable', `${what} "${path}" is not readable (${code})`, { hint: 'fix its permissions so the job user can read it', cause: err });
    case 'ELOOP':
      return new ArtifactError('symlink-loop', `${what} "${path}" is a symbolic link loop`, { hint: 'remove or fix the symbolic link', cause: err });
    case 'EISDIR':
      return new ArtifactError('file-type', `${what} "${path}" is a directory`, { cause: err });
    default:
      return new ArtifactError('file-unreadable', `${what} "${path}" could not be read (${code ?? (err instanceof Error ? err.message : String(err))})`, { cause: err });
  }
}
