import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigError } from '../../shared/errors.js';

/** Real webhook payloads from @octokit/webhooks-examples (api.github.com), by event name and action. */
interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}
let groups: ExampleGroup[] | undefined;

export function webhookExample(event: string, action?: string): Record<string, unknown> {
  if (!groups) {
    const file = createRequire(import.meta.url).resolve('@octokit/webhooks-examples/api.github.com/index.json');
    groups = JSON.parse(readFileSync(file, 'utf8')) as ExampleGroup[];
  }
  const group = groups.find((g) => g.name === event);
  const example = group?.examples.find((e) => action === undefined || e['action'] === action);
  if (!example) throw new Error(`no @octokit/webhooks-examples payload for ${event}${action ? `.${action}` : ''}`);
  return structuredClone(example);
}

/** A GitLab webhook payload from the shared corpus (read-only, beside the checkout). */
export function gitlabWebhook(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../../shared/corpus/gitlab/gitlab-webhook-${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** The variables a GitHub-hosted runner sets for a job (documented set), for repository Codertocat/Hello-World. */
export function githubEnv(over: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_SHA: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_ACTOR: 'Codertocat',
    GITHUB_TRIGGERING_ACTOR: 'Codertocat',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_WORKFLOW_REF: 'Codertocat/Hello-World/.github/workflows/deploy.yml@refs/heads/main',
    GITHUB_RUN_ID: '1589141559',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'release',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_ACTION_REF: '',
    GITHUB_HEAD_REF: '',
    GITHUB_BASE_REF: '',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_NAME: 'GitHub Actions 2',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ...over,
  };
}

export const NOW = new Date('2026-03-04T05:06:07.000Z');

/** Runs fn and returns the ConfigError (code context-invalid) it must throw; fails the test otherwise. */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('context-invalid');
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}
