import { ConfigError } from '../errors.js';
import type { PipelineContext } from './types.js';
import { UNKNOWN_HEAD_REPOSITORY, compact, opt, positiveInt, refTypeOf, req, type Env } from './refs.js';

/** The runner writes the payload GitHub sent; a webhook payload is capped at 25 MB, so anything larger is not one. */
export const MAX_EVENT_BYTES = 25 * 1024 * 1024;

/** Events whose identity fields (fork, PR author, comment author, upstream run) live in the payload. */
const PAYLOAD_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  pull_request: ['pull_request'],
  pull_request_target: ['pull_request'],
  pull_request_review: ['pull_request'],
  pull_request_review_comment: ['pull_request'],
  pull_request_review_thread: ['pull_request'],
  issue_comment: ['comment', 'issue'],
  workflow_run: ['workflow_run'],
};

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}
function get(o: Json | undefined, key: string): unknown {
  return o !== undefined && Object.hasOwn(o, key) ? o[key] : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
function path(o: Json | undefined, ...keys: string[]): unknown {
  let cur: unknown = o;
  for (const k of keys) cur = get(obj(cur), k);
  return cur;
}

/**
 * Parse the event payload the runner wrote to GITHUB_EVENT_PATH. Fails with a ConfigError
 * naming GITHUB_EVENT_PATH when it is missing, too large, not JSON or not a JSON object.
 * The message never quotes the payload (it may hold comment text or other user content).
 */
export function parseGitHubEvent(eventText: string | undefined): Json {
  if (eventText === undefined) {
    throw new ConfigError('context-invalid', 'GITHUB_EVENT_PATH is not set or its file cannot be read: the event payload is missing', {
      hint: 'run on a GitHub Actions runner (it writes the event payload to GITHUB_EVENT_PATH), or pass --context FILE',
    });
  }
  const hint = 'GITHUB_EVENT_PATH must name the payload file the runner wrote; do not point it elsewhere or overwrite the file';
  // UTF-8 takes at least one byte per UTF-16 unit, so a string this long is over without counting.
  const bytes = eventText.length > MAX_EVENT_BYTES ? undefined : Buffer.byteLength(eventText, 'utf8');
  if (bytes === undefined || bytes > MAX_EVENT_BYTES) {
    throw new ConfigError('context-invalid', `the event payload at GITHUB_EVENT_PATH is ${bytes ?? `more than ${MAX_EVENT_BYTES}`} bytes; GitHub event payloads are at most ${MAX_EVENT_BYTES} bytes (25 MiB)`, { hint });
  }
  let data: unknown;
  try {
    data = JSON.parse(eventText);
  } catch (err) {
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
    throw new ConfigError('context-invalid', `the event payload at GITHUB_EVENT_PATH is not JSON${at ? ` (syntax error at position ${at})` : ''}`, { hint });
  }
  const o = obj(data);
  if (o === undefined) {
    const kind = Array.isArray(data) ? 'an array' : data === null ? 'null' : `a ${typeof data}`;
    throw new ConfigError('context-invalid', `the event payload at GITHUB_EVENT_PATH is ${kind}, not a JSON object`, { hint });
  }
  return o;
}

/**
 * The PipelineContext of a GitHub Actions run, from the runner's documented variables and the
 * event payload. Refs are carried byte for byte (the trigger rules judge them); only a missing
 * or non-full ref is an error, never a reason to guess.
 */
export function fromGitHub(env: Env, eventText: string | undefined, now: Date): PipelineContext {
  const P = 'GitHub Actions';
  const event = req(env, 'GITHUB_EVENT_NAME', P);
  const repository = req(env, 'GITHUB_REPOSITORY', P);
  const sha = req(env, 'GITHUB_SHA', P);
  const ref = req(env, 'GITHUB_REF', P, `the "${event}" event runs on a ref`);
  if (!ref.startsWith('refs/')) {
    throw new ConfigError('context-invalid', `GITHUB_REF is not a full ref (it must start with refs/); got ${JSON.stringify(ref)}`, {
      hint: 'GitHub always sets a full ref such as refs/heads/main; something in the job overwrote GITHUB_REF',
    });
  }
  const payload = parseGitHubEvent(eventText);
  for (const key of PAYLOAD_REQUIRED[event] ?? []) {
    if (obj(get(payload, key)) === undefined) {
      throw new ConfigError('context-invalid', `the event payload at GITHUB_EVENT_PATH has no "${key}" object, which every ${event} event carries`, {
        hint: 'the payload file does not belong to this event; do not overwrite GITHUB_EVENT_PATH or GITHUB_EVENT_NAME',
      });
    }
  }

  const actor = opt(env, 'GITHUB_ACTOR');
  const runnerEnv = opt(env, 'RUNNER_ENVIRONMENT');
  const ctx: PipelineContext = {
    platform: 'github',
    event,
    ref,
    refType: refTypeOf(ref),
    sha,
    repository,
    actor,
    triggeringActor: opt(env, 'GITHUB_TRIGGERING_ACTOR') ?? actor,
    runner: compact({
      kind: runnerEnv === 'github-hosted' ? 'hosted' : runnerEnv === 'self-hosted' ? 'self-hosted' : 'unknown',
      name: opt(env, 'RUNNER_NAME'),
      os: opt(env, 'RUNNER_OS'),
      arch: opt(env, 'RUNNER_ARCH'),
    }),
    workflow: opt(env, 'GITHUB_WORKFLOW'),
    workflowRef: opt(env, 'GITHUB_WORKFLOW_REF'),
    runId: opt(env, 'GITHUB_RUN_ID'),
    runAttempt: opt(env, 'GITHUB_RUN_ATTEMPT'),
    jobId: opt(env, 'GITHUB_JOB'),
    serverUrl: opt(env, 'GITHUB_SERVER_URL'),
    apiUrl: opt(env, 'GITHUB_API_URL'),
    actionRef: opt(env, 'GITHUB_ACTION_REF'),
    identitySource: 'env',
    time: now.toISOString(),
  };

  const pr = obj(get(payload, 'pull_request'));
  if (pr !== undefined) {
    const head = obj(get(pr, 'head'));
    const headRepo = get(head, 'repo');
    // A deleted fork arrives as head.repo = null; a missing or malformed one is no better. Either way: not ours.
    ctx.headRepository = str(get(obj(headRepo), 'full_name')) ?? UNKNOWN_HEAD_REPOSITORY;
    ctx.baseRepository = str(path(pr, 'base', 'repo', 'full_name')) ?? str(path(payload, 'repository', 'full_name')) ?? repository;
    const baseName = str(path(pr, 'base', 'ref')) ?? opt(env, 'GITHUB_BASE_REF');
    if (baseName !== undefined) ctx.baseRef = `refs/heads/${baseName}`;
    const headName = str(get(head, 'ref')) ?? opt(env, 'GITHUB_HEAD_REF');
    if (headName !== undefined) ctx.headRef = `refs/heads/${headName}`;
    ctx.headSha = str(get(head, 'sha'));
    ctx.pullRequestNumber = positiveInt(get(pr, 'number')) ?? positiveInt(get(payload, 'number'));
    ctx.prAuthor = str(path(pr, 'user', 'login'));
  } else {
    // GITHUB_HEAD_REF/GITHUB_BASE_REF are branch names, set only for pull request events.
    const headName = opt(env, 'GITHUB_HEAD_REF');
    if (headName !== undefined) ctx.headRef = `refs/heads/${headName}`;
    const baseName = opt(env, 'GITHUB_BASE_REF');
    if (baseName !== undefined) ctx.baseRef = `refs/heads/${baseName}`;
  }

  switch (event) {
    case 'issue_comment': {
      const comment = obj(get(payload, 'comment'));
      ctx.commentAuthor = str(path(comment, 'user', 'login'));
      ctx.commentAuthorAssociation = str(get(comment, 'author_association'));
      const body = get(comment, 'body');
      if (typeof body === 'string') ctx.commentBody = body;
      const issue = obj(get(payload, 'issue'));
      if (get(issue, 'pull_request') !== undefined && get(issue, 'pull_request') !== null) ctx.pullRequestNumber = positiveInt(get(issue, 'number'));
      break;
    }
    case 'workflow_run': {
      const run = obj(get(payload, 'workflow_run'));
      ctx.upstreamEvent = str(get(run, 'event'));
      ctx.upstreamHeadRepository = str(path(run, 'head_repository', 'full_name')) ?? UNKNOWN_HEAD_REPOSITORY;
      ctx.headSha = str(get(run, 'head_sha'));
      break;
    }
    case 'push': {
      ctx.commitAuthor = str(path(payload, 'head_commit', 'author', 'username'));
      break;
    }
    case 'merge_group': {
      const group = obj(get(payload, 'merge_group'));
      ctx.headSha = str(get(group, 'head_sha'));
      const headRef = str(get(group, 'head_ref'));
      if (headRef !== undefined) ctx.headRef = headRef.startsWith('refs/') ? headRef : `refs/heads/${headRef}`;
      const baseRef = str(get(group, 'base_ref'));
      if (baseRef !== undefined) ctx.baseRef = baseRef.startsWith('refs/') ? baseRef : `refs/heads/${baseRef}`;
      break;
    }
    default:
      break;
  }
  return compact(ctx);
}
