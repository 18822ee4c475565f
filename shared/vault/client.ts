import { CiConstraintsError } from '../errors.js';
import type { HttpResponse } from '../platform/http.js';
import { VaultError, vaultErrorStrings, type VaultFailure } from './errors.js';
import { httpRequest, type TlsMaterial as VaultTls } from '../platform/http.js';

export interface VaultClientOptions {
  address: string;
  namespace?: string;
  tls?: VaultTls;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /** Attempts in all for network errors, 429 and 5xx (default 3). */
  attempts?: number;
  /** Largest answer accepted (default 1 MiB: secrets are small; a huge answer is refused). */
  maxBytes?: number;
}

/** What a login returns. `clientToken` is a secret: mask it before anything else. */
export interface VaultAuth {
  clientToken: string;
  accessor: string;
  policies: string[];
  leaseDuration: number;
  renewable: boolean;
  tokenType: string;
}

/** `auth/token/lookup-self`, the facts the TTL rule needs. */
export interface TokenInfo {
  accessor: string;
  ttl: number;
  renewable: boolean;
  explicitMaxTtl: number;
  creationTime: number;
  expireTime: string | null;
  policies: string[];
  type: string;
}

export interface MountInfo {
  /** Mount path without trailing slash, e.g. `secret`. */
  path: string;
  type: string;
  /** KV version for `kv` mounts. */
  version?: 1 | 2;
}

export interface SecretRead {
  data: Record<string, unknown>;
  leaseId: string;
  leaseDuration: number;
  renewable: boolean;
}

/**
 * A small Vault HTTP API client: exactly the calls require-vault-secrets makes. Every call carries
 * `X-Vault-Request` (Vault's CSRF guard), the namespace header when set, and the token once logged in.
 * Errors are VaultError with a `failure` code; messages carry Vault's error strings, never bodies.
 */
export class VaultClient {
  readonly address: string;
  readonly namespace: string | undefined;
  private token: string | undefined;
  private readonly opts: VaultClientOptions;

  constructor(opts: VaultClientOptions) {
    let url: URL;
    try {
      url = new URL(opts.address);
    } catch {
      throw new CiConstraintsError('input-invalid', `the Vault address is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CiConstraintsError('input-invalid', `the Vault address must be http(s), not ${url.protocol}`);
    if (url.username || url.password || url.search) throw new CiConstraintsError('input-invalid', 'the Vault address must not carry credentials or a query string');
    this.address = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    this.namespace = opts.namespace?.replace(/^\/+|\/+$/g, '') || undefined;
    this.opts = opts;
  }

  setToken(token: string): void {
    this.token = token;
  }

  async loginJwt(mount: string, role: string | undefined, jwt: string): Promise<VaultAuth> {
    const res = await this.call('POST', `auth/${cleanPath(mount)}/login`, { ...(role ? { role } : {}), jwt }, { auth: false });
    return this.takeAuth(res, `JWT login at auth/${cleanPath(mount)} (role ${role ?? '(default)'})`);
  }

  async loginAppRole(mount: string, roleId: string, secretId: string | undefined): Promise<VaultAuth> {
    const res = await this.call('POST', `auth/${cleanPath(mount)}/login`, { role_id: roleId, ...(secretId ? { secret_id: secretId } : {}) }, { auth: false });
    return this.takeAuth(res, `AppRole login at auth/${cleanPath(mount)}`);
  }

  async lookupSelf(): Promise<TokenInfo> {
    const body = await this.call('GET', 'auth/token/lookup-self');
    const d = objectAt(body, 'data', 'auth/token/lookup-self');
    const num = (k: string) => (typeof d[k] === 'number' ? (d[k] as number) : Number(d[k] ?? NaN));
    const info: TokenInfo = {
      accessor: typeof d.accessor === 'string' ? d.accessor : '',
      ttl: num('ttl'),
      renewable: d.renewable === true,
      explicitMaxTtl: Number.isFinite(num('explicit_max_ttl')) ? num('explicit_max_ttl') : 0,
      creationTime: num('creation_time'),
      expireTime: typeof d.expire_time === 'string' ? d.expire_time : null,
      policies: Array.isArray(d.policies) ? d.policies.filter((p): p is string => typeof p === 'string') : [],
      type: typeof d.type === 'string' ? d.type : 'service',
    };
    if (!Number.isFinite(info.ttl)) throw new VaultError('bad-response', 'Vault auth/token/lookup-self answered without a numeric ttl');
    return info;
  }

  /** KV version and type of the mount holding `path`; undefined when Vault will not say (403/404). */
  async mountInfo(path: string): Promise<MountInfo | undefined> {
    let body: unknown;
    try {
      body = await this.call('GET', `sys/internal/ui/mounts/${cleanPath(path)}`);
    } catch (err) {
      if (err instanceof VaultError && (err.failure === 'permission-denied' || err.failure === 'not-found')) return undefined;
      throw err;
    }
    const d = objectAt(body, 'data', 'sys/internal/ui/mounts');
    const mountPath = typeof d.path === 'string' ? d.path.replace(/\/+$/, '') : '';
    const type = typeof d.type === 'string' ? d.type : '';
    if (!mountPath || !type) throw new VaultError('bad-response', 'Vault sys/internal/ui/mounts answered without a mount path and type');
    const info: MountInfo = { path: mountPath, type };
    if (type === 'kv' || type === 'generic') {
      const v = (d.options as { version?: unknown } | null | undefined)?.version;
      info.version = String(v ?? '1') === '2' ? 2 : 1;
    }
    return info;
  }

  async read(path: string): Promise<SecretRead> {
    const body = await this.call('GET', cleanPath(path));
    const data = objectAt(body, 'data', cleanPath(path));
    const b = body as Record<string, unknown>;
    return {
      data,
      leaseId: typeof b.lease_id === 'string' ? b.lease_id : '',
      leaseDuration: typeof b.lease_duration === 'number' ? b.lease_duration : 0,
      renewable: b.renewable === true,
    };
  }

  async revokeSelf(): Promise<void> {
    await this.call('POST', 'auth/token/revoke-self', {});
  }

  async revokeLease(leaseId: string): Promise<void> {
    await this.call('PUT', 'sys/leases/revoke', { lease_id: leaseId });
  }

  private takeAuth(body: unknown, what: string): VaultAuth {
    const auth = (body as { auth?: Record<string, unknown> } | null)?.auth;
    if (!auth || typeof auth.client_token !== 'string' || !auth.client_token) throw new VaultError('bad-response', `Vault ${what} answered without auth.client_token`);
    const out: VaultAuth = {
      clientToken: auth.client_token,
      accessor: typeof auth.accessor === 'string' ? auth.accessor : '',
      policies: Array.isArray(auth.policies) ? auth.policies.filter((p): p is string => typeof p === 'string') : [],
      leaseDuration: typeof auth.lease_duration === 'number' ? auth.lease_duration : 0,
      renewable: auth.renewable === true,
      tokenType: typeof auth.token_type === 'string' ? auth.token_type : 'service',
    };
    this.token = out.clientToken;
    return out;
  }

  /** One API call; returns the parsed body of a 2xx answer (undefined for 204) or throws VaultError. */
  private async call(method: string, path: string, payload?: unknown, opts: { auth?: boolean } = {}): Promise<unknown> {
    const headers: Record<string, string> = { 'x-vault-request': 'true', accept: 'application/json', 'user-agent': 'ci-constraints' };
    if (this.namespace) headers['x-vault-namespace'] = this.namespace;
    if (opts.auth !== false) {
      if (!this.token) throw new VaultError('permission-denied', `Vault ${method} ${path}: not logged in`);
      headers['x-vault-token'] = this.token;
    }
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const what = `Vault ${method} ${path}`;
    let res: HttpResponse;
    try {
      res = await httpRequest(`${this.address}/v1/${path}`, {
        method,
        headers,
        ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
        timeoutMs: this.opts.timeoutMs ?? 10_000,
        attempts: this.opts.attempts ?? 3,
        maxBytes: this.opts.maxBytes ?? 1024 * 1024,
        label: what,
        ...(this.opts.tls ? { tls: this.opts.tls } : {}),
      });
    } catch (err) {
      if (err instanceof VaultError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      const failure: VaultFailure = /more than \d+ bytes/.test(message) ? 'bad-response' : 'unreachable';
      throw new VaultError(failure, message, {
        cause: err,
        hint: failure === 'unreachable' ? 'check the Vault address, that the runner can reach it (ip-guard egress), and its TLS settings' : 'the Vault answer was larger than any secret should be; check the address points at Vault',
      });
    }
    if (res.status === 204) return undefined;
    let body: unknown;
    const isJson = res.text.trim().length > 0;
    if (isJson) {
      try {
        body = res.json();
      } catch {
        throw new VaultError('bad-response', `${what} answered HTTP ${res.status} with a body that is not JSON`, {
          status: res.status,
          hint: 'check that the address points at Vault itself, not a proxy or login page',
        });
      }
    }
    if (res.status >= 200 && res.status < 300) {
      if (body === undefined || body === null || typeof body !== 'object') throw new VaultError('bad-response', `${what} answered HTTP ${res.status} without a JSON object`, { status: res.status });
      return body;
    }
    const errors = vaultErrorStrings(body);
    const detail = errors.length ? `: ${errors.join('; ')}` : '';
    if (res.status === 503 && errors.some((e) => /sealed/i.test(e))) {
      throw new VaultError('sealed', `${what}: Vault is sealed (HTTP 503)`, { status: 503, hint: 'unseal Vault or point at an unsealed node' });
    }
    if (res.status === 403) throw new VaultError('permission-denied', `${what}: permission denied (HTTP 403)${detail && errors[0] !== 'permission denied' ? detail : ''}`, { status: 403, hint: 'grant the role\'s policies the path, or check the token has not expired' });
    if (res.status === 404) throw new VaultError('not-found', `${what}: not found (HTTP 404)`, { status: 404, hint: 'check the secret path and mount' });
    if (res.status >= 400 && res.status < 500 && res.status !== 429) throw new VaultError('rejected', `${what} was rejected (HTTP ${res.status})${detail}`, { status: res.status });
    // 5xx/429 bodies come from whatever answered (a proxy, a crashing plugin): never echoed.
    throw new VaultError('server-error', `${what} failed (HTTP ${res.status})`, { status: res.status, hint: 'Vault is unhealthy or overloaded; retried with backoff' });
  }
}

/** Strip leading/trailing slashes; refuse traversal and URL syntax in a path. */
export function cleanPath(path: string): string {
  const p = path.trim().replace(/^\/+|\/+$/g, '');
  if (!p || /(^|\/)\.\.?(\/|$)/.test(p) || /[?#\s\\]/.test(p) || p.includes('//')) throw new CiConstraintsError('input-invalid', `"${path}" is not a valid Vault path`);
  return p.split('/').map(encodeURIComponent).join('/');
}

function objectAt(body: unknown, key: string, what: string): Record<string, unknown> {
  const v = (body as Record<string, unknown> | null)?.[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new VaultError('bad-response', `Vault ${what} answered without a "${key}" object`);
  return v as Record<string, unknown>;
}
