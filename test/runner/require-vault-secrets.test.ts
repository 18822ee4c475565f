// require-vault-secrets through the shipped bundle, as a GitHub job runs it: the Vault-wire test
// server and a JWT issuer on loopback; the runner's OIDC endpoint (ACTIONS_ID_TOKEN_REQUEST_URL /
// _TOKEN) served here, signing GitHub-shaped tokens; `node dist/require-vault-secrets.js` logs in,
// reads KV v2 and a dynamic secret, masks, exports through GITHUB_ENV and saves its session in
// GITHUB_STATE; `node dist/require-vault-secrets-post.js` gets it back as STATE_vault_session and
// revokes. Every file and stream of every run is searched for the canary values.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startIssuer } from '../vault-server/issuer.mjs';
import { startVaultServer } from '../vault-server/server.mjs';
import { filesUnder, Job, JOB_TOKEN, maskedValues, runCli, unmaskedStdout, type StepRun } from './harness.js';

type Issuer = Awaited<ReturnType<typeof startIssuer>>;
type Vault = Awaited<ReturnType<typeof startVaultServer>>;

/** Values that must never appear outside GITHUB_ENV and add-mask lines. Multi-line, with characters encodings change. */
const CANARY = 'canary-runner-Pq7/Zr+9&x=\nline-two-W4tR1x';
const CANARY_USER = 'canary-runner-user-3b7e';
const CANARY_DB = 'canary-runner-db-6f6f';
const AUDIENCE = 'https://vault.runner.test';
const SECRETS = 'secret/ci/app password | DB_PASSWORD;\nsecret/data/ci/app user | DB_USER;\ndatabase/creds/ci password | PGPASSWORD';

/** Every form the redactor promises to catch: raw, per line, base64, URL-encoded, JSON-escaped. */
function forms(value: string): string[] {
  const out = new Set([value, ...value.split('\n'), Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64').replace(/=+$/, ''), encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
  return [...out].filter((f) => f.length >= 6);
}
const CANARY_FORMS = [CANARY, CANARY_USER, CANARY_DB].flatMap(forms);
function leaks(text: string): string[] {
  return CANARY_FORMS.filter((f) => text.includes(f));
}

let issuer: Issuer;
let vault: Vault;
let oidc: Server;
let oidcUrl: string;
const oidcRequests: { audience: string | null; authorization: string | undefined }[] = [];
const REQUEST_TOKEN = 'runner-request-token-0f0f';

function role(over: Record<string, unknown>) {
  return { role_type: 'jwt', bound_audiences: [AUDIENCE], bound_claims_type: 'glob', user_claim: 'actor', token_policies: ['ci'], token_ttl: 300, token_max_ttl: 600, token_explicit_max_ttl: 600, ...over };
}

beforeAll(async () => {
  issuer = await startIssuer();
  vault = await startVaultServer({
    auth: {
      jwt: {
        type: 'jwt',
        jwks_url: issuer.jwksUrl,
        bound_issuer: issuer.url,
        roles: {
          deploy: role({ bound_claims: { repository: 'Codertocat/*', ref: 'refs/heads/main', environment: 'production' } }),
          'deploy-staging': role({ bound_claims: { repository: 'Codertocat/*', environment: 'staging' } }),
          gitlab: role({ bound_claims: { project_path: 'acme/*', ref_protected: 'true' }, user_claim: 'user_login' }),
          'deploy-long': role({ bound_claims: { repository: 'Codertocat/*' }, token_ttl: 7200, token_max_ttl: 7200, token_explicit_max_ttl: 7200 }),
        },
      },
    },
    policies: {
      ci: {
        path: {
          'secret/data/ci/*': { capabilities: ['read'] },
          'database/creds/ci': { capabilities: ['read'] },
          'sys/leases/revoke': { capabilities: ['update'] },
        },
      },
    },
    mounts: {
      secret: { type: 'kv', version: 2, data: { 'ci/app': { password: CANARY, user: CANARY_USER } } },
      database: { type: 'database', roles: { ci: { ttl: 120, password: CANARY_DB } } },
    },
    faults: [],
  });
  // GitHub's OIDC token endpoint: bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN, `&audience=` appended.
  oidc = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://runner');
    oidcRequests.push({ audience: url.searchParams.get('audience'), authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${REQUEST_TOKEN}`) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"message":"bad bearer"}');
      return;
    }
    void issuer
      .sign(
        {
          sub: 'repo:Codertocat/Hello-World:environment:production',
          repository: 'Codertocat/Hello-World',
          repository_owner: 'Codertocat',
          ref: 'refs/heads/main',
          ref_type: 'branch',
          sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
          environment: 'production',
          workflow: 'deploy',
          job_workflow_ref: 'Codertocat/Hello-World/.github/workflows/deploy.yml@refs/heads/main',
          event_name: 'push',
          actor: 'Codertocat',
          run_id: '1589141559',
          runner_environment: 'github-hosted',
        },
        { audience: url.searchParams.get('audience') ?? 'https://github.com/Codertocat' },
      )
      .then((value) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ count: 1, value }));
      });
  });
  await new Promise<void>((r) => oidc.listen(0, '127.0.0.1', () => r()));
  oidcUrl = `http://127.0.0.1:${(oidc.address() as AddressInfo).port}/_apis/distributedtask/hubs/build/plans/1/jobs/2/idtoken?api-version=2.0`;
});

afterAll(async () => {
  oidc.closeAllConnections?.();
  await Promise.all([vault.close(), issuer.close(), new Promise((r) => oidc.close(r))]);
});

function policy(): string {
  const vaultOf = (r: string) => JSON.stringify({ address: vault.url, auth: { method: 'jwt', role: r, audience: AUDIENCE }, 'max-ttl': '15m' });
  return `version: 1
environments:
  production:
    secrets:
      vault: ${vaultOf('deploy')}
      static-allowed: [GITHUB_TOKEN]
  wrong-role:
    secrets:
      vault: ${vaultOf('deploy-staging')}
      static-allowed: [GITHUB_TOKEN]
  long-ttl:
    secrets:
      vault: ${vaultOf('deploy-long')}
      static-allowed: [GITHUB_TOKEN]
  gitlab:
    secrets:
      vault: ${vaultOf('gitlab')}
      static-allowed: [GITHUB_TOKEN]
  short-timeout:
    secrets:
      vault: ${JSON.stringify({ address: vault.url, auth: { method: 'jwt', role: 'deploy', audience: AUDIENCE }, 'max-ttl': '15m', timeout: '5s' })}
      static-allowed: [GITHUB_TOKEN]
`;
}

const WORKFLOW = `name: deploy
on: push
permissions: { id-token: write, contents: read }
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: acme/ci-constraints/actions/require-vault-secrets@v1
        with:
          environment: production
          secrets: secret/ci/app password | DB_PASSWORD
          github-token: \${{ secrets.GITHUB_TOKEN }}
      - run: ./deploy.sh
`;

function newJob(): Job {
  const job = new Job({ env: { ACTIONS_ID_TOKEN_REQUEST_URL: oidcUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN } });
  job.write('ci-constraints.yml', policy());
  job.write('.github/workflows/deploy.yml', WORKFLOW);
  job.write('deploy.sh', '#!/bin/sh\necho deploying\n');
  return job;
}

/** Everything a run leaves for humans and machines, except GITHUB_ENV (the one place values belong) and add-mask lines. */
function everythingButExports(job: Job, ...runs: StepRun[]): string {
  const files = filesUnder(job.runnerTemp).filter((f) => !runs.some((r) => r.files.GITHUB_ENV === f));
  return [...runs.flatMap((r) => [unmaskedStdout(r.stdout), r.stderr]), ...files.map((f) => readFileSync(f, 'utf8'))].join('\n');
}

function status(run: StepRun, rule: string): string[] {
  return run.report!.checks.filter((c) => c.rule === rule).map((c) => c.status);
}

describe('require-vault-secrets on GitHub: main step → later steps → post step', () => {
  const inputs = { environment: 'production', secrets: SECRETS };
  let job: Job;
  let main: StepRun;
  let post: StepRun;
  beforeAll(async () => {
    job = newJob();
    main = await job.step('require-vault-secrets', inputs);
    post = await job.step('require-vault-secrets-post', inputs, { state: main.state });
  });

  it('main: exit 0, allow, every rule passes', () => {
    expect(main.stderr).toBe('');
    expect(main.code).toBe(0);
    expect(main.outputs).toMatchObject({ decision: 'allow', violations: '0', 'exported-names': 'DB_PASSWORD,DB_USER,PGPASSWORD' });
    expect(main.failed).toEqual([]);
    for (const rule of ['secrets.static', 'secrets.vault-config', 'secrets.vault-auth', 'secrets.ttl', 'secrets.read', 'secrets.export']) expect(status(main, rule)).toContain('pass');
  });

  it('asked the runner for an OIDC token with the policy audience, and logged in with it', () => {
    expect(oidcRequests[0]).toEqual({ audience: AUDIENCE, authorization: `Bearer ${REQUEST_TOKEN}` });
    expect(vault.state.requests.some((r) => r.method === 'POST' && r.path === 'auth/jwt/login' && r.status === 200)).toBe(true);
  });

  it('exports through GITHUB_ENV with the exact values (multi-line included)', () => {
    expect(main.exported).toEqual({ DB_PASSWORD: CANARY, DB_USER: CANARY_USER, PGPASSWORD: CANARY_DB });
  });

  it('masks every value (each line, base64) with add-mask before any other line', () => {
    const masked = maskedValues(main.stdout);
    for (const v of [...CANARY.split('\n'), Buffer.from(CANARY).toString('base64'), CANARY_USER, CANARY_DB]) expect(masked).toContain(v);
    const lines = main.stdout.split('\n');
    const firstOther = lines.findIndex((l) => l !== '' && !l.startsWith('::add-mask::'));
    const lastCanaryMask = Math.max(...[CANARY_USER, CANARY_DB].map((v) => lines.indexOf(`::add-mask::${v}`)));
    expect(lastCanaryMask).toBeGreaterThanOrEqual(0);
    expect(lastCanaryMask).toBeLessThan(firstOther);
  });

  it('saves the session in GITHUB_STATE: a live token, the accessor in the outputs', () => {
    expect(Object.keys(main.state)).toEqual(['vault_session']);
    const session = JSON.parse(main.state.vault_session!);
    expect(session.accessor).toBe(main.outputs['vault-accessor']);
    expect(session.leases).toHaveLength(1);
    expect(main.report!.details?.vault).toMatchObject({ accessor: session.accessor, leases: 1, revoked: null });
  });

  it('post: exit 0, secrets.revoke passes, and the server shows the token and the lease revoked', () => {
    const session = JSON.parse(main.state.vault_session!);
    expect(post.code).toBe(0);
    expect(post.outputs.decision).toBe('allow');
    expect(status(post, 'secrets.revoke')).toEqual(['pass']);
    expect(post.failed).toEqual([]);
    expect(vault.token(session.token)).toBeUndefined();
    expect(vault.state.revokedTokens).toContain(session.accessor);
    expect(vault.state.revokedLeases).toEqual(expect.arrayContaining(session.leases));
    expect(post.summary).toContain(`Token \`${session.accessor}\`: revoked`);
    // The token travelled in STATE_vault_session: the post step masks it before anything else.
    expect(maskedValues(post.stdout)).toContain(session.token);
  });

  it('no canary value in any stdout, stderr, report, summary, SARIF, output or state file', () => {
    const text = everythingButExports(job, main, post);
    expect(text).toContain('DB_PASSWORD');
    expect(leaks(text)).toEqual([]);
    // The job token the runner passes as the github-token default is not ours to print either.
    expect(text).not.toContain(JOB_TOKEN);
  });
});

describe('require-vault-secrets inputs the runner always passes', () => {
  it('a policy timeout with the action.yml default vault-timeout input (10s): allow, the policy wins', async () => {
    const job = newJob();
    const main = await job.step('require-vault-secrets', { environment: 'short-timeout', secrets: 'secret/ci/app user | DB_USER' });
    expect(main.code).toBe(0);
    expect(main.outputs.decision).toBe('allow');
    expect(main.failed).toEqual([]);
    expect(main.exported).toEqual({ DB_USER: CANARY_USER });
    const post = await job.step('require-vault-secrets-post', { environment: 'short-timeout' }, { state: main.state });
    expect(post.code).toBe(0);
    expect(status(post, 'secrets.revoke')).toEqual(['pass']);
  });

  it('audit mode: a deny (missing key) is reported NOT ENFORCED, the step passes and still exports what was read', async () => {
    const job = newJob();
    const main = await job.step('require-vault-secrets', { environment: 'production', mode: 'audit', secrets: 'secret/ci/app user | DB_USER; secret/ci/app api-key | API_KEY' });
    expect(main.code).toBe(0);
    expect(main.outputs).toMatchObject({ decision: 'deny', enforced: 'false' });
    expect(main.failed).toEqual(['secrets.missing-key']);
    expect(main.stdout).toMatch(/^::warning title=.*NOT ENFORCED/m);
    expect(main.exported).toEqual({ DB_USER: CANARY_USER });
    const post = await job.step('require-vault-secrets-post', { environment: 'production', mode: 'audit' }, { state: main.state });
    expect(status(post, 'secrets.revoke')).toEqual(['pass']);
    expect(leaks(everythingButExports(job, main, post))).toEqual([]);
  });
});

describe('require-vault-secrets deny paths through the bundle', () => {
  it.each([
    ['a role whose bound claims the run does not meet', 'wrong-role', SECRETS, ['secrets.vault-auth'], /claim|bound/i],
    ['a token that lives longer than max-ttl', 'long-ttl', SECRETS, ['secrets.ttl'], /15m|900/],
    ['a key the secret does not have', 'production', 'secret/ci/app password | DB_PASSWORD; secret/ci/app api-key | API_KEY', ['secrets.missing-key'], /secret\/ci\/app.*api-key|api-key.*secret\/ci\/app/],
  ])('%s: exit 1, deny, nothing exported, token revoked at once, no canary', async (_what, environment, secrets, rules, pattern) => {
    const job = newJob();
    const main = await job.step('require-vault-secrets', { environment, secrets });
    expect(main.code).toBe(1);
    expect(main.outputs.decision).toBe('deny');
    expect(main.failed).toEqual(rules);
    const failed = main.report!.checks.find((c) => c.rule === rules[0] && c.status === 'fail')!;
    expect(failed.message).toMatch(pattern);
    expect(main.stdout).toMatch(new RegExp(`^::error title=ci-constraints require-vault-secrets%3A ${rules[0]!.replace('.', '\\.')}::`, 'm'));
    expect(main.exported).toEqual({});
    const accessor = main.outputs['vault-accessor'];
    if (accessor) {
      // Logged in, then denied: the token is revoked at once and the post step has nothing left.
      expect(vault.state.revokedTokens).toContain(accessor);
      expect(main.state.vault_session).toBe('');
      const post = await job.step('require-vault-secrets-post', { environment, secrets }, { state: main.state });
      expect(post.code).toBe(0);
      expect(status(post, 'secrets.revoke')).toEqual(['skip']);
    }
    expect(leaks(everythingButExports(job, main))).toEqual([]);
  });

  it('a static credential planted in the working tree: exit 1, deny secrets.static, Vault never contacted', async () => {
    const job = newJob();
    const planted = `ghp_${'R7kQ2mZ9xW4vB8nT1pL6sD3fG5hJ0cY2aE4u'}`;
    job.write('config/release.env', `REGISTRY_USER=ci\nGH_PUSH_TOKEN=${planted}\n`);
    const before = vault.state.requests.length;
    const oidcBefore = oidcRequests.length;
    const sarif = `${job.runnerTemp}/static-credentials.sarif`;
    const main = await job.step('require-vault-secrets', { environment: 'production', secrets: SECRETS, 'sarif-output': sarif });
    expect(main.code).toBe(1);
    expect(main.outputs.decision).toBe('deny');
    expect(main.failed).toEqual(['secrets.static']);
    const results = JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results;
    expect(results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri)).toEqual(['config/release.env']);
    const finding = main.report!.checks.find((c) => c.rule === 'secrets.static' && c.status === 'fail')!;
    expect(finding.message).toContain('config/release.env');
    expect(status(main, 'secrets.vault-auth')).toEqual(['skip']);
    expect(vault.state.requests.length).toBe(before);
    expect(oidcRequests.length).toBe(oidcBefore);
    expect(main.exported).toEqual({});
    // The finding is redacted everywhere (at most its first 4 characters), SARIF included.
    const text = everythingButExports(job, main);
    expect(text).not.toContain(planted.slice(0, 8));
    expect(leaks(text)).toEqual([]);
  });
});

function gitlabEnv(job: Job, jwt: string): Record<string, string> {
  return {
    GITLAB_CI: 'true',
    CI: 'true',
    CI_PROJECT_PATH: 'acme/app',
    CI_PROJECT_ID: '42',
    CI_COMMIT_SHA: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    CI_COMMIT_BRANCH: 'main',
    CI_COMMIT_REF_NAME: 'main',
    CI_COMMIT_REF_PROTECTED: 'true',
    CI_PIPELINE_SOURCE: 'push',
    CI_PIPELINE_ID: '1001',
    CI_JOB_ID: `${process.pid}${Math.floor(Math.random() * 1e6)}`,
    CI_SERVER_URL: 'https://gitlab.example.com',
    CI_PROJECT_DIR: job.workspace,
    // A shell executor's /tmp outlives the job: what stays there is what the next job can read.
    TMPDIR: job.runnerTemp,
    CI_CONSTRAINTS_ID_TOKEN: jwt,
  };
}

function gitlabJwt(): Promise<string> {
  return issuer.sign(
    { sub: 'project_path:acme/app:ref_type:branch:ref:main', project_path: 'acme/app', namespace_path: 'acme', ref: 'main', ref_type: 'branch', ref_protected: 'true', pipeline_source: 'push', user_login: 'maintainer' },
    { audience: AUDIENCE },
  );
}

describe('require-vault-secrets through the CLI on GitLab (id_tokens, sourced export file, revoke in after_script)', () => {
  it('script: exit 0, values only in the 0600 export file, nothing printed; after_script revoke: the server shows the token revoked', async () => {
    const job = newJob();
    const env = gitlabEnv(job, await gitlabJwt());
    const exportFile = join(job.runnerTemp, 'vault.env');
    const main = await runCli(['require-vault-secrets', '--environment', 'gitlab', '--secrets', 'secret/ci/app password | DB_PASSWORD; database/creds/ci password | PGPASSWORD', '--export-file', exportFile], env, job.workspace);
    expect(main.stderr).not.toMatch(/error/i);
    expect(main.code).toBe(0);
    expect(main.report?.decision).toBe('allow');
    expect(main.failed).toEqual([]);
    expect(main.report!.checks.map((c) => c.rule)).toEqual(expect.arrayContaining(['secrets.static', 'secrets.vault-auth', 'secrets.ttl', 'secrets.read', 'secrets.export']));
    expect(statSync(exportFile).mode & 0o777).toBe(0o600);
    const seen = execFileSync('bash', ['-c', 'source "$1"; printf "%s|%s" "$DB_PASSWORD" "$PGPASSWORD"', 'bash', exportFile], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(seen).toBe(`${CANARY}|${CANARY_DB}`);
    // GitLab cannot mask at run time: no add-mask lines, no values, anywhere but the export file.
    expect(main.stdout + main.stderr).not.toContain('::add-mask::');
    const accessor = (main.report!.details as { vault: { accessor: string } }).vault.accessor;
    expect(vault.token(accessor)).toBeDefined();

    const revoked = await runCli(['require-vault-secrets', 'revoke', '--environment', 'gitlab'], env, job.workspace);
    expect(revoked.code).toBe(0);
    expect(revoked.report!.checks.map((c) => `${c.rule}:${c.status}`)).toEqual(['secrets.revoke:pass']);
    expect(vault.token(accessor)).toBeUndefined();
    expect(vault.state.revokedTokens).toContain(accessor);
    const files = filesUnder(job.runnerTemp).filter((f) => f !== exportFile);
    const text = [main.stdout, main.stderr, revoked.stdout, revoked.stderr, JSON.stringify(main.report), JSON.stringify(revoked.report), ...files.map((f) => readFileSync(f, 'utf8'))].join('\n');
    expect(leaks(text)).toEqual([]);
  });

  it('default export file and secrets-as-files under the job temp dir: sourced by the script, removed by revoke', async () => {
    const job = newJob();
    const env = gitlabEnv(job, await gitlabJwt());
    const spec = 'DB_PASSWORD: secret/ci/app#password\nTLS_PASSWORD: { path: secret/ci/app, key: user, file: true }\n';
    const main = await runCli(['require-vault-secrets', '--environment', 'gitlab', '--secrets', spec], env, job.workspace);
    expect(main.code).toBe(0);
    expect(main.failed).toEqual([]);
    const holding = () => filesUnder(job.runnerTemp).filter((f) => leaks(readFileSync(f, 'utf8')).length > 0);
    const before = holding();
    expect(before).toHaveLength(2);
    const envFile = before.find((f) => f.endsWith('/env.sh'))!;
    const seen = execFileSync('bash', ['-c', 'source "$1"; printf "%s|%s" "$DB_PASSWORD" "$(cat "$TLS_PASSWORD_FILE")"', 'bash', envFile], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(seen).toBe(`${CANARY}|${CANARY_USER}`);
    for (const f of before) expect(statSync(f).mode & 0o777).toBe(0o600);

    const revoked = await runCli(['require-vault-secrets', 'revoke', '--environment', 'gitlab'], env, job.workspace);
    expect(revoked.code).toBe(0);
    expect(revoked.report!.checks.map((c) => `${c.rule}:${c.status}`)).toEqual(['secrets.revoke:pass']);
    expect((revoked.report!.details as { removedFiles: string[] }).removedFiles).toHaveLength(2);
    expect(holding()).toEqual([]);
  });
});
