import { ConfigError } from '../errors.js';
import type { PipelineContext } from './types.js';
import { UNKNOWN_HEAD_REPOSITORY, bool, compact, opt, positiveInt, refTypeOf, req, type Env } from './refs.js';

/**
 * GitLab.com's own instance runners describe themselves as `<n>-<colour>.<shard>.runners-manager.gitlab.com[/…]`
 * (e.g. `4-blue.shared.runners-manager.gitlab.com/default`, older `shared-runners-manager-6.gitlab.com`).
 */
const GITLAB_COM_RUNNER = /(^|\.)(shared-)?runners-manager(-\d+)?\.gitlab\.com(\/.*)?$/;

/**
 * Runner kind from what the job can see. Heuristic, documented in README.md ("GitLab runner kind (heuristic)"):
 * - `hosted`: the server is gitlab.com AND the runner description is one of GitLab.com's runner managers;
 * - `self-hosted`: any other runner that reports itself (every runner of a self-managed GitLab is the customer's own);
 * - `unknown`: no CI_RUNNER_* variables at all.
 * The description is chosen by whoever registers a runner, so `hosted` is a hint, never proof.
 */
export function gitlabRunnerKind(env: Env): 'hosted' | 'self-hosted' | 'unknown' {
  const description = opt(env, 'CI_RUNNER_DESCRIPTION');
  const anyRunnerVar = description ?? opt(env, 'CI_RUNNER_ID') ?? opt(env, 'CI_RUNNER_TAGS') ?? opt(env, 'CI_RUNNER_VERSION') ?? opt(env, 'CI_RUNNER_EXECUTABLE_ARCH');
  if (anyRunnerVar === undefined) return 'unknown';
  const host = opt(env, 'CI_SERVER_HOST') ?? hostOf(opt(env, 'CI_SERVER_URL'));
  if (host === 'gitlab.com' && description !== undefined && GITLAB_COM_RUNNER.test(description)) return 'hosted';
  return 'self-hosted';
}

function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/**
 * The PipelineContext of a GitLab CI/CD job from GitLab's predefined variables. GitLab hands out
 * short ref names; they become full refs here, byte for byte: tags → refs/tags/…, branches →
 * refs/heads/…, merge request pipelines → refs/merge-requests/<IID>/head, external pull request
 * pipelines → refs/pull/<IID>/head.
 */
export function fromGitLab(env: Env, now: Date): PipelineContext {
  const P = 'GitLab CI/CD';
  const event = req(env, 'CI_PIPELINE_SOURCE', P);
  const repository = req(env, 'CI_PROJECT_PATH', P);
  const sha = req(env, 'CI_COMMIT_SHA', P);
  const login = opt(env, 'GITLAB_USER_LOGIN');
  const [runnerOs, runnerArch] = splitArch(opt(env, 'CI_RUNNER_EXECUTABLE_ARCH'));

  const ctx: PipelineContext = {
    platform: 'gitlab',
    event,
    ref: '',
    refType: 'other',
    sha,
    repository,
    actor: login,
    // GitLab names one user per pipeline: whoever pushed, ran, scheduled (owner) or triggered it.
    triggeringActor: login,
    commitAuthor: opt(env, 'CI_COMMIT_AUTHOR'),
    refProtected: bool(opt(env, 'CI_COMMIT_REF_PROTECTED')),
    runner: compact({ kind: gitlabRunnerKind(env), name: opt(env, 'CI_RUNNER_DESCRIPTION'), os: runnerOs, arch: runnerArch }),
    workflow: opt(env, 'CI_PIPELINE_NAME'),
    workflowRef: opt(env, 'CI_CONFIG_PATH'),
    runId: opt(env, 'CI_PIPELINE_ID'),
    jobId: opt(env, 'CI_JOB_ID'),
    serverUrl: opt(env, 'CI_SERVER_URL'),
    apiUrl: opt(env, 'CI_API_V4_URL'),
    identitySource: 'env',
    time: now.toISOString(),
  };

  const mrIid = opt(env, 'CI_MERGE_REQUEST_IID');
  const extIid = opt(env, 'CI_EXTERNAL_PULL_REQUEST_IID');
  const tag = opt(env, 'CI_COMMIT_TAG');
  if (mrIid !== undefined) {
    ctx.ref = `refs/merge-requests/${mrIid}/head`;
    ctx.pullRequestNumber = positiveInt(mrIid);
    const base = opt(env, 'CI_MERGE_REQUEST_PROJECT_PATH') ?? repository;
    ctx.baseRepository = base;
    ctx.headRepository = mergeRequestHead(env, base);
    const target = opt(env, 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME');
    if (target !== undefined) ctx.baseRef = `refs/heads/${target}`;
    const source = opt(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME');
    if (source !== undefined) ctx.headRef = `refs/heads/${source}`;
    // Merged-results pipelines build a merge commit; the author's head is the source branch SHA.
    ctx.headSha = opt(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_SHA') ?? sha;
    ctx.prAuthor = opt(env, 'CI_MERGE_REQUEST_AUTHOR');
  } else if (extIid !== undefined) {
    ctx.ref = `refs/pull/${extIid}/head`;
    ctx.pullRequestNumber = positiveInt(extIid);
    const base = opt(env, 'CI_EXTERNAL_PULL_REQUEST_TARGET_REPOSITORY') ?? repository;
    const head = opt(env, 'CI_EXTERNAL_PULL_REQUEST_SOURCE_REPOSITORY');
    ctx.baseRepository = base;
    ctx.headRepository = head ?? UNKNOWN_HEAD_REPOSITORY;
    const target = opt(env, 'CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME');
    if (target !== undefined) ctx.baseRef = `refs/heads/${target}`;
    const source = opt(env, 'CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME');
    if (source !== undefined) ctx.headRef = `refs/heads/${source}`;
    ctx.headSha = opt(env, 'CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA') ?? sha;
  } else if (tag !== undefined) {
    // A tag wins over any branch variable: GitLab sets CI_COMMIT_TAG only for tag pipelines.
    ctx.ref = `refs/tags/${tag}`;
  } else {
    // Without CI_COMMIT_TAG the pipeline is not for a tag, so the ref name is a branch.
    const branch = opt(env, 'CI_COMMIT_BRANCH') ?? opt(env, 'CI_COMMIT_REF_NAME');
    if (branch === undefined) {
      throw new ConfigError('context-invalid', 'none of CI_COMMIT_REF_NAME, CI_COMMIT_BRANCH, CI_COMMIT_TAG or CI_MERGE_REQUEST_IID is set: the pipeline\'s ref is unknown', {
        hint: 'run inside a GitLab CI/CD job, or describe the run with --context FILE',
      });
    }
    ctx.ref = `refs/heads/${branch}`;
  }
  ctx.refType = refTypeOf(ctx.ref);
  return compact(ctx);
}

/**
 * Fork = the source project differs from the project the pipeline runs in (by ID, GitLab's
 * stable identity). When the IDs say fork but the paths agree, or the source is not known at
 * all, the head is marked unknown so it can never pass as the base.
 */
function mergeRequestHead(env: Env, base: string): string {
  const sourceId = opt(env, 'CI_MERGE_REQUEST_SOURCE_PROJECT_ID');
  const projectId = opt(env, 'CI_PROJECT_ID');
  const sourcePath = opt(env, 'CI_MERGE_REQUEST_SOURCE_PROJECT_PATH');
  if (sourceId !== undefined && projectId !== undefined) {
    if (sourceId === projectId) return base;
    return sourcePath !== undefined && sourcePath !== base ? sourcePath : UNKNOWN_HEAD_REPOSITORY;
  }
  return sourcePath ?? UNKNOWN_HEAD_REPOSITORY;
}

function splitArch(v: string | undefined): [string | undefined, string | undefined] {
  if (v === undefined) return [undefined, undefined];
  const i = v.indexOf('/');
  return i < 0 ? [undefined, v] : [v.slice(0, i) || undefined, v.slice(i + 1) || undefined];
}
