// Every registered action beyond verify-trigger, through the packed orb's commands executed in bash
// with CircleCI's variables, as job step lists: sign-artifact (sign with the key from a project
// variable named by an env_var_name parameter, verify + openssl, tampered file),
// require-vault-secrets (JWT from CIRCLE_OIDC_TOKEN_V2, BASH_ENV export seen by the next step, the
// revoke command with when: always, wrong role), ip-guard (+ report) and security-gate. A recording
// `node` on PATH proves no credential was on a command line.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SHA, argvRecorder, circleEnv, runOrbJob, snapshotDist, tempDir, type Orb } from './harness.js';
import { VAULT_SECRET, actionsPolicy, localAddresses, pemLines, SARIF_BAD, SARIF_OK, signingKey, startVault, type VaultStack } from './fixtures.js';

const key = signingKey();
let orb: Orb;
let stack: VaultStack;
let jwt: string;
let policy: string;
const recorder = argvRecorder();

beforeAll(async () => {
  const pack = await import(pathToFileURL(join(ROOT, 'scripts/orb-pack.mjs')).href);
  const dist = snapshotDist();
  const src = join(tempDir('cic-orb-'), 'src');
  cpSync(join(ROOT, 'circleci-orb/src'), src, { recursive: true });
  pack.embedBundle(dist, src);
  orb = pack.packOrb(src) as Orb;
  stack = await startVault();
  jwt = await stack.sign();
  policy = actionsPolicy(stack.url);
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

function workspace(): string {
  const dir = tempDir('cic-ws-');
  writeFileSync(join(dir, 'ci-constraints.yml'), policy);
  mkdirSync(join(dir, 'keys'));
  writeFileSync(join(dir, 'keys/sign.pub'), key.publicKey);
  writeFileSync(join(dir, 'app.bin'), 'the artifact\n');
  mkdirSync(join(dir, 'results'));
  writeFileSync(join(dir, 'results/ok.sarif'), SARIF_OK);
  writeFileSync(join(dir, 'results/bad.sarif'), SARIF_BAD);
  return dir;
}

/** A fresh workspace with the same policy as `ws`. */
function workspace2(ws: string): string {
  const dir = workspace();
  writeFileSync(join(dir, 'ci-constraints.yml'), readFileSync(join(ws, 'ci-constraints.yml'), 'utf8'));
  return dir;
}

const env = (over: Record<string, string> = {}) => circleEnv({ CIRCLE_BRANCH: 'main', CIRCLE_USERNAME: 'octocat', PATH: recorder.path, ...over });
const home = () => join(tempDir('cic-home-'), 'home');
const outcome = (r: { passed: boolean; decision: string | undefined; rules: string[] }) => ({ passed: r.passed, decision: r.decision, rules: r.rules });

describe('sign-artifact orb command', () => {
  it('signs with the key from the variable the `key` parameter names, then verify passes and openssl verifies; a tampered file is denied', async () => {
    const ws = workspace();
    const h = home();
    const e = env({ RELEASE_SIGNING_KEY: key.privateKey });
    const signed = await runOrbJob(orb, 'sign-artifact', [{ 'sign-artifact': { environment: 'signed', subjects: 'app.bin', 'output-dir': 'signed', key: 'RELEASE_SIGNING_KEY' } }], e, 'webhook', ws, h);
    expect(outcome(signed)).toEqual({ passed: true, decision: 'allow', rules: [] });
    expect(signed.steps.map((s) => s.name)).toContain('store_artifacts');
    expect(signed.steps.map((s) => s.output)).toContain('stored signed');

    const verify = [{ 'sign-artifact': { environment: 'signed', command: 'verify', bundle: 'signed/provenance.sigstore.json' } }, { run: { name: 'openssl', command: 'openssl dgst -sha256 -verify keys/sign.pub -signature signed/app.bin.sig app.bin' } }];
    const ok = await runOrbJob(orb, 'sign-artifact', verify, e, 'webhook', ws, h);
    expect(outcome(ok)).toEqual({ passed: true, decision: 'allow', rules: [] });
    expect(ok.steps.find((s) => s.name === 'openssl')!.output).toContain('Verified OK');

    writeFileSync(join(ws, 'app.bin'), 'the artifact, changed\n');
    const bad = await runOrbJob(orb, 'sign-artifact', verify, e, 'webhook', ws, h);
    expect(outcome(bad)).toEqual({ passed: false, decision: 'deny', rules: ['artifacts.subject-digest'] });
    expect(bad.steps.some((s) => s.name === 'openssl')).toBe(false); // later steps never run after a deny

    const all = signed.log + ok.log + bad.log + recorder.read();
    for (const line of pemLines(key.privateKey)) expect(all.includes(line)).toBe(false);
  });
});

describe('require-vault-secrets orb commands', () => {
  const params = (environment: string) => ({ environment, secrets: 'secret/ci/app password | DB_PASSWORD' });
  const steps = (environment: string) => [
    { 'require-vault-secrets': params(environment) },
    { run: { name: 'deploy', command: 'printf %s "$DB_PASSWORD" | sha256sum | sed "s/^/DB_PASSWORD sha256 /"' } },
    { 'require-vault-secrets-revoke': params(environment) },
  ];

  it('allow: the OIDC token logs in, the next step sees the secret through BASH_ENV, the revoke step revokes the token', async () => {
    const ws = workspace();
    const before = stack.vault.state.revokedTokens.length;
    const r = await runOrbJob(orb, 'require-vault-secrets', steps('vault'), env({ CIRCLE_OIDC_TOKEN_V2: jwt, CIRCLE_OIDC_TOKEN: jwt }), 'webhook', ws, home());
    expect(outcome(r)).toEqual({ passed: true, decision: 'allow', rules: [] });
    expect(r.steps.find((s) => s.name === 'deploy')!.output).toContain(`DB_PASSWORD sha256 ${createHash('sha256').update(VAULT_SECRET).digest('hex')}`);
    const revoke = r.steps.find((s) => s.name === 'ci-constraints require-vault-secrets revoke')!;
    expect(revoke.code).toBe(0);
    expect(JSON.parse(readFileSync(join(ws, 'ci-constraints-reports/require-vault-secrets-revoke.json'), 'utf8')).decision).toBe('allow');
    expect(stack.vault.state.revokedTokens.length).toBe(before + 1);
    const all = r.log + readFileSync(join(ws, 'ci-constraints-reports/require-vault-secrets.json'), 'utf8') + recorder.read();
    for (const secret of [VAULT_SECRET, jwt]) expect(all.includes(secret)).toBe(false);
  });

  it('deny: a role bound to another project fails the step with secrets.vault-auth; the deploy step is skipped, revoke (when: always) still runs', async () => {
    const ws = workspace();
    const r = await runOrbJob(orb, 'require-vault-secrets', steps('vault-wrong-role'), env({ CIRCLE_OIDC_TOKEN_V2: jwt }), 'webhook', ws, home());
    expect(outcome(r)).toEqual({ passed: false, decision: 'deny', rules: ['secrets.vault-auth'] });
    expect(r.steps.map((s) => s.name)).not.toContain('deploy');
    expect(r.steps.map((s) => s.name)).toContain('ci-constraints require-vault-secrets revoke');
    expect(r.log.includes(jwt)).toBe(false);
  });
});

describe('ip-guard orb commands', () => {
  const steps = (environment: string) => [{ 'ip-guard': { environment } }, { 'ip-guard-report': { environment } }];

  it('allow: every interface address inside the approved ranges; the report step runs', async () => {
    const ws = workspace();
    const r = await runOrbJob(orb, 'ip-guard', steps('net-in'), env(), 'webhook', ws, home());
    expect(outcome(r)).toEqual({ passed: true, decision: 'allow', rules: [] });
    expect(r.steps.find((s) => s.name === 'ci-constraints ip-guard report')!.code).toBe(0);
  });

  it('deny: network.allow for each interface address outside them', async () => {
    const r = await runOrbJob(orb, 'ip-guard', steps('net-out'), env(), 'webhook', workspace(), home());
    expect(outcome(r)).toEqual({ passed: false, decision: 'deny', rules: localAddresses().map(() => 'network.allow') });
    expect(r.log).toContain('network.allow');
  });
});

describe('security-gate orb command', () => {
  it('allow: 4 warnings under the thresholds', async () => {
    const r = await runOrbJob(orb, 'security-gate', [{ 'security-gate': { environment: 'gate', sarif: 'results/ok.sarif' } }], env(), 'webhook', workspace(), home());
    expect(outcome(r)).toEqual({ passed: true, decision: 'allow', rules: [] });
  });

  it('required checks on a GitHub-hosted repository: the token from the variable the github-token parameter names reaches the API, never a command line', async () => {
    const token = 'ghp_Orb0GateTokenValue0123456789abcdef';
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization === `Bearer ${token}` ? 'token' : 'no-token'}`);
      if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials"}');
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith(`/repos/acme/ci-constraints/commits/${SHA}/check-runs`)) res.end(JSON.stringify({ total_count: 1, check_runs: [{ name: 'build', status: 'completed', conclusion: 'success' }] }));
      else if (req.url?.startsWith(`/repos/acme/ci-constraints/commits/${SHA}/status`)) res.end(JSON.stringify({ state: 'success', statuses: [] }));
      else res.writeHead(404).end('{"message":"Not Found"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const ws = workspace();
      writeFileSync(join(ws, 'ci-constraints.yml'), `${policy}  gate-checks:\n    gate:\n      required-checks: [build]\n`);
      const params = { environment: 'gate-checks', 'wait-for-checks': '0s' };
      const withToken = await runOrbJob(orb, 'security-gate', [{ 'security-gate': { ...params, 'github-token': 'GATE_GITHUB_TOKEN' } }], env({ GITHUB_API_URL: api, GATE_GITHUB_TOKEN: token }), 'webhook', ws, home());
      expect(outcome(withToken)).toEqual({ passed: true, decision: 'allow', rules: [] });
      expect(seen.filter((s) => s.includes('check-runs'))).toEqual([expect.stringMatching(/ token$/)]);
      // Without the parameter (default CI_CONSTRAINTS_GITHUB_TOKEN, unset) the API refuses: fail closed.
      const without = await runOrbJob(orb, 'security-gate', [{ 'security-gate': params }], env({ GITHUB_API_URL: api, GATE_GITHUB_TOKEN: token }), 'webhook', workspace2(ws), home());
      expect(outcome(without)).toEqual({ passed: false, decision: 'deny', rules: ['gate.required-checks'] });
      expect(withToken.log + without.log).not.toContain(token);
      expect(recorder.read()).not.toContain(token);
      expect(recorder.read()).toContain('security-gate');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('deny: 4 errors over error: 0 (gate.sarif.max), JUnit written', async () => {
    const ws = workspace();
    const r = await runOrbJob(orb, 'security-gate', [{ 'security-gate': { environment: 'gate', sarif: 'results/bad.sarif' } }], env(), 'webhook', ws, home());
    expect(r.passed).toBe(false);
    expect(r.decision).toBe('deny');
    expect(r.rules).toContain('gate.sarif.max');
    expect(readFileSync(join(ws, 'test-results/ci-constraints/security-gate.xml'), 'utf8')).toContain('gate.sarif.max');
  });
});
