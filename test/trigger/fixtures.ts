import { githubEnv, webhookExample } from '../context/fixtures.js';
import { fromCircleCI, fromGitHub, fromGitLab } from '../../shared/context/index.js';
import type { PipelineContext } from '../../shared/context/types.js';
import type { RuleSource } from '../../shared/policy/resolve.js';

export const NOW = new Date('2026-03-04T05:06:07.000Z');
export const SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
export const PR_HEAD_SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';

type Json = Record<string, any>;

/** A real webhook payload from @octokit/webhooks-examples (api.github.com), deep-copied. */
export const payload = (event: string, action?: string): Json => webhookExample(event, action) as Json;

/** A pull_request payload turned into one from a fork (head repository renamed, as GitHub sends it). */
export function forkPullRequest(event = 'pull_request', fork = 'mallory/Hello-World', author = 'mallory', headRef = 'changes'): Json {
  const p = payload('pull_request', 'opened');
  p.pull_request.head.repo.full_name = fork;
  p.pull_request.head.repo.owner.login = fork.split('/')[0];
  p.pull_request.head.repo.fork = false; // the flag lies on purpose: only names count
  p.pull_request.head.ref = headRef;
  p.pull_request.head.label = `${fork.split('/')[0]}:${headRef}`;
  p.pull_request.user.login = author;
  void event;
  return p;
}

/** The variables a GitHub-hosted runner sets, for Codertocat/Hello-World. */
export { githubEnv };

export function gh(event: string, body: Json, env: Record<string, string | undefined> = {}): PipelineContext {
  return fromGitHub(githubEnv({ GITHUB_EVENT_NAME: event, ...env }), JSON.stringify(body), NOW);
}

export function gitlabEnv(over: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    GITLAB_CI: 'true',
    CI_PIPELINE_SOURCE: 'push',
    CI_PROJECT_PATH: 'acme/platform/app',
    CI_PROJECT_ID: '4242',
    CI_COMMIT_SHA: SHA,
    CI_COMMIT_BRANCH: 'main',
    CI_COMMIT_REF_NAME: 'main',
    CI_COMMIT_REF_PROTECTED: 'true',
    GITLAB_USER_LOGIN: 'alice',
    CI_PIPELINE_ID: '1001',
    CI_JOB_ID: '5005',
    CI_CONFIG_PATH: '.gitlab-ci.yml',
    CI_SERVER_URL: 'https://gitlab.example',
    CI_SERVER_HOST: 'gitlab.example',
    CI_API_V4_URL: 'https://gitlab.example/api/v4',
    CI_RUNNER_DESCRIPTION: 'build-runner-1',
    CI_RUNNER_ID: '7',
    ...over,
  };
}

export function gl(over: Record<string, string | undefined> = {}): PipelineContext {
  return fromGitLab(gitlabEnv(over), NOW);
}

export function circleEnv(over: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    CIRCLECI: 'true',
    CIRCLE_SHA1: SHA,
    CIRCLE_PROJECT_USERNAME: 'acme',
    CIRCLE_PROJECT_REPONAME: 'app',
    CIRCLE_BRANCH: 'main',
    CIRCLE_USERNAME: 'alice',
    CIRCLE_BUILD_NUM: '77',
    CIRCLE_WORKFLOW_ID: '6c8a7c6e-1111-4e5e-9a2b-3f0c2d1e0a99',
    CIRCLE_JOB: 'deploy',
    CIRCLE_PIPELINE_TRIGGER_SOURCE: 'webhook',
    CIRCLE_REPOSITORY_URL: 'git@github.com:acme/app.git',
    ...over,
  };
}

export function cc(over: Record<string, string | undefined> = {}): PipelineContext {
  return fromCircleCI(circleEnv(over), NOW);
}

/** A RuleSource that names the policy path like the real one (no file locations). */
export const ruleSource: RuleSource = (path) => ({ policyPath: `environments.test.${path.join('.')}` });
