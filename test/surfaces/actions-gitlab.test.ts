// Every registered action beyond verify-trigger, through its GitLab component under gitlab-ci-local
// (shell executor), in ONE pipeline: sign-artifact (sign with a key from a masked variable, verify,
// tampered file), require-vault-secrets (login with the job's id_token against the Vault-wire
// server, a secret the next script line sees, wrong role, after_script revoke), ip-guard (check:
// local inside/outside the approved ranges, report in after_script) and security-gate (SARIF from
// the corpus under/over thresholds, Code Quality report). Credentials reach the CLI through the
// environment: a recording `node` on PATH proves no command line carried one.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PROJECT_DIR_FIX, argvRecorder, componentInclude, registeredActions, runGitLab, snapshotDist, type GitLabPipeline } from './harness.js';
import { VAULT_SECRET, actionsPolicy, localAddresses, pemLines, SARIF_BAD, SARIF_OK, signingKey, startVault, type VaultStack } from './fixtures.js';

const key = signingKey();
let pipeline: GitLabPipeline;
let argv: string;
let jwt: string;
let stack: VaultStack;
let actions: string[];
let api: Server;
const apiSeen: { path: string; token: string | undefined }[] = [];
const API_TOKEN = `glpat-${createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 20)}`;

const PUSH = { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_REF_NAME: 'main', CI_COMMIT_BRANCH: 'main', CI_COMMIT_REF_PROTECTED: 'true', GITLAB_USER_LOGIN: 'octocat' };

beforeAll(async () => {
  const dist = snapshotDist();
  actions = registeredActions(dist);
  stack = await startVault();
  jwt = await stack.sign();
  const recorder = argvRecorder();
  // The GitLab API on loopback: the policy file of acme/ci-constraints@main, for the right token only.
  const remotePolicy = actionsPolicy(stack.url);
  api = createServer((req, res) => {
    const token = req.headers['private-token'] as string | undefined;
    apiSeen.push({ path: req.url ?? '', token });
    if (token !== API_TOKEN) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"401 Unauthorized"}');
    if (!req.url?.startsWith('/api/v4/projects/acme%2Fci-constraints/repository/files/ci-constraints.yml?ref=main')) return void res.writeHead(404).end('{}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ file_name: 'ci-constraints.yml', encoding: 'base64', content: Buffer.from(remotePolicy).toString('base64') }));
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
  const local = (name: string, inputs: Record<string, unknown>) => componentInclude(name, { 'bundle-path': 'dist', ...inputs });
  const vault = { secrets: 'secret/ci/app password | DB_PASSWORD', 'id-token-audience': 'https://vault.example', script: ['printf %s "$DB_PASSWORD" | sha256sum | sed "s/^/DB_PASSWORD sha256 /"'] };
  const include = [
    local('sign-artifact', { 'job-name': 'sign', stage: 'build', environment: 'signed', subjects: 'app.bin', 'output-dir': 'signed', 'key-variable': 'SIGNING_KEY' }),
    local('sign-artifact', { 'job-name': 'sign-unset-key', environment: 'signed', subjects: 'app.bin', 'output-dir': 'unsigned', 'key-variable': 'NO_SUCH_KEY' }),
    local('sign-artifact', { 'job-name': 'verify-ok', environment: 'signed', command: 'verify', bundle: 'signed/provenance.sigstore.json', script: ['openssl dgst -sha256 -verify keys/sign.pub -signature signed/app.bin.sig app.bin'] }),
    local('sign-artifact', { 'job-name': 'verify-tampered', environment: 'signed', command: 'verify', bundle: 'signed/provenance.sigstore.json' }),
    local('security-gate', { 'job-name': 'gate-allow', environment: 'gate', sarif: 'results/ok.sarif' }),
    local('security-gate', { 'job-name': 'gate-deny', environment: 'gate', sarif: 'results/bad.sarif' }),
    // The API token: named by gitlab-token-variable, used to read the policy through the API.
    local('verify-trigger', { 'job-name': 'remote-policy', environment: 'production', 'policy-source': 'acme/ci-constraints@main', 'gitlab-token-variable': 'RELEASE_API_TOKEN' }),
  ];
  // Jobs take artifacts only from the jobs they need (GitLab's dependencies), as a consumer would;
  // a job of the component extended by the consumer (GitLab merges same-named jobs) does the tamper.
  const isolated = `include:\n${include.join('')}
verify-ok:
  dependencies: [sign]
verify-tampered:
  dependencies: [sign]
  before_script: ['${PROJECT_DIR_FIX}', 'printf tampered >> app.bin']
${['sign', 'sign-unset-key', 'gate-allow', 'gate-deny', 'remote-policy'].map((j) => `${j}:\n  dependencies: []\n`).join('')}`;
  // Jobs with an after_script (revoke, report) run one by one in the project directory (see runGitLab).
  const withPost = `include:\n${[
    local('require-vault-secrets', { 'job-name': 'vault-allow', environment: 'vault', ...vault }),
    local('require-vault-secrets', { 'job-name': 'vault-deny', environment: 'vault-wrong-role', ...vault }),
    local('ip-guard', { 'job-name': 'ip-allow', environment: 'net-in' }),
    local('ip-guard', { 'job-name': 'ip-deny', environment: 'net-out' }),
  ].join('')}`;
  const files = {
    'ci-constraints.yml': actionsPolicy(stack.url),
    'keys/sign.pub': key.publicKey,
    'app.bin': 'the artifact\n',
    'results/ok.sarif': SARIF_OK,
    'results/bad.sarif': SARIF_BAD,
  };
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/api/v4`;
  const variables = { ...PUSH, SIGNING_KEY: key.privateKey, CI_CONSTRAINTS_ID_TOKEN: jwt, RELEASE_API_TOKEN: API_TOKEN, CI_API_V4_URL: apiUrl, CI_PROJECT_PATH: 'acme/ci-constraints' };
  const [a, b] = await Promise.all([
    runGitLab(dist, isolated, variables, files, { path: recorder.path }),
    runGitLab(dist, withPost, variables, files, { path: recorder.path, shared: true }),
  ]);
  pipeline = { ...a, output: `${a.output}\n${b.output}`, jobs: { ...a.jobs, ...b.jobs } };
  argv = recorder.read();
}, 240_000);

afterAll(async () => {
  await stack?.close();
  await new Promise<void>((r) => (api ? api.close(() => r()) : r()));
});

const job = (name: string) => {
  const j = pipeline.jobs[name];
  if (!j) throw new Error(`gitlab-ci-local ran no job ${name}:\n${pipeline.output.slice(-4000)}`);
  return j;
};

it('every registered action has a job in this pipeline (verify-trigger: gitlab.test.ts)', () => {
  const tested = new Set(['verify-trigger', 'sign-artifact', 'require-vault-secrets', 'ip-guard', 'security-gate']);
  expect(actions.filter((a) => !tested.has(a))).toEqual([]);
});

describe('credentials stay off command lines and out of logs', () => {
  it('the CLI ran (recorded command lines), and none of them carries the key, the JWT or the secret', () => {
    expect(argv).toMatch(/cli\.js sign-artifact --platform gitlab/);
    expect(argv).toMatch(/cli\.js require-vault-secrets --platform gitlab/);
    expect(argv).toMatch(/cli\.js require-vault-secrets revoke --platform gitlab/);
    for (const secret of [...pemLines(key.privateKey), jwt, VAULT_SECRET, API_TOKEN]) expect(argv.includes(secret)).toBe(false);
  });

  it('the GitLab API token named by gitlab-token-variable reaches the CLI (the policy is read through the API with it)', () => {
    const j = job('remote-policy');
    expect({ passed: j.passed, decision: j.decision, rules: j.rules }).toEqual({ passed: true, decision: 'allow', rules: [] });
    expect(apiSeen.some((r) => r.token === API_TOKEN && r.path.includes('/repository/files/ci-constraints.yml'))).toBe(true);
    expect(apiSeen.every((r) => r.token === API_TOKEN)).toBe(true);
    expect(j.log).toContain('policy gitlab:acme/ci-constraints@main:ci-constraints.yml');
  });

  it('no job log or artifact holds them either', () => {
    for (const [name, j] of Object.entries(pipeline.jobs)) {
      const artifacts = existsSync(j.artifacts) ? readdirSync(j.artifacts, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => readFileSync(join(d.parentPath, d.name), 'utf8')).join('\n') : '';
      for (const secret of [...pemLines(key.privateKey), jwt, VAULT_SECRET, API_TOKEN]) expect({ name, leaked: j.log.includes(secret) || artifacts.includes(secret) }).toEqual({ name, leaked: false });
    }
  });
});

describe('sign-artifact component', () => {
  it('signs with the key from the masked variable named by key-variable; bundle and .sig are job artifacts', () => {
    const j = job('sign');
    expect({ passed: j.passed, decision: j.decision, rules: j.rules }).toEqual({ passed: true, decision: 'allow', rules: [] });
    expect(existsSync(join(j.artifacts, 'signed/provenance.sigstore.json'))).toBe(true);
    expect(existsSync(join(j.artifacts, 'signed/app.bin.sig'))).toBe(true);
    expect(j.dotenv.CI_CONSTRAINTS_SIGN_ARTIFACT_DIGEST).toBe(`sha256:${createHash('sha256').update('the artifact\n').digest('hex')}`);
  });

  it('verify in a later job: allow, and openssl verifies the .sig in the script input', () => {
    const j = job('verify-ok');
    expect({ passed: j.passed, decision: j.decision, rules: j.rules }).toEqual({ passed: true, decision: 'allow', rules: [] });
    expect(j.log).toContain('Verified OK');
  });

  it('a file changed after signing: deny artifacts.subject-digest', () => {
    const j = job('verify-tampered');
    expect({ passed: j.passed, decision: j.decision, rules: j.rules }).toEqual({ passed: false, decision: 'deny', rules: ['artifacts.subject-digest'] });
    expect(j.log).toMatch(/artifacts\.subject-digest: files differ/);
  });

  it('a key-variable naming an unset variable fails closed before the CLI runs', () => {
    const j = job('sign-unset-key');
    expect(j.passed).toBe(false);
    expect(j.log).toContain('input key-variable names NO_SUCH_KEY, which is empty or unset');
    expect(j.decision).toBeUndefined();
  });
});

describe('require-vault-secrets component', () => {
  it('logs in with the id_tokens JWT, exports the secret to the next script line, and revokes in after_script', () => {
    const j = job('vault-allow');
    expect({ passed: j.passed, decision: j.decision, rules: j.rules }).toEqual({ passed: true, decision: 'allow', rules: [] });
    expect(j.log).toContain(`DB_PASSWORD sha256 ${createHash('sha256').update(VAULT_SECRET).digest('hex')}`);
    const revoke = JSON.parse(readFileSync(join(j.artifacts, 'ci-constraints-require-vault-secrets-revoke.json'), 'utf8'));
    expect(revoke.decision).toBe('allow');
    expect(stack.vault.state.revokedTokens.length).toBeGreaterThanOrEqual(1);
    expect(j.dotenv.CI_CONSTRAINTS_REQUIRE_VAULT_SECRETS_DECISION).toBe('allow');
    expect(Object.keys(j.dotenv).some((k) => k.includes('DB_PASSWORD'))).toBe(false);
  });

  it('a role whose bound claims exclude this project: deny secrets.vault-auth, the script never runs', () => {
    const j = job('vault-deny');
    expect({ passed: j.passed, decision: j.decision, rules: j.rules }).toEqual({ passed: false, decision: 'deny', rules: ['secrets.vault-auth'] });
    expect(j.log).not.toContain('DB_PASSWORD sha256');
  });
});

describe('ip-guard component', () => {
  it('check: local inside the approved ranges: allow; report runs in after_script', () => {
    const j = job('ip-allow');
    expect({ passed: j.passed, decision: j.decision, rules: j.rules }).toEqual({ passed: true, decision: 'allow', rules: [] });
    expect(j.dotenv.CI_CONSTRAINTS_IP_GUARD_ADDRESSES?.split(',').sort()).toEqual(localAddresses().sort());
    expect(existsSync(join(j.artifacts, 'ci-constraints-ip-guard-report.json'))).toBe(true);
  });

  it('outside them: deny network.allow for every interface address', () => {
    const j = job('ip-deny');
    expect({ passed: j.passed, decision: j.decision, rules: j.rules }).toEqual({ passed: false, decision: 'deny', rules: localAddresses().map(() => 'network.allow') });
  });
});

describe('security-gate component', () => {
  it('4 warnings under the thresholds: allow, with the Code Quality report', () => {
    const j = job('gate-allow');
    expect({ passed: j.passed, decision: j.decision, rules: j.rules }).toEqual({ passed: true, decision: 'allow', rules: [] });
    const cq = JSON.parse(readFileSync(join(j.workdir, 'ci-constraints-security-gate.codequality.json'), 'utf8'));
    expect(cq).toHaveLength(4);
    expect(cq[0]).toMatchObject({ check_name: expect.any(String), fingerprint: expect.any(String), severity: expect.any(String), location: { path: expect.any(String) } });
  });

  it('4 errors over error: 0: deny gate.sarif.max, Code Quality lists them', () => {
    const j = job('gate-deny');
    expect(j.passed).toBe(false);
    expect(j.decision).toBe('deny');
    expect(j.rules).toContain('gate.sarif.max');
    expect(j.log).toContain('gate.sarif.max');
    const cq = JSON.parse(readFileSync(join(j.workdir, 'ci-constraints-security-gate.codequality.json'), 'utf8'));
    expect(cq).toHaveLength(4);
  });
});
