import type { PipelineContext, PlatformName } from './types.js';

/** GitHub `event_name` values (workflow triggers). */
export const GITHUB_EVENTS = [
  'branch_protection_rule', 'check_run', 'check_suite', 'create', 'delete', 'deployment', 'deployment_status',
  'discussion', 'discussion_comment', 'fork', 'gollum', 'image_version', 'issue_comment', 'issues', 'label',
  'merge_group', 'milestone', 'page_build', 'public', 'pull_request', 'pull_request_review',
  'pull_request_review_comment', 'pull_request_target', 'push', 'registry_package', 'release',
  'repository_dispatch', 'schedule', 'status', 'watch', 'workflow_call', 'workflow_dispatch', 'workflow_run',
] as const;

/** GitLab `CI_PIPELINE_SOURCE` values. */
export const GITLAB_PIPELINE_SOURCES = [
  'api', 'chat', 'external', 'external_pull_request_event', 'merge_request_event', 'ondemand_dast_scan',
  'ondemand_dast_validation', 'parent_pipeline', 'pipeline', 'push', 'schedule', 'security_orchestration_policy',
  'trigger', 'web', 'webide',
] as const;

/** CircleCI `pipeline.trigger_source` values, plus `unknown` when the orb could not pass it. */
export const CIRCLECI_TRIGGER_SOURCES = ['webhook', 'api', 'scheduled_pipeline', 'unknown'] as const;

/** The event of a context built from git on a workstation. */
export const LOCAL_EVENTS = ['local'] as const;

export const NATIVE_EVENTS: Readonly<Record<PlatformName, readonly string[]>> = Object.freeze({
  github: GITHUB_EVENTS,
  gitlab: GITLAB_PIPELINE_SOURCES,
  circleci: CIRCLECI_TRIGGER_SOURCES,
  local: LOCAL_EVENTS,
});

export type EventAlias =
  | 'push' | 'tag' | 'pull-request' | 'merge-request' | 'schedule' | 'manual' | 'api' | 'comment' | 'release' | 'upstream'
  | 'merge-queue' | 'local';

type AliasTable = Readonly<Record<EventAlias, Readonly<Record<PlatformName, readonly string[]>>>>;

const row = (github: string[], gitlab: string[], circleci: string[], local: string[] = []) =>
  Object.freeze({ github: Object.freeze(github), gitlab: Object.freeze(gitlab), circleci: Object.freeze(circleci), local: Object.freeze(local) });

/**
 * Portable event names → each platform's native names. Rules of the table (tested):
 * - an alias that is itself a native name on a platform maps to exactly that name there, so
 *   writing a native name never silently allows more;
 * - dangerous variants are never folded in: `pull-request` is GitHub `pull_request` only, not
 *   `pull_request_target` (which runs with secrets on fork code) — name it natively if you mean it.
 * Some aliases are narrowed further by ALIAS_REFINEMENTS (e.g. `tag` = a push of a tag).
 */
export const EVENT_ALIASES: AliasTable = Object.freeze({
  push: row(['push'], ['push'], ['webhook']),
  tag: row(['push'], ['push'], ['webhook']),
  'pull-request': row(['pull_request'], ['merge_request_event', 'external_pull_request_event'], ['webhook']),
  'merge-request': row(['pull_request'], ['merge_request_event', 'external_pull_request_event'], ['webhook']),
  schedule: row(['schedule'], ['schedule'], ['scheduled_pipeline']),
  manual: row(['workflow_dispatch'], ['web'], []),
  api: row(['repository_dispatch'], ['api'], ['api']),
  comment: row(['issue_comment'], [], []),
  release: row(['release'], [], []),
  upstream: row(['workflow_run'], ['pipeline', 'parent_pipeline'], []),
  'merge-queue': row(['merge_group'], [], []),
  local: row([], [], [], ['local']),
});

export interface AliasRefinement {
  /** Shown in docs and messages. */
  readonly description: string;
  readonly test: (ctx: PipelineContext) => boolean;
}

const isTag = (ctx: PipelineContext) => ctx.refType === 'tag';
const isPullRequest = (ctx: PipelineContext) => ctx.pullRequestNumber !== undefined || ctx.refType === 'pull' || ctx.refType === 'merge-request';

/** Extra conditions an alias puts on a native event (alias → platform → condition). */
export const ALIAS_REFINEMENTS: Readonly<Partial<Record<EventAlias, Readonly<Partial<Record<PlatformName, AliasRefinement>>>>>> = Object.freeze({
  tag: Object.freeze({
    github: { description: 'and the ref is refs/tags/…', test: isTag },
    gitlab: { description: 'and the ref is refs/tags/…', test: isTag },
    circleci: { description: 'and the ref is refs/tags/…', test: isTag },
  }),
  push: Object.freeze({
    circleci: { description: 'and the build is of a branch or tag of this repository (not a fork pull request)', test: (ctx: PipelineContext) => ctx.refType === 'branch' || ctx.refType === 'tag' },
  }),
  'pull-request': Object.freeze({
    circleci: { description: 'and the build belongs to a pull request (CIRCLE_PULL_REQUEST or CIRCLE_PR_NUMBER)', test: isPullRequest },
  }),
  'merge-request': Object.freeze({
    circleci: { description: 'and the build belongs to a pull request (CIRCLE_PULL_REQUEST or CIRCLE_PR_NUMBER)', test: isPullRequest },
  }),
});

export function isEventAlias(name: string): name is EventAlias {
  return Object.hasOwn(EVENT_ALIASES, name);
}

/**
 * Whether an allowed event (a native name or a portable alias, exact and case-sensitive) covers
 * the context's event. A native name matches only itself.
 */
export function eventMatches(allowed: string, ctx: PipelineContext): boolean {
  if (allowed === ctx.event) return true;
  if (!isEventAlias(allowed)) return false;
  const natives = EVENT_ALIASES[allowed][ctx.platform];
  if (!natives.includes(ctx.event)) return false;
  const refinements = ALIAS_REFINEMENTS[allowed];
  const refinement = refinements !== undefined && Object.hasOwn(refinements, ctx.platform) ? refinements[ctx.platform] : undefined;
  return refinement === undefined || refinement.test(ctx);
}

/** What an allowed event stands for on a platform, for messages: `pull-request` → `pull_request`. */
export function describeAllowedEvent(allowed: string, platform: PlatformName): string {
  if (!isEventAlias(allowed)) return allowed;
  const natives = EVENT_ALIASES[allowed][platform];
  if (natives.length === 0) return `${allowed} (no ${platform} event)`;
  const refinements = ALIAS_REFINEMENTS[allowed];
  const r = refinements !== undefined && Object.hasOwn(refinements, platform) ? refinements[platform] : undefined;
  return `${allowed} (${natives.join(' | ')}${r ? ` ${r.description}` : ''})`;
}
