import * as z from 'zod/mini';

// zod/mini rather than classic zod: the same validation, a fraction of the code to load, which is
// most of a CLI's cold start. Each schema validates one small document once per process, so the
// JIT (a `new Function` per object schema) would cost more than it saves.
// English messages for the issues our own wording does not cover.
z.config({ ...z.locales.en(), jitless: true });

/** A schema with a description (shown by `policy schema` and editors). */
export function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  return schema.check(z.describe(description)) as T;
}

/** An optional key, with an optional description. */
export function optional<T extends z.ZodMiniType>(schema: T, description?: string): z.ZodMiniOptional<T> {
  const inner = description === undefined ? schema : described(schema, description);
  return z.optional(inner);
}

/** A list with at least `min` items. */
export function listOf<T extends z.ZodMiniType>(item: T, min = 0): z.ZodMiniArray<T> {
  return min > 0 ? z.array(item).check(z.minLength(min)) : z.array(item);
}

/** "15m", "24h", "7d", "90s": durations as written in policy files. */
export const DURATION_PATTERN = /^(\d+)(ms|s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export const duration = described(
  z.string().check(z.regex(DURATION_PATTERN, 'a duration like "90s", "15m", "24h" or "7d"')),
  'A duration: a whole number followed by ms, s, m, h, d or w.',
);

export function durationMs(text: string): number {
  const m = DURATION_PATTERN.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * UNIT_MS[m[2] as string]!;
}

export const requirement = described(z.enum(['required', 'optional']), '"required" enforces the rule; "optional" skips it.');

export const nonEmptyString = z.string().check(z.minLength(1));

export const count = z.int().check(z.minimum(0));
