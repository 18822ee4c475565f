import * as z from 'zod/mini';
import { described, listOf, nonEmptyString, optional, requirement } from './common.js';

const ACTIONS = ['verify-trigger', 'require-vault-secrets', 'ip-guard', 'security-gate', 'sign-artifact'] as const;

const patterns = z.union([nonEmptyString, listOf(nonEmptyString, 1)]);

export const artifactsSection = described(
  z.strictObject({
    signature: optional(requirement),
    reproducible: optional(requirement),
    'public-keys': optional(
      listOf(nonEmptyString, 1),
      'Trusted public keys for verify: PEM text or a path to a PEM file (relative to the working directory).',
    ),
    predicate: optional(
      z.strictObject({
        repository: optional(patterns, 'Repositories the provenance must name (exact, or globs: * within a segment, ** across).'),
        ref: optional(patterns, 'Full refs the provenance must name, e.g. "refs/tags/v*".'),
        'builder-id': optional(patterns, 'Builder ids the provenance must name.'),
      }),
      'Constraints on the signed provenance predicate, checked by verify.',
    ),
    decisions: optional(listOf(z.enum(ACTIONS), 1), 'Actions whose allow decisions must be bound to the artifact in a signed decisions statement.'),
    'source-match': optional(requirement, '"required": a release tarball must match `git archive` of its tag.'),
    'source-allow-extra': optional(z.array(nonEmptyString), 'Globs of files allowed only in the tarball (generated files such as configure).'),
  }),
  'Artifact signing and reproducibility.',
);
export type ArtifactsPolicy = z.infer<typeof artifactsSection>;
