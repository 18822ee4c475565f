import { ACTION_NAMES, isActionName, loadAction } from './actions/index.js';
import type { ActionName } from './decision.js';
import { ConfigError, errorMessage } from './errors.js';
import { didYouMean } from './policy/load.js';
import { detectPlatform } from './platform/context.js';
import { stdoutIsTerminal, writeStd } from './platform/stdio.js';
import { processEnv, type Env } from './platform/env.js';
import { createPlatform, type RunnerPlatform } from './platform/index.js';
import type { PlatformName } from './context/types.js';
import { runAction, VERSION, type RunOptions } from './run.js';

/** Flags every action takes; anything else is an action input (`--name value`). */
const COMMON_FLAGS = ['policy', 'policy-source', 'policy-sha256', 'environment', 'mode', 'format', 'report', 'context', 'at', 'platform', 'junit', 'dotenv', 'codequality', 'sarif-output', 'export-file', 'id-token-variable', 'github-token', 'gitlab-token'];
const BOOLEAN_FLAGS = ['debug', 'verbose', 'help', 'version', 'no-color'];
const SHORT: Record<string, string> = { e: 'environment', p: 'policy', h: 'help' };

const USAGE = `ci-constraints ${VERSION} — a policy wall in front of CI/CD pipelines

usage:
  ci-constraints <action> [command] [--policy F] [--environment E] [--mode enforce|audit]
                 [--format text|json] [--report F] [--context FILE] [--at TIME] [--<input> VALUE ...]
  ci-constraints policy validate [--policy F]
  ci-constraints policy schema
  ci-constraints policy test CASES.yml [--policy F]

actions: ${'{ACTIONS}'}
exit codes: 0 allow, 1 deny, 2 usage or configuration error
`;

interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string>;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const long = /^--([a-z0-9][a-z0-9-]*)(?:=([\s\S]*))?$/.exec(arg);
    const short = /^-([a-z])$/.exec(arg);
    if (!long && !short) {
      if (arg.startsWith('-')) throw new ConfigError('usage', `cannot read the option ${JSON.stringify(arg)}`, { hint: 'options look like --name value or --name=value' });
      positionals.push(arg);
      continue;
    }
    const name = long ? long[1]! : SHORT[short![1]!];
    if (!name) throw new ConfigError('usage', `unknown option ${arg}`);
    if (BOOLEAN_FLAGS.includes(name)) {
      flags[name] = 'true';
      continue;
    }
    let value = long?.[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined) throw new ConfigError('usage', `--${name} needs a value`);
      i++;
    }
    flags[name] = value;
  }
  return { positionals, flags };
}

/** The CLI: parse, compose, and return the exit code. Nothing escapes unreported. */
export async function cli(argv: readonly string[], env: Env = processEnv()): Promise<number> {
  let platform: RunnerPlatform | undefined;
  try {
    const { positionals, flags } = parseArgs(argv);
    if (flags.version) return print(`${VERSION}\n`);
    const [first, second, ...rest] = positionals;
    if (flags.help || first === undefined || first === 'help') return print(USAGE.replace('{ACTIONS}', ACTION_NAMES.join(', ')), first === undefined && !flags.help ? 2 : 0);
    if (first === 'policy') {
      const { policyCommand } = await import('./policy/commands.js');
      return await policyCommand(second, rest, flags, env);
    }
    if (!isActionName(first)) {
      const guess = didYouMean(first, [...ACTION_NAMES, 'policy']);
      throw new ConfigError('usage', `unknown command "${first}"${guess ? ` — did you mean "${guess}"?` : ''}`, { hint: `commands: ${[...ACTION_NAMES, 'policy'].join(', ')}` });
    }
    if (rest.length > 0) throw new ConfigError('usage', `unexpected argument ${JSON.stringify(rest[0])}`);
    const module = await loadAction(first);
    const known = [...COMMON_FLAGS, ...BOOLEAN_FLAGS, ...module.inputs.map((i) => i.name)];
    for (const name of Object.keys(flags)) {
      if (!known.includes(name)) {
        const guess = didYouMean(name, known);
        throw new ConfigError('usage', `${first} has no option --${name}${guess ? ` — did you mean --${guess}?` : ''}`);
      }
    }
    const platformName = (flags.platform ?? detectPlatform(env)) as PlatformName;
    if (!['github', 'gitlab', 'circleci', 'local'].includes(platformName)) throw new ConfigError('usage', `--platform must be github, gitlab, circleci or local, not "${platformName}"`);
    platform = createPlatform(platformName, env, { flags });
    const options = runOptions(first, second ?? 'run', flags, (name) => platform!.input(name), !flags['no-color'] && !env.NO_COLOR && stdoutIsTerminal());
    const { exitCode } = await runAction(platform, env, options);
    return exitCode;
  } catch (err) {
    return fail(err, platform);
  }
}

/** The GitHub entry: the same pipeline, inputs from INPUT_* (the runner contract). */
export async function githubAction(action: ActionName, command: string, env: Env = processEnv()): Promise<number> {
  let platform: RunnerPlatform | undefined;
  try {
    platform = createPlatform('github', env);
    const p = platform;
    if (command === 'post') {
      const post = (await loadAction(action)).post;
      if (!post) throw new ConfigError('usage', `${action} has no post step`);
      command = post;
    }
    // The runner's stdout is a pipe, never a terminal: no colour codes in its log.
    const options = runOptions(action, command, {}, (name) => p.input(name), false);
    const { exitCode } = await runAction(platform, env, options);
    return exitCode;
  } catch (err) {
    return fail(err, platform);
  }
}

export function runOptions(action: ActionName, command: string, flags: Record<string, string>, input: (name: string) => string | undefined, color: boolean): RunOptions {
  const format = input('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new ConfigError('usage', `--format must be text or json, not "${format}"`);
  const options: RunOptions = {
    action,
    command,
    policy: input('policy') ?? 'ci-constraints.yml',
    format,
    color,
    verbose: flags.verbose === 'true',
    debug: flags.debug === 'true',
  };
  const set = <K extends keyof RunOptions>(key: K, name: string) => {
    const v = input(name);
    if (v !== undefined) (options as unknown as Record<string, unknown>)[key] = v;
  };
  set('policySource', 'policy-source');
  set('policySha256', 'policy-sha256');
  set('environment', 'environment');
  set('mode', 'mode');
  set('report', 'report');
  set('contextFile', 'context');
  set('at', 'at');
  return options;
}

function print(text: string, code = 0): number {
  writeStd(1, text);
  return code;
}

function fail(err: unknown, platform: RunnerPlatform | undefined): number {
  const message = `ci-constraints: ${errorMessage(err)}`;
  if (platform) platform.log.error(message);
  else writeStd(2, `${message}\n`);
  return err instanceof ConfigError ? 2 : 1;
}

export { COMMON_FLAGS };
