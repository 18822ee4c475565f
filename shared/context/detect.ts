import type { Env } from './refs.js';
import type { PlatformName } from './types.js';

/** Which CI system runs us, from the marker variable each one sets to "true". Anything else is local. */
export function detectPlatform(env: Env): PlatformName {
  const is = (name: string) => Object.hasOwn(env, name) && env[name] === 'true';
  if (is('GITHUB_ACTIONS')) return 'github';
  if (is('GITLAB_CI')) return 'gitlab';
  if (is('CIRCLECI')) return 'circleci';
  return 'local';
}
