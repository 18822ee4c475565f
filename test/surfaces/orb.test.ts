// The CircleCI orb: packed with `circleci orb pack` semantics, checked with CircleCI's own parser
// and schema, and its commands' steps executed in bash with CircleCI's variables.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, circleEnv, registeredActions, runOrb, snapshotDist, tempDir, type Orb } from './harness.js';

let pack: any;
let dist: string;
let src: string;
let orb: Orb;

function workspace(): string {
  const dir = tempDir('cic-ws-');
  cpSync(join(ROOT, 'test/surfaces/fixtures/policy.yml'), join(dir, 'ci-constraints.yml'));
  return dir;
}

beforeAll(async () => {
  pack = await import(pathToFileURL(join(ROOT, 'scripts/orb-pack.mjs')).href);
  dist = snapshotDist();
  src = join(tempDir('cic-orb-'), 'src');
  cpSync(join(ROOT, 'circleci-orb/src'), src, { recursive: true });
  pack.embedBundle(dist, src);
  orb = pack.packOrb(src);
}, 60_000);

describe('orb pack', () => {
  it('packs every source file under its key, with includes resolved as whole values', () => {
    const posts = { 'require-vault-secrets': 'revoke', 'ip-guard': 'report' } as Record<string, string>;
    expect(Object.keys(orb.commands).sort()).toEqual(['install', ...Object.keys(orb.jobs), ...Object.keys(orb.jobs).filter((j) => posts[j]).map((j) => `${j}-${posts[j]}`)].sort());
    expect(Object.keys(orb.executors)).toEqual(['default']);
    expect(orb.executors.default.docker[0].image).toMatch(/^cimg\/node:/);
    const run = (orb.commands['verify-trigger']!.steps[1] as any).run;
    expect(run.command).toBe(readFileSync(join(ROOT, 'circleci-orb/src/scripts/run.sh'), 'utf8'));
    expect(run.environment.CIRCLE_PIPELINE_TRIGGER_SOURCE).toBe('<< pipeline.trigger_source >>');
    const install = (orb.commands.install!.steps[0] as any).run.command as string;
    expect(install).toContain(`want=${pack.sha256(pack.bundleTarball(dist))}`);
    // `<<` starts a parameter for CircleCI: the embedded scripts must hold none but parameters.
    for (const text of [install, run.command as string]) expect(text.match(/<<(?!\s*(parameters|pipeline)\.)/g)).toBeNull();
  });

  it('is valid for CircleCI\'s parser and schema, and so are the examples using it', async () => {
    expect(await pack.validateOrb(orb)).toEqual([]);
    for (const [name, example] of Object.entries(orb.examples)) {
      const pins = Object.values((example as any).usage.orbs as Record<string, string>);
      expect({ name, pins }).toEqual({ name, pins: ['ci-constraints/ci-constraints@1.2.3', 'ci-constraints/ci-constraints@1'] });
    }
  });

  it('security-gate takes github-token as an env_var_name (required checks of GitHub-hosted repositories), and the packed orb with it validates', async () => {
    for (const name of ['security-gate', 'verify-trigger']) {
      expect(orb.commands[name]!.parameters!['github-token']).toMatchObject({ type: 'env_var_name', default: 'CI_CONSTRAINTS_GITHUB_TOKEN' });
      expect(orb.jobs[name].parameters['github-token']).toMatchObject({ type: 'env_var_name' });
      const env = (orb.commands[name]!.steps[1] as any).run.environment as Record<string, string>;
      expect(env.CIC_SECRET_GITHUB_TOKEN).toBe('<< parameters.github-token >>');
      expect(String(env.CIC_SECRET_INPUTS).split(' ')).toContain('github-token');
      expect(env.CI_CONSTRAINTS_GITHUB_TOKEN).toBeUndefined();
    }
    expect(await pack.validateOrb(orb)).toEqual([]);
  });

  it('the validation can fail: a broken step, a missing command and a bad example are reported', async () => {
    const broken = structuredClone(orb) as any;
    broken.commands['verify-trigger'].steps.push({ run: { command: 'true', shell_name: 'x', no_output_timeout: [] } });
    broken.jobs['verify-trigger'].steps.push({ 'no-such-command': {} });
    broken.examples['verify-trigger'].usage.workflows = 'nope';
    const problems = (await pack.validateOrb(broken)) as string[];
    expect(problems.some((p) => p.startsWith('schema:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('parser:'))).toBe(true);
  });

  it('rejects an include that is only part of a value, and one outside the source', () => {
    const bad = join(tempDir('cic-orb-bad-'), 'src');
    cpSync(src, bad, { recursive: true });
    writeFileSync(join(bad, 'commands/extra.yml'), 'steps:\n  - run:\n      command: echo <<include(scripts/run.sh)>>\n');
    expect(() => pack.packOrb(bad)).toThrow(/must be the whole value/);
    writeFileSync(join(bad, 'commands/extra.yml'), 'steps:\n  - run:\n      command: <<include(../../etc/passwd)>>\n');
    expect(() => pack.packOrb(bad)).toThrow(/outside the orb source/);
  });

  it('the bundle tarball is deterministic (the release asset can be rebuilt and compared)', () => {
    expect(pack.sha256(pack.bundleTarball(dist))).toBe(pack.sha256(pack.bundleTarball(dist)));
  });
});

describe('orb commands run in bash with CircleCI variables', () => {
  const OIDC = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcmcvYWNtZSJ9.c2lnbmF0dXJlLW5vdC1hLXNlY3JldC1idXQtc2VjcmV0LWxpa2U';

  it('covers the registered actions', () => {
    expect(registeredActions(dist)).toContain('verify-trigger');
    for (const action of registeredActions(dist)) expect(Object.keys(orb.commands)).toContain(action);
  });

  it('allow: push to main by a releaser (webhook) passes, JUnit and the JSON report are written, the OIDC token is never printed', async () => {
    const ws = workspace();
    const home = join(tempDir('cic-home-'), 'home');
    const r = await runOrb(orb, 'verify-trigger', { environment: 'production' }, circleEnv({ CIRCLE_BRANCH: 'main', CIRCLE_USERNAME: 'octocat', CIRCLE_OIDC_TOKEN_V2: OIDC, CIRCLE_OIDC_TOKEN: OIDC }), 'webhook', ws, home);
    expect(r.steps.map((s) => [s.name, s.code])).toEqual([['ci-constraints install', 0], ['ci-constraints verify-trigger', 0], ['store_test_results', 0], ['store_artifacts', 0]]);
    expect(r.passed).toBe(true);
    expect(r.decision).toBe('allow');
    expect(existsSync(join(ws, 'test-results/ci-constraints/verify-trigger.xml'))).toBe(true);
    expect(r.steps.find((s) => s.name === 'store_test_results')!.output).toBe('stored test-results/ci-constraints');
    expect(r.log + readFileSync(join(ws, 'ci-constraints-reports/verify-trigger.json'), 'utf8')).not.toContain(OIDC);
    expect(readFileSync(join(home, '.bundle-sha256'), 'utf8').trim()).toBe(pack.sha256(pack.bundleTarball(dist)));
  });

  it.each([
    ['fork pull request', 'ci', { CIRCLE_BRANCH: 'pull/7', CIRCLE_PR_NUMBER: '7', CIRCLE_PR_USERNAME: 'mallory', CIRCLE_PR_REPONAME: 'ci-constraints', CIRCLE_USERNAME: 'mallory' }, 'webhook', ['trigger.forks']],
    ['tag posing as the main branch', 'production', { CIRCLE_TAG: 'main', CIRCLE_USERNAME: 'octocat' }, 'webhook', ['trigger.refs']],
    ['API-triggered pipeline', 'production', { CIRCLE_BRANCH: 'main', CIRCLE_USERNAME: 'octocat' }, 'api', ['trigger.events']],
    ['someone outside the releasers', 'production', { CIRCLE_BRANCH: 'main', CIRCLE_USERNAME: 'eve' }, 'webhook', ['trigger.actors']],
    ['branch with $(…)', 'ci', { CIRCLE_BRANCH: 'x$(touch pwned)', CIRCLE_USERNAME: 'octocat' }, 'webhook', ['trigger.ref-charset']],
  ])('deny: %s fails the step with the rule in the log', async (_t, environment, env, trigger, rules) => {
    const ws = workspace();
    const r = await runOrb(orb, 'verify-trigger', { environment }, circleEnv(env as Record<string, string>), trigger as string, ws, join(tempDir('cic-home-'), 'home'));
    expect(r.passed).toBe(false);
    expect(r.decision).toBe('deny');
    expect(r.rules).toEqual(rules);
    for (const rule of rules as string[]) expect(r.log).toContain(rule);
    expect(existsSync(join(ws, 'pwned'))).toBe(false);
    // Reports are still stored after the failure (store_* steps run; JUnit exists).
    expect(existsSync(join(ws, 'test-results/ci-constraints/verify-trigger.xml'))).toBe(true);
  });

  it('without pipeline.trigger_source the event is unknown, which no policy allows by accident', async () => {
    const ws = workspace();
    const r = await runOrb(orb, 'verify-trigger', { environment: 'production' }, circleEnv({ CIRCLE_BRANCH: 'main', CIRCLE_USERNAME: 'octocat' }), '', ws, join(tempDir('cic-home-'), 'home'));
    expect(r.rules).toEqual(['trigger.events']);
  });

  it('audit mode passes the step on a deny, NOT ENFORCED', async () => {
    const r = await runOrb(orb, 'verify-trigger', { environment: 'production', mode: 'audit' }, circleEnv({ CIRCLE_BRANCH: 'main', CIRCLE_USERNAME: 'eve' }), 'webhook', workspace(), join(tempDir('cic-home-'), 'home'));
    expect(r.passed).toBe(true);
    expect(r.decision).toBe('deny');
    expect(r.log).toMatch(/NOT ENFORCED/);
  });

  it('a tampered embedded bundle is refused before anything runs', async () => {
    const tampered = structuredClone(orb) as any;
    const step = tampered.commands.install.steps[0].run;
    step.command = step.command.replace(/want=([0-9a-f]{64})/, (_: string, h: string) => `want=${h.slice(0, 63)}${h.endsWith('0') ? '1' : '0'}`);
    const r = await runOrb(tampered, 'verify-trigger', { environment: 'production' }, circleEnv({ CIRCLE_BRANCH: 'main', CIRCLE_USERNAME: 'octocat' }), 'webhook', workspace(), join(tempDir('cic-home-'), 'home'));
    expect(r.passed).toBe(false);
    expect(r.steps[0]!.output).toMatch(/refusing to run it/);
    expect(r.decision).toBeUndefined();
  });

  it('parameters follow CircleCI rules: environment is required, mode is an enum', async () => {
    await expect(runOrb(orb, 'verify-trigger', {}, circleEnv({ CIRCLE_BRANCH: 'main' }), 'webhook', workspace(), tempDir('cic-home-'))).rejects.toThrow(/environment is required/);
    await expect(runOrb(orb, 'verify-trigger', { environment: 'ci', mode: 'warn' }, circleEnv({ CIRCLE_BRANCH: 'main' }), 'webhook', workspace(), tempDir('cic-home-'))).rejects.toThrow(/mode must be one of/);
  });
});
