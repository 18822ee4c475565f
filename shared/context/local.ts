import { execFile } from 'node:child_process';
import { arch, hostname, platform as osPlatform, userInfo } from 'node:os';
import { basename } from 'node:path';
import * as z from 'zod/mini';
import { ConfigError } from '../errors.js';
import type { PipelineContext } from './types.js';
import { compact, didYouMean, refTypeOf } from './refs.js';

/* ------------------------------------------------------------------ context files */

const fullRef = z.string().check(z.refine((r) => r.startsWith('refs/'), 'a full ref starting with refs/ (refs/heads/<branch>, refs/tags/<tag>, …)'));
const text = z.string().check(z.minLength(1));

/** Defaults for a partial context (policy test cases, `--context FILE`); documented in README.md ("Context files"). */
export const CONTEXT_FILE_DEFAULTS = Object.freeze({
  platform: 'local',
  event: 'push',
  ref: 'refs/heads/main',
  sha: '0000000000000000000000000000000000000000',
  repository: 'local/repository',
  runner: { kind: 'unknown' },
  identitySource: 'file',
} as const);

/** Every PipelineContext field; unknown keys are errors. */
export const pipelineContextSchema = z.strictObject({
  platform: z.optional(z.enum(['github', 'gitlab', 'circleci', 'local'])),
  event: z.optional(text),
  ref: z.optional(fullRef),
  refType: z.optional(z.enum(['branch', 'tag', 'pull', 'merge-request', 'other'])),
  sha: z.optional(text),
  repository: z.optional(text),
  headRepository: z.optional(text),
  baseRepository: z.optional(text),
  baseRef: z.optional(fullRef),
  headRef: z.optional(fullRef),
  headSha: z.optional(text),
  pullRequestNumber: z.optional(z.int().check(z.positive())),
  actor: z.optional(text),
  triggeringActor: z.optional(text),
  prAuthor: z.optional(text),
  commitAuthor: z.optional(text),
  commentAuthor: z.optional(text),
  commentAuthorAssociation: z.optional(text),
  commentBody: z.optional(z.string()),
  runner: z.optional(
    z.strictObject({
      kind: z.optional(z.enum(['hosted', 'self-hosted', 'unknown'])),
      name: z.optional(text),
      os: z.optional(text),
      arch: z.optional(text),
    }),
  ),
  workflow: z.optional(text),
  workflowRef: z.optional(text),
  runId: z.optional(text),
  runAttempt: z.optional(text),
  jobId: z.optional(text),
  serverUrl: z.optional(text),
  apiUrl: z.optional(text),
  refProtected: z.optional(z.boolean()),
  actionRef: z.optional(text),
  upstreamEvent: z.optional(text),
  upstreamHeadRepository: z.optional(text),
  identitySource: z.optional(z.enum(['env', 'oidc', 'file'])),
  time: z.optional(z.iso.datetime({ offset: true })),
});

const TOP_KEYS = Object.keys(pipelineContextSchema.shape);
const RUNNER_KEYS = ['kind', 'name', 'os', 'arch'];

/**
 * Validate a (partial) context object — from a `--context` JSON file or a `policy test` case —
 * and fill the documented defaults. `source` names the file (and case) in every message.
 */
export function parseContext(value: unknown, source: string, now: Date): PipelineContext {
  const r = pipelineContextSchema.safeParse(value);
  if (!r.success) {
    const problems: string[] = [];
    for (const issue of r.error.issues) {
      const at = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        const known = issue.path.length === 0 ? TOP_KEYS : RUNNER_KEYS;
        for (const key of issue.keys) {
          const guess = didYouMean(key, known);
          problems.push(`${at ? `${at}.` : ''}${key}: unknown key${guess ? ` — did you mean "${guess}"?` : ''}`);
        }
      } else {
        problems.push(`${at || '(top level)'}: ${issue.message}`);
      }
    }
    throw new ConfigError('context-invalid', `${source} is not a valid pipeline context (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${p}`).join('\n')}`, {
      hint: 'see "Context files" under "Pipeline context" in the README for the fields of a context and their defaults',
    });
  }
  const c = r.data;
  const ref = c.ref ?? CONTEXT_FILE_DEFAULTS.ref;
  const refType = refTypeOf(ref);
  if (c.refType !== undefined && c.refType !== refType) {
    throw new ConfigError('context-invalid', `${source}: refType "${c.refType}" contradicts ref ${JSON.stringify(ref)}, which is a ${refType} ref`, {
      hint: 'leave refType out; it follows from the ref',
    });
  }
  return compact({
    ...c,
    platform: c.platform ?? CONTEXT_FILE_DEFAULTS.platform,
    event: c.event ?? CONTEXT_FILE_DEFAULTS.event,
    ref,
    refType,
    sha: c.sha ?? CONTEXT_FILE_DEFAULTS.sha,
    repository: c.repository ?? CONTEXT_FILE_DEFAULTS.repository,
    triggeringActor: c.triggeringActor ?? c.actor,
    runner: compact({ ...c.runner, kind: c.runner?.kind ?? CONTEXT_FILE_DEFAULTS.runner.kind }),
    identitySource: c.identitySource ?? CONTEXT_FILE_DEFAULTS.identitySource,
    time: c.time !== undefined ? new Date(c.time).toISOString() : now.toISOString(),
  });
}

/** At most this much context JSON; a context is a few hundred bytes. */
export const MAX_CONTEXT_FILE_BYTES = 1024 * 1024;

/** `--context FILE`: a JSON object of PipelineContext fields (partial is fine). */
export function fromContextFile(textContent: string, file: string, now: Date): PipelineContext {
  if (textContent.length > MAX_CONTEXT_FILE_BYTES || Buffer.byteLength(textContent, 'utf8') > MAX_CONTEXT_FILE_BYTES) {
    throw new ConfigError('context-invalid', `${file} is larger than ${MAX_CONTEXT_FILE_BYTES} bytes; a context file is a small JSON object`, {
      hint: 'point --context at a JSON file of PipelineContext fields',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(textContent);
  } catch (err) {
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
    throw new ConfigError('context-invalid', `${file} is not JSON${at ? ` (syntax error at position ${at})` : ''}`, {
      hint: 'a context file is a JSON object such as {"event": "push", "ref": "refs/heads/main", "actor": "octocat"}',
    });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError('context-invalid', `${file} holds ${Array.isArray(data) ? 'an array' : data === null ? 'null' : `a ${typeof data}`}, not a JSON object`, {
      hint: 'a context file is a JSON object such as {"event": "push", "ref": "refs/heads/main", "actor": "octocat"}',
    });
  }
  return parseContext(data, file, now);
}

/* ------------------------------------------------------------------ git */

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 10_000, maxBuffer: 1024 * 1024, windowsHide: true }, (err, stdout) => {
      resolve(err ? undefined : stdout.replace(/\r?\n$/, ''));
    });
  });
}

/**
 * owner/name (or group/subgroup/project) from a remote URL: https://host/o/r(.git),
 * ssh://git@host[:port]/o/r(.git), git@host:o/r(.git). Undefined when it has no such path.
 */
export function repositoryFromRemote(url: string): string | undefined {
  let p: string | undefined;
  const scp = /^[^/@:]+@[^/:]+:(.+)$/.exec(url);
  if (scp) p = scp[1];
  else {
    try {
      p = new URL(url).pathname;
    } catch {
      return undefined;
    }
  }
  const name = (p ?? '').replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '');
  return /^[^/]+(\/[^/]+)+$/.test(name) ? name : undefined;
}

/**
 * A local run's context from the git checkout at `cwd`: the checked-out branch (or, detached,
 * the tag at HEAD) as a full ref, HEAD's SHA, the git user (or the OS user), and the repository
 * from the `origin` remote. Event `local`, identity from `env` (nothing here is verified).
 */
export async function fromGit(cwd: string, now: Date): Promise<PipelineContext> {
  const sha = await git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (sha === undefined) {
    throw new ConfigError('context-invalid', `${cwd} is not a git checkout with a commit (git rev-parse HEAD failed; is git installed?)`, {
      hint: 'run inside a git repository, or describe the run with --context FILE',
    });
  }
  let ref = await git(cwd, ['symbolic-ref', '--quiet', 'HEAD']);
  if (ref === undefined || ref === '') {
    const tags = await git(cwd, ['for-each-ref', '--points-at', 'HEAD', '--sort=refname', '--format=%(refname)', 'refs/tags']);
    ref = tags?.split('\n').find((t) => t.startsWith('refs/tags/'));
  }
  if (ref === undefined) {
    throw new ConfigError('context-invalid', `HEAD in ${cwd} is detached and no tag points at it: the run's ref is unknown`, {
      hint: 'check out a branch or tag, or describe the run with --context FILE',
    });
  }
  const gitUser = await git(cwd, ['config', 'user.name']);
  let osUser: string | undefined;
  try {
    osUser = userInfo().username;
  } catch {
    osUser = undefined;
  }
  const user = gitUser || osUser || undefined;
  const origin = await git(cwd, ['remote', 'get-url', 'origin']);
  const top = await git(cwd, ['rev-parse', '--show-toplevel']);
  const repository = (origin && repositoryFromRemote(origin)) || `local/${basename(top || cwd)}`;
  const author = await git(cwd, ['log', '-1', '--format=%an', 'HEAD']);
  return compact({
    platform: 'local',
    event: 'local',
    ref,
    refType: refTypeOf(ref),
    sha,
    repository,
    actor: user,
    triggeringActor: user,
    commitAuthor: author || undefined,
    runner: { kind: 'unknown', name: hostname(), os: osPlatform(), arch: arch() },
    identitySource: 'env',
    time: now.toISOString(),
  } satisfies PipelineContext);
}
