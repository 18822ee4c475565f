import { fromGitLab, gitlabRunnerKind } from '../../shared/context/gitlab.js';
import { isFork, UNKNOWN_HEAD_REPOSITORY } from '../../shared/context/refs.js';
import { NOW, gitlabWebhook, configError } from './fixtures.js';

type Vars = Record<string, string | undefined>;
type Payload = Record<string, any>;

/** Variables every GitLab job gets (predefined variables reference), for a gitlab.com project. */
function gitlabEnv(over: Vars = {}): Vars {
  return {
    GITLAB_CI: 'true',
    CI: 'true',
    CI_PIPELINE_SOURCE: 'push',
    CI_PROJECT_PATH: 'acme/platform/api',
    CI_PROJECT_ID: '4242',
    CI_COMMIT_SHA: '95d49d1efbd941908580e79d65e4b5ecaf4a8305',
    CI_COMMIT_REF_NAME: 'main',
    CI_COMMIT_BRANCH: 'main',
    CI_COMMIT_REF_PROTECTED: 'true',
    CI_COMMIT_AUTHOR: 'John Smith <john@smith.com>',
    GITLAB_USER_LOGIN: 'jsmithy2',
    CI_PIPELINE_ID: '743121198',
    CI_JOB_ID: '3580121225',
    CI_SERVER_URL: 'https://gitlab.com',
    CI_SERVER_HOST: 'gitlab.com',
    CI_API_V4_URL: 'https://gitlab.com/api/v4',
    CI_CONFIG_PATH: '.gitlab-ci.yml',
    CI_RUNNER_ID: '12270837',
    CI_RUNNER_DESCRIPTION: '4-blue.shared.runners-manager.gitlab.com/default',
    CI_RUNNER_TAGS: '["gce", "east-c", "linux", "docker", "saas-linux-small-amd64"]',
    CI_RUNNER_EXECUTABLE_ARCH: 'linux/amd64',
    ...over,
  };
}

/** A merge request pipeline's extra variables. */
function mrVars(over: Vars = {}): Vars {
  return {
    CI_PIPELINE_SOURCE: 'merge_request_event',
    CI_COMMIT_BRANCH: undefined,
    CI_COMMIT_REF_NAME: 'feature/login',
    CI_COMMIT_REF_PROTECTED: 'false',
    CI_MERGE_REQUEST_IID: '17',
    CI_MERGE_REQUEST_ID: '99001',
    CI_MERGE_REQUEST_REF_PATH: 'refs/merge-requests/17/head',
    CI_MERGE_REQUEST_PROJECT_ID: '4242',
    CI_MERGE_REQUEST_PROJECT_PATH: 'acme/platform/api',
    CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '4242',
    CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: 'acme/platform/api',
    CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature/login',
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
    CI_MERGE_REQUEST_EVENT_TYPE: 'detached',
    CI_MERGE_REQUEST_AUTHOR: 'alice',
    ...over,
  };
}


describe('fromGitLab from documented predefined variables', () => {
  it('a branch push on gitlab.com with a GitLab-hosted runner', () => {
    expect(fromGitLab(gitlabEnv(), NOW)).toEqual({
      platform: 'gitlab',
      event: 'push',
      ref: 'refs/heads/main',
      refType: 'branch',
      sha: '95d49d1efbd941908580e79d65e4b5ecaf4a8305',
      repository: 'acme/platform/api',
      actor: 'jsmithy2',
      triggeringActor: 'jsmithy2',
      commitAuthor: 'John Smith <john@smith.com>',
      refProtected: true,
      runner: { kind: 'hosted', name: '4-blue.shared.runners-manager.gitlab.com/default', os: 'linux', arch: 'amd64' },
      workflowRef: '.gitlab-ci.yml',
      runId: '743121198',
      jobId: '3580121225',
      serverUrl: 'https://gitlab.com',
      apiUrl: 'https://gitlab.com/api/v4',
      identitySource: 'env',
      time: '2026-03-04T05:06:07.000Z',
    });
  });

  it.each<[string, Vars, string, string]>([
    ['tag pipeline', { CI_COMMIT_BRANCH: undefined, CI_COMMIT_TAG: 'v1.2.3', CI_COMMIT_REF_NAME: 'v1.2.3' }, 'refs/tags/v1.2.3', 'tag'],
    ['a tag named like the default branch stays a tag', { CI_COMMIT_BRANCH: undefined, CI_COMMIT_TAG: 'main', CI_COMMIT_REF_NAME: 'main' }, 'refs/tags/main', 'tag'],
    ['tag wins if a branch variable is also present', { CI_COMMIT_BRANCH: 'main', CI_COMMIT_TAG: 'main' }, 'refs/tags/main', 'tag'],
    ['only CI_COMMIT_REF_NAME (no tag) is a branch', { CI_COMMIT_BRANCH: undefined, CI_COMMIT_REF_NAME: 'release/2.x' }, 'refs/heads/release/2.x', 'branch'],
    ['CI_COMMIT_BRANCH is preferred to CI_COMMIT_REF_NAME', { CI_COMMIT_BRANCH: 'dev', CI_COMMIT_REF_NAME: 'other' }, 'refs/heads/dev', 'branch'],
    ['schedule on a branch', { CI_PIPELINE_SOURCE: 'schedule' }, 'refs/heads/main', 'branch'],
    ['merge request pipeline', mrVars(), 'refs/merge-requests/17/head', 'merge-request'],
    ['external pull request pipeline', { CI_PIPELINE_SOURCE: 'external_pull_request_event', CI_COMMIT_BRANCH: undefined, CI_EXTERNAL_PULL_REQUEST_IID: '5' }, 'refs/pull/5/head', 'pull'],
  ])('%s → %s', (_name, over, ref, refType) => {
    const ctx = fromGitLab(gitlabEnv(over), NOW);
    expect([ctx.ref, ctx.refType]).toEqual([ref, refType]);
  });

  it('merge request from a branch of the same project: not a fork, with refs, author and head SHA', () => {
    const ctx = fromGitLab(gitlabEnv(mrVars()), NOW);
    expect(ctx).toMatchObject({
      event: 'merge_request_event',
      pullRequestNumber: 17,
      headRepository: 'acme/platform/api',
      baseRepository: 'acme/platform/api',
      headRef: 'refs/heads/feature/login',
      baseRef: 'refs/heads/main',
      headSha: '95d49d1efbd941908580e79d65e4b5ecaf4a8305',
      prAuthor: 'alice',
      refProtected: false,
    });
    expect(isFork(ctx)).toBe(false);
  });

  it('merge request from a fork (run in the parent project): source project ID differs', () => {
    const ctx = fromGitLab(gitlabEnv(mrVars({ CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '9999', CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: 'mallory/api' })), NOW);
    expect([ctx.headRepository, ctx.baseRepository]).toEqual(['mallory/api', 'acme/platform/api']);
    expect(isFork(ctx)).toBe(true);
  });

  it.each<[string, Vars]>([
    ['IDs differ but the source path claims to be the base', { CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '9999' }],
    ['no source project variables at all', { CI_MERGE_REQUEST_SOURCE_PROJECT_ID: undefined, CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: undefined }],
    ['IDs differ and no source path', { CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '9999', CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: undefined }],
  ])('fail closed: %s → unknown head, a fork', (_name, over) => {
    const ctx = fromGitLab(gitlabEnv(mrVars(over)), NOW);
    expect(ctx.headRepository).toBe(UNKNOWN_HEAD_REPOSITORY);
    expect(isFork(ctx)).toBe(true);
  });

  it('the project ID decides, not the path: same ID means same project', () => {
    const ctx = fromGitLab(gitlabEnv(mrVars({ CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: 'acme/platform/api-renamed' })), NOW);
    expect(isFork(ctx)).toBe(false);
  });

  it('merged-results pipeline: sha is the merge commit, headSha the source branch head', () => {
    const ctx = fromGitLab(gitlabEnv(mrVars({ CI_MERGE_REQUEST_EVENT_TYPE: 'merged_result', CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' })), NOW);
    expect([ctx.sha, ctx.headSha]).toEqual(['95d49d1efbd941908580e79d65e4b5ecaf4a8305', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']);
  });

  it('external pull request from a GitHub fork', () => {
    const ctx = fromGitLab(
      gitlabEnv({
        CI_PIPELINE_SOURCE: 'external_pull_request_event',
        CI_COMMIT_BRANCH: undefined,
        CI_EXTERNAL_PULL_REQUEST_IID: '5',
        CI_EXTERNAL_PULL_REQUEST_SOURCE_REPOSITORY: 'mallory/api',
        CI_EXTERNAL_PULL_REQUEST_TARGET_REPOSITORY: 'acme/api',
        CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME: 'patch-1',
        CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
        CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME: 'main',
      }),
      NOW,
    );
    expect(ctx).toMatchObject({ pullRequestNumber: 5, headRepository: 'mallory/api', baseRepository: 'acme/api', headRef: 'refs/heads/patch-1', baseRef: 'refs/heads/main', headSha: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });
    expect(isFork(ctx)).toBe(true);
  });

  it.each<[string | undefined, boolean | undefined]>([
    ['true', true],
    ['false', false],
    ['TRUE', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('CI_COMMIT_REF_PROTECTED=%s → refProtected %s', (value, expected) => {
    expect(fromGitLab(gitlabEnv({ CI_COMMIT_REF_PROTECTED: value }), NOW).refProtected).toBe(expected);
  });
});

describe('GitLab runner kind heuristic', () => {
  it.each<[string, Vars, string]>([
    ['gitlab.com runner manager', {}, 'hosted'],
    ['gitlab.com, older shared-runners-manager naming', { CI_RUNNER_DESCRIPTION: 'shared-runners-manager-6.gitlab.com' }, 'hosted'],
    ['gitlab.com, host only from CI_SERVER_URL', { CI_SERVER_HOST: undefined }, 'hosted'],
    ['gitlab.com, own runner', { CI_RUNNER_DESCRIPTION: 'build-box-01' }, 'self-hosted'],
    ['gitlab.com, description only suffixed like GitLab', { CI_RUNNER_DESCRIPTION: 'x.runners-manager.gitlab.com.attacker.example' }, 'self-hosted'],
    ['gitlab.com, runner without description', { CI_RUNNER_DESCRIPTION: undefined }, 'self-hosted'],
    ['self-managed GitLab, GitLab-looking description', { CI_SERVER_HOST: 'gitlab.example.com', CI_SERVER_URL: 'https://gitlab.example.com' }, 'self-hosted'],
    ['gitlab.com look-alike server', { CI_SERVER_HOST: 'gitlab.com.example.org', CI_SERVER_URL: 'https://gitlab.com.example.org' }, 'self-hosted'],
    ['no runner variables at all', { CI_RUNNER_DESCRIPTION: undefined, CI_RUNNER_ID: undefined, CI_RUNNER_TAGS: undefined, CI_RUNNER_EXECUTABLE_ARCH: undefined }, 'unknown'],
  ])('%s → %s', (_name, over, kind) => {
    expect(gitlabRunnerKind(gitlabEnv(over))).toBe(kind);
    expect(fromGitLab(gitlabEnv(over), NOW).runner.kind).toBe(kind);
  });
});

describe('fromGitLab with corpus webhooks mapped to the variables GitLab sets for that pipeline', () => {
  it('pipeline webhook of a merge request pipeline (source merge_request_event)', () => {
    const hook = gitlabWebhook('pipeline') as Payload;
    const mr = hook['merge_request'];
    const env: Vars = {
      CI_PIPELINE_SOURCE: hook['object_attributes'].source,
      CI_PIPELINE_ID: String(hook['object_attributes'].id),
      CI_COMMIT_SHA: hook['object_attributes'].sha,
      CI_COMMIT_REF_NAME: mr.source_branch,
      CI_PROJECT_PATH: hook['project'].path_with_namespace,
      CI_PROJECT_ID: String(hook['project'].id),
      CI_SERVER_URL: new URL(hook['project'].web_url).origin,
      GITLAB_USER_LOGIN: hook['user'].username,
      CI_MERGE_REQUEST_IID: String(mr.iid),
      CI_MERGE_REQUEST_PROJECT_PATH: hook['project'].path_with_namespace,
      CI_MERGE_REQUEST_SOURCE_PROJECT_ID: String(mr.source_project_id),
      CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: hook['project'].path_with_namespace,
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: mr.source_branch,
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: mr.target_branch,
      CI_RUNNER_DESCRIPTION: hook['builds'][0].runner.description,
    };
    const ctx = fromGitLab(env, NOW);
    expect(ctx).toMatchObject({
      event: 'merge_request_event',
      ref: 'refs/merge-requests/1/head',
      refType: 'merge-request',
      repository: 'gitlab-org/gitlab-test',
      sha: 'bcbb5ec396a2c0f828686f14fac9b80b780504f2',
      actor: 'user1',
      headRef: 'refs/heads/test',
      baseRef: 'refs/heads/master',
      pullRequestNumber: 1,
      runId: '31',
      // Runner description says GitLab.com, but the server is a self-managed host: self-hosted.
      runner: { kind: 'self-hosted', name: 'shared-runners-manager-1.gitlab.com' },
    });
    expect(isFork(ctx)).toBe(false);
  });

  it.each([
    ['push', 'refs/heads/master', 'branch', 'mike/diaspora'],
    ['tag-push', 'refs/tags/v1.0.0', 'tag', 'jsmith/example'],
  ])('%s webhook → the pipeline GitLab starts for it', (name, fullRef, refType, project) => {
    const hook = gitlabWebhook(name) as Payload;
    const short = String(hook['ref']).replace(/^refs\/(heads|tags)\//, '');
    const isTag = String(hook['ref']).startsWith('refs/tags/');
    const env: Vars = {
      CI_PIPELINE_SOURCE: 'push',
      CI_COMMIT_SHA: hook['checkout_sha'],
      CI_COMMIT_REF_NAME: short,
      CI_COMMIT_BRANCH: isTag ? undefined : short,
      CI_COMMIT_TAG: isTag ? short : undefined,
      CI_PROJECT_PATH: hook['project'].path_with_namespace,
      GITLAB_USER_LOGIN: hook['user_username'],
    };
    const ctx = fromGitLab(env, NOW);
    expect(ctx).toMatchObject({ ref: fullRef, refType, repository: project, actor: 'jsmith', sha: hook['checkout_sha'] });
  });

  it('job webhook on gitlab.com with an instance runner → hosted', () => {
    const hook = gitlabWebhook('job') as Payload;
    const env = gitlabEnv({ CI_RUNNER_DESCRIPTION: hook['runner'].description, CI_RUNNER_ID: String(hook['runner'].id), CI_SERVER_URL: new URL(hook['repository'].homepage).origin });
    expect(hook['runner'].runner_type).toBe('instance_type');
    expect(fromGitLab(env, NOW).runner.kind).toBe('hosted');
  });

  it('build webhook: a project runner may describe itself like a GitLab.com one — why `hosted` is only a hint', () => {
    const hook = gitlabWebhook('build') as Payload;
    expect(hook['runner'].runner_type).toBe('project_type');
    const env = gitlabEnv({ CI_RUNNER_DESCRIPTION: hook['runner'].description });
    expect(fromGitLab(env, NOW).runner.kind).toBe('hosted');
  });
});

describe('fromGitLab bad input', () => {
  it.each(['CI_PIPELINE_SOURCE', 'CI_PROJECT_PATH', 'CI_COMMIT_SHA'])('missing %s → ConfigError naming it', (name) => {
    expect(configError(() => fromGitLab(gitlabEnv({ [name]: undefined }), NOW)).message).toContain(name);
    expect(configError(() => fromGitLab(gitlabEnv({ [name]: '' }), NOW)).message).toContain(name);
  });

  it('no ref variable at all → ConfigError naming them', () => {
    const err = configError(() => fromGitLab(gitlabEnv({ CI_COMMIT_REF_NAME: undefined, CI_COMMIT_BRANCH: undefined }), NOW));
    expect(err.message).toContain('CI_COMMIT_REF_NAME');
  });

  it.each([
    ['command substitution', '$(curl evil)'],
    ['Cyrillic homoglyph', 'm\u0430in'],
    ['control characters', 'x\u0000\u001b[2J'],
    ['a name that already looks like a ref', 'refs/tags/v1'],
  ])('a branch name with %s is carried byte for byte', (_name, branch) => {
    const ctx = fromGitLab(gitlabEnv({ CI_COMMIT_BRANCH: branch, CI_COMMIT_REF_NAME: branch }), NOW);
    expect(ctx.ref).toBe(`refs/heads/${branch}`);
    expect(ctx.refType).toBe('branch');
    const tagged = fromGitLab(gitlabEnv({ CI_COMMIT_BRANCH: undefined, CI_COMMIT_TAG: branch }), NOW);
    expect(tagged.ref).toBe(`refs/tags/${branch}`);
  });

  it('a merge request IID that is not a number is carried, with no PR number', () => {
    const ctx = fromGitLab(gitlabEnv(mrVars({ CI_MERGE_REQUEST_IID: '1/../../heads/main' })), NOW);
    expect(ctx.ref).toBe('refs/merge-requests/1/../../heads/main/head');
    expect(ctx.refType).toBe('merge-request');
    expect(ctx.pullRequestNumber).toBeUndefined();
  });
});
