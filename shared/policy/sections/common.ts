import { z } from 'zod';

/** "15m", "24h", "7d", "90s": durations as written in policy files. */
export const DURATION_PATTERN = /^(\d+)(ms|s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export const duration = z
  .string()
  .regex(DURATION_PATTERN, 'a duration like "90s", "15m", "24h" or "7d"')
  .describe('A duration: a whole number followed by ms, s, m, h, d or w.');

export function durationMs(text: string): number {
  const m = DURATION_PATTERN.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * UNIT_MS[m[2] as string]!;
}

export const requirement = z.enum(['required', 'optional']).describe('"required" enforces the rule; "optional" skips it.');

export const nonEmptyString = z.string().min(1);
