// Types for issuer.mjs.
export interface TestIssuer {
  url: string;
  jwksUrl: string;
  jwks: { keys: object[] };
  sign(claims: Record<string, unknown>, opts?: { expiresIn?: number | string; issuedAt?: number; audience?: string | string[]; issuer?: string; key?: 'other' }): Promise<string>;
  close(): Promise<void>;
}
export function startIssuer(options?: { alg?: 'RS256' | 'ES256'; kid?: string }): Promise<TestIssuer>;
