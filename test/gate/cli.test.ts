import { jest } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionModule } from '../../shared/actions/types.js';

// The core's action registry lists only finished actions; register security-gate for this test,
// then run the real core pipeline (context, policy, decision, native reports) in-process.
jest.unstable_mockModule('../../shared/actions/index.js', () => ({
  ACTION_NAMES: ['security-gate'],
  isActionName: (n: string) => n === 'security-gate',
  loadAction: async () => ((await import('../../shared/actions/security-gate.js')) as { default: ActionModule }).default,
}));
const { cli, githubAction } = await import('../../shared/main.js');
const { webhookExample } = await import('../context/fixtures.js');
const { result, rule, run, sarif, tmp, writeJson } = await import('./helpers.js');

const dir = tmp('cic-gate-cli-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const policyFile = join(dir, 'ci-constraints.yml');
writeFileSync(policyFile, 'version: 1\nenvironments:\n  production:\n    gate:\n      sarif: { max: { critical: 0, error: 5 } }\n');
const at = (line: number) => ({ locations: [{ physicalLocation: { artifactLocation: { uri: 'src/db.js' }, region: { startLine: line } } }] });
const sarifFile = writeJson(
  dir,
  'scan.sarif',
  sarif(run('CodeQL', [rule('js/sql-injection', { defaultConfiguration: { level: 'error' }, properties: { 'security-severity': '9.8' } })], [result('js/sql-injection', at(12)), result('js/sql-injection', at(40))])),
);
const cleanFile = writeJson(dir, 'clean.sarif', sarif(run('CodeQL', [], [])));

function capture(): { out: () => string; restore: () => void } {
  let text = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((text += String(c)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((text += String(c)), true));
  return { out: () => text, restore: () => (o.mockRestore(), e.mockRestore()) };
}

describe('security-gate through the core pipeline on each platform', () => {
  it('GitHub: deny, error annotations at file:line, job summary table, outputs', async () => {
    const files = { GITHUB_OUTPUT: join(dir, 'gh-output'), GITHUB_STEP_SUMMARY: join(dir, 'gh-summary'), GITHUB_ENV: join(dir, 'gh-env'), GITHUB_STATE: join(dir, 'gh-state') };
    for (const f of Object.values(files)) writeFileSync(f, '');
    const eventPath = writeJson(dir, 'event.json', webhookExample('push'));
    const env = {
      GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      GITHUB_SHA: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', GITHUB_REF: 'refs/heads/main', GITHUB_ACTOR: 'Codertocat', GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir, ...files,
      INPUT_POLICY: policyFile, INPUT_ENVIRONMENT: 'production', INPUT_MODE: 'enforce', INPUT_SARIF: 'scan.sarif', 'INPUT_WAIT-FOR-CHECKS': '0s',
    };
    const c = capture();
    let code: number;
    try {
      code = await githubAction('security-gate', 'run', env);
    } finally {
      c.restore();
    }
    expect(code).toBe(1);
    expect(c.out()).toMatch(/::error .*file=src\/db\.js,line=12.*::/);
    expect(c.out()).toMatch(/::error title=ci-constraints security-gate%3A gate\.sarif\.max::2 critical-severity findings/);
    const outputs = readFileSync(files.GITHUB_OUTPUT, 'utf8');
    expect(outputs).toContain('findings');
    expect(outputs).toMatch(/decision<<[^\n]*\ndeny/);
    const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
    expect(summary).toContain('### Security gate: SARIF findings');
    expect(summary).toContain('[src/db.js:12](https://github.com/Codertocat/Hello-World/blob/6113728f27ae82c7b1a177c8d03f9e96e0adf246/src/db.js#L12)');
  });

  const gitlabEnv = {
    GITLAB_CI: 'true', CI: 'true', CI_PIPELINE_SOURCE: 'push', CI_PROJECT_PATH: 'acme/platform/api', CI_PROJECT_ID: '4242',
    CI_COMMIT_SHA: '95d49d1efbd941908580e79d65e4b5ecaf4a8305', CI_COMMIT_REF_NAME: 'main', CI_COMMIT_BRANCH: 'main', CI_PIPELINE_ID: '743121198',
    CI_JOB_ID: '3580121225', CI_SERVER_URL: 'https://gitlab.com', CI_SERVER_HOST: 'gitlab.com', CI_API_V4_URL: 'https://gitlab.com/api/v4', CI_PROJECT_DIR: dir,
  };

  it('GitLab: deny, Code Quality JSON and JUnit files, dotenv', async () => {
    const cq = join(dir, 'gl.codequality.json');
    const junit = join(dir, 'gl.junit.xml');
    const dotenv = join(dir, 'gl.env');
    const c = capture();
    let code: number;
    try {
      code = await cli(['security-gate', '--policy', policyFile, '--environment', 'production', '--sarif', sarifFile, '--codequality', cq, '--junit', junit, '--dotenv', dotenv], gitlabEnv);
    } finally {
      c.restore();
    }
    expect(code).toBe(1);
    const issues = JSON.parse(readFileSync(cq, 'utf8')) as { check_name: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    expect(issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin])).toEqual([
      ['js/sql-injection', 'blocker', 'src/db.js', 12],
      ['js/sql-injection', 'blocker', 'src/db.js', 40],
    ]);
    expect(readFileSync(junit, 'utf8')).toContain('gate.sarif.max');
    expect(readFileSync(dotenv, 'utf8')).toMatch(/deny/);
  });

  it('GitLab: a clean scan allows (exit 0)', async () => {
    const c = capture();
    let code: number;
    try {
      code = await cli(['security-gate', '--policy', policyFile, '--environment', 'production', '--sarif', cleanFile, '--codequality', join(dir, 'clean.cq.json'), '--junit', join(dir, 'clean.xml'), '--dotenv', join(dir, 'clean.env')], gitlabEnv);
    } finally {
      c.restore();
    }
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'clean.cq.json'), 'utf8'))).toEqual([]);
  });

  it('CircleCI: deny with a JUnit file; JSON report carries every count', async () => {
    const junit = join(dir, 'cc.xml');
    const report = join(dir, 'cc-report.json');
    const env = {
      CIRCLECI: 'true', CI: 'true', CIRCLE_BRANCH: 'main', CIRCLE_SHA1: '3484a3fb816e0859fd6e1cea078d76385ff50625', CIRCLE_PROJECT_USERNAME: 'acme', CIRCLE_PROJECT_REPONAME: 'api',
      CIRCLE_REPOSITORY_URL: 'git@github.com:acme/api.git', CIRCLE_USERNAME: 'alice', CIRCLE_BUILD_NUM: '1234', CIRCLE_JOB: 'deploy', CIRCLE_PIPELINE_TRIGGER_SOURCE: 'webhook',
      CIRCLE_WORKING_DIRECTORY: dir,
    };
    const c = capture();
    let code: number;
    try {
      code = await cli(['security-gate', '--policy', policyFile, '--environment', 'production', '--sarif', sarifFile, '--junit', junit, '--report', report, '--format', 'json'], env);
    } finally {
      c.restore();
    }
    expect(code).toBe(1);
    expect(readFileSync(junit, 'utf8')).toContain('gate.sarif.finding');
    const json = JSON.parse(readFileSync(report, 'utf8')) as { decision: string; details: { sarif: { totals: { counted: Record<string, number> } } } };
    expect(json.decision).toBe('deny');
    expect(json.details.sarif.totals.counted).toMatchObject({ critical: 2, error: 2, total: 2 });
  });

  it('audit mode: deny reported, exit 0', async () => {
    const c = capture();
    let code: number;
    try {
      code = await cli(['security-gate', '--policy', policyFile, '--environment', 'production', '--sarif', sarifFile, '--mode', 'audit', '--platform', 'local'], {});
    } finally {
      c.restore();
    }
    expect(code).toBe(0);
    expect(c.out()).toContain('NOT ENFORCED');
  });

  it('invalid SARIF through the CLI: deny (exit 1) with the file and JSON path in the output', async () => {
    const bad = writeJson(dir, 'bad.sarif', '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":42}]}');
    const c = capture();
    let code: number;
    try {
      code = await cli(['security-gate', '--policy', policyFile, '--environment', 'production', '--sarif', bad, '--platform', 'local'], {});
    } finally {
      c.restore();
    }
    expect(code).toBe(1);
    expect(c.out()).toContain('bad.sarif is not valid SARIF 2.1.0: runs[0].results: results must be an array, found number');
  });
});
