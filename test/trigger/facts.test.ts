import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import verifyTrigger from '../../shared/actions/verify-trigger.js';
import type { ActionRequest } from '../../shared/actions/types.js';
import type { PipelineContext } from '../../shared/context/types.js';
import type { CheckResult } from '../../shared/decision.js';
import { policySchema, type Policy } from '../../shared/policy/schema.js';
import { memoryPlatform } from '../helpers/memory-platform.js';
import { cc, gh, gl, payload, PR_HEAD_SHA, ruleSource, SHA } from './fixtures.js';
import { Loopback, type Reply } from './servers.js';

const REPO = '/repos/Codertocat/Hello-World';
let routes: Record<string, Reply> = {};
const api = new Loopback((path) => routes[path]);
beforeAll(async () => void (await api.start()));
afterAll(() => api.close());
beforeEach(() => {
  routes = {};
  api.requests.length = 0;
  api.maxInFlight = 0;
});

const ok = (body: unknown, delayMs = 0): Reply => ({ status: 200, body, delayMs });

function request(ctx: PipelineContext, policy: unknown, opts: { inputs?: Record<string, string>; variables?: Record<string, string> } = {}): ActionRequest {
  const parsed: Policy = policySchema.parse(policy);
  const name = ctx.platform;
  const variables = { GITHUB_API_URL: api.url, CI_API_V4_URL: `${api.url}/api/v4`, ...opts.variables };
  return {
    context: ctx,
    policy: parsed,
    environment: 'prod',
    constraints: parsed.environments.prod!,
    ruleSource,
    platform: memoryPlatform({ name, inputs: opts.inputs ?? {}, variables }),
    mode: 'enforce',
    now: new Date('2026-06-03T10:00:00Z'),
  };
}
async function run(req: ActionRequest): Promise<Record<string, CheckResult>> {
  const out = await verifyTrigger.commands.run(req);
  return Object.fromEntries(out.checks.map((c) => [c.rule, c]));
}

const bob = () => gh('push', payload('push'), { GITHUB_ACTOR: 'bob', GITHUB_TRIGGERING_ACTOR: 'bob' });
const PROD = {
  version: 1,
  roles: { releasers: { teams: ['acme/release'] }, writers: { permission: 'write' }, owners: { users: ['Codertocat'] } },
  environments: { prod: { trigger: { actors: ['releasers', 'writers'], 'protected-ref': 'required', 'signed-commits': 'required' } } },
};

describe('GitHub lookups on a loopback API', () => {
  it('team, permission, protection and signature are fetched concurrently with the token and all pass', async () => {
    routes = {
      '/orgs/acme/teams/release/memberships/bob': ok({ state: 'active', role: 'member' }, 80),
      [`${REPO}/collaborators/bob/permission`]: ok({ permission: 'write', role_name: 'maintain' }, 80),
      [`${REPO}/branches/main`]: ok({ name: 'main', protected: true }, 80),
      [`${REPO}/rules/branches/main`]: ok([], 80),
      [`${REPO}/commits/${SHA}`]: ok({ sha: SHA, commit: { verification: { verified: true, reason: 'valid' } } }, 80),
    };
    const checks = await run(request(bob(), PROD, { inputs: { 'github-token': 'ghs_test_token' } }));
    expect(checks['trigger.actors']!.status).toBe('pass');
    expect(checks['trigger.protected-ref']!.status).toBe('pass');
    expect(checks['trigger.signed-commits']!.status).toBe('pass');
    expect(api.maxInFlight).toBeGreaterThanOrEqual(4);
    expect(api.requests.every((r) => r.authorization === 'Bearer ghs_test_token')).toBe(true);
  });

  it('an inactive (pending) membership and read permission do not qualify', async () => {
    routes = {
      '/orgs/acme/teams/release/memberships/bob': ok({ state: 'pending' }),
      [`${REPO}/collaborators/bob/permission`]: ok({ permission: 'read', role_name: 'read' }),
    };
    const checks = await run(request(bob(), { ...PROD, environments: { prod: { trigger: { actors: ['releasers', 'writers'] } } } }, { inputs: { 'github-token': 't' } }));
    expect(checks['trigger.actors']!.status).toBe('fail');
    expect(checks['trigger.actors']!.message).toContain('actor bob is in none of the roles');
  });

  it('no token: every rule that needs the API denies and names the missing input', async () => {
    const checks = await run(request(bob(), PROD));
    for (const rule of ['trigger.actors', 'trigger.protected-ref', 'trigger.signed-commits']) {
      expect(checks[rule]!.status).toBe('fail');
      expect(checks[rule]!.message).toContain('github-token');
    }
    expect(api.requests).toHaveLength(0);
  });

  it('a 5xx is retried, then denies naming the endpoint and the status', async () => {
    routes = {
      '/orgs/acme/teams/release/memberships/bob': { status: 503, body: { message: 'unavailable' } },
      [`${REPO}/collaborators/bob/permission`]: ok({ permission: 'none' }),
      [`${REPO}/branches/main`]: { status: 403, body: { message: 'Resource not accessible by integration' } },
      [`${REPO}/rules/branches/main`]: ok([]),
      [`${REPO}/commits/${SHA}`]: { status: 500 },
    };
    const checks = await run(request(bob(), PROD, { inputs: { 'github-token': 't' } }));
    expect(checks['trigger.actors']!.message).toMatch(/GET \/orgs\/acme\/teams\/release\/memberships\/bob.*503/);
    expect(checks['trigger.protected-ref']!.message).toMatch(/GET \/repos\/Codertocat\/Hello-World\/branches\/main answered HTTP 403/);
    expect(checks['trigger.signed-commits']!.message).toMatch(/commits\/6113728f.*500/);
    expect(api.paths().filter((p) => p.endsWith('/memberships/bob'))).toHaveLength(3);
    expect(Object.values(checks).filter((c) => c.status === 'fail').map((c) => c.rule).sort()).toEqual(['trigger.actors', 'trigger.protected-ref', 'trigger.signed-commits']);
  });

  it('a logged-in user named in a role needs no lookup; one cache per run', async () => {
    const ctx = gh('push', payload('push'), { GITHUB_ACTOR: 'Codertocat', GITHUB_TRIGGERING_ACTOR: 'bob' });
    routes = { [`${REPO}/collaborators/bob/permission`]: ok({ permission: 'admin', role_name: 'admin' }) };
    const checks = await run(request(ctx, { ...PROD, environments: { prod: { trigger: { actors: ['owners', 'writers'] } } } }, { inputs: { 'github-token': 't' } }));
    expect(checks['trigger.actors']!.status).toBe('pass');
    expect(api.paths()).toEqual([`${REPO}/collaborators/bob/permission`]);
  });

  it.each<[string, unknown[], Record<string, unknown>, boolean]>([
    ['an active tag ruleset covering v* with deletion/update rules', [{ id: 7, target: 'tag', enforcement: 'active' }], { id: 7, name: 'release tags', enforcement: 'active', conditions: { ref_name: { include: ['refs/tags/v*'], exclude: [] } }, rules: [{ type: 'deletion' }, { type: 'update' }] }, true],
    ['a ruleset that excludes the tag', [{ id: 7, target: 'tag', enforcement: 'active' }], { id: 7, enforcement: 'active', conditions: { ref_name: { include: ['~ALL'], exclude: ['refs/tags/v1.*'] } }, rules: [{ type: 'deletion' }] }, false],
    ['an evaluate-only ruleset', [{ id: 7, target: 'tag', enforcement: 'evaluate' }], { id: 7, enforcement: 'evaluate', conditions: { ref_name: { include: ['~ALL'] } }, rules: [{ type: 'deletion' }] }, false],
    ['no tag ruleset', [], {}, false],
  ])('tag protection: %s', async (_n, list, detail, protectedTag) => {
    routes = { [`${REPO}/rulesets?targets=tag&includes_parents=true&per_page=100`]: ok(list), [`${REPO}/rulesets/7`]: ok(detail) };
    const ctx = gh('push', payload('push'), { GITHUB_REF: 'refs/tags/v1.2.3' });
    const checks = await run(request(ctx, { version: 1, environments: { prod: { trigger: { 'protected-ref': 'required' } } } }, { inputs: { 'github-token': 't' } }));
    expect(checks['trigger.protected-ref']!.status).toBe(protectedTag ? 'pass' : 'fail');
  });

  it('branch protection by a ruleset when the classic flag is false', async () => {
    routes = { [`${REPO}/branches/main`]: ok({ protected: false }), [`${REPO}/rules/branches/main`]: ok([{ type: 'non_fast_forward', ruleset_id: 1 }]) };
    const checks = await run(request(gh('push', payload('push')), { version: 1, environments: { prod: { trigger: { 'protected-ref': 'required' } } } }, { inputs: { 'github-token': 't' } }));
    expect(checks['trigger.protected-ref']!.status).toBe('pass');
    expect(checks['trigger.protected-ref']!.message).toContain('non_fast_forward');
  });

  it.each<[string, unknown, 'pass' | 'fail']>([
    ['valid', { verified: true, reason: 'valid' }, 'pass'],
    ['unsigned', { verified: false, reason: 'unsigned' }, 'fail'],
    ['bad_email', { verified: false, reason: 'bad_email' }, 'fail'],
    ['a reason nobody knows yet, even with verified true', { verified: true, reason: 'quantum_entangled' }, 'fail'],
  ])('commit verification: %s', async (_n, verification, status) => {
    routes = { [`${REPO}/commits/${SHA}`]: ok({ sha: SHA, commit: { verification } }) };
    const checks = await run(request(gh('push', payload('push')), { version: 1, environments: { prod: { trigger: { 'signed-commits': 'required' } } } }, { inputs: { 'github-token': 't' } }));
    expect(checks['trigger.signed-commits']!.status).toBe(status);
  });

  describe('issue_comment runs: the pull request behind the comment', () => {
    const commentCtx = (body: string, association = 'MEMBER', author = 'Codertocat') => {
      const p = payload('issue_comment', 'created');
      p.issue.pull_request = { url: 'x' };
      p.comment.body = body;
      p.comment.author_association = association;
      p.comment.user.login = author;
      return gh('issue_comment', p, { GITHUB_ACTOR: author, GITHUB_TRIGGERING_ACTOR: author });
    };
    const policy = { version: 1, roles: { owners: { users: ['Codertocat'] } }, environments: { prod: { trigger: { forks: 'deny', actors: ['owners'], comment: { command: '/deploy', 'pin-head-sha': 'required' } } } } };
    const pr = (head: string, sha = PR_HEAD_SHA, author = 'Codertocat') => ok({ number: 1, head: { sha, ref: 'changes', repo: { full_name: head } }, base: { repo: { full_name: 'Codertocat/Hello-World' } }, user: { login: author } });

    it('same-repository PR, head pinned, owner: allowed, and the sha output is the pinned head', async () => {
      routes = { [`${REPO}/pulls/1`]: pr('Codertocat/Hello-World') };
      const out = await verifyTrigger.commands.run(request(commentCtx(`/deploy ${PR_HEAD_SHA.slice(0, 10)}`), policy, { inputs: { 'github-token': 't' } }));
      expect(out.checks.filter((c) => c.status === 'fail')).toEqual([]);
      expect(out.outputs?.sha).toBe(PR_HEAD_SHA);
    });

    it('a fork PR is a fork even though the payload does not say so, and its author is judged', async () => {
      routes = { [`${REPO}/pulls/1`]: pr('mallory/Hello-World', PR_HEAD_SHA, 'mallory') };
      const checks = await run(request(commentCtx(`/deploy ${PR_HEAD_SHA.slice(0, 7)}`), policy, { inputs: { 'github-token': 't' } }));
      expect(checks['trigger.forks']!.status).toBe('fail');
      expect(checks['trigger.actors']!.message).toContain('pull request author mallory');
    });

    it('commits pushed after the comment: the pinned SHA no longer is the head', async () => {
      routes = { [`${REPO}/pulls/1`]: pr('Codertocat/Hello-World', SHA) };
      const checks = await run(request(commentCtx(`/deploy ${PR_HEAD_SHA.slice(0, 7)}`), policy, { inputs: { 'github-token': 't' } }));
      expect(checks['trigger.comment-sha']!.status).toBe('fail');
      expect(checks['trigger.comment-sha']!.message).toContain('commits were pushed after the comment');
    });

    it('the lookup failing denies forks and the pin, naming the endpoint', async () => {
      routes = { [`${REPO}/pulls/1`]: { status: 404 } };
      const checks = await run(request(commentCtx(`/deploy ${PR_HEAD_SHA.slice(0, 7)}`), policy, { inputs: { 'github-token': 't' } }));
      expect(checks['trigger.forks']!.status).toBe('fail');
      expect(checks['trigger.comment-sha']!.message).toContain('GET /repos/Codertocat/Hello-World/pulls/1 answered HTTP 404');
    });
  });
});

describe('GitLab lookups on a loopback API', () => {
  const P = '/api/v4/projects/acme%2Fplatform%2Fapp';
  const policy = {
    version: 1,
    roles: { devs: { permission: 'write' }, release: { teams: ['acme/release-managers'] } },
    environments: { prod: { trigger: { actors: ['devs', 'release'], 'signed-commits': 'required', 'protected-ref': 'required' } } },
  };
  it('members API (project and group, inherited), commit signature; protection from CI_COMMIT_REF_PROTECTED', async () => {
    routes = {
      '/api/v4/users?username=dev1': ok([{ id: 31, username: 'dev1' }]),
      [`${P}/members/all/31`]: ok({ id: 31, access_level: 30, state: 'active' }),
      '/api/v4/groups/acme%2Frelease-managers/members/all/31': { status: 404 },
      [`${P}/repository/commits/${SHA}/signature`]: ok({ signature_type: 'PGP', verification_status: 'verified' }),
    };
    const checks = await run(request(gl({ GITLAB_USER_LOGIN: 'dev1' }), policy, { inputs: { 'gitlab-token': 'glpat-test' } }));
    expect(checks['trigger.actors']!.status).toBe('pass');
    expect(checks['trigger.signed-commits']!.status).toBe('pass');
    expect(checks['trigger.protected-ref']!.message).toContain('CI_COMMIT_REF_PROTECTED');
    expect(api.requests.every((r) => r.privateToken === 'glpat-test')).toBe(true);
    expect(api.paths()).not.toContain(expect.stringContaining('protected_branches'));
  });

  it('reporter access is not write; an unsigned commit (404) denies', async () => {
    routes = {
      '/api/v4/users?username=dev1': ok([{ id: 31, username: 'dev1' }]),
      [`${P}/members/all/31`]: ok({ id: 31, access_level: 20, state: 'active' }),
      '/api/v4/groups/acme%2Frelease-managers/members/all/31': { status: 404 },
    };
    const checks = await run(request(gl({ GITLAB_USER_LOGIN: 'dev1' }), policy, { inputs: { 'gitlab-token': 't' } }));
    expect(checks['trigger.actors']!.status).toBe('fail');
    expect(checks['trigger.signed-commits']!.message).toContain('unsigned');
  });

  it('group membership qualifies; protected branch looked up when the variable is absent', async () => {
    routes = {
      '/api/v4/users?username=rm': ok([{ id: 5, username: 'rm' }]),
      [`${P}/members/all/5`]: { status: 404 },
      '/api/v4/groups/acme%2Frelease-managers/members/all/5': ok({ access_level: 10, state: 'active' }),
      [`${P}/repository/commits/${SHA}/signature`]: ok({ signature_type: 'SSH', verification_status: 'verified' }),
      [`${P}/protected_branches/main`]: ok({ name: 'main' }),
    };
    const checks = await run(request(gl({ GITLAB_USER_LOGIN: 'rm', CI_COMMIT_REF_PROTECTED: undefined }), policy, { inputs: { 'gitlab-token': 't' } }));
    expect(checks['trigger.actors']!.status).toBe('pass');
    expect(checks['trigger.protected-ref']!.status).toBe('pass');
  });

  it('no gitlab-token: the API rules deny naming the input', async () => {
    const checks = await run(request(gl({ GITLAB_USER_LOGIN: 'dev1' }), policy));
    expect(checks['trigger.actors']!.message).toContain('gitlab-token');
    expect(checks['trigger.signed-commits']!.message).toContain('gitlab-token');
  });
});

describe('CircleCI', () => {
  const policy = { version: 1, roles: { writers: { permission: 'write' } }, environments: { prod: { trigger: { actors: ['writers'], 'protected-ref': 'required' } } } };
  it('uses the GitHub API when given a github-token (GitHub-hosted repository)', async () => {
    routes = {
      '/repos/acme/app/collaborators/alice/permission': ok({ permission: 'admin', role_name: 'admin' }),
      '/repos/acme/app/branches/main': ok({ protected: true }),
      '/repos/acme/app/rules/branches/main': ok([]),
    };
    const checks = await run(request(cc(), policy, { inputs: { 'github-token': 't' } }));
    expect(checks['trigger.actors']!.status).toBe('pass');
    expect(checks['trigger.protected-ref']!.status).toBe('pass');
  });
  it('without a token it says CircleCI has no such signal', async () => {
    const checks = await run(request(cc(), policy));
    expect(checks['trigger.protected-ref']!.status).toBe('fail');
    expect(checks['trigger.protected-ref']!.message).toContain('circleci offers no API');
  });
});
