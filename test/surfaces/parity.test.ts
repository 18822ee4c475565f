// Parity: one policy, equivalent runs, four surfaces (GitHub runner contract, GitLab component
// under gitlab-ci-local, CircleCI orb steps in bash, local CLI with --context) must agree on the
// decision and on the violated rule ids.
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  GROUP, PROJECT, REPOSITORY, ROOT, SHA, circleEnv, componentInclude, runGitHub, runGitLab, runLocal, runOrb, snapshotDist, tempDir, webhookExample,
  type GitLabPipeline, type Orb, type Outcome,
} from './harness.js';

const POLICY = readFileSync(join(ROOT, 'test/surfaces/fixtures/policy.yml'), 'utf8');

interface Case {
  title: string;
  environment: 'ci' | 'production';
  expect: { decision: 'allow' | 'deny'; rules: string[] };
  github: { event: string; action?: string; ref: string; actor: string; mutate: (p: Record<string, any>) => void };
  gitlab: Record<string, string>;
  circleci: { env: Record<string, string>; trigger: string };
  local: Record<string, unknown>;
}

const ghRepo = (p: Record<string, any>) => {
  p.repository.full_name = REPOSITORY;
  p.repository.name = PROJECT;
  p.repository.owner.login = GROUP;
};

const CASES: Case[] = [
  {
    title: 'allowed push to main by a releaser',
    environment: 'production',
    expect: { decision: 'allow', rules: [] },
    github: { event: 'push', ref: 'refs/heads/main', actor: 'octocat', mutate: (p) => { p.ref = 'refs/heads/main'; p.sender.login = 'octocat'; ghRepo(p); } },
    gitlab: { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_REF_NAME: 'main', CI_COMMIT_BRANCH: 'main', CI_COMMIT_REF_PROTECTED: 'true', GITLAB_USER_LOGIN: 'octocat' },
    circleci: { env: { CIRCLE_BRANCH: 'main', CIRCLE_USERNAME: 'octocat' }, trigger: 'webhook' },
    local: { platform: 'github', event: 'push', ref: 'refs/heads/main', repository: REPOSITORY, actor: 'octocat' },
  },
  {
    title: 'pull request from a fork',
    environment: 'ci',
    expect: { decision: 'deny', rules: ['trigger.forks'] },
    github: {
      event: 'pull_request', action: 'opened', ref: 'refs/pull/42/merge', actor: 'mallory',
      mutate: (p) => {
        ghRepo(p);
        p.number = 42;
        p.pull_request.number = 42;
        p.pull_request.user.login = 'mallory';
        p.sender.login = 'mallory';
        p.pull_request.base.repo.full_name = REPOSITORY;
        p.pull_request.head.repo.full_name = 'mallory/ci-constraints';
        p.pull_request.head.repo.fork = false; // forks are detected by name, not by this flag
      },
    },
    gitlab: {
      CI_PIPELINE_SOURCE: 'merge_request_event', CI_COMMIT_REF_NAME: 'feature', CI_COMMIT_BRANCH: '', GITLAB_USER_LOGIN: 'mallory', CI_COMMIT_REF_PROTECTED: 'false',
      CI_MERGE_REQUEST_IID: '42', CI_PROJECT_ID: '1000', CI_MERGE_REQUEST_PROJECT_PATH: REPOSITORY, CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '6666',
      CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: 'mallory/ci-constraints', CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main', CI_MERGE_REQUEST_AUTHOR: 'mallory',
    },
    circleci: { env: { CIRCLE_BRANCH: 'pull/42', CIRCLE_USERNAME: 'mallory', CIRCLE_PR_NUMBER: '42', CIRCLE_PR_USERNAME: 'mallory', CIRCLE_PR_REPONAME: PROJECT, CIRCLE_PULL_REQUEST: `https://github.com/${REPOSITORY}/pull/42` }, trigger: 'webhook' },
    local: { platform: 'github', event: 'pull_request', ref: 'refs/pull/42/merge', repository: REPOSITORY, baseRepository: REPOSITORY, headRepository: 'mallory/ci-constraints', pullRequestNumber: 42, actor: 'mallory', prAuthor: 'mallory' },
  },
  {
    title: 'tag named like the main branch',
    environment: 'production',
    expect: { decision: 'deny', rules: ['trigger.refs'] },
    github: { event: 'push', ref: 'refs/tags/main', actor: 'octocat', mutate: (p) => { p.ref = 'refs/tags/main'; p.base_ref = null; p.sender.login = 'octocat'; ghRepo(p); } },
    gitlab: { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_TAG: 'main', CI_COMMIT_REF_NAME: 'main', CI_COMMIT_BRANCH: '', CI_COMMIT_REF_PROTECTED: 'true', GITLAB_USER_LOGIN: 'octocat' },
    circleci: { env: { CIRCLE_TAG: 'main', CIRCLE_USERNAME: 'octocat' }, trigger: 'webhook' },
    local: { platform: 'github', event: 'push', ref: 'refs/tags/main', repository: REPOSITORY, actor: 'octocat' },
  },
  {
    title: 'event the environment does not allow (manual run)',
    environment: 'production',
    expect: { decision: 'deny', rules: ['trigger.events'] },
    github: { event: 'workflow_dispatch', ref: 'refs/heads/main', actor: 'octocat', mutate: (p) => { p.ref = 'refs/heads/main'; p.sender.login = 'octocat'; ghRepo(p); } },
    gitlab: { CI_PIPELINE_SOURCE: 'web', CI_COMMIT_REF_NAME: 'main', CI_COMMIT_BRANCH: 'main', CI_COMMIT_REF_PROTECTED: 'true', GITLAB_USER_LOGIN: 'octocat' },
    circleci: { env: { CIRCLE_BRANCH: 'main', CIRCLE_USERNAME: 'octocat' }, trigger: 'api' },
    local: { platform: 'github', event: 'workflow_dispatch', ref: 'refs/heads/main', repository: REPOSITORY, actor: 'octocat' },
  },
  {
    title: 'branch whose name carries $(…)',
    environment: 'ci',
    expect: { decision: 'deny', rules: ['trigger.ref-charset'] },
    github: { event: 'push', ref: 'refs/heads/feat$(id)', actor: 'octocat', mutate: (p) => { p.ref = 'refs/heads/feat$(id)'; p.sender.login = 'octocat'; ghRepo(p); } },
    gitlab: { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_REF_NAME: 'feat$(id)', CI_COMMIT_BRANCH: 'feat$(id)', CI_COMMIT_REF_PROTECTED: 'false', GITLAB_USER_LOGIN: 'octocat' },
    circleci: { env: { CIRCLE_BRANCH: 'feat$(id)', CIRCLE_USERNAME: 'octocat' }, trigger: 'webhook' },
    local: { platform: 'github', event: 'push', ref: 'refs/heads/feat$(id)', repository: REPOSITORY, actor: 'octocat' },
  },
];

let dist: string;
let orb: Orb;
const results = new Map<string, Record<string, Outcome>>();

function workspace(): string {
  const dir = tempDir('cic-ws-');
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROOT, 'test/surfaces/fixtures/policy.yml'), join(dir, 'ci-constraints.yml'));
  return dir;
}

beforeAll(async () => {
  dist = snapshotDist();
  const pack = await import(pathToFileURL(join(ROOT, 'scripts/orb-pack.mjs')).href);
  const src = join(tempDir('cic-orb-'), 'src');
  cpSync(join(ROOT, 'circleci-orb/src'), src, { recursive: true });
  pack.embedBundle(dist, src);
  orb = pack.packOrb(src) as Orb;

  // GitLab runs are the slow part: every case is its own pipeline (its own predefined variables),
  // all in parallel, while the other surfaces run.
  const gitlab = Promise.all(
    CASES.map((c) =>
      runGitLab(dist, `include:\n${componentInclude('verify-trigger', { 'job-name': 'parity', environment: c.environment, 'bundle-path': 'dist' })}`, c.gitlab, { 'ci-constraints.yml': POLICY }),
    ),
  );
  const home = join(tempDir('cic-home-'), 'home'); // one job's CI_CONSTRAINTS_HOME: install runs once, then finds the bundle
  for (const c of CASES) {
    const payload = webhookExample(c.github.event, c.github.action);
    c.github.mutate(payload);
    const gh = await runGitHub(dist, 'verify-trigger', { policy: 'ci-constraints.yml', environment: c.environment, mode: 'enforce', 'github-token': '' }, {
      GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: c.github.event, GITHUB_REF: c.github.ref, GITHUB_SHA: SHA, GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_ACTOR: c.github.actor, GITHUB_TRIGGERING_ACTOR: c.github.actor, GITHUB_RUN_ID: '1', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'parity',
      GITHUB_SERVER_URL: 'https://github.com', GITHUB_API_URL: 'http://127.0.0.1:9', RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64',
    }, payload, workspace());
    const ws = workspace();
    const circle = await runOrb(orb, 'verify-trigger', { environment: c.environment }, circleEnv(c.circleci.env), c.circleci.trigger, ws, home);
    const local = await runLocal(dist, ['verify-trigger', '--policy', 'ci-constraints.yml', '--environment', c.environment], c.local, workspace());
    results.set(c.title, { github: gh, circleci: circle, local });
  }
  const pipelines: GitLabPipeline[] = await gitlab;
  CASES.forEach((c, i) => {
    const job = pipelines[i]!.jobs.parity;
    if (!job) throw new Error(`gitlab-ci-local ran no job "parity" for ${c.title}:\n${pipelines[i]!.output}`);
    results.get(c.title)!.gitlab = job;
  });
}, 120_000);

describe.each(CASES)('parity: $title', (c) => {
  it.each(['github', 'gitlab', 'circleci', 'local'])('%s gives the expected decision and rule ids', (surface) => {
    const r = results.get(c.title)![surface]!;
    expect({ surface, decision: r.decision, rules: r.rules }).toEqual({ surface, decision: c.expect.decision, rules: [...c.expect.rules].sort() });
    // The job/step/process passes exactly when the decision is allow (enforce mode).
    expect({ surface, passed: r.passed }).toEqual({ surface, passed: c.expect.decision === 'allow' });
    // Denials name the rule in the log the user reads.
    for (const rule of c.expect.rules) expect(r.log).toContain(rule);
  });

  it('all four surfaces agree', () => {
    const r = results.get(c.title)!;
    const seen = new Set(Object.values(r).map((o) => JSON.stringify([o.decision, o.rules])));
    expect(seen.size).toBe(1);
  });
});
