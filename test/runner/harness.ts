// Runs the shipped bundle the way users run it: `node dist/<action>.js` (and `<action>-post.js`)
// under the GitHub runner contract (INPUT_*, GITHUB_EVENT_PATH with a real webhook payload, one
// set of file-command files per step, GITHUB_STATE handed to the post step as STATE_<name>), and
// `node dist/cli.js <action> [command] ...` as a shell step would. Children are spawned
// asynchronously: the test servers (Vault, OIDC, echo endpoints) live in the jest process.
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { githubEnv, webhookExample } from '../context/fixtures.js';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export function tempDir(prefix = 'cic-runner-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

let snapshot: string | undefined;
/**
 * A private copy of dist/ (or of CI_CONSTRAINTS_DIST) per test file: dist/ is rebuilt by others
 * while tests run (the build starts by deleting it), and all steps of one test must run the same
 * bytes. A missing bundle is an error, never a skip.
 */
export function dist(): string {
  if (snapshot) return snapshot;
  const src = process.env.CI_CONSTRAINTS_DIST ?? join(ROOT, 'dist');
  const ready = () => existsSync(join(src, 'cli.js')) && existsSync(join(src, 'lib', 'index.js'));
  for (let i = 0; i < 60 && !ready(); i++) spawnSync('sleep', ['0.5']);
  if (!ready()) throw new Error(`${src}/cli.js is missing: run \`npm run build\` before the runner tests`);
  const dir = join(tempDir('cic-runner-dist-'), 'dist');
  cpSync(src, dir, { recursive: true });
  snapshot = dir;
  return dir;
}

export interface Report {
  action: string;
  decision: 'allow' | 'deny';
  mode: string;
  violations: { rule: string; message: string }[];
  checks: { rule: string; status: string; message: string; seen?: unknown; required?: unknown }[];
  notes: string[];
  details?: Record<string, any>;
}

export interface Spawned {
  code: number;
  stdout: string;
  stderr: string;
}

export function spawnAsync(args: string[], env: Record<string, string>, cwd: string, user: { uid?: number; gid?: number } = {}): Promise<Spawned> {
  return new Promise((done) => {
    execFile(process.execPath, args, { env, cwd, timeout: 30_000, maxBuffer: 16 * 1024 * 1024, ...user }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 99) : 0;
      done({ code, stdout, stderr });
    });
  });
}

import { parseFileCommandText as parseFileCommands } from '../helpers/spawn.js';
export { parseFileCommands };

/** The values the runner would mask: `::add-mask::` lines, unescaped as the runner does. */
export function maskedValues(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('::add-mask::'))
    .map((l) => l.slice('::add-mask::'.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'));
}

/** Standard output without the add-mask lines (the only place a secret may legitimately appear). */
export function unmaskedStdout(stdout: string): string {
  return stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
}

/** Every regular file under a directory, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) out.push(...filesUnder(p));
    else if (s.isFile()) out.push(p);
  }
  return out;
}

export interface StepFiles {
  GITHUB_OUTPUT: string;
  GITHUB_ENV: string;
  GITHUB_STATE: string;
  GITHUB_STEP_SUMMARY: string;
  GITHUB_PATH: string;
}

export interface StepRun extends Spawned {
  files: StepFiles;
  outputs: Record<string, string>;
  exported: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  report: Report | undefined;
  /** Ids of the failed rules in the report, sorted and unique. */
  failed: string[];
}

/** One job: a workspace (cwd), RUNNER_TEMP, the event payload and the variables every step sees. */
export class Job {
  /** The job's root: workspace, RUNNER_TEMP and the event file live under it. */
  readonly root: string;
  readonly workspace: string;
  readonly runnerTemp: string;
  readonly eventPath: string;
  readonly env: Record<string, string>;
  private steps = 0;

  constructor(opts: { event?: string; payload?: unknown; env?: Record<string, string | undefined>; workspace?: string } = {}) {
    const root = tempDir('cic-job-');
    this.root = root;
    this.workspace = opts.workspace ?? join(root, 'work');
    this.runnerTemp = join(root, 'temp');
    mkdirSync(this.workspace, { recursive: true });
    mkdirSync(this.runnerTemp, { recursive: true });
    this.eventPath = join(root, 'event.json');
    const event = opts.event ?? 'push';
    writeFileSync(this.eventPath, JSON.stringify(opts.payload ?? webhookExample(event)));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: root,
      CI: 'true',
      RUNNER_TEMP: this.runnerTemp,
      GITHUB_WORKSPACE: this.workspace,
      GITHUB_EVENT_PATH: this.eventPath,
    };
    for (const [k, v] of Object.entries({ ...githubEnv({ GITHUB_EVENT_NAME: event, GITHUB_RUN_ID: String(process.pid) }), ...opts.env })) if (v !== undefined) env[k] = v;
    this.env = env;
  }

  write(name: string, content: string | Buffer): string {
    const p = join(this.workspace, name);
    mkdirSync(resolve(p, '..'), { recursive: true });
    writeFileSync(p, content);
    return p;
  }

  /** Let an unprivileged user run steps of this job (tests that drop root). */
  shareWithAnyUser(): void {
    for (const d of [this.root, this.workspace, this.runnerTemp]) chmodSync(d, 0o777);
    for (const f of filesUnder(this.root)) chmodSync(f, 0o666);
    this.shared = true;
  }
  private shared = false;

  private stepFiles(): StepFiles {
    const dir = join(this.runnerTemp, '_runner_file_commands', `step-${++this.steps}`);
    mkdirSync(dir, { recursive: true, mode: 0o777 });
    if (this.shared) for (const d of [dirname(dir), dir]) chmodSync(d, 0o777);
    const files = {
      GITHUB_OUTPUT: join(dir, 'set_output'),
      GITHUB_ENV: join(dir, 'set_env'),
      GITHUB_STATE: join(dir, 'save_state'),
      GITHUB_STEP_SUMMARY: join(dir, 'step_summary'),
      GITHUB_PATH: join(dir, 'add_path'),
    };
    for (const f of Object.values(files)) writeFileSync(f, '', { mode: this.shared ? 0o666 : 0o644 });
    if (this.shared) for (const f of Object.values(files)) chmodSync(f, 0o666);
    return files;
  }

  /** `uses: <action>` (main) — or its post step when `state` (the main step's GITHUB_STATE) is given. */
  async step(entry: string, inputs: Record<string, string>, extra: { env?: Record<string, string>; state?: Record<string, string>; user?: { uid: number; gid: number } } = {}): Promise<StepRun> {
    const files = this.stepFiles();
    const env: Record<string, string> = { ...this.env, ...files, ...extra.env };
    // The runner passes every input that has a default in action.yml, then the `with:` inputs, as
    // INPUT_<NAME upper-cased, spaces as _> (hyphens kept); expressions in defaults are evaluated.
    for (const [k, v] of Object.entries({ ...actionDefaults(entry.replace(/-post$/, '')), ...inputs })) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
    for (const [k, v] of Object.entries(extra.state ?? {})) env[`STATE_${k}`] = v;
    const res = await spawnAsync([join(dist(), `${entry}.js`)], env, this.workspace, extra.user);
    const outputs = parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8'));
    const report = outputs.report && existsSync(outputs.report) ? (JSON.parse(readFileSync(outputs.report, 'utf8')) as Report) : undefined;
    return {
      ...res,
      files,
      outputs,
      exported: parseFileCommands(readFileSync(files.GITHUB_ENV, 'utf8')),
      state: parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8')),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
      report,
      failed: failedRules(report),
    };
  }

  /** `run: ci-constraints <args>` in this job (the runner's variables, no INPUT_*). */
  async cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    return runCli(args, { ...this.env, ...this.stepFiles(), ...env }, this.workspace);
  }
}

/** An Actions job token, as `${{ github.token }}` evaluates (the runner masks it). */
export const JOB_TOKEN = 'ghs_runnerJobToken0123456789abcdefABCDEF';

/** The defaults of actions/<action>/action.yml, with `${{ github.token }}` evaluated. */
export function actionDefaults(action: string): Record<string, string> {
  const meta = parse(readFileSync(join(ROOT, 'actions', action, 'action.yml'), 'utf8')) as { inputs?: Record<string, { default?: unknown }> };
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(meta.inputs ?? {})) {
    if (spec.default === undefined) continue;
    out[name] = String(spec.default).replace(/\$\{\{\s*github\.token\s*\}\}/g, JOB_TOKEN);
  }
  return out;
}

export function failedRules(report: Report | undefined): string[] {
  return [...new Set((report?.checks ?? []).filter((c) => c.status === 'fail').map((c) => c.rule))].sort();
}

export interface CliRun extends Spawned {
  report: Report | undefined;
  failed: string[];
}

/**
 * `node dist/cli.js ARGS` with exactly `env` (plus PATH). The JSON report is read back from
 * `--report FILE` (added when absent): on GitHub, standard output also carries workflow commands.
 */
export async function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<CliRun> {
  const argv = args.includes('--report') ? args : [...args, '--report', join(tempDir('cic-cli-report-'), 'report.json')];
  const res = await spawnAsync([join(dist(), 'cli.js'), ...argv], { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, ...env }, cwd);
  const file = resolve(cwd, argv[argv.indexOf('--report') + 1]!);
  const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Report) : undefined;
  return { ...res, report, failed: failedRules(report) };
}

/** A directory that is a git checkout with one commit (the local platform's context comes from git). */
export function gitInit(dir: string): void {
  const git = (...a: string[]) => {
    const r = spawnSync('git', a, { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } });
    if (r.status !== 0) throw new Error(`git ${a.join(' ')}: ${r.stderr}`);
  };
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=ci@example.test', '-c', 'user.name=ci', 'commit', '-q', '--allow-empty', '-m', 'init');
}
