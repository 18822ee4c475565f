import { z } from 'zod';
import { nonEmptyString } from './sections/common.js';
import { triggerSection } from './sections/trigger.js';
import { secretsSection } from './sections/secrets.js';
import { networkSection } from './sections/network.js';
import { gateSection } from './sections/gate.js';
import { artifactsSection } from './sections/artifacts.js';

/** Repository permissions, weakest first (GitHub's order). */
export const PERMISSIONS = ['read', 'triage', 'write', 'maintain', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const IDENT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const roleSchema = z
  .strictObject({
    users: z.array(nonEmptyString).describe('Platform logins; bots as "name[bot]".').optional(),
    teams: z.array(nonEmptyString).describe('GitHub org/team slugs or GitLab group paths.').optional(),
    permission: z.enum(PERMISSIONS).describe('Anyone with at least this repository permission.').optional(),
  })
  .describe('A named set of people and bots.');

export const environmentSchema = z.strictObject({
  extends: z.string().regex(IDENT, 'an environment name').describe('Inherit this environment, then override key by key.').optional(),
  trigger: triggerSection.optional(),
  secrets: secretsSection.optional(),
  network: networkSection.optional(),
  gate: gateSection.optional(),
  artifacts: artifactsSection.optional(),
});

export const policySchema = z
  .strictObject({
    version: z.literal(1),
    roles: z.record(z.string().regex(IDENT, 'a role name'), roleSchema).optional(),
    environments: z.record(z.string().regex(IDENT, 'an environment name'), environmentSchema),
  })
  .describe('ci-constraints policy, version 1.');

export type Policy = z.infer<typeof policySchema>;
export type Role = z.infer<typeof roleSchema>;
export type EnvironmentPolicy = Omit<z.infer<typeof environmentSchema>, 'extends'>;
export const SECTIONS = ['trigger', 'secrets', 'network', 'gate', 'artifacts'] as const;
export type SectionName = (typeof SECTIONS)[number];
