import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, runBundle } from './bundle.js';
import { forkPullRequest, payload, PR_HEAD_SHA, SHA } from './fixtures.js';
import { githubClaims, Loopback, OidcIssuer, type Reply } from './servers.js';

/**
 * The bundled action (dist/verify-trigger.js, built by `npm run build`) run as the runner runs
 * it: INPUT_* variables, a real webhook payload at GITHUB_EVENT_PATH, file commands read back,
 * the GitHub API and the OIDC issuer served on loopback.
 */

const REPO = '/repos/Codertocat/Hello-World';
let routes: Record<string, Reply> = {};
const api = new Loopback((path) => routes[path]);
const issuer = new OidcIssuer();
beforeAll(async () => {
  await api.start();
  await issuer.start();
});
afterAll(async () => {
  await api.close();
  await issuer.close();
});
beforeEach(() => {
  api.requests.length = 0;
  routes = {
    '/orgs/Codertocat/teams/release/memberships/hubot': { status: 200, body: { state: 'active' } },
    [`${REPO}/collaborators/Codertocat/permission`]: { status: 200, body: { permission: 'admin', role_name: 'admin' } },
    [`${REPO}/branches/main`]: { status: 200, body: { protected: true } },
    [`${REPO}/rules/branches/main`]: { status: 200, body: [] },
    [`${REPO}/commits/${SHA}`]: { status: 200, body: { sha: SHA, commit: { verification: { verified: true, reason: 'valid' } } } },
  };
});

const POLICY = `version: 1
roles:
  admins: { permission: admin }
  release: { teams: [Codertocat/release] }
  owner: { users: [Codertocat] }
environments:
  ci:
    trigger:
      events: [push, pull_request, pull_request_target, issue_comment]
      refs: ["refs/heads/**", "refs/pull/*/merge"]
      actors: [owner]
      comment: { command: /deploy, pin-head-sha: required }
  production:
    trigger:
      events: [push, workflow_dispatch]
      refs: [refs/heads/main, "refs/tags/v*"]
      forks: deny
      actors: [admins, release]
      protected-ref: required
      signed-commits: required
      workflows: [.github/workflows/deploy.yml]
      runner: { kinds: [hosted] }
      freeze:
        - { name: year-end, from: "2026-12-20T00:00:00Z", to: "2027-01-04T00:00:00Z" }
  production-oidc:
    extends: production
    trigger:
      identity: oidc
`;

const apiEnv = () => ({ GITHUB_API_URL: api.url });
const token = { 'github-token': 'ghs_bundletoken0000000000000000000000' };

describe('dist/verify-trigger.js as the runner runs it', () => {
  it('a push to main by an admin: allow, every rule in the report, outputs and summary written', async () => {
    const r = await runBundle({ event: 'push', payload: payload('push'), policy: POLICY, environment: 'production', env: apiEnv(), inputs: token });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputs.decision).toBe('allow');
    expect(r.outputs.violations).toBe('0');
    expect(r.outputs.sha).toBe(SHA);
    expect(r.outputs['identity-source']).toBe('env');
    expect(r.report!.checks.map((c) => c.rule)).toEqual([
      'trigger.ref-charset', 'trigger.events', 'trigger.refs', 'trigger.forks', 'trigger.actors', 'trigger.protected-ref', 'trigger.signed-commits', 'trigger.workflow', 'trigger.runner', 'trigger.freeze',
    ]);
    for (const c of r.report!.checks) expect(c.required).toBeDefined();
    expect(r.summary).toContain('trigger.signed-commits');
    expect(api.requests.every((q) => q.authorization === `Bearer ${token['github-token']}`)).toBe(true);
    expect(r.stdout).not.toContain(token['github-token']);
  });

  it('a fork pull_request_target (pwn request): deny with trigger.privileged-event, error annotations, exit 1', async () => {
    const r = await runBundle({ event: 'pull_request_target', payload: forkPullRequest(), policy: POLICY, environment: 'ci', env: { GITHUB_REF: 'refs/heads/master', GITHUB_ACTOR: 'Codertocat', GITHUB_TRIGGERING_ACTOR: 'Codertocat' } });
    expect(r.code).toBe(1);
    expect(r.outputs.decision).toBe('deny');
    expect(r.violated).toContain('trigger.privileged-event');
    expect(r.stdout).toMatch(/::error[^\n]*trigger\.privileged-event/);
  });

  it('dependabot[bot] as actor on a PR mallory opened: deny trigger.actors naming the PR author', async () => {
    const r = await runBundle({
      event: 'pull_request',
      payload: forkPullRequest('pull_request', 'Codertocat/Hello-World', 'mallory', 'dependabot/npm_and_yarn/lodash-4.17.21'),
      policy: POLICY.replace('owner: { users: [Codertocat] }', 'owner: { users: [Codertocat, "dependabot[bot]"] }'),
      environment: 'ci',
      env: { GITHUB_REF: 'refs/pull/2/merge', GITHUB_ACTOR: 'dependabot[bot]', GITHUB_TRIGGERING_ACTOR: 'dependabot[bot]' },
    });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.actors']);
    expect(r.report!.violations[0]!.message).toContain('pull request author mallory');
  });

  it('/deploy by an outsider (author_association NONE): deny trigger.comment and trigger.actors', async () => {
    const p = payload('issue_comment', 'created');
    p.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' };
    p.comment.body = `/deploy ${PR_HEAD_SHA.slice(0, 7)}`;
    p.comment.author_association = 'NONE';
    p.comment.user.login = 'mallory';
    routes[`${REPO}/pulls/1`] = { status: 200, body: { head: { sha: PR_HEAD_SHA, ref: 'changes', repo: { full_name: 'Codertocat/Hello-World' } }, base: { repo: { full_name: 'Codertocat/Hello-World' } }, user: { login: 'Codertocat' } } };
    const r = await runBundle({ event: 'issue_comment', payload: p, policy: POLICY, environment: 'ci', env: { ...apiEnv(), GITHUB_ACTOR: 'mallory', GITHUB_TRIGGERING_ACTOR: 'mallory' }, inputs: token });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.actors', 'trigger.comment']);
    expect(api.paths()).toContain(`${REPO}/pulls/1`);
  });

  it('an API failure denies naming the endpoint and status', async () => {
    routes[`${REPO}/commits/${SHA}`] = { status: 502, body: { message: 'bad gateway' } };
    const r = await runBundle({ event: 'push', payload: payload('push'), policy: POLICY, environment: 'production', env: apiEnv(), inputs: token });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.signed-commits']);
    expect(r.report!.violations[0]!.message).toMatch(/GET \/repos\/Codertocat\/Hello-World\/commits\/6113728f27ae82c7b1a177c8d03f9e96e0adf246.*502/);
  });

  it('identity: oidc with a real token from ACTIONS_ID_TOKEN_REQUEST_URL: allow; with GITHUB_ACTOR overwritten: deny trigger.identity', async () => {
    await issuer.prepare('ci-constraints', githubClaims({ actor: 'Codertocat' }));
    const env = { ...apiEnv(), ACTIONS_ID_TOKEN_REQUEST_URL: issuer.tokenUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken };
    const ok = await runBundle({ event: 'push', payload: payload('push'), policy: POLICY, environment: 'production-oidc', env, inputs: { ...token, 'oidc-issuer': issuer.issuer } });
    expect(ok.outputs.decision).toBe('allow');
    expect(ok.outputs['identity-source']).toBe('oidc');
    // protection came from the verified ref_protected claim: no branch lookups
    expect(api.paths().some((p) => p.includes('/branches/'))).toBe(false);

    await issuer.prepare('ci-constraints', githubClaims({ actor: 'mallory' }));
    const bad = await runBundle({ event: 'push', payload: payload('push'), policy: POLICY, environment: 'production-oidc', env, inputs: { ...token, 'oidc-issuer': issuer.issuer } });
    expect(bad.code).toBe(1);
    expect(bad.violated).toContain('trigger.identity');
    expect(bad.stdout).toContain('::add-mask::');
  });

  it('audit mode reports the deny as NOT ENFORCED and exits 0', async () => {
    const r = await runBundle({ event: 'push', payload: payload('push'), policy: POLICY, environment: 'production', env: { ...apiEnv(), GITHUB_REF: 'refs/tags/main' }, inputs: { ...token, mode: 'audit' } });
    expect(r.code).toBe(0);
    expect(r.outputs.decision).toBe('deny');
    expect(r.violated).toContain('trigger.refs');
    expect(`${r.stdout}${r.summary}`).toContain('NOT ENFORCED');
  });

  it('action.yml names every input the module reads and the outputs it writes', () => {
    const meta = parse(readFileSync(join(ROOT, 'actions/verify-trigger/action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    for (const name of ['github-token', 'oidc-audience', 'oidc-issuer', 'comment-command', 'policy', 'environment', 'mode']) expect(meta.inputs).toHaveProperty(name);
    for (const name of ['decision', 'violations', 'report', 'event', 'ref', 'sha', 'identity-source']) expect(meta.outputs).toHaveProperty(name);
  });
});
