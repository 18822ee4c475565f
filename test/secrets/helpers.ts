import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { startIssuer } from '../vault-server/issuer.mjs';
import { startVaultServer } from '../vault-server/server.mjs';

export type Issuer = Awaited<ReturnType<typeof startIssuer>>;
export type VaultServer = Awaited<ReturnType<typeof startVaultServer>>;

/** A value no log, report or file name may ever contain. Multi-line, with characters that encodings change. */
export const CANARY = 'canary-Zx9/Qv+7&w=\nsecond-line-K3yP4rt';
export const CANARY_USER = 'canary-user-8f2d1c';
export const AUDIENCE = 'https://vault.example.test';

/** GitHub-style OIDC claims of a push to main in acme/app, environment production. */
export function githubClaims(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'repo:acme/app:environment:production',
    repository: 'acme/app',
    repository_owner: 'acme',
    ref: 'refs/heads/main',
    ref_type: 'branch',
    environment: 'production',
    workflow: 'deploy',
    event_name: 'push',
    actor: 'octocat',
    ...over,
  };
}

export function gitlabClaims(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'project_path:acme/app:ref_type:branch:ref:main',
    namespace_path: 'acme',
    project_path: 'acme/app',
    ref: 'main',
    ref_type: 'branch',
    ref_protected: 'true',
    environment: 'production',
    pipeline_source: 'push',
    user_login: 'maintainer',
    ...over,
  };
}

export function circleciClaims(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'org/0c4e2a3e-0000-4000-8000-000000000001/project/5d1b0f9c-0000-4000-8000-000000000002/user/7a8b9c0d-0000-4000-8000-000000000003',
    'oidc.circleci.com/project-id': '5d1b0f9c-0000-4000-8000-000000000002',
    'oidc.circleci.com/vcs-ref': 'refs/heads/main',
    'oidc.circleci.com/context-ids': ['c0ffee00-0000-4000-8000-000000000004'],
    ...over,
  };
}

/** The standard test Vault: JWT roles for each platform, KV v1 + v2 + a database engine, a namespace. */
export function vaultConfig(issuer: Issuer): any {
  const role = (over: Record<string, unknown>) => ({
    role_type: 'jwt',
    bound_audiences: [AUDIENCE],
    user_claim: 'sub',
    bound_claims_type: 'glob',
    token_policies: ['ci'],
    token_ttl: 300,
    token_max_ttl: 600,
    token_explicit_max_ttl: 600,
    ...over,
  });
  const mounts = {
    secret: {
      type: 'kv',
      version: 2,
      data: {
        'ci/app': { password: CANARY, user: CANARY_USER, 'api-key': 'canary-apikey-77aa' },
        'ci/config': { nested: { a: 1, token: 'canary-nested-5521' }, flag: true },
        'other/x': { password: 'canary-other-0x11' },
      },
    },
    kv1: { type: 'kv', version: 1, data: { 'ci/app': { password: CANARY, user: CANARY_USER } } },
    database: { type: 'database', roles: { ci: { ttl: 120, password: 'canary-dbpass-9q9q' } } },
  };
  const policies = {
    ci: {
      path: {
        'secret/data/ci/*': { capabilities: ['read'] },
        'kv1/ci/*': { capabilities: ['read'] },
        'database/creds/ci': { capabilities: ['read'] },
        'sys/leases/revoke': { capabilities: ['update'] },
      },
    },
  };
  return {
    auth: {
      jwt: {
        type: 'jwt',
        jwks_url: issuer.jwksUrl,
        bound_issuer: issuer.url,
        roles: {
          deploy: role({ bound_claims: { repository: 'acme/*', ref: 'refs/heads/main', environment: 'production' } }),
          'deploy-long': role({ bound_claims: { repository: 'acme/*' }, token_ttl: 7200, token_max_ttl: 7200, token_explicit_max_ttl: 7200 }),
          'deploy-renewable': role({ bound_claims: { repository: 'acme/*' }, token_explicit_max_ttl: 0 }),
          'deploy-batch': role({ bound_claims: { repository: 'acme/*' }, token_type: 'batch', token_explicit_max_ttl: 0 }),
          gitlab: role({ bound_claims: { project_path: 'acme/*', ref_protected: 'true', environment: 'production' }, user_claim: 'user_login' }),
          circleci: role({ bound_claims: { 'oidc.circleci.com/project-id': '5d1b0f9c-0000-4000-8000-000000000002' }, bound_claims_type: 'string' }),
        },
      },
      approle: { type: 'approle', roles: { ci: { role_id: 'role-id-1', secret_id: 'canary-secretid-4242', token_policies: ['ci'], token_ttl: 300, token_explicit_max_ttl: 300 } } },
    },
    tokens: [{ id: 'hvs.canary-static-token-31337', policies: ['ci'], ttl: 300, explicit_max_ttl: 300 }],
    policies,
    mounts,
    namespaces: {
      'team-a': {
        auth: { jwt: { type: 'jwt', jwks_url: issuer.jwksUrl, roles: { deploy: role({ bound_claims: { repository: 'acme/*' } }) } } },
        policies: { ci: { path: { 'team/data/*': { capabilities: ['read'] } } } },
        mounts: { team: { type: 'kv', version: 2, data: { app: { token: 'canary-team-a-1' } } } },
      },
    },
    faults: [],
  };
}

export async function startStack(mutate?: (cfg: any) => void): Promise<{ issuer: Issuer; vault: VaultServer; close: () => Promise<void> }> {
  const issuer = await startIssuer();
  const cfg = vaultConfig(issuer);
  mutate?.(cfg);
  const vault = await startVaultServer(cfg);
  return { issuer, vault, close: async () => void (await Promise.all([vault.close(), issuer.close()])) };
}

/** A Python interpreter that can import hvac (Debian's python3-hvac lives in /usr/lib/python3). */
export function hvacPython(): string {
  for (const py of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(py, ['-c', 'import hvac'], { stdio: 'ignore' });
      return py;
    } catch {
      /* next */
    }
  }
  throw new Error('python3-hvac is not installed (apt-get install python3-hvac)');
}

/** Async: the Vault test server runs in this process, so a blocking child would deadlock it. */
export async function hvacRun(url: string, steps: unknown[]): Promise<any[]> {
  const script = new URL('./hvac_probe.py', import.meta.url).pathname;
  if (!existsSync(script)) throw new Error('hvac_probe.py missing');
  const { stdout } = await promisify(execFile)(hvacPython(), [script, url, JSON.stringify(steps)], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return JSON.parse(stdout);
}
