// The Vault-wire test server, checked with three independent clients: ours, hvac (python3-hvac)
// and node-vault. For the same calls all three must see the same answers.
import { createRequire } from 'node:module';
import { VaultClient } from '../../shared/vault/client.js';
import { VaultError } from '../../shared/vault/errors.js';
import { aclMatch, cidrContains, globMatch } from '../vault-server/server.mjs';
import { AUDIENCE, CANARY, CANARY_USER, githubClaims, hvacRun, startStack } from './helpers.js';

const require = createRequire(import.meta.url);
const nodeVault = require('node-vault') as (opts: Record<string, unknown>) => any;

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

/** Our client's answer in the probe's shape. */
async function ours(op: string, fn: () => Promise<unknown>): Promise<{ op: string; ok: boolean; status: number; data: unknown }> {
  try {
    return { op, ok: true, status: 200, data: (await fn()) ?? null };
  } catch (err) {
    if (!(err instanceof VaultError)) throw err;
    return { op, ok: false, status: err.status ?? (err.failure === 'sealed' ? 503 : -1), data: null };
  }
}

async function viaNodeVault(op: string, fn: () => Promise<any>, pick: (r: any) => unknown) {
  try {
    return { op, ok: true, status: 200, data: pick(await fn()) ?? null };
  } catch (err: any) {
    return { op, ok: false, status: err?.response?.statusCode ?? -1, data: null };
  }
}

describe('three clients, same answers', () => {
  it('jwt login, KV v1, KV v2, lookup-self, a 403, revoke-self, then 403 for the revoked token', async () => {
    const jwt = await stack.issuer.sign(githubClaims(), { audience: AUDIENCE });
    const url = stack.vault.url;

    const hv = await hvacRun(url, [
      { op: 'jwt_login', role: 'deploy', jwt },
      { op: 'kv1_read', mount: 'kv1', path: 'ci/app' },
      { op: 'kv2_read', mount: 'secret', path: 'ci/app' },
      { op: 'lookup_self' },
      { op: 'kv2_read', mount: 'secret', path: 'other/x' },
      { op: 'revoke_self' },
      { op: 'lookup_self' },
    ]);

    const c = new VaultClient({ address: url, attempts: 1 });
    const me = [
      await ours('jwt_login', async () => {
        const a = await c.loginJwt('jwt', 'deploy', jwt);
        return { policies: a.policies, lease_duration: a.leaseDuration, renewable: a.renewable };
      }),
      await ours('kv1_read', async () => (await c.read('kv1/ci/app')).data),
      await ours('kv2_read', async () => (await c.read('secret/data/ci/app')).data.data),
      await ours('lookup_self', async () => {
        const t = await c.lookupSelf();
        return { ttl: t.ttl, renewable: t.renewable, policies: t.policies, explicit_max_ttl: t.explicitMaxTtl };
      }),
      await ours('kv2_read', async () => (await c.read('secret/data/other/x')).data.data),
      await ours('revoke_self', async () => c.revokeSelf()),
      await ours('lookup_self', async () => c.lookupSelf()),
    ];

    const nv = nodeVault({ apiVersion: 'v1', endpoint: url });
    const node = [
      await viaNodeVault('jwt_login', () => nv.jwtLogin({ role: 'deploy', jwt }), (r) => ({ policies: r.auth.policies, lease_duration: r.auth.lease_duration, renewable: r.auth.renewable })),
      await viaNodeVault('kv1_read', () => nv.read('kv1/ci/app'), (r) => r.data),
      await viaNodeVault('kv2_read', () => nv.read('secret/data/ci/app'), (r) => r.data.data),
      await viaNodeVault('lookup_self', () => nv.tokenLookupSelf(), (r) => ({ ttl: r.data.ttl, renewable: r.data.renewable, policies: r.data.policies, explicit_max_ttl: r.data.explicit_max_ttl })),
      await viaNodeVault('kv2_read', () => nv.read('secret/data/other/x'), (r) => r.data.data),
      await viaNodeVault('revoke_self', () => nv.tokenRevokeSelf(), () => null),
      await viaNodeVault('lookup_self', () => nv.tokenLookupSelf(), (r) => r.data),
    ];

    // TTLs tick between clients: compare them within a few seconds, everything else exactly.
    const norm = (rows: any[]) => rows.map((r) => (r.op === 'lookup_self' && r.ok ? { ...r, data: { ...r.data, ttl: Math.round(r.data.ttl / 10) } } : r));
    expect(norm(me)).toEqual(norm(hv));
    expect(norm(node)).toEqual(norm(hv));
    expect(me[1]!.data).toEqual({ password: CANARY, user: CANARY_USER });
    expect(me[2]!.data).toEqual({ password: CANARY, user: CANARY_USER, 'api-key': 'canary-apikey-77aa' });
    expect(me.map((r) => r.status)).toEqual([200, 200, 200, 200, 403, 200, 403]);
    expect((me[3]!.data as any).ttl).toBeGreaterThan(290);
    expect((me[3]!.data as any).ttl).toBeLessThanOrEqual(300);
  });

  it('sealed: every client gets 503 on secrets; seal-status says sealed', async () => {
    const jwt = await stack.issuer.sign(githubClaims(), { audience: AUDIENCE });
    const url = stack.vault.url;
    const c = new VaultClient({ address: url, attempts: 1 });
    await c.loginJwt('jwt', 'deploy', jwt);
    const hvToken = await hvacRun(url, [{ op: 'jwt_login', role: 'deploy', jwt }]);
    expect(hvToken[0].ok).toBe(true);
    stack.vault.config.sealed = true;
    const hv = await hvacRun(url, [{ op: 'is_sealed' }, { op: 'jwt_login', role: 'deploy', jwt }]);
    expect(hv).toEqual([
      { op: 'is_sealed', ok: true, status: 200, data: true },
      { op: 'jwt_login', ok: false, status: 503, data: null },
    ]);
    const me = await ours('jwt_login', () => c.loginJwt('jwt', 'deploy', jwt));
    expect(me).toEqual({ op: 'jwt_login', ok: false, status: 503, data: null });
    await expect(c.read('secret/data/ci/app')).rejects.toMatchObject({ failure: 'sealed', status: 503 });
    const nv = nodeVault({ apiVersion: 'v1', endpoint: url });
    expect(await viaNodeVault('jwt_login', () => nv.jwtLogin({ role: 'deploy', jwt }), () => null)).toEqual({ op: 'jwt_login', ok: false, status: 503, data: null });
    const status = await viaNodeVault('status', () => nv.status(), (r) => r.sealed);
    expect(status).toEqual({ op: 'status', ok: true, status: 200, data: true });
  });

  it('login refusals: wrong role, wrong audience, expired, unknown key, bound claim mismatch → 400 for all clients', async () => {
    const url = stack.vault.url;
    const cases = [
      { role: 'nope', jwt: await stack.issuer.sign(githubClaims(), { audience: AUDIENCE }), error: /role "nope" could not be found/ },
      { role: 'deploy', jwt: await stack.issuer.sign(githubClaims(), { audience: 'https://elsewhere' }), error: /invalid audience/ },
      { role: 'deploy', jwt: await stack.issuer.sign(githubClaims(), { audience: AUDIENCE, issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresIn: 300 }), error: /expired/ },
      { role: 'deploy', jwt: await stack.issuer.sign(githubClaims(), { audience: AUDIENCE, key: 'other' }), error: /signature/ },
      { role: 'deploy', jwt: await stack.issuer.sign(githubClaims({ ref: 'refs/heads/feature' }), { audience: AUDIENCE }), error: /claim "ref" does not match/ },
      { role: 'deploy', jwt: await stack.issuer.sign(githubClaims({ repository: 'evil/app' }), { audience: AUDIENCE }), error: /claim "repository" does not match/ },
      { role: 'deploy', jwt: await stack.issuer.sign(githubClaims(), { audience: AUDIENCE, issuer: 'https://token.actions.example' }), error: /issuer/ },
    ];
    const hv = await hvacRun(url, cases.map((c) => ({ op: 'jwt_login', role: c.role, jwt: c.jwt })));
    const nv = nodeVault({ apiVersion: 'v1', endpoint: url });
    for (const [i, c] of cases.entries()) {
      const client = new VaultClient({ address: url, attempts: 1 });
      const err = await client.loginJwt('jwt', c.role, c.jwt).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(VaultError);
      expect((err as VaultError).failure).toBe('rejected');
      expect((err as VaultError).status).toBe(400);
      expect((err as VaultError).message).toMatch(c.error);
      expect((err as VaultError).message).not.toContain(c.jwt);
      expect(hv[i]).toEqual({ op: 'jwt_login', ok: false, status: 400, data: null });
      expect(await viaNodeVault('jwt_login', () => nv.jwtLogin({ role: c.role, jwt: c.jwt }), () => null)).toEqual({ op: 'jwt_login', ok: false, status: 400, data: null });
    }
  });

  it('dynamic secrets carry a lease; lease revoke and revoke-self end it, seen by hvac too', async () => {
    const jwt = await stack.issuer.sign(githubClaims(), { audience: AUDIENCE });
    const url = stack.vault.url;
    const c = new VaultClient({ address: url, attempts: 1 });
    await c.loginJwt('jwt', 'deploy', jwt);
    const creds = await c.read('database/creds/ci');
    expect(creds.leaseId).toMatch(/^database\/creds\/ci\//);
    expect(creds.leaseDuration).toBe(120);
    expect(stack.vault.state.leases.has(creds.leaseId)).toBe(true);
    await c.revokeLease(creds.leaseId);
    expect(stack.vault.state.leases.has(creds.leaseId)).toBe(false);
    const again = await c.read('database/creds/ci');
    await c.revokeSelf();
    expect(stack.vault.state.leases.has(again.leaseId)).toBe(false);
    expect(stack.vault.state.revokedLeases).toEqual(expect.arrayContaining([creds.leaseId, again.leaseId]));

    const hv = await hvacRun(url, [{ op: 'jwt_login', role: 'deploy', jwt }, { op: 'read', path: 'database/creds/ci' }]);
    expect(hv[1]).toMatchObject({ ok: true, data: { lease: true } });
  });

  it('KV mount detection: sys/internal/ui/mounts reports type and version', async () => {
    const jwt = await stack.issuer.sign(githubClaims(), { audience: AUDIENCE });
    const c = new VaultClient({ address: stack.vault.url, attempts: 1 });
    await c.loginJwt('jwt', 'deploy', jwt);
    expect(await c.mountInfo('secret/ci/app')).toEqual({ path: 'secret', type: 'kv', version: 2 });
    expect(await c.mountInfo('kv1/ci/app')).toEqual({ path: 'kv1', type: 'kv', version: 1 });
    expect(await c.mountInfo('database/creds/ci')).toEqual({ path: 'database', type: 'database' });
    expect(await c.mountInfo('nowhere/x')).toBeUndefined();
    // ACL first, as Vault does: secret/ci/app is outside the policy (secret/data/ci/*).
    await expect(c.read('secret/ci/app')).rejects.toMatchObject({ failure: 'permission-denied', status: 403 });
    // A readable path that does not exist: 404.
    await expect(c.read('secret/data/ci/none')).rejects.toMatchObject({ failure: 'not-found', status: 404 });
  });

  it('token TTL and expiry follow the server clock; renew-self is capped by the explicit max TTL', async () => {
    const jwt = await stack.issuer.sign(githubClaims(), { audience: AUDIENCE });
    const c = new VaultClient({ address: stack.vault.url, attempts: 1 });
    await c.loginJwt('jwt', 'deploy', jwt);
    const t = await c.lookupSelf();
    expect(t).toMatchObject({ renewable: true, explicitMaxTtl: 600 });
    stack.vault.advanceClock(301_000);
    try {
      await expect(c.lookupSelf()).rejects.toMatchObject({ failure: 'permission-denied', status: 403 });
    } finally {
      stack.vault.advanceClock(-301_000);
    }
    // renew-self (node-vault) cannot push the expiry past creation + explicit_max_ttl (600 s).
    const nv = nodeVault({ apiVersion: 'v1', endpoint: stack.vault.url });
    await nv.jwtLogin({ role: 'deploy', jwt });
    stack.vault.advanceClock(250_000);
    try {
      const renewed = await nv.tokenRenewSelf({ increment: 3600 });
      expect(renewed.auth.lease_duration).toBeLessThanOrEqual(350);
      expect(renewed.auth.lease_duration).toBeGreaterThan(340);
    } finally {
      stack.vault.advanceClock(-250_000);
    }
    const long = new VaultClient({ address: stack.vault.url, attempts: 1 });
    await long.loginJwt('jwt', 'deploy-long', jwt);
    expect((await long.lookupSelf()).ttl).toBeGreaterThan(7000);
  });

  it('namespaces: X-Vault-Namespace selects the namespace; its tokens do not work at the root, and hvac agrees', async () => {
    const jwt = await stack.issuer.sign(githubClaims(), { audience: AUDIENCE });
    const c = new VaultClient({ address: stack.vault.url, namespace: 'team-a', attempts: 1 });
    await c.loginJwt('jwt', 'deploy', jwt);
    expect((await c.read('team/data/app')).data.data).toEqual({ token: 'canary-team-a-1' });
    const hv = await hvacRun(stack.vault.url, [{ op: 'namespace', namespace: 'team-a' }, { op: 'jwt_login', role: 'deploy', jwt }, { op: 'kv2_read', mount: 'team', path: 'app' }]);
    expect(hv[2]).toEqual({ op: 'kv2_read', ok: true, status: 200, data: { token: 'canary-team-a-1' } });
    const root = new VaultClient({ address: stack.vault.url, attempts: 1 });
    const tok = stack.vault.state.tokens;
    const nsToken = [...tok.values()].find((t: any) => t.namespace === 'team-a')!.id;
    root.setToken(nsToken);
    await expect(root.lookupSelf()).rejects.toMatchObject({ failure: 'permission-denied' });
  });

  it('faults: 5xx is retried with backoff then succeeds; non-JSON and huge answers are refused', async () => {
    const jwt = await stack.issuer.sign(githubClaims(), { audience: AUDIENCE });
    const c = new VaultClient({ address: stack.vault.url, attempts: 3 });
    stack.vault.config.faults = [{ path: 'auth/jwt/login', status: 502, times: 2 }];
    await expect(c.loginJwt('jwt', 'deploy', jwt)).resolves.toMatchObject({ renewable: true });
    expect(stack.vault.state.requests.filter((r) => r.path === 'auth/jwt/login').slice(-3).map((r) => r.status)).toEqual([502, 502, 200]);
    stack.vault.config.faults = [{ path: 'secret/data/ci/app', status: 200, body: '<html>login</html>', contentType: 'text/html' }];
    await expect(c.read('secret/data/ci/app')).rejects.toMatchObject({ failure: 'bad-response' });
    stack.vault.config.faults = [{ path: 'secret/data/ci/app', bytes: 3 * 1024 * 1024 }];
    await expect(c.read('secret/data/ci/app')).rejects.toMatchObject({ failure: 'bad-response' });
  });
});

describe('server matching helpers', () => {
  it.each([
    ['secret/data/ci/*', 'secret/data/ci/app', true],
    ['secret/data/ci/*', 'secret/data/cix', false],
    ['secret/data/ci*', 'secret/data/cix/y', true],
    ['secret/data/+/app', 'secret/data/x/app', true],
    ['secret/data/+/app', 'secret/data/x/y/app', false],
    ['secret/data/ci', 'secret/data/ci/app', false],
    ['a.b/*', 'axb/c', false],
  ])('aclMatch(%s, %s) = %s', (pattern, path, want) => expect(aclMatch(pattern, path)).toBe(want));

  it.each([
    ['repo:acme/*:ref:refs/heads/main', 'repo:acme/app:ref:refs/heads/main', true],
    ['repo:acme/*:ref:refs/heads/main', 'repo:evil/app:ref:refs/heads/main', false],
    ['refs/heads/release-*', 'refs/heads/release-1.2', true],
    ['acme/app', 'acme/app2', false],
    ['a.c', 'abc', false],
  ])('globMatch(%s, %s) = %s', (pattern, value, want) => expect(globMatch(pattern, value)).toBe(want));

  it.each([
    ['127.0.0.0/8', '127.0.0.1', true],
    ['127.0.0.0/8', '::ffff:127.0.0.1', true],
    ['10.0.0.0/8', '127.0.0.1', false],
    ['203.0.113.7/32', '203.0.113.7', true],
  ])('cidrContains(%s, %s) = %s', (cidr, ip, want) => expect(cidrContains(cidr, ip)).toBe(want));
});

describe('standalone: node test/vault-server/server.mjs --port N --config FILE', () => {
  it('serves the config file; hvac logs in and reads from it; SIGTERM stops it', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createServer } = await import('node:net');
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', () => r()));
    const port = (free.address() as { port: number }).port;
    await new Promise((r) => free.close(r));
    const dir = mkdtempSync(join(tmpdir(), 'vault-cli-'));
    const { vaultConfig } = await import('./helpers.js');
    const cfg = vaultConfig(stack.issuer);
    writeFileSync(join(dir, 'vault.json'), JSON.stringify(cfg));
    const child = spawn(process.execPath, [new URL('../vault-server/server.mjs', import.meta.url).pathname, '--port', String(port), '--config', join(dir, 'vault.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => resolve(d.toString()));
        child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
      expect(line).toContain(`http://127.0.0.1:${port}`);
      const jwt = await stack.issuer.sign(githubClaims(), { audience: AUDIENCE });
      const hv = await hvacRun(`http://127.0.0.1:${port}`, [{ op: 'jwt_login', role: 'deploy', jwt }, { op: 'kv2_read', mount: 'secret', path: 'ci/app' }]);
      expect(hv[1]).toEqual({ op: 'kv2_read', ok: true, status: 200, data: { password: CANARY, user: CANARY_USER, 'api-key': 'canary-apikey-77aa' } });
    } finally {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('token_bound_cidrs', () => {
  it('a role bound to another network refuses the login; bound to loopback it works', async () => {
    const jwt = await stack.issuer.sign(githubClaims(), { audience: AUDIENCE });
    const roles = stack.vault.config.auth.jwt.roles;
    roles['bound-elsewhere'] = { ...roles.deploy, token_bound_cidrs: ['203.0.113.0/24'] };
    roles['bound-loopback'] = { ...roles.deploy, token_bound_cidrs: ['127.0.0.0/8'] };
    const c = new VaultClient({ address: stack.vault.url, attempts: 1 });
    await expect(c.loginJwt('jwt', 'bound-elsewhere', jwt)).rejects.toMatchObject({ failure: 'permission-denied' });
    await c.loginJwt('jwt', 'bound-loopback', jwt);
    expect((await c.read('secret/data/ci/app')).data.data).toMatchObject({ user: CANARY_USER });
  });
});
