// A loopback OIDC issuer for tests: serves a discovery document and a JWKS, and signs ID tokens
// with the matching private key, the way GitHub / GitLab / CircleCI OIDC providers do.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/**
 * @param {{ alg?: 'RS256' | 'ES256', kid?: string }} [options]
 * @returns {Promise<{ url: string, jwksUrl: string, jwks: { keys: object[] }, sign: (claims: Record<string, unknown>, opts?: { expiresIn?: number | string, issuedAt?: number, audience?: string | string[], issuer?: string, key?: 'other' }) => Promise<string>, close: () => Promise<void> }>}
 */
export async function startIssuer(options = {}) {
  const alg = options.alg ?? 'RS256';
  const kid = options.kid ?? 'test-key-1';
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  // A second key that the JWKS does not publish: tokens signed with it must be refused.
  const other = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const jwks = { keys: [jwk] };
  let url = '';
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer: url, jwks_uri: `${url}/.well-known/jwks`, id_token_signing_alg_values_supported: [alg], response_types_supported: ['id_token'], subject_types_supported: ['public'] }));
    } else if (path === '/.well-known/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(jwks));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
  url = `http://127.0.0.1:${addr.port}`;
  return {
    url,
    jwksUrl: `${url}/.well-known/jwks`,
    jwks,
    async sign(claims, opts = {}) {
      const now = Math.floor(Date.now() / 1000);
      const iat = opts.issuedAt ?? now;
      const jwt = new SignJWT({ ...claims })
        .setProtectedHeader({ alg, kid, typ: 'JWT' })
        .setIssuer(opts.issuer ?? url)
        .setIssuedAt(iat)
        .setNotBefore(iat - 5)
        .setJti(Math.random().toString(36).slice(2));
      if (opts.audience !== undefined) jwt.setAudience(opts.audience);
      const exp = opts.expiresIn ?? 300;
      jwt.setExpirationTime(typeof exp === 'number' ? iat + exp : exp);
      return jwt.sign(opts.key === 'other' ? other.privateKey : privateKey);
    },
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
