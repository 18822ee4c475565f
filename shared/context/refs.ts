import { ConfigError } from '../errors.js';
import type { PipelineContext, RefType } from './types.js';

/** The environment as the platform adapter hands it over: plain strings, nothing else trusted. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Marks a pull/merge request whose head repository is unknown or gone (GitHub sends
 * `head.repo: null` once the fork is deleted). It can never equal a real `owner/name`,
 * so every comparison with the base repository says "fork" — the fail-closed answer.
 */
export const UNKNOWN_HEAD_REPOSITORY = '(unknown head repository)';

/** The kind of a full ref, from its prefix alone. Anything not under a known namespace is `other`. */
export function refTypeOf(ref: string): RefType {
  if (ref.startsWith('refs/heads/')) return 'branch';
  if (ref.startsWith('refs/tags/')) return 'tag';
  if (ref.startsWith('refs/pull/')) return 'pull';
  if (ref.startsWith('refs/merge-requests/')) return 'merge-request';
  return 'other';
}

/**
 * Whether the code under test comes from outside the repository: the head repository of a
 * pull/merge request differs from its base, or (GitHub `workflow_run`) the upstream run's head
 * repository differs from this repository. Names are compared exactly, never a `fork` flag.
 */
export function isFork(ctx: Pick<PipelineContext, 'repository' | 'headRepository' | 'baseRepository' | 'upstreamHeadRepository'>): boolean {
  if (ctx.headRepository !== undefined && ctx.headRepository !== (ctx.baseRepository ?? ctx.repository)) return true;
  if (ctx.upstreamHeadRepository !== undefined && ctx.upstreamHeadRepository !== ctx.repository) return true;
  return false;
}

/** A variable's value; unset, empty or non-string values are `undefined`. Never trims or rewrites. */
export function opt(env: Env, name: string): string | undefined {
  if (!Object.hasOwn(env, name)) return undefined;
  const v = env[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A variable the platform always sets; its absence means this is not the run we think it is. */
export function req(env: Env, name: string, platform: string, why = ''): string {
  const v = opt(env, name);
  if (v === undefined) {
    throw new ConfigError('context-invalid', `${name} is not set${why ? ` (${why})` : ''}: this does not look like a ${platform} run`, {
      hint: `run inside ${platform}, or describe the run with --context FILE`,
    });
  }
  return v;
}

/** A positive decimal integer, or undefined. */
export function positiveInt(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? v : undefined;
  if (typeof v === 'string' && /^[1-9][0-9]{0,15}$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

/** `true`/`false` exactly; anything else is unknown. */
export function bool(v: string | undefined): boolean | undefined {
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** Drop undefined members so contexts compare and serialise cleanly. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export { didYouMean } from '../suggest.js';
