import { readFileSync, statSync } from 'node:fs';
import { fromGitHub, MAX_EVENT_BYTES } from '../context/github.js';
import type { PipelineContext, PlatformName } from '../context/types.js';
import { ConfigError } from '../errors.js';
import type { ApiClient } from './api.js';
import type { Env } from './env.js';
import type { Platform } from './types.js';

export { detectPlatform } from '../context/detect.js';

/** Reads what the platform offers (variables, the event file, git) and hands it to the normaliser. */
export async function buildContext(platform: PlatformName, env: Env, options: { contextFile?: string | undefined; now: Date }): Promise<PipelineContext> {
  if (options.contextFile !== undefined) {
    // A file is not evidence: inside a CI job the context must come from the platform itself.
    if (platform !== 'local') {
      throw new ConfigError('usage', `--context is for local runs and policy tests; on ${platform} the context comes from the platform`, { hint: 'drop --context, or run with --platform local outside CI' });
    }
    const { fromContextFile } = await import('../context/local.js');
    return fromContextFile(await readText(options.contextFile, '--context'), options.contextFile, options.now);
  }
  switch (platform) {
    case 'github': {
      const path = env.GITHUB_EVENT_PATH;
      if (!path) throw new ConfigError('context-invalid', 'GITHUB_EVENT_PATH is not set, so the event that started this run is unknown', { hint: 'run as a step of a GitHub Actions job, or pass --context FILE' });
      return fromGitHub(env, await readText(path, 'GITHUB_EVENT_PATH'), options.now);
    }
    // Each platform's normaliser loads only when it runs (cold start).
    case 'gitlab':
      return (await import('../context/gitlab.js')).fromGitLab(env, options.now);
    case 'circleci':
      return (await import('../context/circleci.js')).fromCircleCI(env, options.now);
    case 'local':
      return (await import('../context/local.js')).fromGit(process.cwd(), options.now);
  }
}

async function readText(path: string, what: string): Promise<string> {
  try {
    const s = statSync(path);
    if (s.size > MAX_EVENT_BYTES) throw new ConfigError('context-invalid', `${what} ${path} is ${s.size} bytes, more than ${MAX_EVENT_BYTES}`, { hint: 'point it at the event JSON' });
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError('context-invalid', `${what} ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { hint: 'check the path' });
  }
}

/** The CI system's API for reading a policy from another ref, when a token was given. */
export async function policyApi(platform: Platform, ctx: PipelineContext): Promise<ApiClient | undefined> {
  const kind = ctx.platform === 'gitlab' ? 'gitlab' : 'github';
  if (!platform.input(`${kind}-token`)) return undefined;
  const { forgeClient } = await import('./api.js');
  return forgeClient(platform, kind);
}
