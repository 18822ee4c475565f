import type { PipelineContext } from './types.js';
import { UNKNOWN_HEAD_REPOSITORY, compact, opt, positiveInt, refTypeOf, req, type Env } from './refs.js';
import { ConfigError } from '../errors.js';

/**
 * CircleCI exposes the pipeline's trigger only as the pipeline value `<< pipeline.trigger_source >>`
 * (webhook, api, scheduled_pipeline, …), never as an environment variable. The orb's steps pass it
 * in under this name; without it the event is `unknown`, which no policy allows by accident.
 */
export const CIRCLECI_TRIGGER_SOURCE_VAR = 'CIRCLE_PIPELINE_TRIGGER_SOURCE';
export const CIRCLECI_UNKNOWN_EVENT = 'unknown';

/** The fork-only variables: CircleCI sets them only when the pull request comes from a fork. */
const FORK_VARS = ['CIRCLE_PR_NUMBER', 'CIRCLE_PR_USERNAME', 'CIRCLE_PR_REPONAME'] as const;

/**
 * The PipelineContext of a CircleCI job from CIRCLE_* variables. Tag builds → refs/tags/<CIRCLE_TAG>;
 * fork pull requests (CircleCI builds them on a branch named `pull/<n>`) → refs/pull/<n>/head;
 * everything else → refs/heads/<CIRCLE_BRANCH>.
 */
export function fromCircleCI(env: Env, now: Date): PipelineContext {
  const P = 'CircleCI';
  const sha = req(env, 'CIRCLE_SHA1', P);
  const owner = req(env, 'CIRCLE_PROJECT_USERNAME', P);
  const name = req(env, 'CIRCLE_PROJECT_REPONAME', P);
  const repository = `${owner}/${name}`;
  const user = opt(env, 'CIRCLE_USERNAME');
  const tag = opt(env, 'CIRCLE_TAG');
  const branch = opt(env, 'CIRCLE_BRANCH');
  const fork = FORK_VARS.some((v) => opt(env, v) !== undefined);
  const prUrlNumber = pullNumberFromUrl(opt(env, 'CIRCLE_PULL_REQUEST'));

  let ref: string;
  if (tag !== undefined) {
    ref = `refs/tags/${tag}`;
  } else if (fork) {
    // A fork's branch is not a branch of this repository: name the pull request, never refs/heads/<their branch>.
    const n = positiveInt(/^pull\/([1-9][0-9]*)$/.exec(branch ?? '')?.[1]) ?? positiveInt(opt(env, 'CIRCLE_PR_NUMBER')) ?? prUrlNumber;
    if (n === undefined) {
      throw new ConfigError('context-invalid', 'the CIRCLE_PR_* variables say this is a fork pull request, but neither CIRCLE_PR_NUMBER, CIRCLE_PULL_REQUEST nor CIRCLE_BRANCH (pull/<n>) names it', {
        hint: 'CircleCI sets CIRCLE_PR_NUMBER on fork pull requests; do not override CIRCLE_* variables in the job',
      });
    }
    ref = `refs/pull/${n}/head`;
  } else if (branch !== undefined) {
    ref = `refs/heads/${branch}`;
  } else {
    throw new ConfigError('context-invalid', 'neither CIRCLE_BRANCH nor CIRCLE_TAG is set: the pipeline\'s ref is unknown', {
      hint: 'run inside a CircleCI job, or describe the run with --context FILE',
    });
  }

  const ctx: PipelineContext = {
    platform: 'circleci',
    event: opt(env, CIRCLECI_TRIGGER_SOURCE_VAR) ?? CIRCLECI_UNKNOWN_EVENT,
    ref,
    refType: refTypeOf(ref),
    sha,
    repository,
    actor: user,
    triggeringActor: user,
    pullRequestNumber: positiveInt(opt(env, 'CIRCLE_PR_NUMBER')) ?? prUrlNumber,
    // CircleCI names no runner kind; self-hosted runners are chosen by resource class, invisible to the job.
    runner: { kind: 'unknown' },
    runId: opt(env, 'CIRCLE_WORKFLOW_ID'),
    jobId: opt(env, 'CIRCLE_BUILD_NUM'),
    workflow: opt(env, 'CIRCLE_JOB'),
    identitySource: 'env',
    time: now.toISOString(),
  };
  if (fork) {
    const prUser = opt(env, 'CIRCLE_PR_USERNAME');
    const prRepo = opt(env, 'CIRCLE_PR_REPONAME');
    const head = prUser !== undefined && prRepo !== undefined ? `${prUser}/${prRepo}` : undefined;
    ctx.baseRepository = repository;
    // CircleCI says fork by setting these at all; a head that looks like the base cannot be trusted to say otherwise.
    ctx.headRepository = head !== undefined && head !== repository ? head : UNKNOWN_HEAD_REPOSITORY;
    ctx.prAuthor = prUser;
  } else if (prUrlNumber !== undefined) {
    ctx.baseRepository = repository;
    ctx.headRepository = repository;
  }
  return compact(ctx);
}

/** `https://github.com/o/r/pull/12` (GitHub), `…/pull-requests/12` (Bitbucket), `…/merge_requests/12` (GitLab). */
function pullNumberFromUrl(url: string | undefined): number | undefined {
  if (url === undefined) return undefined;
  const m = /\/(?:pull|pull-requests|merge_requests)\/([1-9][0-9]*)\/?$/.exec(url);
  return m ? positiveInt(m[1]) : undefined;
}
