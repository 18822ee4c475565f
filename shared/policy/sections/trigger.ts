import { z } from 'zod';
import { nonEmptyString, requirement } from './common.js';

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const weeklyWindow = z.strictObject({
  name: nonEmptyString,
  days: z.array(z.enum(WEEKDAYS)).min(1).describe('Days the window starts on.'),
  from: z.string().regex(TIME_OF_DAY, 'a time "HH:MM"'),
  to: z.string().regex(TIME_OF_DAY, 'a time "HH:MM"').describe('End time; earlier than `from` means the window spans midnight.'),
  timezone: nonEmptyString.describe('IANA time zone, e.g. Europe/Berlin.').default('UTC'),
});

const oneOffWindow = z.strictObject({
  name: nonEmptyString,
  from: z.iso.datetime({ offset: true }).describe('Start, ISO 8601 date-time with offset or Z.'),
  to: z.iso.datetime({ offset: true }).describe('End, ISO 8601 date-time with offset or Z.'),
});

export const freezeWindow = z.union([weeklyWindow, oneOffWindow]);
export type FreezeWindow = z.infer<typeof freezeWindow>;

export const triggerSection = z
  .strictObject({
    events: z.array(nonEmptyString).min(1).describe('Allowed platform event names or portable aliases.').optional(),
    refs: z
      .array(z.string().regex(/^refs\//, 'a full ref such as refs/heads/main or refs/tags/v*'))
      .min(1)
      .describe('Allowed full refs; * matches within one path segment, ** across segments.')
      .optional(),
    actors: z.array(nonEmptyString).min(1).describe('Role names; every identity in the run must belong to one of them.').optional(),
    forks: z.enum(['deny', 'allow']).describe('Whether runs on code from a fork may pass.').optional(),
    'protected-ref': requirement.optional(),
    'signed-commits': requirement.optional(),
    'ref-charset': z.enum(['strict', 'any']).describe('"strict" (default) denies refs with shell metacharacters, control characters or non-ASCII.').optional(),
    'pinned-action': z.enum(['sha', 'any']).describe('"sha": the running action must be referenced by a full commit SHA.').optional(),
    identity: z.enum(['oidc', 'env']).describe('"oidc": identity must come from a verified OIDC token.').optional(),
    freeze: z.array(freezeWindow).describe('Windows in which runs are denied.').optional(),
  })
  .describe('Who may start which pipeline, from where and when.');
export type TriggerPolicy = z.infer<typeof triggerSection>;
