#!/usr/bin/env node
// A Vault-wire test server: speaks the parts of Vault's HTTP API that require-vault-secrets uses,
// with Vault's own status codes and JSON envelopes, so real clients (hvac, node-vault, ours) can
// be pointed at it. Plain ESM JavaScript: runs without the TypeScript transform.
//
//   node test/vault-server/server.mjs --port 8200 --config vault.json [--host 127.0.0.1]
//
// Implemented (see README.md beside this file for the config format):
//   POST auth/<jwt-mount>/login         JWT signatures verified against a JWKS (jwks_url,
//                                       oidc_discovery_url or inline jwks), bound_issuer,
//                                       bound_audiences (required), bound_claims (string or glob),
//                                       user_claim, clock_skew_leeway / expiration_leeway
//   POST auth/<approle-mount>/login     role_id + secret_id
//   GET  auth/token/lookup-self         ttl, expire_time, explicit_max_ttl, renewable, …
//   POST auth/token/renew-self          capped by token_max_ttl / explicit max
//   POST auth/token/revoke-self         revokes the token and every lease it read
//   PUT  sys/leases/revoke, sys/leases/lookup
//   GET  sys/internal/ui/mounts/<path>  mount type and KV version
//   GET  <kv1-mount>/<path>, <kv2-mount>/data/<path>, <database-mount>/creds/<role>
//   GET  sys/health, sys/seal-status; every other path → 503 while sealed
//   ACL policies with Vault's path globs (`*` suffix, `+` segment) → 403 {"errors":["permission denied"]}
//   token TTL / max TTL / expiry against the server clock (advance it with `advanceClock`)
//   namespaces (X-Vault-Namespace), token_bound_cidrs, TLS with optional client certificates
//   fault injection per path: status codes, delays, non-JSON and huge bodies.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';

const KV1_LEASE_SECONDS = 2764800; // Vault's default "ttl hint" for KV v1 reads (768h)
const DEFAULT_POLICY = {
  path: {
    'auth/token/lookup-self': { capabilities: ['read'] },
    'auth/token/renew-self': { capabilities: ['update'] },
    'auth/token/revoke-self': { capabilities: ['update'] },
    'sys/leases/lookup': { capabilities: ['update'] },
    'sys/capabilities-self': { capabilities: ['update'] },
  },
};

/** Vault's ACL path matching: a trailing `*` is a prefix match, a `+` segment matches exactly one segment. */
export function aclMatch(pattern, path) {
  const prefix = pattern.endsWith('*');
  const body = prefix ? pattern.slice(0, -1) : pattern;
  const re = body
    .split('/')
    .map((seg) => (seg === '+' ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${re}${prefix ? '.*' : ''}$`, 's').test(path);
}

/** Vault's bound_claims_type "glob": only `*` is special, matching any run of characters (including none). */
export function globMatch(pattern, value) {
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return re.test(value);
}

function ipv4ToInt(ip) {
  return ip.split('.').reduce((a, b) => (a << 8) + Number(b), 0) >>> 0;
}

/** IPv4 and IPv4-mapped IPv6 only: enough for loopback tests of token_bound_cidrs. */
export function cidrContains(cidr, ip) {
  const addr = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  const [net, bitsText] = cidr.split('/');
  if (isIP(addr) !== 4 || isIP(net) !== 4) return cidr === addr;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (ipv4ToInt(addr) & mask) === (ipv4ToInt(net) & mask);
}

function claimAt(claims, name) {
  // Vault accepts JSON pointers ("/a/b") in claim names; plain names are top-level keys.
  if (!name.startsWith('/')) return claims[name];
  let node = claims;
  for (const part of name.slice(1).split('/')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function isoSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

class VaultHttpError extends Error {
  constructor(status, errors, extra = {}) {
    super(errors.join('; '));
    this.status = status;
    this.errors = errors;
    this.extra = extra;
  }
}
const denied = () => new VaultHttpError(403, ['permission denied']);

/**
 * Start a server. `config` is the JSON document described in README.md; it stays live: tests may
 * change `handle.config.sealed`, push to `handle.config.faults`, or call `handle.advanceClock(ms)`.
 */
export async function startVaultServer(config = {}, options = {}) {
  const state = {
    offsetMs: 0,
    tokens: new Map(), // id -> token record
    leases: new Map(), // lease_id -> { tokenId, data, expireMs, path }
    revokedLeases: [],
    revokedTokens: [],
    requests: [], // { method, path, namespace, status }
  };
  const now = () => Date.now() + state.offsetMs;
  const jwksCache = new Map();

  function nsConfig(ns) {
    if (!ns) return config;
    const cfg = config.namespaces?.[ns];
    if (!cfg) throw new VaultHttpError(400, [`no handler for route "${ns}/"; namespace not found`]);
    return cfg;
  }

  function seedTokens() {
    const add = (ns, cfg) => {
      for (const t of cfg.tokens ?? []) {
        state.tokens.set(t.id, makeToken({ id: t.id, namespace: ns, policies: t.policies ?? [], ttl: t.ttl ?? 0, maxTtl: t.max_ttl ?? 0, explicitMaxTtl: t.explicit_max_ttl ?? 0, renewable: t.renewable ?? (t.ttl ?? 0) > 0, path: 'auth/token/create', displayName: t.display_name ?? 'token', meta: t.meta ?? null, type: 'service', boundCidrs: t.bound_cidrs ?? [] }));
      }
    };
    add('', config);
    for (const [ns, cfg] of Object.entries(config.namespaces ?? {})) add(ns, cfg);
  }

  function makeToken(t) {
    const created = now();
    return {
      id: t.id ?? `hvs.${randomBytes(18).toString('base64url')}`,
      accessor: randomBytes(12).toString('base64url'),
      namespace: t.namespace,
      policies: ['default', ...t.policies.filter((p) => p !== 'default')].sort(),
      tokenPolicies: ['default', ...t.policies.filter((p) => p !== 'default')].sort(),
      creationMs: created,
      creationTtl: t.ttl,
      expireMs: t.ttl > 0 ? created + t.ttl * 1000 : undefined,
      maxTtl: t.maxTtl,
      explicitMaxTtl: t.explicitMaxTtl,
      renewable: t.renewable,
      path: t.path,
      displayName: t.displayName,
      meta: t.meta,
      type: t.type,
      entityId: t.entityId ?? '',
      boundCidrs: t.boundCidrs ?? [],
      leases: new Set(),
    };
  }

  /** The lifetime ceiling of a token: explicit max TTL, else the role/system max TTL. */
  function ceilingMs(tok) {
    const caps = [tok.explicitMaxTtl, tok.maxTtl].filter((s) => s > 0).map((s) => tok.creationMs + s * 1000);
    return caps.length ? Math.min(...caps) : undefined;
  }

  function authenticate(req, ns) {
    const header = req.headers['x-vault-token'] ?? (req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : undefined);
    if (!header) throw denied();
    const tok = state.tokens.get(String(header));
    if (!tok) throw denied();
    if (tok.expireMs !== undefined && now() >= tok.expireMs) {
      revokeToken(tok);
      throw denied();
    }
    if (tok.namespace !== ns) throw denied();
    if (tok.boundCidrs.length && !tok.boundCidrs.some((c) => cidrContains(c, req.socket.remoteAddress ?? ''))) throw denied();
    return tok;
  }

  /** Union of the capabilities every policy of the token grants on `path`; `deny` anywhere wins. */
  function capabilities(tok, cfg, path) {
    const caps = new Set();
    for (const name of tok.policies) {
      const pol = name === 'default' ? DEFAULT_POLICY : cfg.policies?.[name];
      if (!pol) continue;
      for (const [pattern, rule] of Object.entries(pol.path ?? {})) {
        if (!aclMatch(pattern, path)) continue;
        if (rule.capabilities?.includes('deny')) return new Set(['deny']);
        for (const c of rule.capabilities ?? []) caps.add(c);
      }
    }
    return caps;
  }

  function requireCap(tok, cfg, path, cap) {
    const caps = capabilities(tok, cfg, path);
    if (caps.has('deny') || !caps.has(cap)) throw denied();
  }

  function revokeToken(tok) {
    for (const id of tok.leases) revokeLease(id);
    state.tokens.delete(tok.id);
    state.revokedTokens.push(tok.accessor);
  }

  function revokeLease(id) {
    if (state.leases.delete(id)) state.revokedLeases.push(id);
  }

  function findMount(cfg, path) {
    let best;
    for (const [name, mount] of Object.entries(cfg.mounts ?? {})) {
      const m = name.replace(/\/+$/, '');
      if (path === m || path.startsWith(`${m}/`)) if (!best || m.length > best.name.length) best = { name: m, mount };
    }
    return best;
  }

  async function keySet(mountName, auth) {
    if (auth.jwks) {
      if (!jwksCache.has(mountName)) jwksCache.set(mountName, createLocalJWKSet(auth.jwks));
      return jwksCache.get(mountName);
    }
    let jwksUrl = auth.jwks_url;
    if (!jwksUrl && auth.oidc_discovery_url) {
      const doc = await (await fetch(`${auth.oidc_discovery_url.replace(/\/+$/, '')}/.well-known/openid-configuration`)).json();
      jwksUrl = doc.jwks_uri;
    }
    if (!jwksUrl) throw new VaultHttpError(400, ['could not load configuration']);
    const key = `${mountName}:${jwksUrl}`;
    if (!jwksCache.has(key)) jwksCache.set(key, createRemoteJWKSet(new URL(jwksUrl)));
    return jwksCache.get(key);
  }

  async function jwtLogin(mountName, auth, body, ns, req) {
    const roleName = body.role ?? auth.default_role;
    if (!roleName) throw new VaultHttpError(400, ['missing role']);
    const role = auth.roles?.[roleName];
    if (!role) throw new VaultHttpError(400, [`role "${roleName}" could not be found`]);
    if (typeof body.jwt !== 'string' || !body.jwt) throw new VaultHttpError(400, ['missing token']);
    try {
      decodeJwt(body.jwt);
    } catch {
      throw new VaultHttpError(400, ['error validating token: malformed JWT']);
    }
    const leeway = role.clock_skew_leeway ?? 60;
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(body.jwt, await keySet(mountName, auth), {
        currentDate: new Date(now()),
        clockTolerance: Math.max(leeway, role.expiration_leeway ?? 0),
        ...(auth.bound_issuer ? { issuer: auth.bound_issuer } : {}),
      }));
    } catch (err) {
      const code = err?.code ?? '';
      if (code === 'ERR_JWT_EXPIRED') throw new VaultHttpError(400, ['error validating claims: validation failed, token is expired (exp)']);
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && err.claim === 'iss') throw new VaultHttpError(400, ['error validating claims: validation failed, invalid issuer (iss) claim']);
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && err.claim === 'nbf') throw new VaultHttpError(400, ['error validating claims: validation failed, token not valid yet (nbf)']);
      throw new VaultHttpError(400, ['error validating token: failed to verify id token signature']);
    }
    // bound_audiences is required on every role of this server (Vault requires it whenever the token has `aud`).
    const aud = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const bound = role.bound_audiences ?? [];
    if (bound.length === 0) throw new VaultHttpError(400, ['error validating claims: audience claim found in JWT but no audiences bound to the role']);
    if (!aud.some((a) => bound.includes(a))) throw new VaultHttpError(400, ['error validating claims: invalid audience (aud) claim: audience claim does not match any expected audience']);
    if (role.bound_subject && claims.sub !== role.bound_subject) throw new VaultHttpError(400, ['error validating claims: sub claim does not match bound subject']);
    const glob = role.bound_claims_type === 'glob';
    for (const [name, expected] of Object.entries(role.bound_claims ?? {})) {
      const actual = claimAt(claims, name);
      const wanted = Array.isArray(expected) ? expected : [expected];
      const values = Array.isArray(actual) ? actual : [actual];
      const ok = values.some((v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && wanted.some((w) => (glob ? globMatch(String(w), String(v)) : String(w) === String(v))));
      if (!ok) throw new VaultHttpError(400, [`error validating claims: claim "${name}" does not match any associated bound claim values`]);
    }
    const userClaim = role.user_claim ?? 'sub';
    const user = claimAt(claims, userClaim);
    if (user === undefined || user === null || user === '') throw new VaultHttpError(400, [`claim "${userClaim}" not found in token`]);
    if (role.token_bound_cidrs?.length && !role.token_bound_cidrs.some((c) => cidrContains(c, req.socket.remoteAddress ?? ''))) {
      throw new VaultHttpError(403, ['permission denied']);
    }
    const meta = { role: roleName };
    for (const [claim, metaKey] of Object.entries(role.claim_mappings ?? {})) {
      const v = claimAt(claims, claim);
      if (v !== undefined) meta[metaKey] = String(v);
    }
    return issueToken({
      namespace: ns,
      policies: role.token_policies ?? role.policies ?? [],
      ttl: role.token_ttl ?? config.default_lease_ttl ?? 2764800,
      maxTtl: role.token_max_ttl ?? config.max_lease_ttl ?? 2764800,
      explicitMaxTtl: role.token_explicit_max_ttl ?? 0,
      type: role.token_type ?? 'service',
      path: `auth/${mountName}/login`,
      displayName: `${mountName}-${String(user)}`,
      meta,
      entityId: `entity-${String(user)}`,
      boundCidrs: role.token_bound_cidrs ?? [],
    });
  }

  function issueToken(t) {
    const ttl = t.explicitMaxTtl > 0 ? Math.min(t.ttl, t.explicitMaxTtl) : t.maxTtl > 0 ? Math.min(t.ttl, t.maxTtl) : t.ttl;
    const tok = makeToken({ ...t, ttl, renewable: t.type !== 'batch' });
    if (t.type === 'batch') tok.id = `hvb.${randomBytes(24).toString('base64url')}`;
    state.tokens.set(tok.id, tok);
    return {
      request_id: randomUUID(),
      lease_id: '',
      renewable: false,
      lease_duration: 0,
      data: null,
      wrap_info: null,
      warnings: null,
      auth: {
        client_token: tok.id,
        accessor: tok.accessor,
        policies: tok.policies,
        token_policies: tok.tokenPolicies,
        metadata: tok.meta,
        lease_duration: ttl,
        renewable: tok.renewable,
        entity_id: tok.entityId,
        token_type: t.type,
        orphan: true,
        mfa_requirement: null,
        num_uses: 0,
      },
    };
  }

  function envelope(data, extra = {}) {
    return { request_id: randomUUID(), lease_id: '', renewable: false, lease_duration: 0, data, wrap_info: null, warnings: null, auth: null, ...extra };
  }

  function lookupData(tok) {
    const ttl = tok.expireMs === undefined ? 0 : Math.max(0, Math.floor((tok.expireMs - now()) / 1000));
    return {
      accessor: tok.accessor,
      creation_time: Math.floor(tok.creationMs / 1000),
      creation_ttl: tok.creationTtl,
      display_name: tok.displayName,
      entity_id: tok.entityId,
      expire_time: tok.expireMs === undefined ? null : isoSeconds(tok.expireMs),
      explicit_max_ttl: tok.explicitMaxTtl,
      id: tok.id,
      issue_time: isoSeconds(tok.creationMs),
      meta: tok.meta,
      num_uses: 0,
      orphan: true,
      path: tok.path,
      policies: tok.policies,
      renewable: tok.renewable,
      ttl,
      type: tok.type,
      ...(tok.namespace ? { namespace_path: `${tok.namespace}/` } : {}),
    };
  }

  async function route(req, method, path, body, ns) {
    const cfg = nsConfig(ns);
    const write = method === 'POST' || method === 'PUT';
    // --- unauthenticated
    const login = /^auth\/(.+)\/login$/.exec(path);
    if (login && write) {
      const mountName = login[1];
      const auth = cfg.auth?.[mountName];
      if (!auth) throw new VaultHttpError(400, [`no handler for route "auth/${mountName}/login". route entry not found.`]);
      if ((auth.type ?? 'jwt') === 'jwt') return { status: 200, body: await jwtLogin(mountName, auth, body, ns, req) };
      if (auth.type === 'approle') {
        const entry = Object.entries(auth.roles ?? {}).find(([, r]) => r.role_id === body.role_id);
        if (!entry || typeof body.role_id !== 'string') throw new VaultHttpError(400, ['invalid role ID']);
        if (entry[1].secret_id !== body.secret_id) throw new VaultHttpError(400, ['invalid secret id']);
        const r = entry[1];
        return { status: 200, body: issueToken({ namespace: ns, policies: r.token_policies ?? [], ttl: r.token_ttl ?? 2764800, maxTtl: r.token_max_ttl ?? 0, explicitMaxTtl: r.token_explicit_max_ttl ?? 0, type: 'service', path: `auth/${mountName}/login`, displayName: mountName, meta: { role_name: entry[0] } }) };
      }
      throw new VaultHttpError(400, ['unsupported auth method type']);
    }
    // --- authenticated
    const tok = authenticate(req, ns);
    if (path === 'auth/token/lookup-self') {
      requireCap(tok, cfg, path, 'read');
      return { status: 200, body: envelope(lookupData(tok)) };
    }
    if (path === 'auth/token/revoke-self' && write) {
      if (tok.type === 'batch') throw new VaultHttpError(400, ['batch tokens cannot be revoked']);
      revokeToken(tok);
      return { status: 204 };
    }
    if (path === 'auth/token/renew-self' && write) {
      if (!tok.renewable) throw new VaultHttpError(400, ['lease is not renewable']);
      const inc = Number(body.increment ?? tok.creationTtl) || tok.creationTtl;
      let expire = now() + inc * 1000;
      const ceil = ceilingMs(tok);
      if (ceil !== undefined) expire = Math.min(expire, ceil);
      tok.expireMs = expire;
      const d = lookupData(tok);
      return { status: 200, body: envelope(null, { auth: { client_token: tok.id, accessor: tok.accessor, policies: tok.policies, token_policies: tok.tokenPolicies, metadata: tok.meta, lease_duration: d.ttl, renewable: tok.renewable, entity_id: tok.entityId, token_type: tok.type, orphan: true, num_uses: 0 } }) };
    }
    if ((path === 'sys/leases/revoke' || path.startsWith('sys/leases/revoke/')) && write) {
      requireCap(tok, cfg, 'sys/leases/revoke', 'update');
      const id = body.lease_id ?? path.slice('sys/leases/revoke/'.length);
      if (!id) throw new VaultHttpError(400, ['missing lease ID']);
      revokeLease(id);
      return { status: 204 };
    }
    if (path === 'sys/leases/lookup' && write) {
      requireCap(tok, cfg, path, 'update');
      const lease = state.leases.get(body.lease_id);
      if (!lease) throw new VaultHttpError(400, ['invalid lease']);
      return { status: 200, body: envelope({ id: body.lease_id, issue_time: isoSeconds(lease.issueMs), expire_time: isoSeconds(lease.expireMs), last_renewal: null, renewable: true, ttl: Math.max(0, Math.floor((lease.expireMs - now()) / 1000)) }) };
    }
    const ui = /^sys\/internal\/ui\/mounts\/(.+)$/.exec(path);
    if (ui && method === 'GET') {
      const target = ui[1].replace(/\/+$/, '');
      const found = findMount(cfg, target);
      if (!found) throw denied();
      // Vault answers only when the token holds some capability below the mount.
      const prefix = `${found.name}/`;
      const any = tok.policies.some((name) => Object.keys((name === 'default' ? DEFAULT_POLICY : cfg.policies?.[name])?.path ?? {}).some((p) => p.startsWith(prefix) || aclMatch(p, prefix)));
      if (!any) throw denied();
      const m = found.mount;
      const type = m.type ?? 'kv';
      return {
        status: 200,
        body: envelope({
          accessor: `${type}_${found.name.replace(/\W/g, '')}`,
          config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 },
          description: m.description ?? '',
          external_entropy_access: false,
          local: false,
          options: type === 'kv' ? { version: String(m.version ?? 1) } : null,
          path: prefix,
          seal_wrap: false,
          type,
          uuid: randomUUID(),
        }),
      };
    }
    // --- secrets engines
    const found = findMount(cfg, path);
    if (!found) throw denied();
    requireCap(tok, cfg, path, method === 'GET' ? 'read' : 'update');
    const m = found.mount;
    const rest = path.slice(found.name.length + 1);
    if ((m.type ?? 'kv') === 'kv') {
      if (method !== 'GET') throw new VaultHttpError(405, ['unsupported operation']);
      if (Number(m.version ?? 1) === 2) {
        if (!rest.startsWith('data/')) {
          throw new VaultHttpError(404, [], { warnings: ["Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation."] });
        }
        const key = rest.slice(5);
        const secret = m.data?.[key];
        if (secret === undefined) throw new VaultHttpError(404, []);
        return {
          status: 200,
          body: envelope({ data: secret, metadata: { created_time: isoSeconds(m.created_ms ?? 1_767_225_600_000), custom_metadata: null, deletion_time: '', destroyed: false, version: m.versions?.[key] ?? 1 } }),
        };
      }
      const secret = m.data?.[rest];
      if (secret === undefined) throw new VaultHttpError(404, []);
      return { status: 200, body: envelope(secret, { lease_duration: m.ttl ?? KV1_LEASE_SECONDS }) };
    }
    if (m.type === 'database') {
      const creds = /^creds\/([^/]+)$/.exec(rest);
      const role = creds && m.roles?.[creds[1]];
      if (!role) throw new VaultHttpError(400, [`unknown role: ${creds?.[1] ?? rest}`]);
      const ttl = role.ttl ?? 3600;
      const id = `${path}/${randomBytes(12).toString('base64url')}`;
      const data = { username: `v-${found.name}-${creds[1]}-${randomBytes(6).toString('hex')}`, password: role.password ?? randomBytes(15).toString('base64url') };
      state.leases.set(id, { tokenId: tok.id, data, issueMs: now(), expireMs: now() + ttl * 1000, path });
      tok.leases.add(id);
      return { status: 200, body: envelope(data, { lease_id: id, renewable: true, lease_duration: ttl }) };
    }
    throw new VaultHttpError(400, ['unsupported secrets engine']);
  }

  function matchFault(method, path) {
    for (const f of config.faults ?? []) {
      if (f.times !== undefined && f.times <= 0) continue;
      const ok = f.path.startsWith('^') ? new RegExp(f.path).test(path) : path === f.path || path.startsWith(f.path.endsWith('/') ? f.path : `${f.path}/`) || f.path === '*';
      if (ok && (!f.method || f.method === method)) {
        if (f.times !== undefined) f.times -= 1;
        return f;
      }
    }
    return undefined;
  }

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://vault');
    const method = (req.method ?? 'GET').toUpperCase();
    let path = decodeURIComponent(url.pathname);
    const send = (status, payload, headers = {}) => {
      state.requests.push({ method, path, namespace: ns, status });
      if (res.destroyed) return;
      if (status === 204) {
        res.writeHead(204, headers);
        res.end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    let ns = String(req.headers['x-vault-namespace'] ?? '').replace(/^\/+|\/+$/g, '');
    const chunks = [];
    let size = 0;
    for await (const c of req) {
      size += c.length;
      if (size > 1024 * 1024) return send(413, { errors: ['request body too large'] });
      chunks.push(c);
    }
    if (!path.startsWith('/v1/')) return send(404, { errors: [] });
    path = path.slice(4).replace(/\/+$/, '');
    // hvac and the Vault CLI also accept the namespace as a path prefix.
    if (!ns && config.namespaces) {
      const first = path.split('/')[0];
      if (first && config.namespaces[first] && !(config.mounts ?? {})[first]) {
        ns = first;
        path = path.slice(first.length + 1);
      }
    }
    const fault = matchFault(method, path);
    if (fault) {
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.bytes) {
        res.writeHead(fault.status ?? 200, { 'content-type': fault.contentType ?? 'application/json' });
        const block = Buffer.alloc(64 * 1024, fault.fill ?? 'A');
        let left = fault.bytes;
        res.write('{"data":{"x":"');
        while (left > 0 && !res.destroyed) {
          const n = Math.min(left, block.length);
          const ok = res.write(block.subarray(0, n));
          left -= n;
          if (!ok) await new Promise((r) => res.once('drain', r));
        }
        res.end('"}}');
        state.requests.push({ method, path, namespace: ns, status: fault.status ?? 200 });
        return;
      }
      if (fault.status !== undefined || fault.body !== undefined) {
        state.requests.push({ method, path, namespace: ns, status: fault.status ?? 200 });
        res.writeHead(fault.status ?? 200, { 'content-type': fault.contentType ?? 'application/json' });
        res.end(fault.body ?? JSON.stringify({ errors: [`injected fault ${fault.status}`] }));
        return;
      }
    }
    if (path === 'sys/health') {
      const sealed = Boolean(config.sealed);
      return send(sealed ? 503 : 200, { initialized: true, sealed, standby: false, performance_standby: false, replication_performance_mode: 'disabled', replication_dr_mode: 'disabled', server_time_utc: Math.floor(now() / 1000), version: '1.17.0-test', cluster_name: 'vault-test', cluster_id: 'test' });
    }
    if (path === 'sys/seal-status') {
      return send(200, { type: 'shamir', initialized: true, sealed: Boolean(config.sealed), t: 1, n: 1, progress: 0, nonce: '', version: '1.17.0-test', build_date: '2026-01-01T00:00:00Z', migration: false, recovery_seal: false, storage_type: 'inmem', ...(config.sealed ? {} : { cluster_name: 'vault-test', cluster_id: 'test' }) });
    }
    if (config.sealed) return send(503, { errors: ['Vault is sealed'] });
    let body = {};
    if (chunks.length) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return send(400, { errors: ['failed to parse JSON input: invalid character'] });
      }
    }
    if (url.searchParams.get('list') === 'true' || method === 'LIST') return send(405, { errors: ['unsupported operation'] });
    try {
      const out = await route(req, method, path, body ?? {}, ns);
      return send(out.status, out.body);
    } catch (err) {
      if (err instanceof VaultHttpError) return send(err.status, { errors: err.errors, ...err.extra });
      return send(500, { errors: [`internal error: ${err?.message ?? err}`] });
    }
  }

  seedTokens();
  const tls = config.tls;
  const onRequest = (req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [String(err?.message ?? err)] }));
      }
    });
  };
  const server = tls
    ? createHttpsServer(
        {
          cert: readFileSync(tls.cert),
          key: readFileSync(tls.key),
          ...(tls.client_ca ? { ca: readFileSync(tls.client_ca), requestCert: true, rejectUnauthorized: true } : {}),
        },
        onRequest,
      )
    : createHttpServer(onRequest);
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve(undefined));
  });
  const port = server.address().port;
  return {
    url: `${tls ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    config,
    state,
    advanceClock(ms) {
      state.offsetMs += ms;
    },
    /** A token record by id or accessor (tests inspect, never log). */
    token(idOrAccessor) {
      for (const t of state.tokens.values()) if (t.id === idOrAccessor || t.accessor === idOrAccessor) return t;
      return undefined;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') out.port = Number(argv[++i]);
    else if (a === '--config') out.config = argv[++i];
    else if (a === '--host') out.host = argv[++i];
    else if (a === '--help' || a === '-h') out.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = parseArgs(process.argv.slice(2));
  if (args.help || !args.config) {
    process.stdout.write('usage: node test/vault-server/server.mjs --config FILE [--port N] [--host ADDR]\n');
    process.exit(args.help ? 0 : 2);
  }
  const config = JSON.parse(readFileSync(args.config, 'utf8'));
  const handle = await startVaultServer(config, { port: args.port ?? 8200, host: args.host ?? '127.0.0.1' });
  process.stdout.write(`vault test server listening on ${handle.url}\n`);
  const stop = () => handle.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
