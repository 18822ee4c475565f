import type { PlatformName } from '../context/types.js';

export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/**
 * Everything an action may do to its CI system goes through this interface, so actions and
 * checks never read environment variables or write file commands themselves.
 */
export interface Platform {
  readonly name: PlatformName;
  readonly log: Logger;
  /** An input by its kebab-case name: a CLI flag, or `INPUT_<NAME>` on GitHub. Empty → undefined. */
  input(name: string): string | undefined;
  /** Register a secret value: every later log line is redacted, and the CI system masks it where it can. */
  mask(value: string): void;
  /**
   * A step output (GitHub `GITHUB_OUTPUT`); elsewhere recorded for the dotenv report. A `secret`
   * output is masked first and is never recorded for any report.
   */
  setOutput(name: string, value: string, options?: { secret?: boolean }): void;
  /** Make a value available to later steps of the job (GitHub `GITHUB_ENV`, CircleCI `BASH_ENV`, GitLab a sourced file). */
  exportVariable(name: string, value: string): void;
  /** A private, job-scoped temporary directory. */
  tempDir(): string;
  /** State handed from a main step to its post step (GitHub `GITHUB_STATE`; a file elsewhere). */
  saveState(name: string, value: string): void;
  getState(name: string): string | undefined;
  /** The run's OIDC token for an audience. Throws a CiConstraintsError when the platform offers none. */
  idToken(audience?: string): Promise<string>;
  /** Read a named platform variable that an action documents (e.g. RUNNER_TEMP); the only env access actions get. */
  variable(name: string): string | undefined;
}
