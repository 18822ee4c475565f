import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { base64url } from 'jose';
import verifyTrigger from '../../shared/actions/verify-trigger.js';
import type { ActionRequest } from '../../shared/actions/types.js';
import type { PipelineContext } from '../../shared/context/types.js';
import type { CheckResult } from '../../shared/decision.js';
import { createPlatform } from '../../shared/platform/index.js';
import { policySchema } from '../../shared/policy/schema.js';
import { contextFromClaims } from '../../shared/trigger/claims.js';
import { circleEnv, githubEnv, gitlabEnv, payload, ruleSource, SHA } from './fixtures.js';
import { fromCircleCI, fromGitHub, fromGitLab } from '../../shared/context/index.js';
import { githubClaims, OidcIssuer } from './servers.js';

const issuer = new OidcIssuer();
beforeAll(async () => void (await issuer.start()));
afterAll(() => issuer.close());

const POLICY = policySchema.parse({
  version: 1,
  roles: { maintainers: { users: ['Codertocat', 'alice'] } },
  environments: { prod: { trigger: { identity: 'oidc', actors: ['maintainers'], refs: ['refs/heads/main'], 'protected-ref': 'required' } } },
});

type Env = Record<string, string | undefined>;
async function judge(ctx: PipelineContext, env: Env, flags: Record<string, string> = {}): Promise<{ checks: Record<string, CheckResult>; outputs: Record<string, string>; logs: string }> {
  let logs = '';
  const platform = createPlatform(ctx.platform, env, { flags, write: (_s, t) => void (logs += t) });
  const req: ActionRequest = { context: ctx, policy: POLICY, environment: 'prod', constraints: POLICY.environments.prod!, ruleSource, platform, mode: 'enforce', now: new Date() };
  const out = await verifyTrigger.commands.run(req);
  return { checks: Object.fromEntries(out.checks.map((c) => [c.rule, c])), outputs: out.outputs ?? {}, logs };
}

describe('GitHub: token from ACTIONS_ID_TOKEN_REQUEST_URL, verified against the issuer JWKS', () => {
  const env = (over: Env = {}): Env => githubEnv({ ACTIONS_ID_TOKEN_REQUEST_URL: issuer.tokenUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken, 'INPUT_OIDC-ISSUER': issuer.issuer, ...over });
  const ctxOf = (e: Env) => fromGitHub(e, JSON.stringify(payload('push')), new Date());

  it('claims agree with the environment: identity passes, the context is the token\'s, ref_protected needs no API', async () => {
    await issuer.prepare('ci-constraints', githubClaims());
    const e = env();
    const { checks, outputs, logs } = await judge(ctxOf(e), e);
    expect(checks['trigger.identity']!.status).toBe('pass');
    expect(checks['trigger.protected-ref']!.status).toBe('pass');
    expect(checks['trigger.protected-ref']!.message).toContain('ref_protected');
    expect(outputs['identity-source']).toBe('oidc');
    expect(logs).toContain('::add-mask::');
  });

  it.each<[string, Env, RegExp]>([
    ['GITHUB_ACTOR overwritten', { GITHUB_ACTOR: 'Codertocat', GITHUB_TRIGGERING_ACTOR: 'Codertocat' }, /actor is "Codertocat" in the environment but "mallory" in the token/],
    ['GITHUB_REF overwritten', { GITHUB_REF: 'refs/heads/main' }, /ref is "refs\/heads\/main" in the environment but "refs\/heads\/evil" in the token/],
  ])('tamper: %s → deny, and the other rules judge the token\'s values', async (_n, over, message) => {
    const claims = _n.includes('ACTOR') ? githubClaims({ actor: 'mallory' }) : githubClaims({ ref: 'refs/heads/evil', ref_protected: 'false' });
    await issuer.prepare('ci-constraints', claims);
    const e = env(over);
    const { checks } = await judge(ctxOf(e), e);
    expect(checks['trigger.identity']!.status).toBe('fail');
    expect(checks['trigger.identity']!.message).toMatch(message);
    if (_n.includes('ACTOR')) expect(checks['trigger.actors']!.message).toContain('actor mallory');
    else expect(checks['trigger.refs']!.status).toBe('fail');
  });

  it.each<[string, () => Promise<void>, Env, RegExp]>([
    ['expired token', () => issuer.prepare('ci-constraints', githubClaims(), { expiresIn: Math.floor(Date.now() / 1000) - 120 }).then(() => undefined), {}, /expired/],
    ['token for another audience', () => issuer.prepare('ci-constraints', githubClaims(), { audience: 'https://github.com/Codertocat' }).then(() => undefined), {}, /aud/],
    ['token signed by a key the issuer does not publish', () => issuer.prepare('ci-constraints', githubClaims(), { foreignKey: true }).then(() => undefined), {}, /signature does not verify/],
    ['token from another issuer', () => issuer.prepare('ci-constraints', githubClaims(), { issuer: 'https://token.actions.githubusercontent.com' }).then(() => undefined), {}, /iss/],
    ['no id-token permission', async () => undefined, { ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined }, /id-token: write/],
    ['the default issuer is not the loopback one', () => issuer.prepare('ci-constraints', githubClaims()).then(() => undefined), { 'INPUT_OIDC-ISSUER': 'http://192.0.2.1' }, /not https/],
  ])('%s → trigger.identity denies', async (_n, setup, over, message) => {
    await setup();
    const e = env(over);
    const { checks } = await judge(ctxOf(e), e);
    expect(checks['trigger.identity']!.status).toBe('fail');
    expect(checks['trigger.identity']!.message).toMatch(message);
  });

  it('an unsigned (alg: none) token is rejected', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const body = base64url.encode(JSON.stringify({ ...githubClaims(), iss: issuer.issuer, aud: 'ci-constraints', exp: Math.floor(Date.now() / 1000) + 300, iat: Math.floor(Date.now() / 1000) }));
    const token = `${header}.${body}.`;
    const e = env({ ACTIONS_ID_TOKEN_REQUEST_URL: `${issuer.issuer}/raw`, 'INPUT_OIDC-ISSUER': issuer.issuer });
    const prev = issuer.server.route;
    issuer.server.route = (path, req) => (path.startsWith('/raw') ? { status: 200, body: { value: token } } : prev(path, req));
    try {
      const { checks } = await judge(ctxOf(e), e);
      expect(checks['trigger.identity']!.status).toBe('fail');
    } finally {
      issuer.server.route = prev;
    }
  });

  it('discovery naming another issuer is refused', async () => {
    await issuer.prepare('ci-constraints', githubClaims());
    issuer.advertisedIssuer = 'https://evil.example';
    try {
      const e = env();
      const { checks } = await judge(ctxOf(e), e);
      expect(checks['trigger.identity']!.message).toContain('names issuer "https://evil.example"');
    } finally {
      delete issuer.advertisedIssuer;
    }
  });
});

describe('GitLab: id_tokens variable', () => {
  const claims = (over: Record<string, unknown> = {}) => ({
    sub: 'project_path:acme/platform/app:ref_type:branch:ref:main',
    namespace_path: 'acme/platform',
    project_path: 'acme/platform/app',
    project_id: '4242',
    user_login: 'alice',
    user_id: '9',
    pipeline_id: '1001',
    pipeline_source: 'push',
    job_id: '5005',
    ref: 'main',
    ref_type: 'branch',
    ref_path: 'refs/heads/main',
    ref_protected: 'true',
    runner_environment: 'self-hosted',
    sha: SHA,
    ...over,
  });
  const env = (token: string, over: Env = {}) => gitlabEnv({ CI_CONSTRAINTS_ID_TOKEN: token, CI_SERVER_URL: issuer.issuer, ...over });

  it('agreeing claims pass; the protection claim is used', async () => {
    const e = env(await issuer.sign(claims()));
    const { checks } = await judge(fromGitLab(e, new Date()), e);
    expect(checks['trigger.identity']!.status).toBe('pass');
    expect(checks['trigger.protected-ref']!.message).toContain('OIDC');
  });
  it('GITLAB_USER_LOGIN overwritten → tamper', async () => {
    const e = env(await issuer.sign(claims({ user_login: 'mallory' })));
    const { checks } = await judge(fromGitLab(e, new Date()), e);
    expect(checks['trigger.identity']!.message).toContain('actor is "alice" in the environment but "mallory" in the token');
  });
  it('CI_COMMIT_REF_PROTECTED forged to true while the token says false', async () => {
    const e = env(await issuer.sign(claims({ ref_protected: 'false' })));
    const { checks } = await judge(fromGitLab(e, new Date()), e);
    expect(checks['trigger.identity']!.status).toBe('fail');
    expect(checks['trigger.protected-ref']!.status).toBe('fail');
  });
  it('the variable named by id-token-variable is read; a missing one names the id_tokens fix', async () => {
    const token = await issuer.sign(claims());
    const e = gitlabEnv({ MY_TOKEN: token, CI_SERVER_URL: issuer.issuer });
    expect((await judge(fromGitLab(e, new Date()), e, { 'id-token-variable': 'MY_TOKEN' })).checks['trigger.identity']!.status).toBe('pass');
    const { checks } = await judge(fromGitLab(e, new Date()), e);
    expect(checks['trigger.identity']!.message).toMatch(/CI_CONSTRAINTS_ID_TOKEN.*id_tokens/s);
  });
});

describe('CircleCI: CIRCLE_OIDC_TOKEN_V2', () => {
  const ORG = '0b2c8e1e-6f7a-4c21-9d3b-5a1e2f3c4d5e';
  const claims = (over: Record<string, unknown> = {}) => ({
    sub: `org/${ORG}/project/p-1/user/u-1/vcs-origin/github.com/acme/app/vcs-ref/refs/heads/main`,
    'oidc.circleci.com/org-id': ORG,
    'oidc.circleci.com/project-id': 'p-1',
    'oidc.circleci.com/vcs-origin': 'github.com/acme/app',
    'oidc.circleci.com/vcs-ref': 'refs/heads/main',
    'oidc.circleci.com/context-ids': [],
    'oidc.circleci.com/ssh-rerun': false,
    ...over,
  });
  it('agreeing claims pass (audience = organization id)', async () => {
    const e = circleEnv({ CIRCLE_OIDC_TOKEN_V2: await issuer.sign(claims(), { audience: ORG }) });
    const { checks } = await judge(fromCircleCI(e, new Date()), e, { 'oidc-issuer': issuer.issuer, 'oidc-audience': ORG });
    expect(checks['trigger.identity']!.status).toBe('pass');
  });
  it('a token of another project (vcs-origin) is tamper', async () => {
    const e = circleEnv({ CIRCLE_OIDC_TOKEN_V2: await issuer.sign(claims({ 'oidc.circleci.com/vcs-origin': 'github.com/mallory/app' }), { audience: ORG }) });
    const { checks } = await judge(fromCircleCI(e, new Date()), e, { 'oidc-issuer': issuer.issuer, 'oidc-audience': ORG });
    expect(checks['trigger.identity']!.message).toContain('repository is "acme/app" in the environment but "mallory/app" in the token');
  });
  it('without an issuer or organization id it names the input to set', async () => {
    const e = circleEnv({ CIRCLE_OIDC_TOKEN_V2: 'x.y.z' });
    const { checks } = await judge(fromCircleCI(e, new Date()), e);
    expect(checks['trigger.identity']!.message).toContain('oidc-issuer');
  });
});

describe('contextFromClaims (pure)', () => {
  it('GitLab fork MR: project_path names the fork, which becomes the head repository, not a tamper', () => {
    const ctx = fromGitLab(gitlabEnv({ CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '3', CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '77', CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: 'mallory/app', CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'x' }), new Date());
    const { context, fact } = contextFromClaims(ctx, { project_path: 'mallory/app', ref: 'x', ref_type: 'branch' }, 'https://gitlab.example');
    expect(fact.mismatches).toEqual([]);
    expect(context.headRepository).toBe('mallory/app');
    expect(context.repository).toBe('acme/platform/app');
  });
});
