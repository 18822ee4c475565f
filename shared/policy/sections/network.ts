import * as z from 'zod/mini';
import { described, listOf, nonEmptyString, optional } from './common.js';

export const networkSection = described(
  z.strictObject({
    allow: optional(
      z.array(nonEmptyString),
      'Approved runner ranges: CIDRs (IPv4/IPv6), names of lists under network.lists, or "github-meta:actions" (GitHub\'s published ranges).',
    ),
    lists: optional(
      z.record(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a list name (letters, digits, "-", "_")')), z.array(nonEmptyString)),
      'Named lists of CIDR ranges (and "github-meta:<key>" entries), referenced by name from allow, e.g. lists: {office: [198.51.100.0/24]} and allow: [office].',
    ),
    egress: optional(z.array(nonEmptyString), 'Approved destinations: host:port, IP, CIDR (optionally :port); wildcards only as a "*." prefix.'),
    check: optional(
      z.enum(['egress', 'local', 'both']),
      'Which runner addresses must be inside allow: the public egress address, the interface addresses, or both (default egress).',
    ),
    'egress-enforcement': optional(
      z.enum(['strict', 'best-effort']),
      'strict (default): deny when egress rules cannot be installed; best-effort: go on and report NOT ENFORCED.',
    ),
    'echo-endpoints': optional(listOf(z.url(), 2), 'HTTPS endpoints that answer with the caller\'s public IP as plain text; at least two, all must agree.'),
    resolvers: optional(
      z.array(nonEmptyString),
      'DNS servers used to resolve egress hosts and the only DNS servers the job may reach (ip or ip:port); default: the runner\'s own.',
    ),
  }),
  'Where the runner may be and what it may reach.',
);
export type NetworkPolicy = z.infer<typeof networkSection>;
