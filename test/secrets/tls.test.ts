// Custom CA and client certificates: a private CA (openssl), Vault over https requiring a client
// certificate, and our client with and without the right material.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import action from '../../shared/actions/require-vault-secrets.js';
import { decide } from '../../shared/decision.js';
import { VaultClient } from '../../shared/vault/client.js';
import { startIssuer } from '../vault-server/issuer.mjs';
import { startVaultServer } from '../vault-server/server.mjs';
import { memoryPlatform } from '../helpers/memory-platform.js';
import { AUDIENCE, CANARY, githubClaims, vaultConfig } from './helpers.js';
import { makeRequest, policyYaml } from './request.js';

const dir = mkdtempSync(join(tmpdir(), 'vault-tls-'));
const f = (name: string) => join(dir, name);
const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

function makeCa(prefix: string): void {
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${prefix}-ca.key`), '-out', f(`${prefix}-ca.pem`), '-days', '2', '-subj', `/CN=${prefix} test CA`);
}
function makeLeaf(ca: string, name: string, ext: string): void {
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${name}`);
  writeFileSync(f(`${name}.ext`), ext);
  ssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f(`${ca}-ca.pem`), '-CAkey', f(`${ca}-ca.key`), '-CAcreateserial', '-out', f(`${name}.pem`), '-days', '2', '-extfile', f(`${name}.ext`));
}

let issuer: Awaited<ReturnType<typeof startIssuer>>;
let vault: Awaited<ReturnType<typeof startVaultServer>>;
beforeAll(async () => {
  makeCa('main');
  makeCa('other');
  makeLeaf('main', 'server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  makeLeaf('main', 'client', 'extendedKeyUsage=clientAuth\n');
  makeLeaf('other', 'rogue-client', 'extendedKeyUsage=clientAuth\n');
  issuer = await startIssuer();
  vault = await startVaultServer({ ...vaultConfig(issuer), tls: { cert: f('server.pem'), key: f('server.key'), client_ca: f('main-ca.pem') } });
}, 60_000);
afterAll(async () => {
  await vault.close();
  await issuer.close();
});

const pem = (name: string) => readFileSync(f(name), 'utf8');

describe('TLS', () => {
  it('private CA + client certificate: login and read work', async () => {
    const c = new VaultClient({ address: vault.url, attempts: 1, tls: { ca: pem('main-ca.pem'), cert: pem('client.pem'), key: pem('client.key') } });
    await c.loginJwt('jwt', 'deploy', await issuer.sign(githubClaims(), { audience: AUDIENCE }));
    expect((await c.read('secret/data/ci/app')).data.data).toMatchObject({ password: CANARY });
  });

  it.each([
    ['no CA (system roots do not know it)', {}],
    ['the wrong CA', { ca: 'other-ca.pem', cert: 'client.pem', key: 'client.key' }],
    ['no client certificate', { ca: 'main-ca.pem' }],
    ['a client certificate from another CA', { ca: 'main-ca.pem', cert: 'rogue-client.pem', key: 'rogue-client.key' }],
  ])('%s → unreachable', async (_t, files: Record<string, string>) => {
    const tls = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, pem(v)]));
    const c = new VaultClient({ address: vault.url, attempts: 1, timeoutMs: 3000, ...(Object.keys(tls).length ? { tls } : {}) });
    await expect(c.loginJwt('jwt', 'deploy', await issuer.sign(githubClaims(), { audience: AUDIENCE }))).rejects.toMatchObject({ failure: 'unreachable' });
  });

  it('TLS material refused for an http:// address', async () => {
    const c = new VaultClient({ address: 'http://127.0.0.1:8200', attempts: 1, tls: { ca: pem('main-ca.pem') } });
    await expect(c.loginJwt('jwt', 'deploy', 'x')).rejects.toThrow(/not https/);
  });

  it('the action takes the CA and client certificate from the policy (files) and from inputs (PEM text)', async () => {
    const fromPolicy = memoryPlatform({ name: 'github', inputs: { scan: 'false', secrets: 'secret/ci/app password | DB_PASSWORD' }, idToken: (aud) => issuer.sign(githubClaims(), { audience: aud ?? '' }) });
    const policy = policyYaml(vault.url, { tls: { 'ca-cert': f('main-ca.pem'), 'client-cert': f('client.pem'), 'client-key': f('client.key') } });
    const req = makeRequest(fromPolicy, policy);
    const out = await action.commands.run(req);
    expect(decide(out.checks)).toBe('allow');
    expect(fromPolicy.exported.DB_PASSWORD).toBe(CANARY);
    // The post step reaches the same Vault with the same TLS settings.
    expect((await action.commands.revoke!(req)).checks[0]).toMatchObject({ status: 'pass' });

    const fromInputs = memoryPlatform({
      name: 'gitlab',
      inputs: { scan: 'false', secrets: 'secret/ci/app password | DB_PASSWORD', 'vault-ca-cert': pem('main-ca.pem'), 'vault-client-cert': pem('client.pem'), 'vault-client-key': pem('client.key') },
      idToken: (aud) => issuer.sign(githubClaims(), { audience: aud ?? '' }),
    });
    const out2 = await action.commands.run(makeRequest(fromInputs, policyYaml(vault.url)));
    expect(decide(out2.checks)).toBe('allow');
    expect(fromInputs.masked).toContain(pem('client.key'));
  });
});
