import { z } from 'zod';
import { nonEmptyString, requirement } from './common.js';

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Whether the runtime knows an IANA time zone name (Intl throws a RangeError otherwise). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const weeklyWindow = z.strictObject({
  name: nonEmptyString,
  days: z.array(z.enum(WEEKDAYS)).min(1).describe('Days the window starts on (local to `timezone`).'),
  from: z.string().regex(TIME_OF_DAY, 'a time "HH:MM"').describe('Start, local wall-clock time "HH:MM".'),
  to: z
    .string()
    .regex(TIME_OF_DAY, 'a time "HH:MM"')
    .describe('Last minute of the window, inclusive ("23:59" reaches midnight); earlier than `from` means the window spans midnight into the next day.'),
  // Checked against the runtime's zone list by triggerSection (so the error names this key).
  timezone: nonEmptyString.describe('IANA time zone, e.g. Europe/Berlin.').default('UTC'),
});

const oneOffWindow = z
  .strictObject({
    name: nonEmptyString,
    from: z.iso.datetime({ offset: true }).describe('Start, ISO 8601 date-time with offset or Z (inclusive).'),
    to: z.iso.datetime({ offset: true }).describe('End, ISO 8601 date-time with offset or Z (exclusive).'),
  })
  .refine((w) => Date.parse(w.from) < Date.parse(w.to), { message: '`to` must be later than `from`', path: ['to'] });

export const freezeWindow = z.union([weeklyWindow, oneOffWindow]);
export type FreezeWindow = z.infer<typeof freezeWindow>;

/** GitHub `author_association` values. */
export const AUTHOR_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'MANNEQUIN', 'NONE'] as const;

const commentSection = z
  .strictObject({
    command: z
      .string()
      .regex(/^\/?[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a command word such as /deploy')
      .describe('The comment must start with this word, exactly (e.g. /deploy).')
      .optional(),
    associations: z
      .array(z.enum(AUTHOR_ASSOCIATIONS))
      .min(1)
      .describe('author_association values allowed to command a run (default OWNER, MEMBER, COLLABORATOR).')
      .optional(),
    'pin-head-sha': requirement
      .describe('"required": the comment must name the pull request head SHA the commenter reviewed ("/deploy <sha>", 7–40 hex), and it must still be the head.')
      .optional(),
  })
  .describe('issue_comment runs: who may command them and on which commit.');

const runnerSection = z
  .strictObject({
    kinds: z.array(z.enum(['hosted', 'self-hosted'])).min(1).describe('Allowed runner kinds; unknown never matches.').optional(),
    names: z.array(nonEmptyString).min(1).describe('Allowed runner names (globs: * and ?).').optional(),
  })
  .describe('Which runners may run the job.');

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
    'privileged-events': z
      .enum(['deny-fork-code', 'allow'])
      .describe('pull_request_target / workflow_run on code from a fork: "deny-fork-code" (default) or "allow".')
      .optional(),
    comment: commentSection.optional(),
    workflows: z
      .array(nonEmptyString)
      .min(1)
      .describe('Workflow / pipeline definition files allowed to run (globs), e.g. .github/workflows/release.yml or .gitlab-ci.yml.')
      .optional(),
    runner: runnerSection.optional(),
  })
  .superRefine((t, ctx) => {
    (t.freeze ?? []).forEach((w, i) => {
      if ('days' in w && !isTimeZone(w.timezone)) {
        ctx.addIssue({ code: 'custom', path: ['freeze', i, 'timezone'], message: `"${w.timezone}" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)` });
      }
    });
  })
  .describe('Who may start which pipeline, from where and when.');
export type TriggerPolicy = z.infer<typeof triggerSection>;
