import { z } from 'zod';
import { duration, nonEmptyString } from './common.js';

const thresholds = z.strictObject({
  critical: z.number().int().min(0).optional(),
  high: z.number().int().min(0).optional(),
  medium: z.number().int().min(0).optional(),
  low: z.number().int().min(0).optional(),
  error: z.number().int().min(0).optional(),
  warning: z.number().int().min(0).optional(),
  note: z.number().int().min(0).optional(),
});

export const gateSection = z
  .strictObject({
    sarif: z
      .strictObject({
        max: thresholds.describe('Most findings allowed per level and severity band.').optional(),
      })
      .optional(),
    'required-checks': z.array(nonEmptyString).optional(),
    'max-scan-age': duration.optional(),
    waivers: z
      .array(
        z.strictObject({
          rule: nonEmptyString,
          path: nonEmptyString.optional(),
          until: z.iso.date().describe('Last day the waiver applies (YYYY-MM-DD).'),
          reason: nonEmptyString,
        }),
      )
      .optional(),
  })
  .describe('Security controls that must pass.');
export type GatePolicy = z.infer<typeof gateSection>;
