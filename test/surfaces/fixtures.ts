// What the surface tests of sign-artifact, require-vault-secrets, ip-guard and security-gate share:
// one policy (the verify-trigger fixture plus an environment per action, with ranges computed from
// this machine's interfaces), a signing key, SARIF from the corpus, and the Vault-wire test server
// with its loopback OIDC issuer.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { startIssuer } from '../vault-server/issuer.mjs';
import { startVaultServer } from '../vault-server/server.mjs';
import { CORPUS, REPOSITORY, ROOT } from './harness.js';

/** Interface addresses ip-guard judges with `check: local` (no loopback, no link-local). */
export function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a): a is NonNullable<typeof a> => !!a && !a.internal)
    .map((a) => a.address)
    .filter((ip) => !/^fe[89ab][0-9a-f]:/i.test(ip) && !ip.startsWith('169.254.'));
}

/** A documentation range no interface of this machine is in (so the deny is real). */
export function outsideRange(): string {
  const candidates = ['203.0.113.0/24', '198.51.100.0/24', '100.127.255.0/24'];
  const range = candidates.find((c) => !localAddresses().some((ip) => ip.startsWith(c.split('.').slice(0, 3).join('.') + '.')));
  if (!range) throw new Error('every candidate range holds an address of this machine');
  return range;
}

export const AUDIENCE = 'https://vault.example';
/** The KV secret require-vault-secrets exports: it must reach the next script line and no log. */
export const VAULT_SECRET = `kv-${randomBytes(12).toString('hex')}`;

/**
 * The policy of every surface test: fixtures/policy.yml (verify-trigger's ci and production) plus
 * signed, vault, vault-wrong-role (both at vaultAddress), net-in, net-out and gate.
 */
export function actionsPolicy(vaultAddress: string): string {
  const addresses = localAddresses();
  if (addresses.length === 0) throw new Error('this machine has no non-loopback interface address for ip-guard check: local');
  const ranges = addresses.map((ip) => (ip.includes(':') ? `${ip}/128` : `${ip}/32`));
  return `${readFileSync(join(ROOT, 'test/surfaces/fixtures/policy.yml'), 'utf8')}
  signed:
    artifacts:
      signature: required
      public-keys: [keys/sign.pub]
  vault:
    secrets:
      vault:
        address: ${vaultAddress}
        auth: { method: jwt, role: ci, path: jwt }
        max-ttl: 15m
  vault-wrong-role:
    secrets:
      vault:
        address: ${vaultAddress}
        auth: { method: jwt, role: other-project, path: jwt }
        max-ttl: 15m
  net-in:
    network:
      allow: ${JSON.stringify(ranges)}
      check: local
      egress-enforcement: best-effort
  net-out:
    network:
      allow: ["${outsideRange()}"]
      check: local
      egress-enforcement: best-effort
  gate:
    gate:
      sarif:
        max: { error: 0, warning: 5 }
`;
}

/** An ECDSA P-256 signing key (PKCS#8 PEM) and its public key (SPKI PEM). */
export function signingKey(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** The lines of a PEM body: none may show up in a log or on a command line. */
export function pemLines(pem: string): string[] {
  return pem.split('\n').filter((l) => l && !l.startsWith('-----'));
}

/** SARIF from the corpus: 4 warnings (allowed by gate) and 4 errors (denied: gate.sarif.max). */
export const SARIF_OK = readFileSync(join(CORPUS, 'sarif/trivy-alpine-310.sarif'), 'utf8');
export const SARIF_BAD = readFileSync(join(CORPUS, 'sarif/trivy-alpine-310-2020.sarif'), 'utf8');

export interface VaultStack {
  url: string;
  sign: () => Promise<string>;
  vault: Awaited<ReturnType<typeof startVaultServer>>;
  close: () => Promise<void>;
}

/**
 * The Vault-wire server on loopback with JWT auth trusting the loopback issuer: role `ci` accepts
 * tokens for this repository, role `other-project` only another project's; KV v2 secret/ci/app.
 */
export async function startVault(): Promise<VaultStack> {
  const issuer = await startIssuer();
  const role = (repository: string) => ({
    role_type: 'jwt', bound_audiences: [AUDIENCE], bound_claims_type: 'glob', bound_claims: { repository }, user_claim: 'sub',
    token_policies: ['ci'], token_ttl: 300, token_max_ttl: 600, token_explicit_max_ttl: 600,
  });
  const vault = await startVaultServer({
    auth: { jwt: { type: 'jwt', jwks_url: issuer.jwksUrl, bound_issuer: issuer.url, roles: { ci: role(REPOSITORY), 'other-project': role('someone-else/*') } } },
    policies: { ci: { path: { 'secret/data/ci/*': { capabilities: ['read'] } } } },
    mounts: { secret: { type: 'kv', version: 2, data: { 'ci/app': { password: VAULT_SECRET } } } },
    faults: [],
  });
  return {
    url: vault.url,
    vault,
    sign: () => issuer.sign({ sub: `repo:${REPOSITORY}`, repository: REPOSITORY, ref: 'refs/heads/main' }, { audience: AUDIENCE, expiresIn: 600 }),
    close: async () => void (await Promise.all([vault.close(), issuer.close()])),
  };
}
