// Parity: one policy, equivalent runs, four surfaces (GitHub runner contract, GitLab component
// under gitlab-ci-local, CircleCI orb steps in bash, local CLI with --context) must agree on the
// decision and on the violated rule ids.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  GROUP, PROJECT, REPOSITORY, ROOT, SHA, circleEnv, componentInclude, registeredActions, runGitHub, runGitLab, runLocal, runOrb, snapshotDist, tempDir, webhookExample,
  type GitLabPipeline, type Orb, type Outcome,
} from './harness.js';
import { SARIF_BAD, actionsPolicy, localAddresses, signingKey, startVault } from './fixtures.js';

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

/* ------------------------------------------------------------------ the other registered actions */

// One case per action whose context can be made the same on every surface: the same policy
// environment, inputs and files give the same decision and rule ids through the GitHub runner
// contract, the GitLab component (gitlab-ci-local), the orb commands in bash and the local CLI.
interface ActionCase {
  title: string;
  action: string;
  environment: string;
  command?: string;
  inputs: Record<string, string>;
  expect: () => { decision: 'allow' | 'deny'; rules: string[] };
  /** The reason each surface must print: the same deny for the same cause, not by accident. */
  reason: RegExp;
}

const ACTION_CASES: ActionCase[] = [
  {
    title: 'sign-artifact: verify a file changed after signing',
    action: 'sign-artifact', environment: 'signed', command: 'verify',
    inputs: { bundle: 'signed/provenance.sigstore.json' },
    expect: () => ({ decision: 'deny', rules: ['artifacts.subject-digest'] }),
    reason: /~ app\.bin: signed sha256:[0-9a-f]{64}, now sha256:[0-9a-f]{64}/,
  },
  {
    title: 'require-vault-secrets: a Vault role bound to another project',
    action: 'require-vault-secrets', environment: 'vault-wrong-role',
    inputs: { secrets: 'secret/ci/app password | DB_PASSWORD' },
    expect: () => ({ decision: 'deny', rules: ['secrets.vault-auth'] }),
    reason: /claim "repository" does not match any associated bound claim values/,
  },
  {
    title: 'ip-guard: interface addresses outside the approved ranges',
    action: 'ip-guard', environment: 'net-out',
    inputs: {},
    expect: () => ({ decision: 'deny', rules: localAddresses().map(() => 'network.allow') }),
    reason: /address \S+ is outside every approved range/,
  },
  {
    title: 'security-gate: SARIF errors over the threshold',
    action: 'security-gate', environment: 'gate',
    inputs: { sarif: 'results/bad.sarif' },
    expect: () => ({ decision: 'deny', rules: ['gate.sarif.finding', 'gate.sarif.finding', 'gate.sarif.finding', 'gate.sarif.finding', 'gate.sarif.max'] }),
    reason: /4 level error findings over all tools \(at most 0 allowed\)/,
  },
];

describe('parity of the other actions', () => {
  const outcomes = new Map<string, Record<string, Outcome>>();
  let actions: string[];

  beforeAll(async () => {
    const adist = snapshotDist();
    actions = registeredActions(adist);
    const stack = await startVault();
    const jwt = await stack.sign();
    // GitHub's OIDC token endpoint, on loopback (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN).
    const oidc = createServer((req, res) => res.writeHead(req.headers.authorization === 'Bearer runtime-token' ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ value: jwt })));
    await new Promise<void>((r) => oidc.listen(0, '127.0.0.1', () => r()));
    try {
      const key = signingKey();
      // The bundle every surface verifies: app.bin signed by the local CLI, then changed.
      const signer = tempDir('cic-sign-');
      const policy = actionsPolicy(stack.url);
      const files: Record<string, string> = { 'ci-constraints.yml': policy, 'keys/sign.pub': key.publicKey, 'app.bin': 'the artifact\n', 'results/bad.sarif': SARIF_BAD };
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(signer, name)), { recursive: true });
        writeFileSync(join(signer, name), text);
      }
      const sign = await runLocal(adist, ['sign-artifact', '--environment', 'signed', '--subjects', 'app.bin', '--output-dir', 'signed'], { platform: 'github', event: 'push', ref: 'refs/heads/main', repository: REPOSITORY, actor: 'octocat' }, signer, { CI_CONSTRAINTS_KEY: key.privateKey });
      if (sign.decision !== 'allow') throw new Error(`signing the parity bundle failed:\n${sign.log}`);
      files['signed/provenance.sigstore.json'] = readFileSync(join(signer, 'signed/provenance.sigstore.json'), 'utf8');
      files['app.bin'] = 'the artifact, changed after signing\n';
      const workspace2 = () => {
        const dir = tempDir('cic-ws-');
        for (const [name, text] of Object.entries(files)) {
          mkdirSync(dirname(join(dir, name)), { recursive: true });
          writeFileSync(join(dir, name), text);
        }
        return dir;
      };

      // GitLab: all cases as jobs of one pipeline, one at a time in the project directory (the
      // vault and ip-guard components have an after_script; see runGitLab).
      const gitlab = runGitLab(adist, `include:\n${ACTION_CASES.map((c, i) => componentInclude(c.action, { 'job-name': `case-${i}`, environment: c.environment, 'bundle-path': 'dist', ...(c.command ? { command: c.command } : {}), ...c.inputs })).join('')}`,
        { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_REF_NAME: 'main', CI_COMMIT_BRANCH: 'main', CI_COMMIT_REF_PROTECTED: 'true', GITLAB_USER_LOGIN: 'octocat', CI_CONSTRAINTS_ID_TOKEN: jwt }, files, { shared: true });
      const push = webhookExample('push');
      push.ref = 'refs/heads/main';
      push.sender.login = 'octocat';
      ghRepo(push);
      // The other surfaces of every case at once, while the GitLab pipeline runs.
      await Promise.all(ACTION_CASES.map(async (c) => {
        const gh = await runGitHub(adist, c.action, { policy: 'ci-constraints.yml', environment: c.environment, mode: 'enforce', 'github-token': '', ...(c.command ? { command: c.command } : {}), ...c.inputs }, {
          GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: SHA, GITHUB_REPOSITORY: REPOSITORY,
          GITHUB_ACTOR: 'octocat', GITHUB_TRIGGERING_ACTOR: 'octocat', GITHUB_RUN_ID: '2', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'parity',
          GITHUB_SERVER_URL: 'https://github.com', GITHUB_API_URL: 'http://127.0.0.1:9', RUNNER_ENVIRONMENT: 'github-hosted', RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64',
          ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${(oidc.address() as AddressInfo).port}/token`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-token',
        }, push, workspace2());
        const circle = await runOrb(orb, c.action, { environment: c.environment, ...(c.command ? { command: c.command } : {}), ...c.inputs }, circleEnv({ CIRCLE_BRANCH: 'main', CIRCLE_USERNAME: 'octocat', CIRCLE_OIDC_TOKEN_V2: jwt }), 'webhook', workspace2(), join(tempDir('cic-home-'), 'home'));
        const flags = Object.entries(c.inputs).flatMap(([k, v]) => [`--${k}`, v]);
        const local = await runLocal(adist, [c.action, ...(c.command ? [c.command] : []), '--environment', c.environment, ...flags], { platform: 'github', event: 'push', ref: 'refs/heads/main', repository: REPOSITORY, actor: 'octocat' }, workspace2(), { CI_CONSTRAINTS_ID_TOKEN: jwt });
        outcomes.set(c.title, { github: gh, circleci: circle, local });
      }));
      const pipeline = await gitlab;
      ACTION_CASES.forEach((c, i) => {
        const job = pipeline.jobs[`case-${i}`];
        if (!job) throw new Error(`gitlab-ci-local ran no job case-${i} (${c.title}):\n${pipeline.output}`);
        outcomes.get(c.title)!.gitlab = job;
      });
    } finally {
      await new Promise<void>((r) => oidc.close(() => r()));
      await stack.close();
    }
  }, 180_000);

  it('covers every registered action', () => {
    expect(actions.filter((a) => a !== 'verify-trigger' && !ACTION_CASES.some((c) => c.action === a))).toEqual([]);
  });

  describe.each(ACTION_CASES)('$title', (c) => {
    it.each(['github', 'gitlab', 'circleci', 'local'])('%s gives the expected decision and rule ids', (surface) => {
      const r = outcomes.get(c.title)![surface]!;
      const want = c.expect();
      expect({ surface, decision: r.decision, rules: r.rules }).toEqual({ surface, decision: want.decision, rules: [...want.rules].sort() });
      expect({ surface, passed: r.passed }).toEqual({ surface, passed: want.decision === 'allow' });
      for (const rule of want.rules) expect(r.log).toContain(rule);
      expect(r.log).toMatch(c.reason);
    });

    it('all four surfaces agree', () => {
      const seen = new Set(Object.values(outcomes.get(c.title)!).map((o) => JSON.stringify([o.decision, o.rules])));
      expect(seen.size).toBe(1);
    });
  });
});
