import { z } from 'zod';
import { duration, nonEmptyString } from './common.js';

const vaultAuth = z.strictObject({
  method: z.enum(['jwt', 'token', 'approle']).describe('jwt: the run\'s OIDC token. token/approle are static auth, allowed only with `static-auth: allow`.'),
  role: nonEmptyString.optional(),
  path: nonEmptyString.describe('Mount path of the auth method (default: the method name).').optional(),
  audience: nonEmptyString.describe('Audience requested for the OIDC token.').optional(),
});

export const secretsSection = z
  .strictObject({
    vault: z
      .strictObject({
        address: z.url(),
        namespace: nonEmptyString.optional(),
        auth: vaultAuth,
        'max-ttl': duration.optional(),
        'static-auth': z.enum(['deny', 'allow']).optional(),
        tls: z
          .strictObject({
            'ca-cert': nonEmptyString.describe('PEM file of the CA that signed Vault\'s certificate (relative to the workspace).').optional(),
            'client-cert': nonEmptyString.describe('PEM file of a client certificate for mutual TLS.').optional(),
            'client-key': nonEmptyString.describe('PEM file of the client certificate\'s key.').optional(),
          })
          .describe('Custom CA and client certificate for Vault.')
          .optional(),
        timeout: duration.describe('Per-request timeout for Vault calls (default 10s); failures are retried with backoff.').optional(),
      })
      .optional(),
    'static-allowed': z.array(nonEmptyString).describe('Secret names that may come from the CI system itself.').optional(),
  })
  .describe('Where secrets may come from.');
export type SecretsPolicy = z.infer<typeof secretsSection>;
