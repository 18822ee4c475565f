import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { webhookExample } from '../context/fixtures.js';
import { cli, DIST, runNode, type Spawned } from '../helpers/spawn.js';
import { result, rule, run, sarif, tmp, writeJson } from './helpers.js';

// security-gate through the bundled entries (dist/security-gate.js, dist/cli.js), as the runner
// and the GitLab/CircleCI jobs start them: context, policy, decision and native reports.
const out = (r: Spawned) => r.stdout + r.stderr;

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

describe('security-gate through the core pipeline on each platform', () => {
  it('GitHub: deny, error annotations at file:line, job summary table, outputs', () => {
    const files = { GITHUB_OUTPUT: join(dir, 'gh-output'), GITHUB_STEP_SUMMARY: join(dir, 'gh-summary'), GITHUB_ENV: join(dir, 'gh-env'), GITHUB_STATE: join(dir, 'gh-state') };
    for (const f of Object.values(files)) writeFileSync(f, '');
    const eventPath = writeJson(dir, 'event.json', webhookExample('push'));
    const env = {
      GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      GITHUB_SHA: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', GITHUB_REF: 'refs/heads/main', GITHUB_ACTOR: 'Codertocat', GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_WORKSPACE: dir, RUNNER_TEMP: dir, ...files,
      INPUT_POLICY: policyFile, INPUT_ENVIRONMENT: 'production', INPUT_MODE: 'enforce', INPUT_SARIF: 'scan.sarif', 'INPUT_WAIT-FOR-CHECKS': '0s',
    };
    const r = runNode(join(DIST, 'security-gate.js'), [], env);
    expect(r.status).toBe(1);
    expect(out(r)).toMatch(/::error .*file=src\/db\.js,line=12.*::/);
    expect(out(r)).toMatch(/::error title=ci-constraints security-gate%3A gate\.sarif\.max::2 critical-severity findings/);
    const outputs = readFileSync(files.GITHUB_OUTPUT, 'utf8');
    expect(outputs).toContain('findings');
    expect(outputs).toMatch(/^decision=deny$/m);
    const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
    expect(summary).toContain('### Security gate: SARIF findings');
    expect(summary).toContain('[src/db.js:12](https://github.com/Codertocat/Hello-World/blob/6113728f27ae82c7b1a177c8d03f9e96e0adf246/src/db.js#L12)');
  });

  const gitlabEnv = {
    GITLAB_CI: 'true', CI: 'true', CI_PIPELINE_SOURCE: 'push', CI_PROJECT_PATH: 'acme/platform/api', CI_PROJECT_ID: '4242',
    CI_COMMIT_SHA: '95d49d1efbd941908580e79d65e4b5ecaf4a8305', CI_COMMIT_REF_NAME: 'main', CI_COMMIT_BRANCH: 'main', CI_PIPELINE_ID: '743121198',
    CI_JOB_ID: '3580121225', CI_SERVER_URL: 'https://gitlab.com', CI_SERVER_HOST: 'gitlab.com', CI_API_V4_URL: 'https://gitlab.com/api/v4', CI_PROJECT_DIR: dir,
  };

  it('GitLab: deny, Code Quality JSON and JUnit files, dotenv', () => {
    const cq = join(dir, 'gl.codequality.json');
    const junit = join(dir, 'gl.junit.xml');
    const dotenv = join(dir, 'gl.env');
    const r = cli(['security-gate', '--policy', policyFile, '--environment', 'production', '--sarif', sarifFile, '--codequality', cq, '--junit', junit, '--dotenv', dotenv], gitlabEnv);
    expect(r.status).toBe(1);
    const issues = JSON.parse(readFileSync(cq, 'utf8')) as { check_name: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    expect(issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin])).toEqual([
      ['js/sql-injection', 'blocker', 'src/db.js', 12],
      ['js/sql-injection', 'blocker', 'src/db.js', 40],
    ]);
    expect(readFileSync(junit, 'utf8')).toContain('gate.sarif.max');
    expect(readFileSync(dotenv, 'utf8')).toMatch(/deny/);
  });

  it('GitLab: a clean scan allows (exit 0)', () => {
    const r = cli(['security-gate', '--policy', policyFile, '--environment', 'production', '--sarif', cleanFile, '--codequality', join(dir, 'clean.cq.json'), '--junit', join(dir, 'clean.xml'), '--dotenv', join(dir, 'clean.env')], gitlabEnv);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'clean.cq.json'), 'utf8'))).toEqual([]);
  });

  it('CircleCI: deny with a JUnit file; JSON report carries every count', () => {
    const junit = join(dir, 'cc.xml');
    const report = join(dir, 'cc-report.json');
    const env = {
      CIRCLECI: 'true', CI: 'true', CIRCLE_BRANCH: 'main', CIRCLE_SHA1: '3484a3fb816e0859fd6e1cea078d76385ff50625', CIRCLE_PROJECT_USERNAME: 'acme', CIRCLE_PROJECT_REPONAME: 'api',
      CIRCLE_REPOSITORY_URL: 'git@github.com:acme/api.git', CIRCLE_USERNAME: 'alice', CIRCLE_BUILD_NUM: '1234', CIRCLE_JOB: 'deploy', CIRCLE_PIPELINE_TRIGGER_SOURCE: 'webhook',
      CIRCLE_WORKING_DIRECTORY: dir,
    };
    const r = cli(['security-gate', '--policy', policyFile, '--environment', 'production', '--sarif', sarifFile, '--junit', junit, '--report', report, '--format', 'json'], env);
    expect(r.status).toBe(1);
    expect(readFileSync(junit, 'utf8')).toContain('gate.sarif.finding');
    const json = JSON.parse(readFileSync(report, 'utf8')) as { decision: string; details: { sarif: { totals: { counted: Record<string, number> } } } };
    expect(json.decision).toBe('deny');
    expect(json.details.sarif.totals.counted).toMatchObject({ critical: 2, error: 2, total: 2 });
  });

  it('audit mode: deny reported, exit 0', () => {
    const r = cli(['security-gate', '--policy', policyFile, '--environment', 'production', '--sarif', sarifFile, '--mode', 'audit', '--platform', 'local'], {});
    expect(r.status).toBe(0);
    expect(out(r)).toContain('NOT ENFORCED');
  });

  it('invalid SARIF through the CLI: deny (exit 1) with the file and JSON path in the output', () => {
    const bad = writeJson(dir, 'bad.sarif', '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":42}]}');
    const r = cli(['security-gate', '--policy', policyFile, '--environment', 'production', '--sarif', bad, '--platform', 'local'], {});
    expect(r.status).toBe(1);
    expect(out(r)).toContain('bad.sarif is not valid SARIF 2.1.0: runs[0].results: results must be an array, found number');
  });
});
