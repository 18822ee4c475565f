import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { webhookExample } from '../context/fixtures.js';
import { DIST, parseFileCommands, ROOT, runNode, tempDir } from '../helpers/spawn.js';

/** Runs dist/verify-trigger.js exactly as the runner does: INPUT_*, GITHUB_* variables and file commands. */
function runAction(event: string, payload: unknown, vars: Record<string, string>, inputs: Record<string, string>) {
  const dir = tempDir('cic-runner-');
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), GITHUB_ENV: join(dir, 'env'), GITHUB_STATE: join(dir, 'state') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const eventPath = join(dir, 'event.json');
  if (payload !== undefined) writeFileSync(eventPath, typeof payload === 'string' ? payload : JSON.stringify(payload));
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_SHA: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_ACTOR: 'Codertocat',
    GITHUB_TRIGGERING_ACTOR: 'Codertocat',
    GITHUB_RUN_ID: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'deploy',
    RUNNER_TEMP: dir,
    RUNNER_ENVIRONMENT: 'github-hosted',
    ...files,
    ...vars,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const res = runNode(join(DIST, 'verify-trigger.js'), [], env, dir);
  return { ...res, outputs: parseFileCommands(files.GITHUB_OUTPUT), summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), dir };
}

const POLICY_TEXT = `version: 1
roles:
  deployers: { users: [Codertocat] }
environments:
  production:
    trigger:
      events: [push, workflow_dispatch]
      refs: [refs/heads/main]
      forks: deny
      actors: [deployers]
`;

function policyFile(): string {
  const dir = tempDir('cic-policy-');
  const file = join(dir, 'ci-constraints.yml');
  writeFileSync(file, POLICY_TEXT);
  return file;
}

describe('the bundled GitHub action under the runner contract', () => {
  it('allows a real push payload: outputs, report file and job summary', () => {
    const r = runAction('push', webhookExample('push'), {}, { policy: policyFile(), environment: 'production', mode: 'enforce' });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ decision: 'allow', violations: '0', enforced: 'true', event: 'push', ref: 'refs/heads/main' });
    const report = JSON.parse(readFileSync(r.outputs.report!, 'utf8'));
    expect(report).toMatchObject({ action: 'verify-trigger', decision: 'allow', context: { repository: 'Codertocat/Hello-World', actor: 'Codertocat' } });
    expect(r.summary).toContain('✅ verify-trigger: ALLOW');
    expect(r.summary).toContain('| ✅ | `trigger.actors` |');
  });

  it('denies a real pull_request payload from a fork: failed step, error annotations, deny outputs', () => {
    const payload = webhookExample('pull_request', 'opened') as { pull_request: { head: { repo: { full_name: string } } } };
    payload.pull_request.head.repo.full_name = 'mallory/Hello-World';
    const r = runAction('pull_request', payload, { GITHUB_REF: 'refs/pull/2/merge', GITHUB_ACTOR: 'mallory', GITHUB_TRIGGERING_ACTOR: 'mallory' }, { policy: policyFile(), environment: 'production' });
    expect(r.status).toBe(1);
    expect(r.outputs).toMatchObject({ decision: 'deny', violations: '4' });
    expect(r.stdout).toMatch(/^::error title=ci-constraints verify-trigger%3A trigger\.forks::the code under test comes from mallory\/Hello-World/m);
    expect(r.stdout).toMatch(/^::error title=ci-constraints verify-trigger%3A trigger\.events::/m);
    expect(r.summary).toContain('❌ verify-trigger: DENY');
  });

  it('audit mode: the step passes, the outputs and summary say NOT ENFORCED', () => {
    const r = runAction('push', webhookExample('push'), { GITHUB_REF: 'refs/heads/feature' }, { policy: policyFile(), environment: 'production', mode: 'audit' });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ decision: 'deny', enforced: 'false' });
    expect(r.summary).toContain('NOT ENFORCED');
    expect(r.stdout).toMatch(/^::warning title=.*NOT ENFORCED/m);
  });

  it.each([
    ['a missing GITHUB_EVENT_PATH', { GITHUB_EVENT_PATH: '' }, undefined, /GITHUB_EVENT_PATH is not set/],
    ['an event file that is not JSON', {}, '{"ref": "refs/heads/main",', /GITHUB_EVENT_PATH/],
    ['a missing environment input', {}, '{}', /no environment given/],
  ])('denies with exit 2 on %s, still writing decision=deny', (_what, vars, payload, pattern) => {
    const inputs: Record<string, string> = { policy: policyFile() };
    if (_what !== 'a missing environment input') inputs.environment = 'production';
    const r = runAction('push', payload, vars as Record<string, string>, inputs);
    expect(r.status).toBe(2);
    expect(r.outputs.decision).toBe('deny');
    expect(r.stdout).toMatch(pattern);
    expect(r.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('runs from the repository root exactly as action.yml names it', () => {
    const meta = readFileSync(join(ROOT, 'actions/verify-trigger/action.yml'), 'utf8');
    expect(meta).toMatch(/using: 'node24'/);
    expect(meta).toMatch(/main: '\.\.\/\.\.\/dist\/verify-trigger\.js'/);
  });
});
