import { z } from 'zod';
import { nonEmptyString } from './common.js';

export const networkSection = z
  .strictObject({
    allow: z
      .array(nonEmptyString)
      .describe('Approved runner ranges: CIDRs (IPv4/IPv6), names of lists under network.lists, or "github-meta:actions" (GitHub\'s published ranges).')
      .optional(),
    lists: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a list name (letters, digits, "-", "_")'), z.array(nonEmptyString))
      .describe('Named lists of CIDR ranges (and "github-meta:<key>" entries), referenced by name from allow, e.g. lists: {office: [198.51.100.0/24]} and allow: [office].')
      .optional(),
    egress: z.array(nonEmptyString).describe('Approved destinations: host:port, IP, CIDR (optionally :port); wildcards only as a "*." prefix.').optional(),
    check: z.enum(['egress', 'local', 'both']).describe('Which runner addresses must be inside allow: the public egress address, the interface addresses, or both (default egress).').optional(),
    'egress-enforcement': z
      .enum(['strict', 'best-effort'])
      .describe('strict (default): deny when egress rules cannot be installed; best-effort: go on and report NOT ENFORCED.')
      .optional(),
    'echo-endpoints': z
      .array(z.string().url())
      .min(2)
      .describe('HTTPS endpoints that answer with the caller\'s public IP as plain text; at least two, all must agree.')
      .optional(),
    resolvers: z
      .array(nonEmptyString)
      .describe('DNS servers used to resolve egress hosts and the only DNS servers the job may reach (ip or ip:port); default: the runner\'s own.')
      .optional(),
  })
  .describe('Where the runner may be and what it may reach.');
export type NetworkPolicy = z.infer<typeof networkSection>;
