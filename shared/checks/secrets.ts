// Pure rules of require-vault-secrets: facts gathered by shared/vault (login, lookup-self, reads)
// in, CheckResults out. No I/O, no env, no clock (callers pass `now`). Never a secret value.
import type { CheckResult } from '../decision.js';
import type { RuleSource } from '../policy/resolve.js';
import { durationMs } from '../policy/sections/common.js';
import type { VaultFailure } from '../vault/errors.js';
import type { PathRead, Selection } from '../vault/kv.js';

type Src = RuleSource;

export type AuthMethod = 'jwt' | 'token' | 'approle';

/** The Vault settings in force: the policy's `secrets.vault`, completed by inputs where the policy is silent. */
export interface VaultSettings {
  address?: string;
  namespace?: string;
  method: AuthMethod;
  role?: string;
  audience?: string;
  authPath: string;
  staticAuth: 'allow' | 'deny';
  maxTtl?: string;
  /** An input that tried to change what the policy set. */
  conflicts: { key: string; policy: string; input: string }[];
  /** Whether `secrets.vault` exists in the policy at all. */
  inPolicy: boolean;
}

export type LoginFact = { ok: true; method: AuthMethod; accessor: string; policies: string[] } | { ok: false; method: AuthMethod; failure: VaultFailure | 'oidc' | 'input'; message: string };

export interface TokenFact {
  ttl: number;
  renewable: boolean;
  explicitMaxTtl: number;
  creationTime: number;
  type: string;
}

function at(src: Src, path: (string | number)[]): Pick<CheckResult, 'policyPath' | 'location'> {
  const s = src(path);
  return s.location ? { policyPath: s.policyPath, location: s.location } : { policyPath: s.policyPath };
}

/** `secrets.vault-config`: a Vault is configured, and no input contradicts the policy. */
export function vaultConfigCheck(settings: VaultSettings, src: Src): CheckResult {
  const where = at(src, ['secrets', 'vault']);
  if (!settings.address) {
    return { rule: 'secrets.vault-config', status: 'fail', message: 'no Vault address: the environment has no secrets.vault.address and no vault-address input was given', seen: null, required: 'secrets.vault.address', ...where };
  }
  if (settings.conflicts.length) {
    const list = settings.conflicts.map((c) => `${c.key} (policy "${c.policy}", input "${c.input}")`).join(', ');
    return { rule: 'secrets.vault-config', status: 'fail', message: `inputs may not override the policy's Vault settings: ${list}`, seen: settings.conflicts, required: 'inputs equal to the policy, or left empty', ...where };
  }
  return { rule: 'secrets.vault-config', status: 'pass', message: `Vault ${settings.address}${settings.namespace ? ` namespace ${settings.namespace}` : ''}, ${settings.method} auth at auth/${settings.authPath}${settings.inPolicy ? ' (from the policy)' : ' (from inputs)'}`, seen: { address: settings.address, namespace: settings.namespace ?? null, method: settings.method, authPath: settings.authPath }, required: 'a Vault address', ...where };
}

/** Whether the policy lets this auth method be used at all (static auth needs `static-auth: allow`). */
export function authAllowed(settings: VaultSettings): boolean {
  return settings.method === 'jwt' || settings.staticAuth === 'allow';
}

/** `secrets.vault-auth`: the run logged in with its OIDC token, or with static auth the policy explicitly allows. */
export function vaultAuthCheck(settings: VaultSettings, login: LoginFact | undefined, src: Src): CheckResult {
  const required = settings.staticAuth === 'allow' ? 'jwt (OIDC) login, or token/approle (static-auth: allow)' : 'jwt (OIDC) login';
  if (!authAllowed(settings)) {
    return {
      rule: 'secrets.vault-auth',
      status: 'fail',
      message: `static Vault auth "${settings.method}" is not allowed: secrets must come from a login with the run's OIDC token (set secrets.vault.static-auth: allow to permit it)`,
      seen: settings.method,
      required,
      ...at(src, ['secrets', 'vault', 'static-auth']),
    };
  }
  const where = at(src, ['secrets', 'vault', 'auth']);
  if (!login) return { rule: 'secrets.vault-auth', status: 'fail', message: 'Vault login did not run', seen: null, required, ...where };
  if (!login.ok) {
    return { rule: 'secrets.vault-auth', status: 'fail', message: `Vault ${login.method} login failed (${login.failure}): ${login.message}`, seen: { method: login.method, failure: login.failure }, required, ...where };
  }
  const what = login.method === 'jwt' ? `OIDC (jwt) login${settings.role ? ` as role ${settings.role}` : ''}` : `static ${login.method} login (allowed by static-auth: allow)`;
  return { rule: 'secrets.vault-auth', status: 'pass', message: `${what} succeeded; token accessor ${login.accessor || '(none)'}, policies ${login.policies.join(', ') || '(none)'}`, seen: { method: login.method, accessor: login.accessor, policies: login.policies }, required, ...where };
}

/**
 * `secrets.ttl`: the token dies soon. Deny when its TTL exceeds `max-ttl`, when it never expires, or
 * when it is renewable past `max-ttl` — renewable tokens pass only with an explicit max TTL that ends
 * within `max-ttl` of now (Vault's lookup-self does not show a role's token_max_ttl).
 */
export function ttlCheck(token: TokenFact | undefined, maxTtl: string | undefined, now: Date, src: Src): CheckResult {
  const where = at(src, ['secrets', 'vault', 'max-ttl']);
  if (!token) return { rule: 'secrets.ttl', status: 'fail', message: 'the Vault token could not be looked up, so its TTL is unknown', seen: null, required: maxTtl ?? 'a token lookup', ...where };
  if (maxTtl === undefined) {
    return { rule: 'secrets.ttl', status: 'skip', message: `no secrets.vault.max-ttl in the policy; the token's TTL is ${token.ttl}s${token.renewable ? ' (renewable)' : ''}`, seen: { ttl: token.ttl, renewable: token.renewable }, required: null, ...where };
  }
  const maxSeconds = Math.floor(durationMs(maxTtl) / 1000);
  const seen = { ttl: token.ttl, renewable: token.renewable, explicitMaxTtl: token.explicitMaxTtl, type: token.type };
  if (token.ttl <= 0) return { rule: 'secrets.ttl', status: 'fail', message: `the Vault token never expires (ttl 0); it must expire within ${maxTtl}`, seen, required: `ttl <= ${maxSeconds}s`, ...where };
  if (token.ttl > maxSeconds) return { rule: 'secrets.ttl', status: 'fail', message: `the Vault token lives ${token.ttl}s, more than max-ttl ${maxTtl} (${maxSeconds}s); lower token_ttl on the role`, seen, required: `ttl <= ${maxSeconds}s`, ...where };
  if (token.renewable) {
    if (token.explicitMaxTtl <= 0) {
      return { rule: 'secrets.ttl', status: 'fail', message: `the Vault token is renewable with no explicit max TTL, so it can outlive max-ttl ${maxTtl}; set token_explicit_max_ttl <= ${maxSeconds} on the role (or use batch tokens)`, seen, required: `not renewable past ${maxSeconds}s`, ...where };
    }
    const left = token.creationTime + token.explicitMaxTtl - Math.floor(now.getTime() / 1000);
    if (left > maxSeconds) {
      return { rule: 'secrets.ttl', status: 'fail', message: `the Vault token is renewable for ${left}s more (explicit max TTL ${token.explicitMaxTtl}s), past max-ttl ${maxTtl}; lower token_explicit_max_ttl on the role`, seen, required: `not renewable past ${maxSeconds}s`, ...where };
    }
  }
  return { rule: 'secrets.ttl', status: 'pass', message: `the Vault token expires in ${token.ttl}s${token.renewable ? ` and cannot be renewed past ${token.explicitMaxTtl}s after issue` : ' and is not renewable'}, within max-ttl ${maxTtl}`, seen, required: `ttl <= ${maxSeconds}s`, ...where };
}

/** `secrets.read` per path (and `secrets.kv-version` when the KV version disagrees). */
export function readChecks(reads: PathRead[], src: Src): CheckResult[] {
  const where = at(src, ['secrets', 'vault']);
  return reads.map((r) => {
    if (r.error?.failure === 'kv-version') {
      return { rule: 'secrets.kv-version', status: 'fail', message: r.error.message, seen: { path: r.path, detected: r.detectedKv ?? null, given: r.expectedKv ?? null }, required: 'the KV version of the mount', ...where };
    }
    if (r.error) {
      return { rule: 'secrets.read', status: 'fail', message: `reading ${r.path} failed (${r.error.failure}): ${r.error.message}`, seen: { path: r.path, failure: r.error.failure }, required: 'a readable secret', ...where };
    }
    return {
      rule: 'secrets.read',
      status: 'pass',
      message: `read ${r.path}${r.logicalPath && r.logicalPath !== r.path ? ` (${r.logicalPath})` : ''} from ${r.engine ?? 'kv'}${r.leaseId ? `, lease ${r.leaseDuration}s` : ''}`,
      seen: { path: r.path, engine: r.engine ?? null, keys: r.keys ?? [], lease: Boolean(r.leaseId) },
      required: 'a readable secret',
      ...where,
    };
  });
}

/** `secrets.missing-key`: every requested key exists in its secret (one check per request whose path was read). */
export function missingKeyChecks(selections: Selection[], reads: PathRead[], src: Src): CheckResult[] {
  const where = at(src, ['secrets', 'vault']);
  const okPaths = new Set(reads.filter((r) => !r.error).map((r) => r.path));
  return selections
    .filter((s) => okPaths.has(s.request.path))
    .map((s) => {
      const key = s.request.key;
      const what = key === undefined ? `the whole secret ${s.request.path}` : key === '*' ? `every key of ${s.request.path}` : `key "${key}" of ${s.request.path}`;
      if (!s.found) {
        const keys = reads.find((r) => r.path === s.request.path)?.keys ?? [];
        return {
          rule: 'secrets.missing-key',
          status: 'fail',
          message: `${key === '*' ? `${s.request.path} has no keys` : `${s.request.path} has no key "${key}"`} (secrets ${s.request.source}); keys present: ${keys.join(', ') || '(none)'}`,
          seen: { path: s.request.path, key: key ?? null, keys },
          required: `key "${key}"`,
          ...where,
        };
      }
      return { rule: 'secrets.missing-key', status: 'pass', message: `${what} → ${s.names.join(', ')}`, seen: { path: s.request.path, key: key ?? null, names: s.names }, required: key === undefined ? 'the secret' : `key "${key}"`, ...where };
    });
}

export interface RevokeFact {
  accessor: string;
  token: 'revoked' | 'already-invalid' | 'not-revocable' | { failure: VaultFailure; message: string };
  leases: { id: string; outcome: 'revoked' | 'with-token' | { failure: VaultFailure; message: string } }[];
}

/** `secrets.revoke`: the token (and the leases it read) no longer work. */
export function revokeCheck(fact: RevokeFact | undefined, src: Src): CheckResult {
  const where = at(src, ['secrets', 'vault']);
  if (!fact) return { rule: 'secrets.revoke', status: 'skip', message: 'nothing to revoke: no Vault token was saved by the main step', seen: null, required: 'the token revoked at job end', ...where };
  const leaseFail = fact.leases.filter((l) => typeof l.outcome === 'object');
  const leaseText = fact.leases.length ? `; leases: ${fact.leases.map((l) => `${l.id} ${typeof l.outcome === 'object' ? `failed (${l.outcome.failure})` : l.outcome === 'with-token' ? 'revoked with the token' : 'revoked'}`).join(', ')}` : '';
  const seen = { accessor: fact.accessor, token: typeof fact.token === 'object' ? `failed (${fact.token.failure})` : fact.token, leases: fact.leases.map((l) => ({ id: l.id, outcome: typeof l.outcome === 'object' ? `failed (${l.outcome.failure})` : l.outcome })) };
  if (typeof fact.token === 'object') {
    return { rule: 'secrets.revoke', status: 'fail', message: `revoking Vault token ${fact.accessor} failed (${fact.token.failure}): ${fact.token.message}${leaseText}`, seen, required: 'the token revoked at job end', ...where };
  }
  if (fact.token === 'not-revocable' && fact.leases.length > 0) {
    return { rule: 'secrets.revoke', status: 'fail', message: `Vault token ${fact.accessor} is a batch token and cannot be revoked, and it read leases${leaseText}`, seen, required: 'the token revoked at job end', ...where };
  }
  if (leaseFail.length && fact.token !== 'revoked') {
    return { rule: 'secrets.revoke', status: 'fail', message: `some leases could not be revoked${leaseText}`, seen, required: 'every lease revoked', ...where };
  }
  const tokenText = fact.token === 'revoked' ? 'revoked' : fact.token === 'already-invalid' ? 'was already invalid (expired or revoked)' : 'is a batch token: it cannot be revoked and dies at its TTL';
  return { rule: 'secrets.revoke', status: 'pass', message: `Vault token ${fact.accessor} ${tokenText}${leaseText}`, seen, required: 'the token revoked at job end', ...where };
}
