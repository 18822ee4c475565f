import { CiConstraintsError } from '../errors.js';
import type { LoginFact, RevokeFact, TokenFact, VaultSettings } from '../checks/secrets.js';
import type { Platform } from '../platform/types.js';
import { VaultClient } from './client.js';
import { VaultError } from './errors.js';
import type { TlsMaterial as VaultTls } from '../platform/http.js';

/** What the main step hands to `revoke` (GitHub: GITHUB_STATE, per job and action instance; elsewhere a job-private file). */
export interface SavedSession {
  address: string;
  namespace?: string;
  /** The token itself: revoke-self needs it (revoking by accessor needs a privilege a CI role should not have). */
  token: string;
  accessor: string;
  tokenType: string;
  leases: string[];
}

export const STATE_KEY = 'vault_session';

export function saveSession(platform: Platform, session: SavedSession): void {
  platform.saveState(STATE_KEY, JSON.stringify(session));
}

export function loadSession(platform: Platform): SavedSession | undefined {
  const text = platform.getState(STATE_KEY);
  if (!text) return undefined;
  let s: SavedSession;
  try {
    s = JSON.parse(text) as SavedSession;
  } catch {
    throw new CiConstraintsError('io-failed', 'the saved Vault session is not JSON; it was changed after the main step');
  }
  if (typeof s.token !== 'string' || typeof s.address !== 'string') throw new CiConstraintsError('io-failed', 'the saved Vault session has no token or address');
  platform.mask(s.token);
  return { ...s, leases: Array.isArray(s.leases) ? s.leases.filter((l) => typeof l === 'string') : [] };
}

export interface LoginSecrets {
  token?: string;
  roleId?: string;
  secretId?: string;
}

/**
 * Log in as the settings say. The OIDC token, static credentials and the client token are masked the
 * moment they exist. Returns the fact for `secrets.vault-auth`; never throws for Vault or OIDC errors.
 */
export async function login(client: VaultClient, settings: VaultSettings, platform: Platform, creds: LoginSecrets): Promise<{ fact: LoginFact; token?: string; tokenType?: string }> {
  const method = settings.method;
  try {
    if (method === 'jwt') {
      let jwt: string;
      try {
        jwt = await platform.idToken(settings.audience);
      } catch (err) {
        return { fact: { ok: false, method, failure: 'oidc', message: `no OIDC token from ${platform.name}${settings.audience ? ` for audience ${settings.audience}` : ''}: ${err instanceof Error ? err.message : String(err)}` } };
      }
      platform.mask(jwt);
      const auth = await client.loginJwt(settings.authPath, settings.role, jwt);
      platform.mask(auth.clientToken);
      return { fact: { ok: true, method, accessor: auth.accessor, policies: auth.policies }, token: auth.clientToken, tokenType: auth.tokenType };
    }
    if (method === 'approle') {
      if (!creds.roleId) return { fact: { ok: false, method, failure: 'input', message: 'vault-role-id is required for AppRole login' } };
      if (creds.secretId) platform.mask(creds.secretId);
      const auth = await client.loginAppRole(settings.authPath, creds.roleId, creds.secretId);
      platform.mask(auth.clientToken);
      return { fact: { ok: true, method, accessor: auth.accessor, policies: auth.policies }, token: auth.clientToken, tokenType: auth.tokenType };
    }
    if (!creds.token) return { fact: { ok: false, method, failure: 'input', message: 'vault-token is required for token auth' } };
    platform.mask(creds.token);
    client.setToken(creds.token);
    const info = await client.lookupSelf();
    return { fact: { ok: true, method, accessor: info.accessor, policies: info.policies }, token: creds.token, tokenType: info.type };
  } catch (err) {
    if (err instanceof VaultError) return { fact: { ok: false, method, failure: err.failure, message: err.message } };
    if (err instanceof CiConstraintsError) return { fact: { ok: false, method, failure: 'input', message: err.message } };
    throw err;
  }
}

export async function lookupToken(client: VaultClient): Promise<{ fact?: TokenFact; error?: string }> {
  try {
    const t = await client.lookupSelf();
    return { fact: { ttl: t.ttl, renewable: t.renewable, explicitMaxTtl: t.explicitMaxTtl, creationTime: t.creationTime, type: t.type } };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Revoke the leases read, then the token (which takes its leases with it). Never throws for Vault errors. */
export async function revokeSession(session: SavedSession, tls: VaultTls | undefined, timeoutMs: number): Promise<RevokeFact> {
  const client = new VaultClient({ address: session.address, ...(session.namespace ? { namespace: session.namespace } : {}), ...(tls ? { tls } : {}), timeoutMs, attempts: 3 });
  client.setToken(session.token);
  const leases: RevokeFact['leases'] = [];
  const pending: string[] = [];
  for (const id of session.leases) {
    try {
      await client.revokeLease(id);
      leases.push({ id, outcome: 'revoked' });
    } catch (err) {
      pending.push(id);
      leases.push({ id, outcome: failureOf(err) });
    }
  }
  let token: RevokeFact['token'];
  if (session.tokenType === 'batch') token = 'not-revocable';
  else {
    try {
      await client.revokeSelf();
      token = 'revoked';
    } catch (err) {
      token = failureOf(err);
      if (err instanceof VaultError && err.failure === 'permission-denied') {
        // A token Vault no longer knows (expired, revoked) is refused with 403 everywhere.
        try {
          await client.lookupSelf();
        } catch (again) {
          if (again instanceof VaultError && again.failure === 'permission-denied') token = 'already-invalid';
        }
      }
    }
  }
  if (token === 'revoked' || token === 'already-invalid') {
    for (const l of leases) if (pending.includes(l.id)) l.outcome = 'with-token';
  }
  return { accessor: session.accessor, token, leases };
}

function failureOf(err: unknown): { failure: VaultError['failure']; message: string } {
  if (err instanceof VaultError) return { failure: err.failure, message: err.message };
  return { failure: 'unreachable', message: err instanceof Error ? err.message : String(err) };
}
