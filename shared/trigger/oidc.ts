import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Fact, IdentityFact } from '../checks/trigger.js';
import type { PipelineContext } from '../context/types.js';
import { CiConstraintsError, errorMessage } from '../errors.js';
import { httpRequest } from '../platform/http.js';
import type { Platform } from '../platform/types.js';
import { contextFromClaims } from './claims.js';

/** Algorithms CI issuers sign with; `none` and HMAC are never accepted. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
export const DEFAULT_AUDIENCE = 'ci-constraints';
const CLOCK_TOLERANCE_S = 30;

export interface OidcOptions {
  audience?: string | undefined;
  issuer?: string | undefined;
}

/** The issuer a platform's tokens come from, unless the `oidc-issuer` input names another. */
export function defaultIssuer(platform: Platform, ctx: PipelineContext): string | undefined {
  switch (ctx.platform) {
    case 'github': {
      const server = platform.variable('GITHUB_SERVER_URL') ?? 'https://github.com';
      return server === 'https://github.com' ? 'https://token.actions.githubusercontent.com' : `${server.replace(/\/+$/, '')}/_services/token`;
    }
    case 'gitlab':
      return platform.variable('CI_SERVER_URL');
    case 'circleci': {
      const org = platform.variable('CIRCLE_ORGANIZATION_ID');
      return org ? `https://oidc.circleci.com/org/${org}` : undefined;
    }
    default:
      return undefined;
  }
}

/** https only, except loopback (tests and local issuers). */
function checkUrl(url: string, what: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CiConstraintsError('oidc-failed', `${what} ${JSON.stringify(url)} is not a URL`);
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) throw new CiConstraintsError('oidc-failed', `${what} ${u.origin} is not https`);
  return u;
}

async function jwksFor(issuer: string): Promise<JSONWebKeySet> {
  const base = checkUrl(issuer, 'OIDC issuer').href.replace(/\/+$/, '');
  const discoveryUrl = `${base}/.well-known/openid-configuration`;
  const res = await httpRequest(discoveryUrl, { label: `OIDC discovery GET ${discoveryUrl}`, timeoutMs: 5000, maxBytes: 256 * 1024 });
  if (res.status !== 200) throw new CiConstraintsError('oidc-failed', `OIDC discovery GET ${discoveryUrl} answered HTTP ${res.status}`);
  const config = res.json<{ issuer?: unknown; jwks_uri?: unknown }>();
  if (config.issuer !== issuer) throw new CiConstraintsError('oidc-failed', `OIDC discovery at ${discoveryUrl} names issuer ${JSON.stringify(config.issuer)}, not ${issuer}`);
  if (typeof config.jwks_uri !== 'string') throw new CiConstraintsError('oidc-failed', `OIDC discovery at ${discoveryUrl} has no jwks_uri`);
  const jwksUrl = checkUrl(config.jwks_uri, 'jwks_uri').href;
  const keys = await httpRequest(jwksUrl, { label: `OIDC JWKS GET ${jwksUrl}`, timeoutMs: 5000, maxBytes: 256 * 1024 });
  if (keys.status !== 200) throw new CiConstraintsError('oidc-failed', `OIDC JWKS GET ${jwksUrl} answered HTTP ${keys.status}`);
  const set = keys.json<JSONWebKeySet>();
  if (!set || !Array.isArray(set.keys)) throw new CiConstraintsError('oidc-failed', `OIDC JWKS at ${jwksUrl} is not a key set`);
  return set;
}

function verifyProblem(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${err.claim} claim is wrong (${err.reason})`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature does not verify against the issuer\'s keys';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the issuer matches the token (kid/alg)';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'the token uses an algorithm that is not accepted';
  if (err instanceof joseErrors.JOSEError) return `the token is not valid (${err.code})`;
  return errorMessage(err);
}

/**
 * Request the run's OIDC token, verify it against the issuer's published keys (signature,
 * issuer, audience, expiry and not-before by the real clock), and rebuild the context from its
 * claims. Every failure becomes a problem for `trigger.identity`; nothing throws.
 */
export async function verifyRunIdentity(platform: Platform, ctx: PipelineContext, options: OidcOptions): Promise<{ fact: Fact<IdentityFact>; context?: PipelineContext }> {
  if (ctx.platform === 'local') return { fact: { ok: false, problem: 'a local run has no OIDC token' } };
  const issuer = options.issuer ?? defaultIssuer(platform, ctx);
  if (!issuer) return { fact: { ok: false, problem: `no issuer is known for ${ctx.platform} tokens: set the oidc-issuer input${ctx.platform === 'circleci' ? ' (https://oidc.circleci.com/org/<organization id>)' : ''}` } };
  let audience = options.audience;
  if (audience === undefined) audience = ctx.platform === 'circleci' ? /\/org\/([^/]+)$/.exec(issuer)?.[1] : DEFAULT_AUDIENCE;
  if (audience === undefined) return { fact: { ok: false, problem: 'no audience to check the token against: set the oidc-audience input' } };
  let token: string;
  try {
    token = await platform.idToken(ctx.platform === 'github' ? audience : undefined);
  } catch (err) {
    return { fact: { ok: false, problem: `no OIDC token: ${errorMessage(err)}` } };
  }
  platform.mask(token);
  let jwks: JSONWebKeySet;
  try {
    jwks = await jwksFor(issuer);
  } catch (err) {
    return { fact: { ok: false, problem: errorMessage(err) } };
  }
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer, audience, algorithms: ALGORITHMS, clockTolerance: CLOCK_TOLERANCE_S, requiredClaims: ['exp', 'iat'] });
    const { context, fact } = contextFromClaims(ctx, payload as Record<string, unknown>, issuer);
    return { fact: { ok: true, value: fact }, context };
  } catch (err) {
    return { fact: { ok: false, problem: `the OIDC token from ${issuer} was rejected: ${verifyProblem(err)}` } };
  }
}
