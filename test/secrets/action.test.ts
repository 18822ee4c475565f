// require-vault-secrets end to end against the Vault-wire test server: login → read → export → mask
// → revoke, on GitHub, GitLab and CircleCI contexts, and every deny with its rule id.
import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import action from '../../shared/actions/require-vault-secrets.js';
import { decide } from '../../shared/decision.js';
import { ConfigError } from '../../shared/errors.js';
import type { PlatformName } from '../../shared/context/types.js';
import { memoryPlatform, type MemoryPlatform } from '../helpers/memory-platform.js';
import { AUDIENCE, CANARY, CANARY_USER, circleciClaims, githubClaims, gitlabClaims, startStack } from './helpers.js';
import { makeRequest, policyYaml } from './request.js';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack.close());
afterEach(() => {
  stack.vault.config.sealed = false;
  stack.vault.config.faults = [];
});

function platformFor(name: PlatformName, inputs: Record<string, string>, claims: Record<string, unknown> = githubClaims(), audiences: string[] = []): MemoryPlatform {
  return memoryPlatform({
    name,
    inputs: { scan: 'false', ...inputs },
    idToken: async (aud) => {
      audiences.push(aud ?? '(default)');
      return stack.issuer.sign(claims, { audience: aud ?? 'default-audience' });
    },
  });
}

const failed = (o: { checks: { rule: string; status: string }[] }) => o.checks.filter((c) => c.status === 'fail').map((c) => c.rule);

describe('login → read → export → mask → revoke', () => {
  it.each([
    ['github', 'deploy', githubClaims()],
    ['gitlab', 'gitlab', gitlabClaims()],
    ['circleci', 'circleci', circleciClaims()],
  ] as const)('%s: OIDC login as role %s, KV v2 + v1 + whole JSON, exported and masked, then revoked', async (name, role, claims) => {
    const audiences: string[] = [];
    const p = platformFor(
      name,
      { secrets: 'secret/ci/app password | DB_PASSWORD; kv1/ci/app user | DB_USER; secret/ci/config | APP_CONFIG' },
      claims,
      audiences,
    );
    const req = makeRequest(p, policyYaml(stack.vault.url, { auth: { method: 'jwt', role, audience: AUDIENCE } }));
    const out = await action.commands.run(req);
    expect(failed(out)).toEqual([]);
    expect(decide(out.checks)).toBe('allow');
    expect(audiences).toEqual([AUDIENCE]);
    expect(p.exported).toEqual({ DB_PASSWORD: CANARY, DB_USER: CANARY_USER, APP_CONFIG: JSON.stringify({ nested: { a: 1, token: 'canary-nested-5521' }, flag: true }) });
    // Masked before export: every exported value is registered, and the untouched key too.
    for (const v of Object.values(p.exported)) expect(p.masked).toContain(v);
    expect(p.masked).toContain('canary-apikey-77aa');
    expect(out.checks.map((c) => c.rule)).toEqual(expect.arrayContaining(['secrets.vault-config', 'secrets.vault-auth', 'secrets.ttl', 'secrets.read', 'secrets.missing-key', 'secrets.export']));
    const report = JSON.stringify(out);
    expect(report).not.toContain('canary-');
    expect(report).not.toContain(CANARY_USER);
    // The session for the post step / revoke command.
    const session = JSON.parse(p.state['vault_session']!);
    expect(stack.vault.token(session.token)).toBeDefined();
    expect(out.outputs?.['vault-accessor']).toBe(session.accessor);

    const post = await action.commands[action.post!]!(req);
    expect(failed(post)).toEqual([]);
    expect(post.checks[0]).toMatchObject({ rule: 'secrets.revoke', status: 'pass' });
    expect(post.details).toMatchObject({ revoked: { accessor: session.accessor, token: 'revoked' } });
    expect(stack.vault.token(session.token)).toBeUndefined();
    expect(stack.vault.state.revokedTokens).toContain(session.accessor);
    expect(p.state['vault_session']).toBe('');
    // A second revoke finds nothing to do.
    const again = await action.commands.revoke!(req);
    expect(again.checks[0]).toMatchObject({ rule: 'secrets.revoke', status: 'skip' });
  });

  it('YAML mapping: files with mode 0600 under the temp dir, NAME_FILE exported; GitHub step outputs when asked', async () => {
    const p = platformFor('github', {
      secrets: 'DB_PASSWORD: { path: secret/ci/app, key: password, file: true }\nAPI_KEY: { path: secret/ci/app, key: api-key, output: true }\nUSER: "kv1/ci/app#user"',
    });
    const out = await action.commands.run(makeRequest(p, policyYaml(stack.vault.url)));
    expect(failed(out)).toEqual([]);
    const file = p.exported.DB_PASSWORD_FILE!;
    expect(file.startsWith(p.tempDir())).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(CANARY);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(p.exported.DB_PASSWORD).toBeUndefined();
    expect(p.outputs.API_KEY).toBe('canary-apikey-77aa');
    expect(p.exported.USER).toBe(CANARY_USER);
    await action.commands.revoke!(makeRequest(p, policyYaml(stack.vault.url)));
  });

  it('wildcard: every key exported under a prefix', async () => {
    const p = platformFor('github', { secrets: 'secret/ci/app * | APP_' });
    const out = await action.commands.run(makeRequest(p, policyYaml(stack.vault.url)));
    expect(failed(out)).toEqual([]);
    expect(Object.keys(p.exported).sort()).toEqual(['APP_API_KEY', 'APP_PASSWORD', 'APP_USER']);
  });

  it('dynamic secret: its lease is revoked by the revoke command and reported', async () => {
    const p = platformFor('gitlab', { secrets: 'database/creds/ci password | PGPASSWORD; database/creds/ci username | PGUSER' }, gitlabClaims());
    const req = makeRequest(p, policyYaml(stack.vault.url, { auth: { method: 'jwt', role: 'gitlab', audience: AUDIENCE } }));
    const out = await action.commands.run(req);
    expect(failed(out)).toEqual([]);
    const session = JSON.parse(p.state['vault_session']!);
    expect(session.leases).toHaveLength(1);
    expect(stack.vault.state.leases.has(session.leases[0])).toBe(true);
    const post = await action.commands.revoke!(req);
    expect(post.details).toMatchObject({ revoked: { token: 'revoked', leases: [session.leases[0]] } });
    expect(stack.vault.state.leases.has(session.leases[0])).toBe(false);
    expect(post.summary).toContain(session.leases[0]);
  });

  it('namespace from the policy reaches Vault as X-Vault-Namespace', async () => {
    const p = platformFor('github', { secrets: 'team/app token | TEAM_TOKEN' });
    const out = await action.commands.run(makeRequest(p, policyYaml(stack.vault.url, { namespace: 'team-a' })));
    expect(failed(out)).toEqual([]);
    expect(p.exported.TEAM_TOKEN).toBe('canary-team-a-1');
    expect(stack.vault.state.requests.some((r) => r.namespace === 'team-a' && r.path === 'team/data/app')).toBe(true);
  });

  it('inputs fill what the policy leaves unset', async () => {
    const p = platformFor('github', { secrets: 'secret/ci/app password | DB_PASSWORD', 'vault-address': stack.vault.url, 'vault-role': 'deploy', 'vault-audience': AUDIENCE });
    const policy = `version: 1\nenvironments:\n  production:\n    secrets:\n      static-allowed: [GITHUB_TOKEN]\n`;
    const out = await action.commands.run(makeRequest(p, policy));
    expect(failed(out)).toEqual([]);
    expect(out.checks.find((c) => c.rule === 'secrets.vault-config')?.message).toContain('from inputs');
  });
});

describe('denies, each with its rule id', () => {
  const cases: [string, Record<string, string>, Record<string, unknown>, string][] = [
    ['an input that points at another Vault', { 'vault-address': 'https://evil.example' }, {}, 'secrets.vault-config'],
    ['an input that changes the role', { 'vault-role': 'deploy-long' }, {}, 'secrets.vault-config'],
    ['static token auth without static-auth: allow', { 'vault-token': 'hvs.canary-static-token-31337' }, { auth: { method: 'token' } }, 'secrets.vault-auth'],
    ['approle without static-auth: allow', { 'vault-role-id': 'role-id-1', 'vault-secret-id': 'canary-secretid-4242' }, { auth: { method: 'approle' } }, 'secrets.vault-auth'],
    ['a role that does not exist', {}, { auth: { method: 'jwt', role: 'nope', audience: AUDIENCE } }, 'secrets.vault-auth'],
    ['a wrong audience', {}, { auth: { method: 'jwt', role: 'deploy', audience: 'https://other.example' } }, 'secrets.vault-auth'],
    ['a token TTL above max-ttl', {}, { auth: { method: 'jwt', role: 'deploy-long', audience: AUDIENCE } }, 'secrets.ttl'],
    ['a token renewable without an explicit max TTL', {}, { auth: { method: 'jwt', role: 'deploy-renewable', audience: AUDIENCE } }, 'secrets.ttl'],
    ['a path outside the role policy', { secrets: 'secret/other/x password | X' }, {}, 'secrets.read'],
    ['a missing key', { secrets: 'secret/ci/app nope | X' }, {}, 'secrets.missing-key'],
    ['a KV version mismatch', { secrets: 'X: { path: secret/ci/app, key: password, kv: 1 }' }, {}, 'secrets.kv-version'],
  ];
  it.each(cases)('%s → deny (%s)', async (_title, inputs, vault, rule) => {
    const p = platformFor('github', { secrets: 'secret/ci/app password | DB_PASSWORD', ...inputs });
    const req = makeRequest(p, policyYaml(stack.vault.url, vault));
    const out = await action.commands.run(req);
    expect(decide(out.checks)).toBe('deny');
    expect(failed(out)).toContain(rule);
    const check = out.checks.find((c) => c.rule === rule && c.status === 'fail')!;
    expect(check.policyPath).toMatch(/^environments\.production\.secrets/);
    expect(check.message.length).toBeGreaterThan(20);
    // Nothing handed on after a deny, and any token revoked at once.
    expect(p.exported).toEqual({});
    const session = p.state['vault_session'];
    expect(session === undefined || session === '').toBe(true);
    expect(JSON.stringify(out)).not.toMatch(/canary-/);
  });

  it('static auth allowed by the policy: token method passes, and the user\'s token is not revoked', async () => {
    const p = platformFor('github', { secrets: 'secret/ci/app password | DB_PASSWORD', 'vault-token': 'hvs.canary-static-token-31337' });
    const out = await action.commands.run(makeRequest(p, policyYaml(stack.vault.url, { auth: { method: 'token' }, 'static-auth': 'allow' })));
    expect(failed(out)).toEqual([]);
    expect(out.checks.find((c) => c.rule === 'secrets.vault-auth')?.message).toContain('static token login');
    expect(p.state['vault_session']).toBeUndefined();
    expect(stack.vault.token('hvs.canary-static-token-31337')).toBeDefined();
  });

  it('AppRole allowed by the policy logs in with role_id/secret_id', async () => {
    const p = platformFor('circleci', { secrets: 'secret/ci/app password | DB_PASSWORD', 'vault-role-id': 'role-id-1', 'vault-secret-id': 'canary-secretid-4242' });
    const out = await action.commands.run(makeRequest(p, policyYaml(stack.vault.url, { auth: { method: 'approle' }, 'static-auth': 'allow' })));
    expect(failed(out)).toEqual([]);
    expect(p.masked).toContain('canary-secretid-4242');
    await action.commands.revoke!(makeRequest(p, policyYaml(stack.vault.url)));
  });

  it('audit mode: reports the deny but still exports what was read', async () => {
    const p = platformFor('github', { secrets: 'secret/ci/app password | DB_PASSWORD; secret/ci/app nope | X' });
    const out = await action.commands.run(makeRequest(p, policyYaml(stack.vault.url), { mode: 'audit' }));
    expect(failed(out)).toEqual(['secrets.missing-key']);
    expect(p.exported.DB_PASSWORD).toBe(CANARY);
  });

  it('batch tokens cannot be revoked: the revoke check says so', async () => {
    const p = platformFor('github', { secrets: 'secret/ci/app password | DB_PASSWORD' });
    const req = makeRequest(p, policyYaml(stack.vault.url, { auth: { method: 'jwt', role: 'deploy-batch', audience: AUDIENCE } }));
    const out = await action.commands.run(req);
    expect(failed(out)).toEqual([]);
    const post = await action.commands.revoke!(req);
    expect(post.checks[0]).toMatchObject({ rule: 'secrets.revoke', status: 'pass' });
    expect(post.checks[0]!.message).toContain('batch token');
  });

  it('an expired token at revoke time is reported as already invalid', async () => {
    const p = platformFor('github', { secrets: 'secret/ci/app password | DB_PASSWORD' });
    const req = makeRequest(p, policyYaml(stack.vault.url));
    await action.commands.run(req);
    stack.vault.advanceClock(400_000);
    try {
      const post = await action.commands.revoke!(req);
      expect(post.checks[0]).toMatchObject({ rule: 'secrets.revoke', status: 'pass' });
      expect(post.details).toMatchObject({ revoked: { token: 'already-invalid' } });
    } finally {
      stack.vault.advanceClock(-400_000);
    }
  });

  it('revoke failing (Vault down) is a fail', async () => {
    const p = platformFor('github', { secrets: 'secret/ci/app password | DB_PASSWORD' });
    const req = makeRequest(p, policyYaml(stack.vault.url));
    await action.commands.run(req);
    stack.vault.config.faults = [{ path: 'auth/token/revoke-self', status: 500 }];
    const post = await action.commands.revoke!(req);
    expect(post.checks[0]).toMatchObject({ rule: 'secrets.revoke', status: 'fail' });
  });
});

describe('config errors (exit 2)', () => {
  it.each([
    ['empty secrets', { secrets: '' }],
    ['a reserved name', { secrets: 'secret/ci/app password | PATH' }],
    ['a GitHub-reserved prefix', { secrets: 'secret/ci/app password | GITHUB_TOKEN' }],
    ['path traversal', { secrets: 'secret/../sys/x password | X' }],
    ['outputs on GitLab', { secrets: 'secret/ci/app password | X', 'set-outputs': 'true' }],
    ['a bad flag', { secrets: 'secret/ci/app password | X', 'export-env': 'maybe' }],
  ])('%s', async (_t, inputs) => {
    const p = platformFor('gitlab', inputs, gitlabClaims());
    await expect(action.commands.run(makeRequest(p, policyYaml(stack.vault.url)))).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('static credential scan composed in', () => {
  function tree(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'rvs-scan-'));
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(join(root, f, '..'), { recursive: true });
      writeFileSync(join(root, f), text);
    }
    return root;
  }

  it('a planted AWS key denies before Vault is touched, with SARIF for security-gate', async () => {
    const root = tree({ 'src/config.js': 'const key = "AKIAZ3MSJV4WWNKWW5FG";\nconst secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY9";\n' });
    const before = stack.vault.state.requests.length;
    const p = platformFor('github', { secrets: 'secret/ci/app password | DB_PASSWORD', scan: 'true', 'scan-root': root });
    const out = await action.commands.run(makeRequest(p, policyYaml(stack.vault.url)));
    expect(failed(out)).toContain('secrets.static');
    expect(out.checks.find((c) => c.rule === 'secrets.vault-auth')?.status).toBe('skip');
    expect(stack.vault.state.requests.length).toBe(before);
    expect(out.artifacts?.[0]?.kind).toBe('sarif');
    expect(JSON.stringify(out)).not.toContain('AKIAZ3MSJV4WWNKWW5FG');
  });

  it('a clean tree passes the scan and goes on to Vault', async () => {
    const root = tree({ 'src/index.js': 'export const answer = 42;\n', '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets.GITHUB_TOKEN }}\n' });
    const p = platformFor('github', { secrets: 'secret/ci/app password | DB_PASSWORD', scan: 'true', 'scan-root': root });
    const out = await action.commands.run(makeRequest(p, policyYaml(stack.vault.url)));
    expect(failed(out)).toEqual([]);
    expect(out.checks.find((c) => c.rule === 'secrets.static')?.status).toBe('pass');
    expect(p.exported.DB_PASSWORD).toBe(CANARY);
  });

  it('scan command: static scan only', async () => {
    const root = tree({ '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ toJSON(secrets) }}\n' });
    const p = platformFor('github', { 'scan-root': root });
    const out = await action.commands.scan!(makeRequest(p, policyYaml(stack.vault.url)));
    expect(failed(out)).toContain('secrets.static');
  });
});
