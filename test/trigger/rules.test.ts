import { describe, expect, it } from '@jest/globals';
import { commandWords, roleAdmits, runIdentities, triggerChecks, workflowPath, type TriggerFacts } from '../../shared/checks/trigger.js';
import type { PipelineContext } from '../../shared/context/types.js';
import type { Role } from '../../shared/policy/schema.js';
import { triggerSection, type TriggerPolicy } from '../../shared/policy/sections/trigger.js';
import { cc, forkPullRequest, gh, gl, payload, PR_HEAD_SHA, ruleSource, SHA } from './fixtures.js';

const ROLES: Record<string, Role> = {
  maintainers: { users: ['Codertocat', 'alice'] },
  releasers: { teams: ['acme/release'] },
  writers: { permission: 'write' },
  bots: { users: ['dependabot[bot]'] },
};

function judge(ctx: PipelineContext, trigger: TriggerPolicy, facts: TriggerFacts = { roles: {} }, extra: { now?: Date; commentCommand?: string } = {}) {
  const parsed = triggerSection.parse(trigger);
  return triggerChecks({ context: ctx, trigger: parsed, roles: ROLES, facts, ruleSource, ...extra });
}
function one(rule: string, ...args: Parameters<typeof judge>) {
  const c = judge(...args).find((x) => x.rule === rule);
  if (!c) throw new Error(`rule ${rule} was not evaluated`);
  return c;
}

const push = () => gh('push', payload('push'), { GITHUB_REF: 'refs/heads/main' });
const tagPush = () => gh('push', payload('push'), { GITHUB_REF: 'refs/tags/v1.2.3' });
const samePr = () => gh('pull_request', payload('pull_request', 'opened'), { GITHUB_REF: 'refs/pull/2/merge', GITHUB_HEAD_REF: 'changes', GITHUB_BASE_REF: 'master' });
const forkPr = () => gh('pull_request', forkPullRequest(), { GITHUB_REF: 'refs/pull/2/merge' });
const forkPrt = (headRef = 'changes') => gh('pull_request_target', forkPullRequest('pull_request_target', 'mallory/Hello-World', 'mallory', headRef), { GITHUB_REF: 'refs/heads/master' });
const samePrt = () => gh('pull_request_target', payload('pull_request', 'opened'), { GITHUB_REF: 'refs/heads/master' });
const mr = (over: Record<string, string> = {}) =>
  gl({ CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '12', CI_MERGE_REQUEST_PROJECT_PATH: 'acme/platform/app', CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '4242', CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: 'acme/platform/app', CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main', CI_COMMIT_REF_PROTECTED: 'false', ...over });
const forkMr = () => mr({ CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '9999', CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: 'mallory/app' });
const ccFork = () => cc({ CIRCLE_BRANCH: 'pull/31', CIRCLE_PR_NUMBER: '31', CIRCLE_PR_USERNAME: 'mallory', CIRCLE_PR_REPONAME: 'app', CIRCLE_PULL_REQUEST: 'https://github.com/acme/app/pull/31' });

describe('trigger.events (native names and aliases) on three platforms', () => {
  it.each<[string, () => PipelineContext, string[], 'pass' | 'fail']>([
    ['github push allowed by alias', push, ['push'], 'pass'],
    ['github pull_request not in [push]', samePr, ['push'], 'fail'],
    ['github pull-request alias never covers pull_request_target', samePrt, ['pull-request'], 'fail'],
    ['gitlab merge request allowed by alias', () => mr(), ['merge-request'], 'pass'],
    ['gitlab push not in [web]', () => gl(), ['web'], 'fail'],
    ['circleci webhook allowed by alias push', () => cc(), ['push'], 'pass'],
    ['circleci api trigger not in [push]', () => cc({ CIRCLE_PIPELINE_TRIGGER_SOURCE: 'api' }), ['push'], 'fail'],
    ['circleci without trigger source is unknown', () => cc({ CIRCLE_PIPELINE_TRIGGER_SOURCE: undefined }), ['push', 'webhook'], 'fail'],
  ])('%s', (_name, ctx, events, status) => {
    expect(one('trigger.events', ctx(), { events }).status).toBe(status);
  });
});

describe('trigger.refs and trigger.ref-charset', () => {
  it.each<[string, () => PipelineContext, string[], 'pass' | 'fail']>([
    ['github main', push, ['refs/heads/main'], 'pass'],
    ['github tag main is not branch main', () => gh('push', payload('push'), { GITHUB_REF: 'refs/tags/main' }), ['refs/heads/main'], 'fail'],
    ['github v-tag glob', tagPush, ['refs/tags/v*'], 'pass'],
    ['github * stays within a segment', () => gh('push', payload('push'), { GITHUB_REF: 'refs/heads/feature/x' }), ['refs/heads/*'], 'fail'],
    ['github ** crosses segments', () => gh('push', payload('push'), { GITHUB_REF: 'refs/heads/feature/x' }), ['refs/heads/**'], 'pass'],
    ['gitlab protected tag', () => gl({ CI_COMMIT_TAG: 'v2.0.0', CI_COMMIT_BRANCH: undefined }), ['refs/tags/v*'], 'pass'],
    ['gitlab MR ref is not a branch', () => mr(), ['refs/heads/**'], 'fail'],
    ['circleci main', () => cc(), ['refs/heads/main'], 'pass'],
    ['circleci fork PR is refs/pull, not their branch', ccFork, ['refs/heads/*'], 'fail'],
  ])('refs: %s', (_n, ctx, refs, status) => {
    expect(one('trigger.refs', ctx(), { refs }).status).toBe(status);
  });

  it.each<[string, () => PipelineContext, 'pass' | 'fail']>([
    ['github plain branch', push, 'pass'],
    ['github $( ) in the branch', () => gh('push', payload('push'), { GITHUB_REF: 'refs/heads/$(curl${IFS}evil)' }), 'fail'],
    ['github homoglyph (Cyrillic а)', () => gh('push', payload('push'), { GITHUB_REF: 'refs/heads/m\u0430in' }), 'fail'],
    ['github head ref of a PR with backticks', () => gh('pull_request', forkPullRequest('pull_request', 'mallory/Hello-World', 'mallory', 'a`id`b'), { GITHUB_REF: 'refs/pull/2/merge' }), 'fail'],
    ['gitlab branch with ;', () => gl({ CI_COMMIT_BRANCH: 'x;rm' }), 'fail'],
    ['gitlab ordinary branch', () => gl(), 'pass'],
    ['circleci control character', () => cc({ CIRCLE_BRANCH: 'main\u001b[31m' }), 'fail'],
    ['circleci ordinary branch', () => cc({ CIRCLE_BRANCH: 'release/1.x' }), 'pass'],
  ])('ref-charset: %s', (_n, ctx, status) => {
    expect(one('trigger.ref-charset', ctx(), {}).status).toBe(status);
  });

  it('ref-charset: any switches it off', () => {
    expect(judge(gl({ CI_COMMIT_BRANCH: 'x;rm' }), { 'ref-charset': 'any' }).map((c) => c.rule)).not.toContain('trigger.ref-charset');
  });
});

describe('trigger.forks: names, not flags', () => {
  it.each<[string, () => PipelineContext, 'pass' | 'fail']>([
    ['github same-repo PR', samePr, 'pass'],
    ['github fork PR with fork flag false', forkPr, 'fail'],
    ['github deleted fork (head.repo null)', () => {
      const p = payload('pull_request', 'opened');
      p.pull_request.head.repo = null;
      return gh('pull_request', p, { GITHUB_REF: 'refs/pull/2/merge' });
    }, 'fail'],
    ['gitlab same-project MR', () => mr(), 'pass'],
    ['gitlab fork MR (source project id differs)', forkMr, 'fail'],
    ['circleci branch build', () => cc(), 'pass'],
    ['circleci fork PR (CIRCLE_PR_* set)', ccFork, 'fail'],
  ])('%s', (_n, ctx, status) => {
    expect(one('trigger.forks', ctx(), { forks: 'deny' }).status).toBe(status);
  });
});

describe('trigger.privileged-event (pull_request_target, workflow_run)', () => {
  it.each<[string, () => PipelineContext, TriggerPolicy, 'pass' | 'fail']>([
    ['pull_request_target from the repository itself', samePrt, {}, 'pass'],
    ['pull_request_target from a fork (pwn request)', () => forkPrt(), {}, 'fail'],
    ['pull_request_target from a fork even with forks: allow', () => forkPrt(), { forks: 'allow' }, 'fail'],
    ['pull_request_target from a fork with privileged-events: allow', () => forkPrt(), { 'privileged-events': 'allow' }, 'pass'],
    ['workflow_run from a run in another repository', () => gh('workflow_run', payload('workflow_run', 'completed')), {}, 'fail'],
    ['workflow_run from this repository', () => gh('workflow_run', payload('workflow_run', 'completed'), { GITHUB_REPOSITORY: 'octo-org/octo-repo' }), {}, 'pass'],
  ])('%s', (_n, ctx, trigger, status) => {
    const c = one('trigger.privileged-event', ctx(), trigger);
    expect(c.status).toBe(status);
    expect(c.message).toMatch(/pull_request_target|workflow_run/);
  });

  it('is not evaluated for ordinary events or on GitLab/CircleCI', () => {
    for (const ctx of [push(), samePr(), gl(), cc()]) expect(judge(ctx, {}).map((c) => c.rule)).not.toContain('trigger.privileged-event');
  });
});

describe('trigger.comment and trigger.comment-sha', () => {
  const comment = (association: string, body: string, author = 'Codertocat') => {
    const p = payload('issue_comment', 'created');
    p.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' };
    p.comment.author_association = association;
    p.comment.body = body;
    p.comment.user.login = author;
    return gh('issue_comment', p, { GITHUB_ACTOR: author, GITHUB_TRIGGERING_ACTOR: author });
  };
  it.each<[string, PipelineContext, TriggerPolicy, 'pass' | 'fail']>([
    ['OWNER with the command', comment('OWNER', '/deploy now'), { comment: { command: '/deploy' } }, 'pass'],
    ['NONE (an outsider) with the command', comment('NONE', '/deploy', 'mallory'), { comment: { command: '/deploy' } }, 'fail'],
    ['CONTRIBUTOR by default is not enough', comment('CONTRIBUTOR', '/deploy'), {}, 'fail'],
    ['CONTRIBUTOR when the policy lists it', comment('CONTRIBUTOR', '/deploy'), { comment: { associations: ['CONTRIBUTOR'] } }, 'pass'],
    ['command must be the first word, exactly', comment('MEMBER', 'please /deploy'), { comment: { command: '/deploy' } }, 'fail'],
    ['/deployx is not /deploy', comment('MEMBER', '/deployx'), { comment: { command: '/deploy' } }, 'fail'],
  ])('%s', (_n, ctx, trigger, status) => {
    expect(one('trigger.comment', ctx, trigger).status).toBe(status);
  });

  it('takes the command from the comment-command input when the policy names none', () => {
    expect(one('trigger.comment', comment('OWNER', '/ship'), {}, { roles: {} }, { commentCommand: '/deploy' }).status).toBe('fail');
    expect(one('trigger.comment', comment('OWNER', '/deploy'), {}, { roles: {} }, { commentCommand: '/deploy' }).status).toBe('pass');
  });

  it.each<[string, string, string | undefined, 'pass' | 'fail']>([
    ['pinned short SHA equal to the head', `/deploy ${PR_HEAD_SHA.slice(0, 7)}`, PR_HEAD_SHA, 'pass'],
    ['pinned full SHA equal to the head', `/deploy ${PR_HEAD_SHA}`, PR_HEAD_SHA, 'pass'],
    ['head moved after the comment', `/deploy ${PR_HEAD_SHA.slice(0, 7)}`, SHA, 'fail'],
    ['no SHA named', '/deploy', PR_HEAD_SHA, 'fail'],
    ['head unknown (no lookup)', `/deploy ${PR_HEAD_SHA.slice(0, 7)}`, undefined, 'fail'],
  ])('pin-head-sha: %s', (_n, body, head, status) => {
    const ctx = { ...comment('OWNER', body), ...(head ? { headSha: head } : {}) };
    expect(one('trigger.comment-sha', ctx, { comment: { command: '/deploy', 'pin-head-sha': 'required' } }).status).toBe(status);
  });

  it('commandWords reads the first line only', () => {
    expect(commandWords('  /deploy abc123f\nsecond line /x')).toEqual(['/deploy', 'abc123f']);
    expect(commandWords(undefined)).toEqual([]);
  });
});

describe('trigger.actors: every identity, users, teams and permission', () => {
  const facts = (teams: Record<string, string[]>, perms: Record<string, string>, problem?: string): TriggerFacts => ({
    roles: {
      teamMember: (login, team) => (team in teams ? teams[team]!.includes(login) : undefined),
      permission: (login) => perms[login],
      ...(problem ? { problem: () => problem } : {}),
    },
  });
  it.each<[string, PipelineContext, string[], TriggerFacts, 'pass' | 'fail']>([
    ['github actor in users', push(), ['maintainers'], { roles: {} }, 'pass'],
    ['github actor not in users', gh('push', payload('push'), { GITHUB_ACTOR: 'mallory', GITHUB_TRIGGERING_ACTOR: 'mallory' }), ['maintainers'], { roles: {} }, 'fail'],
    ['github re-run by another user', gh('push', payload('push'), { GITHUB_TRIGGERING_ACTOR: 'mallory' }), ['maintainers'], { roles: {} }, 'fail'],
    ['github team member', gh('push', payload('push'), { GITHUB_ACTOR: 'bob', GITHUB_TRIGGERING_ACTOR: 'bob' }), ['releasers'], facts({ 'acme/release': ['bob'] }, {}), 'pass'],
    ['github not a team member', gh('push', payload('push'), { GITHUB_ACTOR: 'eve', GITHUB_TRIGGERING_ACTOR: 'eve' }), ['releasers'], facts({ 'acme/release': ['bob'] }, {}), 'fail'],
    ['github permission maintain ≥ write', gh('push', payload('push'), { GITHUB_ACTOR: 'bob', GITHUB_TRIGGERING_ACTOR: 'bob' }), ['writers'], facts({}, { bob: 'maintain' }), 'pass'],
    ['github permission triage < write', gh('push', payload('push'), { GITHUB_ACTOR: 'bob', GITHUB_TRIGGERING_ACTOR: 'bob' }), ['writers'], facts({}, { bob: 'triage' }), 'fail'],
    ['github permission none', gh('push', payload('push'), { GITHUB_ACTOR: 'bob', GITHUB_TRIGGERING_ACTOR: 'bob' }), ['writers'], facts({}, { bob: 'none' }), 'fail'],
    ['github lookup failed', gh('push', payload('push'), { GITHUB_ACTOR: 'bob', GITHUB_TRIGGERING_ACTOR: 'bob' }), ['writers'], facts({}, {}, 'github API GET /repos/x/collaborators/bob/permission answered HTTP 403'), 'fail'],
    ['github dependabot actor on mallory\'s PR', gh('pull_request', forkPullRequest(), { GITHUB_REF: 'refs/pull/2/merge', GITHUB_ACTOR: 'dependabot[bot]', GITHUB_TRIGGERING_ACTOR: 'dependabot[bot]' }), ['bots'], { roles: {} }, 'fail'],
    ['gitlab user in users', gl(), ['maintainers'], { roles: {} }, 'pass'],
    ['gitlab user with developer (write)', gl({ GITLAB_USER_LOGIN: 'dev1' }), ['writers'], facts({}, { dev1: 'write' }), 'pass'],
    ['gitlab MR author outside roles', mr({ CI_MERGE_REQUEST_AUTHOR: 'mallory' }), ['maintainers'], { roles: {} }, 'fail'],
    ['circleci user in users', cc(), ['maintainers'], { roles: {} }, 'pass'],
    ['circleci fork PR author is judged', ccFork(), ['maintainers'], { roles: {} }, 'fail'],
  ])('%s', (_n, ctx, actors, f, status) => {
    const c = one('trigger.actors', ctx, { actors }, f);
    expect(c.status).toBe(status);
  });

  it('names the failed endpoint when a lookup failed', () => {
    const c = one('trigger.actors', gh('push', payload('push'), { GITHUB_ACTOR: 'bob', GITHUB_TRIGGERING_ACTOR: 'bob' }), { actors: ['writers'] }, facts({}, {}, 'github API GET /repos/o/r/collaborators/bob/permission answered HTTP 403'));
    expect(c.message).toContain('answered HTTP 403');
  });

  it('runIdentities names actor, triggering actor, PR author and comment author', () => {
    const ctx = { ...push(), triggeringActor: 'x', prAuthor: 'y', commentAuthor: 'z' };
    expect(runIdentities(ctx).map((i) => i.as)).toEqual(['actor', 'triggering actor', 'pull request author', 'comment author']);
  });

  it('roleAdmits: unknown when a needed fact is missing, false when all facts say no', () => {
    expect(roleAdmits({ teams: ['a/b'] }, 'u', {})).toBeUndefined();
    expect(roleAdmits({ teams: ['a/b'] }, 'u', { teamMember: () => false })).toBe(false);
    expect(roleAdmits({ permission: 'admin' }, 'u', { permission: () => 'maintain' })).toBe(false);
    expect(roleAdmits({ permission: 'read' }, 'u', { permission: () => 'custom-role' })).toBe(false);
  });
});

describe('trigger.protected-ref', () => {
  const fact = (p: boolean): TriggerFacts => ({ roles: {}, protection: { ok: true, value: { protected: p, how: 'test' } } });
  it.each<[string, PipelineContext, TriggerFacts, 'pass' | 'fail']>([
    ['github branch protected per API', push(), fact(true), 'pass'],
    ['github branch not protected per API', push(), fact(false), 'fail'],
    ['github lookup failed', push(), { roles: {}, protection: { ok: false, problem: 'github API GET /repos/o/r/branches/main answered HTTP 404' } }, 'fail'],
    ['github not looked up', push(), { roles: {} }, 'fail'],
    ['github OIDC ref_protected true', { ...push(), refProtected: true, identitySource: 'oidc' }, { roles: {} }, 'pass'],
    ['github PR merge ref cannot be protected', samePr(), fact(true), 'fail'],
    ['gitlab CI_COMMIT_REF_PROTECTED=true', gl(), { roles: {} }, 'pass'],
    ['gitlab CI_COMMIT_REF_PROTECTED=false', gl({ CI_COMMIT_REF_PROTECTED: 'false' }), { roles: {} }, 'fail'],
    ['circleci with GitHub API fact', cc(), fact(true), 'pass'],
    ['circleci without any signal', cc(), { roles: {}, protection: { ok: false, problem: 'circleci offers no API for this; pass github-token' } }, 'fail'],
  ])('%s', (_n, ctx, facts, status) => {
    expect(one('trigger.protected-ref', ctx, { 'protected-ref': 'required' }, facts).status).toBe(status);
  });
  it('optional skips the rule', () => {
    expect(judge(push(), { 'protected-ref': 'optional' }).map((c) => c.rule)).not.toContain('trigger.protected-ref');
  });
});

describe('trigger.signed-commits', () => {
  const sig = (verified: boolean, reason: string): TriggerFacts => ({ roles: {}, signature: { ok: true, value: { sha: SHA, verified, reason } } });
  it.each<[string, PipelineContext, TriggerFacts, 'pass' | 'fail']>([
    ['github verified', push(), sig(true, 'valid'), 'pass'],
    ['github unsigned', push(), sig(false, 'unsigned'), 'fail'],
    ['github unknown_key', push(), sig(false, 'unknown_key'), 'fail'],
    ['github API failure', push(), { roles: {}, signature: { ok: false, problem: 'github API GET /repos/o/r/commits/x answered HTTP 500' } }, 'fail'],
    ['gitlab verified', gl(), sig(true, 'PGP verified'), 'pass'],
    ['gitlab unsigned', gl(), sig(false, 'unsigned'), 'fail'],
    ['circleci no signal', cc(), { roles: {}, signature: { ok: false, problem: 'no API' } }, 'fail'],
  ])('%s', (_n, ctx, facts, status) => {
    expect(one('trigger.signed-commits', ctx, { 'signed-commits': 'required' }, facts).status).toBe(status);
  });
});

describe('trigger.workflow, trigger.runner, trigger.pinned-action', () => {
  it.each<[string, PipelineContext, string[], 'pass' | 'fail']>([
    ['github release workflow', push(), ['.github/workflows/deploy.yml'], 'pass'],
    ['github a workflow a branch added', gh('push', payload('push'), { GITHUB_WORKFLOW_REF: 'Codertocat/Hello-World/.github/workflows/shai-hulud-workflow.yml@refs/heads/shai-hulud' }), ['.github/workflows/deploy.yml'], 'fail'],
    ['github workflow of another repository', gh('push', payload('push'), { GITHUB_WORKFLOW_REF: 'evil/repo/.github/workflows/deploy.yml@refs/heads/main' }), ['.github/workflows/*.yml'], 'fail'],
    ['gitlab .gitlab-ci.yml', gl(), ['.gitlab-ci.yml'], 'pass'],
    ['gitlab other config path', gl({ CI_CONFIG_PATH: 'ci/evil.yml' }), ['.gitlab-ci.yml'], 'fail'],
    ['circleci names no workflow file', cc(), ['.circleci/config.yml'], 'fail'],
  ])('workflow: %s', (_n, ctx, workflows, status) => {
    expect(one('trigger.workflow', ctx, { workflows }).status).toBe(status);
  });

  it('workflowPath strips the repository and ref', () => {
    expect(workflowPath({ platform: 'github', repository: 'o/r', workflowRef: 'o/r/.github/workflows/a.yml@refs/heads/main' })).toBe('.github/workflows/a.yml');
  });

  it.each<[string, PipelineContext, TriggerPolicy['runner'], 'pass' | 'fail']>([
    ['github hosted', push(), { kinds: ['hosted'] }, 'pass'],
    ['github rogue self-hosted runner', gh('push', payload('push'), { RUNNER_ENVIRONMENT: 'self-hosted', RUNNER_NAME: 'SHA1HULUD' }), { kinds: ['hosted'] }, 'fail'],
    ['github self-hosted by name', gh('push', payload('push'), { RUNNER_ENVIRONMENT: 'self-hosted', RUNNER_NAME: 'prod-runner-3' }), { kinds: ['self-hosted'], names: ['prod-runner-*'] }, 'pass'],
    ['github self-hosted with a foreign name', gh('push', payload('push'), { RUNNER_ENVIRONMENT: 'self-hosted', RUNNER_NAME: 'SHA1HULUD' }), { names: ['prod-runner-*'] }, 'fail'],
    ['gitlab self-managed runner', gl(), { kinds: ['self-hosted'] }, 'pass'],
    ['gitlab self-managed runner where hosted is required', gl(), { kinds: ['hosted'] }, 'fail'],
    ['circleci runner kind unknown never matches', cc(), { kinds: ['hosted', 'self-hosted'] }, 'fail'],
  ])('runner: %s', (_n, ctx, runner, status) => {
    expect(one('trigger.runner', ctx, { runner }).status).toBe(status);
  });

  it.each<[string, PipelineContext, 'pass' | 'fail']>([
    ['github full SHA', gh('push', payload('push'), { GITHUB_ACTION_REF: 'a81bbbf8298c0fa03ea29cdc473d45769f953675' }), 'pass'],
    ['github tag v1', gh('push', payload('push'), { GITHUB_ACTION_REF: 'v1' }), 'fail'],
    ['github short SHA', gh('push', payload('push'), { GITHUB_ACTION_REF: 'a81bbbf' }), 'fail'],
    ['github uppercase SHA is not the canonical form', gh('push', payload('push'), { GITHUB_ACTION_REF: 'A81BBBF8298C0FA03EA29CDC473D45769F953675' }), 'fail'],
    ['github local action (empty)', push(), 'fail'],
    ['gitlab component reference passed in', { ...gl(), actionRef: 'a81bbbf8298c0fa03ea29cdc473d45769f953675' }, 'pass'],
    ['gitlab component by version', { ...gl(), actionRef: '1.2.0' }, 'fail'],
    ['circleci orb reference unknown', cc(), 'fail'],
  ])('pinned-action: %s', (_n, ctx, status) => {
    expect(one('trigger.pinned-action', ctx, { 'pinned-action': 'sha' }).status).toBe(status);
  });
});

describe('trigger.freeze on three platforms (time from `now`)', () => {
  const weekend = [{ name: 'weekend', days: ['fri', 'sat', 'sun'], from: '16:00', to: '23:59', timezone: 'Europe/Berlin' }] as TriggerPolicy['freeze'];
  it.each<[string, PipelineContext, string, 'pass' | 'fail']>([
    ['github friday evening Berlin', push(), '2026-03-27T15:30:00Z', 'fail'],
    ['github friday morning', push(), '2026-03-27T08:00:00Z', 'pass'],
    ['gitlab sunday after DST starts', gl(), '2026-03-29T14:30:00Z', 'fail'],
    ['circleci monday', cc(), '2026-03-30T14:30:00Z', 'pass'],
  ])('%s', (_n, ctx, at, status) => {
    const c = one('trigger.freeze', ctx, { freeze: weekend }, { roles: {} }, { now: new Date(at) });
    expect(c.status).toBe(status);
    if (status === 'fail') expect(c.message).toMatch(/"weekend".*allowed again from 2026-/);
  });

  it('says which window and when it ends, in UTC and local time', () => {
    const c = one('trigger.freeze', push(), { freeze: weekend }, { roles: {} }, { now: new Date('2026-03-29T14:30:00Z') });
    expect(c.message).toContain('2026-03-29T22:00:00.000Z (2026-03-30 00:00 Europe/Berlin)');
    expect(c.policyPath).toBe('environments.test.trigger.freeze.0');
  });
});

describe('trigger.identity (facts from OIDC verification)', () => {
  it.each<[string, TriggerFacts, 'pass' | 'fail', RegExp]>([
    ['verified, agreeing', { roles: {}, identity: { ok: true, value: { issuer: 'https://i', subject: 's', mismatches: [] } } }, 'pass', /verified/],
    ['verified, env tampered', { roles: {}, identity: { ok: true, value: { issuer: 'https://i', subject: 's', mismatches: [{ field: 'actor', env: 'Codertocat', claims: 'mallory' }] } } }, 'fail', /actor is "Codertocat" in the environment but "mallory" in the token/],
    ['token unavailable', { roles: {}, identity: { ok: false, problem: 'no OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN are not set' } }, 'fail', /cannot be verified: no OIDC token/],
    ['never requested', { roles: {} }, 'fail', /not requested/],
  ])('%s', (_n, facts, status, message) => {
    const c = one('trigger.identity', push(), { identity: 'oidc' }, facts);
    expect(c.status).toBe(status);
    expect(c.message).toMatch(message);
  });
});

describe('the report lists every rule evaluated, with seen and required', () => {
  it('a full production policy on a push yields one result per rule, in order', () => {
    const checks = judge(
      { ...gh('push', payload('push'), { GITHUB_ACTION_REF: 'a81bbbf8298c0fa03ea29cdc473d45769f953675' }), refProtected: true, identitySource: 'oidc' },
      {
        identity: 'oidc',
        events: ['push'],
        refs: ['refs/heads/main'],
        forks: 'deny',
        actors: ['maintainers'],
        'protected-ref': 'required',
        'signed-commits': 'required',
        workflows: ['.github/workflows/deploy.yml'],
        runner: { kinds: ['hosted'] },
        'pinned-action': 'sha',
        freeze: [{ name: 'year-end', from: '2026-12-20T00:00:00Z', to: '2027-01-04T00:00:00Z' }],
      },
      { roles: {}, identity: { ok: true, value: { issuer: 'i', subject: 's', mismatches: [] } }, signature: { ok: true, value: { sha: SHA, verified: true, reason: 'valid' } } },
      { now: new Date('2026-06-01T12:00:00Z') },
    );
    expect(checks.map((c) => c.rule)).toEqual([
      'trigger.identity', 'trigger.ref-charset', 'trigger.events', 'trigger.refs', 'trigger.forks', 'trigger.actors', 'trigger.protected-ref',
      'trigger.signed-commits', 'trigger.workflow', 'trigger.runner', 'trigger.pinned-action', 'trigger.freeze',
    ]);
    expect(checks.every((c) => c.status === 'pass')).toBe(true);
    for (const c of checks) {
      expect(c.seen).toBeDefined();
      expect(c.required).toBeDefined();
      expect(c.policyPath).toMatch(/^environments\.test\.trigger\./);
    }
  });
});
