import { ConfigError } from '../errors.js';
import { fromCircleCI } from './circleci.js';
import { fromGitHub } from './github.js';
import { fromGitLab } from './gitlab.js';
import { fromGit } from './local.js';
import type { Env } from './refs.js';
import type { PipelineContext, PlatformName } from './types.js';

export type { PipelineContext, PlatformName, RefType } from './types.js';
export { fromGitHub, parseGitHubEvent, MAX_EVENT_BYTES } from './github.js';
export { fromGitLab, gitlabRunnerKind } from './gitlab.js';
export { fromCircleCI, CIRCLECI_TRIGGER_SOURCE_VAR, CIRCLECI_UNKNOWN_EVENT } from './circleci.js';
export { fromGit, fromContextFile, parseContext, pipelineContextSchema, repositoryFromRemote, CONTEXT_FILE_DEFAULTS, MAX_CONTEXT_FILE_BYTES } from './local.js';
export {
  EVENT_ALIASES,
  ALIAS_REFINEMENTS,
  NATIVE_EVENTS,
  GITHUB_EVENTS,
  GITLAB_PIPELINE_SOURCES,
  CIRCLECI_TRIGGER_SOURCES,
  eventMatches,
  describeAllowedEvent,
  isEventAlias,
  type EventAlias,
  type AliasRefinement,
} from './events.js';
export { isFork, refTypeOf, UNKNOWN_HEAD_REPOSITORY, type Env } from './refs.js';
export { detectPlatform } from './detect.js';

/** What a context provider may be given; the platform adapter reads env and files, never this module. */
export interface ContextSource {
  env: Env;
  /** GitHub: the text of the file at GITHUB_EVENT_PATH (undefined when unset or unreadable). */
  eventText?: string | undefined;
  /** local: the checkout to read with git. */
  cwd?: string;
}

/** One entry for every platform; an unknown platform name is a ConfigError. */
export async function contextFor(platform: string, source: ContextSource, now: Date): Promise<PipelineContext> {
  switch (platform) {
    case 'github':
      return fromGitHub(source.env, source.eventText, now);
    case 'gitlab':
      return fromGitLab(source.env, now);
    case 'circleci':
      return fromCircleCI(source.env, now);
    case 'local':
      return fromGit(source.cwd ?? '.', now);
    default:
      throw new ConfigError('usage', `unknown platform "${platform}"; expected github, gitlab, circleci or local`);
  }
}
