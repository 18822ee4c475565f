import { z } from 'zod';
import { duration, nonEmptyString } from './common.js';

const count = z.number().int().min(0);

const thresholds = z
  .strictObject({
    critical: count.describe('Findings whose rule has security-severity >= 9.0.').optional(),
    high: count.describe('security-severity >= 7.0 and < 9.0.').optional(),
    medium: count.describe('security-severity >= 4.0 and < 7.0.').optional(),
    low: count.describe('security-severity > 0 and < 4.0.').optional(),
    error: count.describe('Findings whose effective SARIF level is error.').optional(),
    warning: count.describe('Effective level warning.').optional(),
    note: count.describe('Effective level note.').optional(),
    total: count.describe('All counted findings, whatever their level or band.').optional(),
  })
  .describe('Most findings allowed, per SARIF level and per security-severity band (each key counts its own level or band only).');

const globs = z
  .strictObject({
    include: z.array(nonEmptyString).describe('Only findings matching one of these globs count.').optional(),
    exclude: z.array(nonEmptyString).describe('Findings matching one of these globs never count.').optional(),
  })
  .describe('Include/exclude globs (picomatch; an exact string always matches itself).');

const toolGate = z.strictObject({
  max: thresholds.optional(),
  rules: globs.describe('Rule id filters for this tool.').optional(),
  paths: globs.describe('Path filters for this tool.').optional(),
});

export const gateSection = z
  .strictObject({
    sarif: z
      .strictObject({
        max: thresholds.describe('Most findings allowed per level and severity band, over all tools.').optional(),
        tools: z
          .record(nonEmptyString, toolGate)
          .describe('Per tool (the SARIF `tool.driver.name`, exact): thresholds and filters. A tool listed here must have a run in the SARIF input.')
          .optional(),
        rules: globs.describe('Rule id filters for every tool.').optional(),
        paths: globs.describe('Path filters (repository-relative) for every tool.').optional(),
        suppressions: z
          .enum(['exclude', 'count'])
          .describe('"exclude" (default): results with accepted suppressions do not count; "count": they count like any other.')
          .optional(),
        'baseline-state': z
          .enum(['honor', 'ignore'])
          .describe('"honor" (default): results with baselineState unchanged/updated are pre-existing and do not count; "ignore": they count.')
          .optional(),
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
