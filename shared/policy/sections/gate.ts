import * as z from 'zod/mini';
import { count, described, duration, nonEmptyString, optional } from './common.js';

const thresholds = described(
  z.strictObject({
    critical: optional(count, 'Findings whose rule has security-severity >= 9.0.'),
    high: optional(count, 'security-severity >= 7.0 and < 9.0.'),
    medium: optional(count, 'security-severity >= 4.0 and < 7.0.'),
    low: optional(count, 'security-severity > 0 and < 4.0.'),
    error: optional(count, 'Findings whose effective SARIF level is error.'),
    warning: optional(count, 'Effective level warning.'),
    note: optional(count, 'Effective level note.'),
    total: optional(count, 'All counted findings, whatever their level or band.'),
  }),
  'Most findings allowed, per SARIF level and per security-severity band (each key counts its own level or band only).',
);

const globs = described(
  z.strictObject({
    include: optional(z.array(nonEmptyString), 'Only findings matching one of these globs count.'),
    exclude: optional(z.array(nonEmptyString), 'Findings matching one of these globs never count.'),
  }),
  'Include/exclude globs (picomatch; an exact string always matches itself).',
);

const toolGate = z.strictObject({
  max: optional(thresholds),
  rules: optional(globs, 'Rule id filters for this tool.'),
  paths: optional(globs, 'Path filters for this tool.'),
});

export const gateSection = described(
  z.strictObject({
    sarif: optional(
      z.strictObject({
        max: optional(thresholds, 'Most findings allowed per level and severity band, over all tools.'),
        tools: optional(
          z.record(nonEmptyString, toolGate),
          'Per tool (the SARIF `tool.driver.name`, exact): thresholds and filters. A tool listed here must have a run in the SARIF input.',
        ),
        rules: optional(globs, 'Rule id filters for every tool.'),
        paths: optional(globs, 'Path filters (repository-relative) for every tool.'),
        suppressions: optional(
          z.enum(['exclude', 'count']),
          '"exclude" (default): results with accepted suppressions do not count; "count": they count like any other.',
        ),
        'baseline-state': optional(
          z.enum(['honor', 'ignore']),
          '"honor" (default): results with baselineState unchanged/updated are pre-existing and do not count; "ignore": they count.',
        ),
      }),
    ),
    'required-checks': optional(z.array(nonEmptyString), 'Checks and commit statuses that must have succeeded on the commit.'),
    'max-scan-age': optional(duration, 'The newest analysis must be younger than this.'),
    waivers: optional(
      z.array(
        z.strictObject({
          rule: nonEmptyString,
          path: optional(nonEmptyString),
          until: described(z.iso.date(), 'Last day the waiver applies (YYYY-MM-DD).'),
          reason: nonEmptyString,
        }),
      ),
      'Accepted findings, each with an expiry date and a reason.',
    ),
  }),
  'Security controls that must pass.',
);
export type GatePolicy = z.infer<typeof gateSection>;
