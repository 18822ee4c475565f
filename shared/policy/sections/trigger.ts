import * as z from 'zod/mini';
import { described, listOf, nonEmptyString, optional, requirement } from './common.js';

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const timeOfDay = z.string().check(z.regex(TIME_OF_DAY, 'a time "HH:MM"'));

let canonicalZones: Set<string> | undefined;

/**
 * Whether the runtime knows an IANA time zone name. The canonical list costs ~3 ms; building a
 * DateTimeFormat (~20 ms of ICU start-up) is only paid for aliases (US/Pacific, Etc/UTC) and typos.
 */
export function isTimeZone(name: string): boolean {
  if (name === 'UTC') return true;
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const weeklyWindow = z.strictObject({
  name: nonEmptyString,
  days: described(listOf(z.enum(WEEKDAYS), 1), 'Days the window starts on (local to `timezone`).'),
  from: described(timeOfDay, 'Start, local wall-clock time "HH:MM".'),
  to: described(timeOfDay, 'Last minute of the window, inclusive ("23:59" reaches midnight); earlier than `from` means the window spans midnight into the next day.'),
  // Checked against the runtime's zone list by triggerSection (so the error names this key).
  timezone: z._default(described(nonEmptyString, 'IANA time zone, e.g. Europe/Berlin.'), 'UTC'),
});

const oneOffWindow = z
  .strictObject({
    name: nonEmptyString,
    from: described(z.iso.datetime({ offset: true }), 'Start, ISO 8601 date-time with offset or Z (inclusive).'),
    to: described(z.iso.datetime({ offset: true }), 'End, ISO 8601 date-time with offset or Z (exclusive).'),
  })
  .check(z.refine((w) => Date.parse(w.from) < Date.parse(w.to), { message: '`to` must be later than `from`', path: ['to'] }));

export const freezeWindow = z.union([weeklyWindow, oneOffWindow]);
export type FreezeWindow = z.infer<typeof freezeWindow>;

/** GitHub `author_association` values. */
export const AUTHOR_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'MANNEQUIN', 'NONE'] as const;

const commentSection = described(
  z.strictObject({
    command: optional(
      z.string().check(z.regex(/^\/?[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a command word such as /deploy')),
      'The comment must start with this word, exactly (e.g. /deploy).',
    ),
    associations: optional(listOf(z.enum(AUTHOR_ASSOCIATIONS), 1), 'author_association values allowed to command a run (default OWNER, MEMBER, COLLABORATOR).'),
    'pin-head-sha': optional(
      requirement,
      '"required": the comment must name the pull request head SHA the commenter reviewed ("/deploy <sha>", 7–40 hex), and it must still be the head.',
    ),
  }),
  'issue_comment runs: who may command them and on which commit.',
);

const runnerSection = described(
  z.strictObject({
    kinds: optional(listOf(z.enum(['hosted', 'self-hosted']), 1), 'Allowed runner kinds; unknown never matches.'),
    names: optional(listOf(nonEmptyString, 1), 'Allowed runner names (globs: * and ?).'),
  }),
  'Which runners may run the job.',
);

export const triggerSection = described(
  z
    .strictObject({
      events: optional(listOf(nonEmptyString, 1), 'Allowed platform event names or portable aliases.'),
      refs: optional(
        listOf(z.string().check(z.regex(/^refs\//, 'a full ref such as refs/heads/main or refs/tags/v*')), 1),
        'Allowed full refs; * matches within one path segment, ** across segments.',
      ),
      actors: optional(listOf(nonEmptyString, 1), 'Role names; every identity in the run must belong to one of them.'),
      forks: optional(z.enum(['deny', 'allow']), 'Whether runs on code from a fork may pass.'),
      'protected-ref': optional(requirement),
      'signed-commits': optional(requirement),
      'ref-charset': optional(z.enum(['strict', 'any']), '"strict" (default) denies refs with shell metacharacters, control characters or non-ASCII.'),
      'pinned-action': optional(z.enum(['sha', 'any']), '"sha": the running action must be referenced by a full commit SHA.'),
      identity: optional(z.enum(['oidc', 'env']), '"oidc": identity must come from a verified OIDC token.'),
      freeze: optional(z.array(freezeWindow), 'Windows in which runs are denied.'),
      'privileged-events': optional(
        z.enum(['deny-fork-code', 'allow']),
        'pull_request_target / workflow_run on code from a fork: "deny-fork-code" (default) or "allow".',
      ),
      comment: optional(commentSection),
      workflows: optional(
        listOf(nonEmptyString, 1),
        'Workflow / pipeline definition files allowed to run (globs), e.g. .github/workflows/release.yml or .gitlab-ci.yml.',
      ),
      runner: optional(runnerSection),
    })
    .check(
      z.superRefine((t, ctx) => {
        (t.freeze ?? []).forEach((w, i) => {
          if ('days' in w && !isTimeZone(w.timezone)) {
            ctx.addIssue({ code: 'custom', input: w.timezone, path: ['freeze', i, 'timezone'], message: `"${w.timezone}" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)` });
          }
        });
      }),
    ),
  'Who may start which pipeline, from where and when.',
);
export type TriggerPolicy = z.infer<typeof triggerSection>;
