import securityGate from '../../shared/actions/security-gate.js';
import { judgeCheck, waitForRequiredChecks, type Observed } from '../../shared/gate/required-checks.js';
import { apiServer, type Handler } from './api-server.js';
import { gateRequest, SHA } from './request.js';

const POLICY = `version: 1
environments:
  production:
    gate:
      required-checks: [build, test]
`;
const CHECKS = `/repos/acme/app/commits/${SHA}/check-runs`;
const STATUS = `/repos/acme/app/commits/${SHA}/status`;

const checkRuns = (...runs: [string, string, string | null][]): Handler => () => ({
  body: { total_count: runs.length, check_runs: runs.map(([name, status, conclusion]) => ({ name, status, conclusion, html_url: `https://github.com/acme/app/runs/${name}` })) },
});
const statuses = (...s: [string, string][]): Handler => () => ({ body: { state: 'x', statuses: s.map(([context, state]) => ({ context, state })) } });

async function gate(routes: Record<string, Handler>, inputs: Record<string, string> = {}, policy = POLICY) {
  const api = await apiServer(routes);
  try {
    const req = gateRequest(policy, { inputs: { 'github-token': 'ghs_secretvalue123', 'wait-for-checks': '0s', 'poll-interval': '20ms', ...inputs }, variables: { GITHUB_API_URL: api.url } });
    const outcome = await securityGate.commands.run(req);
    return { outcome, api, req, checks: outcome.checks.filter((c) => c.rule === 'gate.required-checks') };
  } finally {
    await api.close();
  }
}

describe('gate.required-checks on GitHub (check runs + commit statuses, served on loopback)', () => {
  it('success: both checks green (one a check run, one a commit status) → pass', async () => {
    const { checks, api, req } = await gate({ [CHECKS]: checkRuns(['build', 'completed', 'success']), [STATUS]: statuses(['test', 'success']) });
    expect(checks.map((c) => c.status)).toEqual(['pass', 'pass']);
    expect(checks[0]).toMatchObject({ policyPath: 'environments.production.gate.required-checks[0]', location: { file: 'ci-constraints.yml', line: 5 } });
    expect(api.requests.every((r) => r.auth === 'Bearer ghs_secretvalue123')).toBe(true);
    expect(req.platform.masked).toContain('ghs_secretvalue123');
    expect(JSON.stringify(checks)).not.toContain('ghs_secretvalue123');
  });

  it.each([
    ['failure conclusion', ['completed', 'failure'], 'did not succeed'],
    ['cancelled', ['completed', 'cancelled'], 'did not succeed'],
    ['skipped is not success', ['completed', 'skipped'], 'did not succeed'],
    ['still in progress with no wait', ['in_progress', null], 'still pending'],
  ] as [string, [string, string | null], string][])('%s → deny (gate.required-checks)', async (_n, [status, conclusion], text) => {
    const { checks } = await gate({ [CHECKS]: checkRuns(['build', status, conclusion], ['test', 'completed', 'success']), [STATUS]: statuses() });
    expect(checks[0]).toMatchObject({ rule: 'gate.required-checks', status: 'fail' });
    expect(checks[0]!.message).toContain(text);
    expect(checks[1]!.status).toBe('pass');
  });

  it('failing commit status → deny', async () => {
    const { checks } = await gate({ [CHECKS]: checkRuns(['build', 'completed', 'success']), [STATUS]: statuses(['test', 'error']) });
    expect(checks.map((c) => c.status)).toEqual(['pass', 'fail']);
  });

  it('missing check → deny naming it', async () => {
    const { checks } = await gate({ [CHECKS]: checkRuns(['build', 'completed', 'success']), [STATUS]: statuses() });
    expect(checks[1]).toMatchObject({ status: 'fail', seen: { state: 'missing' } });
    expect(checks[1]!.message).toContain('"test" was not reported');
  });

  it('pending, then success within the wait → pass after polling again', async () => {
    const { checks, api } = await gate(
      {
        [CHECKS]: (_r, _u, hit) => checkRuns(['build', hit < 3 ? 'in_progress' : 'completed', hit < 3 ? null : 'success'], ['test', 'completed', 'success'])(_r, _u, hit),
        [STATUS]: statuses(),
      },
      { 'wait-for-checks': '10s', 'poll-interval': '30ms' },
    );
    expect(checks.map((c) => c.status)).toEqual(['pass', 'pass']);
    expect(api.requests.filter((r) => r.path.startsWith(CHECKS))).toHaveLength(3);
  });

  it('pending past the wait → deny as pending', async () => {
    const { checks } = await gate({ [CHECKS]: checkRuns(['build', 'queued', null], ['test', 'completed', 'success']), [STATUS]: statuses() }, { 'wait-for-checks': '150ms', 'poll-interval': '40ms' });
    expect(checks[0]).toMatchObject({ status: 'fail', seen: { state: 'pending' } });
    expect(checks[0]!.message).toMatch(/still pending .* after waiting/);
  });

  it('5xx from the API → deny naming the endpoint (after retries)', async () => {
    const { checks } = await gate({ [CHECKS]: () => ({ status: 503, body: { message: 'unavailable' } }), [STATUS]: statuses() });
    expect(checks.map((c) => c.status)).toEqual(['fail', 'fail']);
    expect(checks[0]!.message).toContain(`GET ${CHECKS}`);
    expect(checks[0]!.message).toContain('503');
  });

  it('403 (token lacks permission) → deny naming the endpoint and the permission', async () => {
    const { checks } = await gate({ [CHECKS]: () => ({ status: 403, body: { message: 'Resource not accessible by integration' } }), [STATUS]: statuses() });
    expect(checks[0]!.status).toBe('fail');
    expect(checks[0]!.message).toContain(`${CHECKS} answered HTTP 403`);
    expect(checks[0]!.message).toContain('checks: read');
  });

  it('pages through more than 100 check runs', async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ name: i === 149 ? 'build' : `job-${i}`, status: 'completed', conclusion: 'success' }));
    const { checks, api } = await gate({
      [CHECKS]: (_r, url) => {
        const page = Number(url.searchParams.get('page'));
        return { body: { total_count: 150, check_runs: many.slice((page - 1) * 100, page * 100) } };
      },
      [STATUS]: statuses(['test', 'success']),
    });
    expect(checks.map((c) => c.status)).toEqual(['pass', 'pass']);
    expect(api.requests.filter((r) => r.path.startsWith(CHECKS))).toHaveLength(2);
  });

  it('a glob name covers matrix jobs: every match must succeed', async () => {
    const policy = POLICY.replace('[build, test]', '["test (*)"]');
    const ok = await gate({ [CHECKS]: checkRuns(['test (node 20)', 'completed', 'success'], ['test (node 24)', 'completed', 'success']), [STATUS]: statuses() }, {}, policy);
    expect(ok.checks.map((c) => c.status)).toEqual(['pass']);
    const bad = await gate({ [CHECKS]: checkRuns(['test (node 20)', 'completed', 'success'], ['test (node 24)', 'completed', 'failure']), [STATUS]: statuses() }, {}, policy);
    expect(bad.checks.map((c) => c.status)).toEqual(['fail']);
  });

  it('on a pull request, the head SHA is judged', async () => {
    const head = 'feedfacefeedfacefeedfacefeedfacefeedface';
    const api = await apiServer({ [`/repos/acme/app/commits/${head}/check-runs`]: checkRuns(['build', 'completed', 'success'], ['test', 'completed', 'success']), [`/repos/acme/app/commits/${head}/status`]: statuses() });
    try {
      const req = gateRequest(POLICY, { inputs: { 'wait-for-checks': '0s' }, variables: { GITHUB_API_URL: api.url }, ctx: { headSha: head, refType: 'pull', ref: 'refs/pull/7/merge' } });
      const out = await securityGate.commands.run(req);
      expect(out.checks.filter((c) => c.rule === 'gate.required-checks').map((c) => c.status)).toEqual(['pass', 'pass']);
    } finally {
      await api.close();
    }
  });
});

describe('gate.required-checks on GitLab (pipeline jobs + commit statuses, served on loopback)', () => {
  const JOBS = '/api/v4/projects/42/pipelines/777/jobs';
  const GLSTATUS = `/api/v4/projects/42/repository/commits/${SHA}/statuses`;
  async function glGate(jobs: [string, string][], extra: [string, string][] = []) {
    const api = await apiServer({
      [JOBS]: () => ({ body: jobs.map(([name, status]) => ({ name, status, web_url: `https://gitlab.example/j/${name}` })) }),
      [GLSTATUS]: () => ({ body: extra.map(([name, status]) => ({ name, status })) }),
    });
    try {
      const req = gateRequest(POLICY, {
        platform: 'gitlab',
        inputs: { 'gitlab-token': 'glpat-secret-token', 'wait-for-checks': '0s' },
        variables: { CI_API_V4_URL: `${api.url}/api/v4`, CI_PROJECT_ID: '42', CI_PIPELINE_ID: '777' },
      });
      const out = await securityGate.commands.run(req);
      return { checks: out.checks.filter((c) => c.rule === 'gate.required-checks'), api };
    } finally {
      await api.close();
    }
  }
  it('jobs succeeded → pass; the token goes in PRIVATE-TOKEN', async () => {
    const { checks, api } = await glGate([['build', 'success'], ['test', 'success']]);
    expect(checks.map((c) => c.status)).toEqual(['pass', 'pass']);
    expect(api.requests[0]!.auth).toBe('glpat-secret-token');
  });
  it.each([['failed'], ['canceled'], ['skipped'], ['manual'], ['running']])('job %s → deny', async (status) => {
    const { checks } = await glGate([['build', status], ['test', 'success']]);
    expect(checks.map((c) => c.status)).toEqual(['fail', 'pass']);
  });
  it('an external commit status counts when no job has the name; missing → deny', async () => {
    const { checks } = await glGate([['build', 'success']], [['test', 'success']]);
    expect(checks.map((c) => c.status)).toEqual(['pass', 'pass']);
    const missing = await glGate([['build', 'success']]);
    expect(missing.checks[1]).toMatchObject({ status: 'fail', seen: { state: 'missing' } });
  });
});

describe('gate.required-checks where no API can be used', () => {
  it('CircleCI without a token → deny saying which token to give', async () => {
    const req = gateRequest(POLICY, { platform: 'circleci' });
    const out = await securityGate.commands.run(req);
    const checks = out.checks.filter((c) => c.rule === 'gate.required-checks');
    expect(checks.map((c) => c.status)).toEqual(['fail', 'fail']);
    expect(checks[0]!.message).toContain('github-token');
  });
});

describe('waiting logic (pure)', () => {
  const obs = (state: Observed['state']): Observed[] => [{ name: 'a', kind: 'check-run', raw: state, state }];
  it('does not wait when nothing is pending, waits while pending, stops at the timeout', async () => {
    let t = 0;
    const sleep = async (ms: number) => void (t += ms);
    const clock = () => t;
    let calls = 0;
    const done = await waitForRequiredChecks(['a'], async () => (calls++, obs('success')), { timeoutMs: 60_000, pollMs: 10_000, sleep, clock });
    expect([calls, done.waitedMs]).toEqual([1, 0]);
    calls = 0;
    const stuck = await waitForRequiredChecks(['a'], async () => (calls++, obs('pending')), { timeoutMs: 60_000, pollMs: 10_000, sleep, clock });
    expect(stuck.checks[0]!.state).toBe('pending');
    expect(calls).toBe(7);
    expect(stuck.waitedMs).toBe(60_000);
  });
  it('judges failure over pending over success', () => {
    const o = (name: string, state: Observed['state']): Observed => ({ name, kind: 'status', raw: state, state });
    expect(judgeCheck('x', [o('x', 'success'), o('x', 'pending')]).state).toBe('pending');
    expect(judgeCheck('x', [o('x', 'pending'), o('x', 'failure')]).state).toBe('failure');
    expect(judgeCheck('x', [o('y', 'success')]).state).toBe('missing');
  });
});
