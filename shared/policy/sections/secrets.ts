import * as z from 'zod/mini';
import { described, duration, nonEmptyString, optional } from './common.js';

const vaultAuth = z.strictObject({
  method: described(z.enum(['jwt', 'token', 'approle']), 'jwt: the run\'s OIDC token. token/approle are static auth, allowed only with `static-auth: allow`.'),
  role: optional(nonEmptyString),
  path: optional(nonEmptyString, 'Mount path of the auth method (default: the method name).'),
  audience: optional(nonEmptyString, 'Audience requested for the OIDC token.'),
});

export const secretsSection = described(
  z.strictObject({
    vault: optional(
      z.strictObject({
        address: z.url(),
        namespace: optional(nonEmptyString),
        auth: vaultAuth,
        'max-ttl': optional(duration),
        'static-auth': optional(z.enum(['deny', 'allow'])),
        tls: optional(
          z.strictObject({
            'ca-cert': optional(nonEmptyString, 'PEM file of the CA that signed Vault\'s certificate (relative to the workspace).'),
            'client-cert': optional(nonEmptyString, 'PEM file of a client certificate for mutual TLS.'),
            'client-key': optional(nonEmptyString, 'PEM file of the client certificate\'s key.'),
          }),
          'Custom CA and client certificate for Vault.',
        ),
        timeout: optional(duration, 'Per-request timeout for Vault calls (default 10s); failures are retried with backoff.'),
      }),
    ),
    'static-allowed': optional(z.array(nonEmptyString), 'Secret names that may come from the CI system itself.'),
  }),
  'Where secrets may come from.',
);
export type SecretsPolicy = z.infer<typeof secretsSection>;
