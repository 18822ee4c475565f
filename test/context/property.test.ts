import fc from 'fast-check';
import { ConfigError } from '../../shared/errors.js';
import { fromCircleCI } from '../../shared/context/circleci.js';
import { fromGitHub } from '../../shared/context/github.js';
import { fromGitLab } from '../../shared/context/gitlab.js';
import { parseContext } from '../../shared/context/local.js';
import { eventMatches } from '../../shared/context/events.js';
import { refTypeOf } from '../../shared/context/refs.js';
import type { PipelineContext } from '../../shared/context/types.js';
import { NOW } from './fixtures.js';

const GITHUB_VARS = ['GITHUB_EVENT_NAME', 'GITHUB_REF', 'GITHUB_REF_TYPE', 'GITHUB_SHA', 'GITHUB_REPOSITORY', 'GITHUB_ACTOR', 'GITHUB_TRIGGERING_ACTOR', 'GITHUB_HEAD_REF', 'GITHUB_BASE_REF', 'RUNNER_ENVIRONMENT', 'GITHUB_ACTION_REF'];
const GITLAB_VARS = ['CI_PIPELINE_SOURCE', 'CI_PROJECT_PATH', 'CI_PROJECT_ID', 'CI_COMMIT_SHA', 'CI_COMMIT_REF_NAME', 'CI_COMMIT_BRANCH', 'CI_COMMIT_TAG', 'CI_MERGE_REQUEST_IID', 'CI_MERGE_REQUEST_SOURCE_PROJECT_ID', 'CI_MERGE_REQUEST_SOURCE_PROJECT_PATH', 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME', 'CI_EXTERNAL_PULL_REQUEST_IID', 'CI_COMMIT_REF_PROTECTED', 'CI_RUNNER_DESCRIPTION', 'CI_SERVER_URL', 'CI_SERVER_HOST', 'CI_RUNNER_EXECUTABLE_ARCH'];
const CIRCLE_VARS = ['CIRCLE_BRANCH', 'CIRCLE_TAG', 'CIRCLE_SHA1', 'CIRCLE_PROJECT_USERNAME', 'CIRCLE_PROJECT_REPONAME', 'CIRCLE_USERNAME', 'CIRCLE_PR_NUMBER', 'CIRCLE_PR_USERNAME', 'CIRCLE_PR_REPONAME', 'CIRCLE_PULL_REQUEST', 'CIRCLE_PIPELINE_TRIGGER_SOURCE'];

/** Arbitrary strings, biased towards the interesting ones: empty, refs, metacharacters, non-ASCII, control characters. */
const value = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', 'true', 'false', 'refs/heads/main', 'main', 'pull/1', 'refs/', '$(curl evil)', 'm\u0430in', '\u0000', '1', '0', 'github-hosted', 'https://gitlab.com', 'gitlab.com', 'a/b'),
);
/** Records over the platform's own variable names plus arbitrary keys (including __proto__ and friends). */
const envOf = (names: string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.constantFrom('__proto__', 'constructor', 'toString'), fc.string()), fc.option(value, { nil: undefined }), { maxKeys: names.length + 4 });
/** Full-looking envs so the property also reaches the success paths, not just the first missing variable. */
const fullEnvOf = (names: string[]) => fc.record(Object.fromEntries(names.map((n) => [n, value])) as Record<string, typeof value>);

const eventText = fc.oneof(
  fc.string(),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify({ pull_request: v, comment: v, issue: v, workflow_run: v, merge_group: v, head_commit: v })),
  fc.constantFrom('{}', '[]', 'null', '{"pull_request":{"head":{"repo":null},"base":{"repo":{"full_name":"a/b"}}}}'),
);

function check(fn: () => PipelineContext): void {
  let ctx: PipelineContext;
  try {
    ctx = fn();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return;
  }
  if (!ctx.ref.startsWith('refs/')) throw new Error(`relative ref ${JSON.stringify(ctx.ref)}`);
  if (ctx.refType !== refTypeOf(ctx.ref)) throw new Error('refType disagrees with ref');
  for (const r of [ctx.baseRef, ctx.headRef]) if (r !== undefined && !r.startsWith('refs/')) throw new Error(`relative ${JSON.stringify(r)}`);
  if (ctx.time !== NOW.toISOString()) throw new Error('time');
}

const RUNS = { numRuns: 400 };

describe('normalisers on arbitrary input never throw anything but ConfigError and never return a relative ref', () => {
  it('fromGitHub', () => {
    fc.assert(fc.property(fc.oneof(envOf(GITHUB_VARS), fullEnvOf(GITHUB_VARS)), fc.option(eventText, { nil: undefined }), (env, text) => check(() => fromGitHub(env, text, NOW))), RUNS);
  });

  it('fromGitLab', () => {
    fc.assert(fc.property(fc.oneof(envOf(GITLAB_VARS), fullEnvOf(GITLAB_VARS)), (env) => check(() => fromGitLab(env, NOW))), RUNS);
  });

  it('fromCircleCI', () => {
    fc.assert(fc.property(fc.oneof(envOf(CIRCLE_VARS), fullEnvOf(CIRCLE_VARS)), (env) => check(() => fromCircleCI(env, NOW))), RUNS);
  });

  it('parseContext', () => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom('ref', 'event', 'platform', 'runner', 'time', 'refType', 'actor'), fc.jsonValue())), (v) => check(() => parseContext(v, 'case', NOW))), RUNS);
  });

  it('hostile refs survive byte for byte on every platform', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), (name) => {
        const gh = fromGitHub({ GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'a/b', GITHUB_SHA: 'x', GITHUB_REF: `refs/heads/${name}` }, '{}', NOW);
        const gl = fromGitLab({ CI_PIPELINE_SOURCE: 'push', CI_PROJECT_PATH: 'a/b', CI_COMMIT_SHA: 'x', CI_COMMIT_BRANCH: name }, NOW);
        const cc = fromCircleCI({ CIRCLE_SHA1: 'x', CIRCLE_PROJECT_USERNAME: 'a', CIRCLE_PROJECT_REPONAME: 'b', CIRCLE_TAG: name }, NOW);
        return gh.ref === `refs/heads/${name}` && gl.ref === `refs/heads/${name}` && cc.ref === `refs/tags/${name}`;
      }),
      RUNS,
    );
  });

  it('eventMatches never throws and a non-alias matches only itself', () => {
    const base = fromGitHub({ GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'a/b', GITHUB_SHA: 'x', GITHUB_REF: 'refs/heads/main' }, '{}', NOW);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom('github', 'gitlab', 'circleci', 'local' as const), (allowed, event, platform) => {
        const ctx = { ...base, event, platform };
        const m = eventMatches(allowed, ctx);
        return allowed === event ? m : !m || ['push', 'tag', 'pull-request', 'merge-request', 'schedule', 'manual', 'api', 'comment', 'release', 'upstream', 'merge-queue', 'local'].includes(allowed);
      }),
      RUNS,
    );
  });
});
