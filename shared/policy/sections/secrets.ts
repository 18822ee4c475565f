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
      })
      .optional(),
    'static-allowed': z.array(nonEmptyString).describe('Secret names that may come from the CI system itself.').optional(),
  })
  .describe('Where secrets may come from.');
export type SecretsPolicy = z.infer<typeof secretsSection>;
