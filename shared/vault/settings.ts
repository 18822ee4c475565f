import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import type { AuthMethod, VaultSettings } from '../checks/secrets.js';
import { durationMs, DURATION_PATTERN } from '../policy/sections/common.js';
import type { SecretsPolicy } from '../policy/sections/secrets.js';
import type { Platform } from '../platform/types.js';
import type { TlsMaterial as VaultTls } from '../platform/http.js';

/** The action's Vault inputs; each may only fill in what the policy leaves unset. */
export const VAULT_INPUTS = {
  address: 'vault-address',
  namespace: 'vault-namespace',
  method: 'vault-auth-method',
  role: 'vault-role',
  audience: 'vault-audience',
  authPath: 'vault-auth-path',
  caCert: 'vault-ca-cert',
  clientCert: 'vault-client-cert',
  clientKey: 'vault-client-key',
  timeout: 'vault-timeout',
} as const;

const METHODS: readonly AuthMethod[] = ['jwt', 'token', 'approle'];

/**
 * The Vault settings in force: the policy's `secrets.vault` first; an input may fill a key the
 * policy leaves unset, and an input that differs from a key the policy sets is recorded as a conflict
 * (a deny: the workflow must not be able to point the run at another Vault or role).
 */
export function resolveSettings(policy: SecretsPolicy | undefined, platform: Platform): VaultSettings {
  const vault = policy?.vault;
  const conflicts: VaultSettings['conflicts'] = [];
  const pick = (key: string, fromPolicy: string | undefined, inputName: string): string | undefined => {
    const input = platform.input(inputName)?.trim() || undefined;
    if (fromPolicy !== undefined && input !== undefined && normal(input) !== normal(fromPolicy)) conflicts.push({ key, policy: fromPolicy, input });
    return fromPolicy ?? input;
  };
  const methodText = pick('auth.method', vault?.auth.method, VAULT_INPUTS.method) ?? 'jwt';
  if (!METHODS.includes(methodText as AuthMethod)) {
    throw new ConfigError('input-invalid', `${VAULT_INPUTS.method} "${methodText}" is not one of ${METHODS.join(', ')}`);
  }
  const method = methodText as AuthMethod;
  const settings: VaultSettings = {
    method,
    authPath: (pick('auth.path', vault?.auth.path, VAULT_INPUTS.authPath) ?? method).replace(/^\/+|\/+$/g, '').replace(/^auth\//, ''),
    staticAuth: vault?.['static-auth'] ?? 'deny',
    conflicts,
    inPolicy: vault !== undefined,
  };
  const address = pick('address', vault?.address, VAULT_INPUTS.address);
  if (address !== undefined) settings.address = address.replace(/\/+$/, '');
  const namespace = pick('namespace', vault?.namespace, VAULT_INPUTS.namespace);
  if (namespace !== undefined) settings.namespace = namespace;
  const role = pick('auth.role', vault?.auth.role, VAULT_INPUTS.role);
  if (role !== undefined) settings.role = role;
  const audience = pick('auth.audience', vault?.auth.audience, VAULT_INPUTS.audience);
  if (audience !== undefined) settings.audience = audience;
  if (vault?.['max-ttl'] !== undefined) settings.maxTtl = vault['max-ttl'];
  return settings;
}

function normal(s: string): string {
  return s.trim().replace(/\/+$/, '');
}

/** Per-request timeout: policy `timeout`, else input `vault-timeout`, else 10 s. */
export function resolveTimeoutMs(policy: SecretsPolicy | undefined, platform: Platform): number {
  const text = policy?.vault?.timeout ?? platform.input(VAULT_INPUTS.timeout);
  if (text === undefined) return 10_000;
  if (!DURATION_PATTERN.test(text)) throw new ConfigError('input-invalid', `${VAULT_INPUTS.timeout} "${text}" is not a duration like 10s`);
  return durationMs(text);
}

/**
 * TLS material: the policy's files, or inputs holding PEM text or a file name. PEM text is what
 * GitHub secrets / GitLab file variables usually give; a name is read relative to the working directory.
 */
export function resolveTls(policy: SecretsPolicy | undefined, platform: Platform): VaultTls | undefined {
  const tls = policy?.vault?.tls;
  const load = (fromPolicy: string | undefined, inputName: string, what: string): string | undefined => {
    const value = fromPolicy ?? platform.input(inputName);
    if (value === undefined) return undefined;
    if (value.includes('-----BEGIN')) return value;
    if (!existsSync(value)) throw new ConfigError('input-invalid', `${what} file "${value}" does not exist`, { hint: `give PEM text or an existing file in ${inputName} / secrets.vault.tls` });
    const text = readFileSync(value, 'utf8');
    if (!text.includes('-----BEGIN')) throw new ConfigError('input-invalid', `${what} file "${value}" is not PEM`);
    return text;
  };
  const ca = load(tls?.['ca-cert'], VAULT_INPUTS.caCert, 'CA certificate');
  const cert = load(tls?.['client-cert'], VAULT_INPUTS.clientCert, 'client certificate');
  const key = load(tls?.['client-key'], VAULT_INPUTS.clientKey, 'client key');
  if (key) platform.mask(key);
  if (Boolean(cert) !== Boolean(key)) throw new ConfigError('input-invalid', 'a client certificate needs both a certificate and its key');
  if (!ca && !cert) return undefined;
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}
