// .github/workflows/release.yml: valid against GitHub's workflow schema, and its signing steps run
// for real, in bash as the runner would, on the release files (bundle tarball, its .sha256, packed
// orb) with the project's own policy: every file the release publishes exists, the bundle and each
// .sig verify, the key is never on a command line, and a file changed afterwards fails the check.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { CORPUS, REPOSITORY, ROOT, SHA, argvRecorder, parseFileCommands, run, snapshotDist, tempDir, webhookExample } from './harness.js';
import { pemLines, signingKey } from './fixtures.js';

const workflow = parse(readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8'));
const steps = workflow.jobs.release.steps as { name?: string; run?: string; env?: Record<string, string>; 'working-directory'?: string }[];
const step = (name: string) => {
  const s = steps.find((x) => x.name?.startsWith(name));
  if (!s?.run) throw new Error(`release.yml has no step "${name}"`);
  return s;
};

it('is valid against the GitHub workflow schema; signing happens before the tag, and the release publishes the bundle and every .sig', () => {
  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true, validateFormats: false });
  const validate = ajv.compile(JSON.parse(readFileSync(join(CORPUS, 'schemas/github-workflow.json'), 'utf8')));
  expect(validate(workflow) ? [] : validate.errors).toEqual([]);
  const names = steps.map((s) => s.name ?? '');
  expect(names.findIndex((n) => n.startsWith('Sign the release files'))).toBeLessThan(names.findIndex((n) => n.startsWith('Release commit')));
  expect(step('Sign the release files').env).toEqual({ RELEASE_SIGNING_KEY: '${{ secrets.RELEASE_SIGNING_KEY }}' });
  const publish = step('GitHub release').run!;
  for (const f of ['ci-constraints.sigstore.json', 'ci-constraints-dist.tar.gz.sig', 'ci-constraints-dist.tar.gz.sha256.sig', 'ci-constraints-orb.yml.sig', 'ci-constraints-release.pub']) expect(publish).toContain(`release/${f}`);
});

describe('the signing steps, run as the runner runs them', () => {
  const key = signingKey();
  const recorder = argvRecorder();
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = tempDir('cic-release-');
    const dist = snapshotDist();
    cpSync(dist, join(dir, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'ci-constraints.yml'), join(dir, 'ci-constraints.yml'));
    const pack = await import(pathToFileURL(join(ROOT, 'scripts/orb-pack.mjs')).href);
    mkdirSync(join(dir, 'release'));
    const tarball = pack.bundleTarball(dist) as Buffer;
    writeFileSync(join(dir, 'release/ci-constraints-dist.tar.gz'), tarball);
    writeFileSync(join(dir, 'release/ci-constraints-dist.tar.gz.sha256'), `${pack.sha256(tarball)}  ci-constraints-dist.tar.gz\n`);
    writeFileSync(join(dir, 'release/ci-constraints-orb.yml'), 'version: 2.1\n# stands in for the packed orb\n');
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 'r', GIT_AUTHOR_EMAIL: 'r@example.com', GIT_COMMITTER_NAME: 'r', GIT_COMMITTER_EMAIL: 'r@example.com' } });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'release');
    const event = webhookExample('workflow_dispatch');
    writeFileSync(join(dir, 'event.json'), JSON.stringify(event));
    for (const f of ['output', 'env', 'summary', 'state', 'path']) writeFileSync(join(dir, f), '');
    env = {
      PATH: recorder.path, HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8',
      GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_EVENT_PATH: join(dir, 'event.json'), GITHUB_REF: 'refs/heads/main', GITHUB_SHA: SHA,
      GITHUB_REPOSITORY: REPOSITORY, GITHUB_ACTOR: 'octocat', GITHUB_TRIGGERING_ACTOR: 'octocat', GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'release',
      GITHUB_WORKFLOW_REF: `${REPOSITORY}/.github/workflows/release.yml@refs/heads/main`, GITHUB_SERVER_URL: 'https://github.com', GITHUB_API_URL: 'http://127.0.0.1:9',
      GITHUB_OUTPUT: join(dir, 'output'), GITHUB_ENV: join(dir, 'env'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), GITHUB_STATE: join(dir, 'state'), GITHUB_PATH: join(dir, 'path'),
      RUNNER_TEMP: dir, RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64', RUNNER_ENVIRONMENT: 'github-hosted', GITHUB_WORKSPACE: dir,
    };
  }, 60_000);

  const bash = (s: { run?: string; 'working-directory'?: string }, extra: Record<string, string> = {}) =>
    run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', s.run!], { cwd: join(dir, s['working-directory'] ?? '.'), env: { ...env, ...extra } });

  it('sign, then verify: the bundle verifies with sign-artifact and every .sig with openssl; key-id is a step output', async () => {
    const signed = await bash(step('Sign the release files'), { RELEASE_SIGNING_KEY: key.privateKey });
    expect({ code: signed.code, out: signed.stdout.slice(-2000) + signed.stderr.slice(-2000) }).toMatchObject({ code: 0 });
    for (const f of ['ci-constraints.sigstore.json', 'ci-constraints-dist.tar.gz.sig', 'ci-constraints-dist.tar.gz.sha256.sig', 'ci-constraints-orb.yml.sig', 'ci-constraints-release.pub']) expect({ f, exists: existsSync(join(dir, 'release', f)) }).toEqual({ f, exists: true });
    expect(parseFileCommands(readFileSync(join(dir, 'output'), 'utf8'))['key-id']).toMatch(/^[0-9a-f]{64}$/);
    const verified = await bash(step('Verify what will be published'));
    expect({ code: verified.code, out: verified.stdout.slice(-2000) + verified.stderr.slice(-2000) }).toMatchObject({ code: 0 });
    expect(verified.stdout.match(/Verified OK/g)).toHaveLength(3);
    const argv = recorder.read();
    expect(argv).toContain('--key-env RELEASE_SIGNING_KEY');
    // The runner consumes ::add-mask:: commands (they never reach the log) and hides those values.
    const masks = signed.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));
    const log = signed.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n') + signed.stderr;
    for (const line of pemLines(key.privateKey)) {
      expect({ line, argv: argv.includes(line), log: log.includes(line), masked: masks.some((m) => m.includes(line)) }).toEqual({ line, argv: false, log: false, masked: true });
    }
  });

  it('without the secret the step fails instead of publishing unsigned files', async () => {
    const r = await bash(step('Sign the release files'), { RELEASE_SIGNING_KEY: '' });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('RELEASE_SIGNING_KEY secret is not set');
  });

  it('a release file changed after signing fails the verify step', async () => {
    writeFileSync(join(dir, 'release/ci-constraints-orb.yml'), 'version: 2.1\n# swapped\n');
    const r = await bash(step('Verify what will be published'));
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('artifacts.subject-digest');
  });
});
