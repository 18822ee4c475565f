import { z } from 'zod';
import { requirement } from './common.js';

export const artifactsSection = z
  .strictObject({
    signature: requirement.optional(),
    reproducible: requirement.optional(),
  })
  .describe('Artifact signing and reproducibility.');
export type ArtifactsPolicy = z.infer<typeof artifactsSection>;
