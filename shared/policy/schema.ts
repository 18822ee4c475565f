import * as z from 'zod/mini';
import { described, nonEmptyString, optional } from './sections/common.js';
import { triggerSection } from './sections/trigger.js';
import { secretsSection } from './sections/secrets.js';
import { networkSection } from './sections/network.js';
import { gateSection } from './sections/gate.js';
import { artifactsSection } from './sections/artifacts.js';

/** Repository permissions, weakest first (GitHub's order). */
export const PERMISSIONS = ['read', 'triage', 'write', 'maintain', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const IDENT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const roleSchema = described(
  z.strictObject({
    users: optional(z.array(nonEmptyString), 'Platform logins; bots as "name[bot]".'),
    teams: optional(z.array(nonEmptyString), 'GitHub org/team slugs or GitLab group paths.'),
    permission: optional(z.enum(PERMISSIONS), 'Anyone with at least this repository permission.'),
  }),
  'A named set of people and bots.',
);

export const environmentSchema = z.strictObject({
  extends: optional(z.string().check(z.regex(IDENT, 'an environment name')), 'Inherit this environment, then override key by key.'),
  trigger: optional(triggerSection),
  secrets: optional(secretsSection),
  network: optional(networkSection),
  gate: optional(gateSection),
  artifacts: optional(artifactsSection),
});

export const policySchema = described(
  z.strictObject({
    version: z.literal(1),
    roles: optional(z.record(z.string().check(z.regex(IDENT, 'a role name')), roleSchema)),
    environments: z.record(z.string().check(z.regex(IDENT, 'an environment name')), environmentSchema),
  }),
  'ci-constraints policy, version 1.',
);

export type Policy = z.infer<typeof policySchema>;
export type Role = z.infer<typeof roleSchema>;
export type EnvironmentPolicy = Omit<z.infer<typeof environmentSchema>, 'extends'>;
export const SECTIONS = ['trigger', 'secrets', 'network', 'gate', 'artifacts'] as const;
export type SectionName = (typeof SECTIONS)[number];
