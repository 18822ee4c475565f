// The pure rules, table by table: every allow and every deny with its rule id.
import { revokeCheck, ttlCheck, vaultAuthCheck, vaultConfigCheck, type RevokeFact, type TokenFact, type VaultSettings } from '../../shared/checks/secrets.js';
import type { RuleSource } from '../../shared/policy/resolve.js';

const src: RuleSource = (path) => ({ policyPath: `environments.production.${path.join('.')}`, location: { file: 'ci-constraints.yml', line: 7, column: 9 } });
const now = new Date('2026-06-01T12:00:00Z');
const nowS = Math.floor(now.getTime() / 1000);

const settings = (over: Partial<VaultSettings> = {}): VaultSettings => ({ address: 'https://vault.example', method: 'jwt', authPath: 'jwt', staticAuth: 'deny', conflicts: [], inPolicy: true, role: 'deploy', ...over });
const token = (over: Partial<TokenFact> = {}): TokenFact => ({ ttl: 300, renewable: false, explicitMaxTtl: 0, creationTime: nowS, type: 'service', ...over });

describe('secrets.ttl', () => {
  it.each<[string, TokenFact | undefined, string | undefined, 'pass' | 'fail' | 'skip', RegExp]>([
    ['short, not renewable', token(), '15m', 'pass', /expires in 300s and is not renewable/],
    ['exactly max-ttl', token({ ttl: 900 }), '15m', 'pass', /within max-ttl 15m/],
    ['one second over', token({ ttl: 901 }), '15m', 'fail', /lives 901s, more than max-ttl 15m/],
    ['never expires', token({ ttl: 0 }), '15m', 'fail', /never expires/],
    ['renewable, no explicit max', token({ renewable: true }), '15m', 'fail', /renewable with no explicit max TTL/],
    ['renewable within explicit max', token({ renewable: true, explicitMaxTtl: 600 }), '15m', 'pass', /cannot be renewed past 600s/],
    ['renewable past max-ttl', token({ renewable: true, explicitMaxTtl: 3600 }), '15m', 'fail', /renewable for 3600s more/],
    ['renewable, old token, max nearly spent', token({ renewable: true, explicitMaxTtl: 3600, creationTime: nowS - 3000, ttl: 300 }), '15m', 'pass', /within max-ttl/],
    ['no max-ttl in the policy', token({ ttl: 99999 }), undefined, 'skip', /no secrets.vault.max-ttl/],
    ['lookup failed', undefined, '15m', 'fail', /could not be looked up/],
  ])('%s → %s', (_t, fact, maxTtl, status, message) => {
    const c = ttlCheck(fact, maxTtl, now, src);
    expect(c).toMatchObject({ rule: 'secrets.ttl', status, policyPath: 'environments.production.secrets.vault.max-ttl', location: { line: 7 } });
    expect(c.message).toMatch(message);
  });
});

describe('secrets.vault-auth', () => {
  it.each<[string, VaultSettings, Parameters<typeof vaultAuthCheck>[1], 'pass' | 'fail', RegExp]>([
    ['jwt login ok', settings(), { ok: true, method: 'jwt', accessor: 'acc1', policies: ['ci'] }, 'pass', /OIDC \(jwt\) login as role deploy succeeded; token accessor acc1/],
    ['jwt login refused', settings(), { ok: false, method: 'jwt', failure: 'rejected', message: 'role "x" could not be found' }, 'fail', /login failed \(rejected\)/],
    ['no OIDC token', settings(), { ok: false, method: 'jwt', failure: 'oidc', message: 'no OIDC token' }, 'fail', /failed \(oidc\)/],
    ['token auth, static denied', settings({ method: 'token' }), undefined, 'fail', /static Vault auth "token" is not allowed/],
    ['approle, static denied', settings({ method: 'approle' }), undefined, 'fail', /static Vault auth "approle" is not allowed/],
    ['token auth, static allowed', settings({ method: 'token', staticAuth: 'allow' }), { ok: true, method: 'token', accessor: 'a', policies: [] }, 'pass', /static token login \(allowed by static-auth: allow\)/],
    ['login never ran', settings(), undefined, 'fail', /did not run/],
  ])('%s → %s', (_t, s, login, status, message) => {
    const c = vaultAuthCheck(s, login, src);
    expect(c).toMatchObject({ rule: 'secrets.vault-auth', status });
    expect(c.message).toMatch(message);
    expect(c.policyPath).toMatch(/^environments\.production\.secrets\.vault\.(auth|static-auth)$/);
  });
});

describe('secrets.vault-config', () => {
  it.each<[string, VaultSettings, 'pass' | 'fail', RegExp]>([
    ['from policy', settings(), 'pass', /from the policy/],
    ['no address', settings({ address: undefined }), 'fail', /no Vault address/],
    ['input conflicts', settings({ conflicts: [{ key: 'address', policy: 'https://vault.example', input: 'https://evil.example' }] }), 'fail', /may not override.*address \(policy "https:\/\/vault.example", input "https:\/\/evil.example"\)/],
  ])('%s → %s', (_t, s, status, message) => {
    const c = vaultConfigCheck(s, src);
    expect(c).toMatchObject({ rule: 'secrets.vault-config', status });
    expect(c.message).toMatch(message);
  });
});

describe('secrets.revoke', () => {
  const failure = { failure: 'server-error' as const, message: 'HTTP 500' };
  it.each<[string, RevokeFact | undefined, 'pass' | 'fail' | 'skip', RegExp]>([
    ['nothing saved', undefined, 'skip', /nothing to revoke/],
    ['token revoked', { accessor: 'a1', token: 'revoked', leases: [] }, 'pass', /a1 revoked/],
    ['token + leases revoked', { accessor: 'a1', token: 'revoked', leases: [{ id: 'db/creds/ci/1', outcome: 'revoked' }] }, 'pass', /db\/creds\/ci\/1 revoked/],
    ['lease denied but taken with the token', { accessor: 'a1', token: 'revoked', leases: [{ id: 'l1', outcome: 'with-token' }] }, 'pass', /l1 revoked with the token/],
    ['already invalid', { accessor: 'a1', token: 'already-invalid', leases: [] }, 'pass', /already invalid/],
    ['batch, no leases', { accessor: 'a1', token: 'not-revocable', leases: [] }, 'pass', /batch token/],
    ['batch with leases', { accessor: 'a1', token: 'not-revocable', leases: [{ id: 'l1', outcome: 'revoked' }] }, 'fail', /batch token and cannot be revoked/],
    ['token revoke failed', { accessor: 'a1', token: failure, leases: [] }, 'fail', /revoking Vault token a1 failed \(server-error\)/],
  ])('%s → %s', (_t, fact, status, message) => {
    const c = revokeCheck(fact, src);
    expect(c).toMatchObject({ rule: 'secrets.revoke', status });
    expect(c.message).toMatch(message);
  });
});
