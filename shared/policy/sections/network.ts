import { z } from 'zod';
import { nonEmptyString } from './common.js';

export const networkSection = z
  .strictObject({
    allow: z.array(nonEmptyString).describe('Approved runner ranges: CIDRs (IPv4/IPv6) or named lists.').optional(),
    egress: z.array(nonEmptyString).describe('Approved destinations: host:port, IP, CIDR; wildcards only as a "*." prefix.').optional(),
    check: z.enum(['egress', 'local', 'both']).optional(),
    'egress-enforcement': z.enum(['strict', 'best-effort']).optional(),
  })
  .describe('Where the runner may be and what it may reach.');
export type NetworkPolicy = z.infer<typeof networkSection>;
