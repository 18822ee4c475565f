import { z } from 'zod';
import { nonEmptyString, requirement } from './common.js';

const ACTIONS = ['verify-trigger', 'require-vault-secrets', 'ip-guard', 'security-gate', 'sign-artifact'] as const;

const patterns = z.union([nonEmptyString, z.array(nonEmptyString).min(1)]);

export const artifactsSection = z
  .strictObject({
    signature: requirement.optional(),
    reproducible: requirement.optional(),
    'public-keys': z
      .array(nonEmptyString)
      .min(1)
      .describe('Trusted public keys for verify: PEM text or a path to a PEM file (relative to the working directory).')
      .optional(),
    predicate: z
      .strictObject({
        repository: patterns.describe('Repositories the provenance must name (exact, or globs: * within a segment, ** across).').optional(),
        ref: patterns.describe('Full refs the provenance must name, e.g. "refs/tags/v*".').optional(),
        'builder-id': patterns.describe('Builder ids the provenance must name.').optional(),
      })
      .describe('Constraints on the signed provenance predicate, checked by verify.')
      .optional(),
    decisions: z
      .array(z.enum(ACTIONS))
      .min(1)
      .describe('Actions whose allow decisions must be bound to the artifact in a signed decisions statement.')
      .optional(),
    'source-match': requirement.describe('"required": a release tarball must match `git archive` of its tag.').optional(),
    'source-allow-extra': z
      .array(nonEmptyString)
      .describe('Globs of files allowed only in the tarball (generated files such as configure).')
      .optional(),
  })
  .describe('Artifact signing and reproducibility.');
export type ArtifactsPolicy = z.infer<typeof artifactsSection>;
