import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PlatformName } from '../context/types.js';
import { CiConstraintsError } from '../errors.js';
import { fileCommandEntry, shellQuote, workflowCommand } from './commands.js';
import type { Env } from './env.js';
import { Redactor } from './redact.js';
import { writeStd } from './stdio.js';
import type { Logger, Platform } from './types.js';

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
  file?: string;
  line?: number;
}

/** A Platform plus what only the core uses: the job summary and annotations. */
export interface RunnerPlatform extends Platform {
  appendSummary(markdown: string): void;
  annotate(annotation: Annotation): void;
  /** The report on standard output, redacted like every log line. */
  print(text: string): void;
  /** Non-secret outputs collected so far (GitLab writes them to dotenv). */
  readonly outputs: Readonly<Record<string, string>>;
}

export interface PlatformOptions {
  /** CLI flags, by kebab-case name; they win over INPUT_* variables. */
  flags?: Record<string, string>;
  write?: (stream: 'stdout' | 'stderr', text: string) => void;
}

/**
 * What differs between CI systems, in one table: where inputs, the job's temp dir and the OIDC
 * token come from. File commands and annotations exist only on GitHub.
 */
interface PlatformTraits {
  tempRoot(env: Env): string;
  /** Job-scoped id so main and post/revoke invocations of one job share state. */
  jobKey(env: Env): string;
  idTokenVariable?: (env: Env, input: (name: string) => string | undefined) => string | undefined;
}

const TRAITS: Record<PlatformName, PlatformTraits> = {
  github: {
    tempRoot: (env) => env.RUNNER_TEMP || tmpdir(),
    jobKey: (env) => `${env.GITHUB_RUN_ID ?? 'run'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${env.GITHUB_JOB ?? 'job'}`,
  },
  gitlab: {
    tempRoot: () => tmpdir(),
    jobKey: (env) => env.CI_JOB_ID ?? 'job',
    idTokenVariable: (_env, input) => input('id-token-variable') ?? 'CI_CONSTRAINTS_ID_TOKEN',
  },
  circleci: {
    tempRoot: () => tmpdir(),
    jobKey: (env) => `${env.CIRCLE_WORKFLOW_JOB_ID ?? env.CIRCLE_BUILD_NUM ?? 'job'}`,
    idTokenVariable: (env) => (env.CIRCLE_OIDC_TOKEN_V2 ? 'CIRCLE_OIDC_TOKEN_V2' : 'CIRCLE_OIDC_TOKEN'),
  },
  local: {
    tempRoot: () => tmpdir(),
    jobKey: () => `local-${process.pid}`,
    idTokenVariable: (_env, input) => input('id-token-variable') ?? 'CI_CONSTRAINTS_ID_TOKEN',
  },
};

export function createPlatform(name: PlatformName, env: Env, options: PlatformOptions = {}): RunnerPlatform {
  const flags = options.flags ?? {};
  const write = options.write ?? ((stream, text) => writeStd(stream === 'stdout' ? 1 : 2, text));
  const traits = TRAITS[name];
  const redactor = new Redactor();
  const github = name === 'github';
  const outputs: Record<string, string> = {};
  const debugEnabled = flags.debug === 'true' || env.RUNNER_DEBUG === '1' || env.CI_DEBUG_TRACE === 'true';

  // On GitHub, logs go to stdout where the runner parses workflow commands; elsewhere to stderr so
  // stdout carries only the report (`--format json | jq`).
  const logStream = github ? 'stdout' : 'stderr';
  const line = (text: string) => write(logStream, `${redactor.redact(text)}\n`);
  const log: Logger = {
    info: (m) => line(m),
    warning: (m) => line(github ? workflowCommand('warning', {}, m) : `warning: ${m}`),
    error: (m) => line(github ? workflowCommand('error', {}, m) : `error: ${m}`),
    debug: (m) => debugEnabled && line(github ? workflowCommand('debug', {}, m) : `debug: ${m}`),
  };

  let temp: string | undefined;
  const tempDir = () => {
    if (!temp) {
      temp = join(traits.tempRoot(env), `ci-constraints-${traits.jobKey(env).replace(/[^A-Za-z0-9_.-]/g, '_')}`);
      mkdirSync(temp, { recursive: true, mode: 0o700 });
    }
    return temp;
  };
  const stateFile = () => join(tempDir(), 'state.json');
  const readStateFile = (): Record<string, string> => {
    try {
      return JSON.parse(readFileSync(stateFile(), 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const fileCommand = (variable: string, entry: string) => {
    const file = env[variable];
    if (!file) throw new CiConstraintsError('io-failed', `${variable} is not set: this does not look like a GitHub Actions runner`, { hint: 'run inside a GitHub Actions job, or use the CLI with --platform local' });
    appendFileSync(file, entry, { encoding: 'utf8' });
  };

  return {
    name,
    log,
    outputs,
    input(inputName) {
      const flag = flags[inputName];
      if (flag !== undefined && flag !== '') return flag;
      // GitHub's runner passes inputs as INPUT_<NAME>; on every platform CI_CONSTRAINTS_<NAME> works
      // too, so tokens can reach the CLI through the environment instead of the command line.
      const fromRunner = github ? env[`INPUT_${inputName.replace(/ /g, '_').toUpperCase()}`]?.trim() : undefined;
      if (fromRunner) return fromRunner;
      const fromEnv = env[`CI_CONSTRAINTS_${inputName.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`]?.trim();
      return fromEnv ? fromEnv : undefined;
    },
    mask(value) {
      if (!value) return;
      const forms = redactor.add(value);
      // The runner hides a masked value from every later line; multi-line values mask line by line.
      if (github) for (const f of forms) if (!/[\r\n]/.test(f)) write('stdout', `${workflowCommand('add-mask', {}, f)}\n`);
    },
    setOutput(outputName, value, options) {
      if (options?.secret) this.mask(value);
      else outputs[outputName] = value;
      if (github && env.GITHUB_OUTPUT) fileCommand('GITHUB_OUTPUT', fileCommandEntry(outputName, value));
    },
    exportVariable(variable, value) {
      if (github) return fileCommand('GITHUB_ENV', fileCommandEntry(variable, value));
      if (name === 'circleci' && env.BASH_ENV) return appendFileSync(env.BASH_ENV, `export ${checkedName(variable)}=${shellQuote(value)}\n`, { mode: 0o600 });
      // GitLab, CircleCI without BASH_ENV, local: a file the job's script sources.
      const file = this.input('export-file') ?? join(tempDir(), 'env.sh');
      mkdirSync(dirname(file), { recursive: true });
      appendFileSync(file, `export ${checkedName(variable)}=${shellQuote(value)}\n`, { mode: 0o600 });
    },
    tempDir,
    saveState(key, value) {
      if (github && env.GITHUB_STATE) return fileCommand('GITHUB_STATE', fileCommandEntry(key, value));
      writeFileSync(stateFile(), JSON.stringify({ ...readStateFile(), [key]: value }), { mode: 0o600 });
    },
    getState(key) {
      if (github && env[`STATE_${key}`] !== undefined) return env[`STATE_${key}`];
      return readStateFile()[key];
    },
    async idToken(audience) {
      if (github) return githubIdToken(env, audience);
      const variable = traits.idTokenVariable?.(env, (name) => this.input(name));
      const token = variable ? env[variable] : undefined;
      if (!token) {
        throw new CiConstraintsError('oidc-failed', `no OIDC token: ${variable ?? 'the token variable'} is empty`, {
          hint: name === 'gitlab' ? `declare it in the job: id_tokens: { ${variable}: { aud: <audience> } }` : name === 'circleci' ? 'OIDC tokens need a CircleCI context or project with OIDC enabled' : 'set the variable to a JWT',
        });
      }
      return token;
    },
    variable: (variableName) => env[variableName],
    appendSummary(markdown) {
      if (github && env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${redactor.redact(markdown)}\n`);
    },
    print: (text) => write('stdout', redactor.redact(text)),
    annotate(a) {
      if (github) line(workflowCommand(a.level, { title: a.title, file: a.file, line: a.line }, a.message));
    },
  };
}

function checkedName(variable: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new CiConstraintsError('input-invalid', `cannot export ${JSON.stringify(variable)}: not a valid shell variable name`);
  return variable;
}

/** GitHub's OIDC token endpoint (the job needs `permissions: id-token: write`). */
async function githubIdToken(env: Env, audience: string | undefined): Promise<string> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer) {
    throw new CiConstraintsError('oidc-failed', 'ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN are not set: the job cannot request an OIDC token', {
      hint: 'add `permissions: { id-token: write }` to the job',
    });
  }
  const { httpRequest } = await import('./http.js');
  const target = audience ? `${url}${url.includes('?') ? '&' : '?'}audience=${encodeURIComponent(audience)}` : url;
  const res = await httpRequest(target, { headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' }, label: 'GitHub OIDC token endpoint' });
  const value = res.status === 200 ? res.json<{ value?: unknown }>().value : undefined;
  if (typeof value !== 'string' || value === '') throw new CiConstraintsError('oidc-failed', `GitHub OIDC token endpoint answered HTTP ${res.status} without a token`);
  return value;
}
