import type { PipelineContext } from '../context/types.js';
import type { IdentityFact } from '../checks/trigger.js';

/**
 * OIDC claims → PipelineContext fields, per platform, and the comparison with what the
 * environment said. Pure. Only fields a token actually carries are compared; the rest of the
 * context (PR author, head repository, comment author: payload facts no token names) stays as
 * the environment and the API gave it.
 */

type Claims = Record<string, unknown>;
const s = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const b = (v: unknown): boolean | undefined => (v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined);

export interface ClaimField {
  /** PipelineContext field (dotted for runner.kind). */
  field: string;
  /** The claim it comes from, for docs and messages. */
  claim: string;
  value: unknown;
}

/** GitHub Actions token claims (token.actions.githubusercontent.com). */
function github(c: Claims, env: PipelineContext): ClaimField[] {
  const out: ClaimField[] = [];
  const put = (field: string, claim: string, value: unknown) => value !== undefined && out.push({ field, claim, value });
  put('repository', 'repository', s(c.repository));
  put('ref', 'ref', s(c.ref));
  put('sha', 'sha', s(c.sha));
  put('actor', 'actor', s(c.actor));
  put('event', 'event_name', s(c.event_name));
  put('workflowRef', 'workflow_ref', s(c.workflow_ref));
  put('runId', 'run_id', s(c.run_id));
  put('runAttempt', 'run_attempt', s(c.run_attempt));
  const runnerEnv = s(c.runner_environment);
  put('runner.kind', 'runner_environment', runnerEnv === 'github-hosted' ? 'hosted' : runnerEnv === 'self-hosted' ? 'self-hosted' : runnerEnv === undefined ? undefined : 'unknown');
  put('refProtected', 'ref_protected', b(c.ref_protected));
  const head = s(c.head_ref);
  if (head !== undefined) put('headRef', 'head_ref', `refs/heads/${head}`);
  const baseRef = s(c.base_ref);
  if (baseRef !== undefined) put('baseRef', 'base_ref', `refs/heads/${baseRef}`);
  void env;
  return out;
}

/** GitLab CI/CD id_tokens claims. */
function gitlab(c: Claims, env: PipelineContext): ClaimField[] {
  const out: ClaimField[] = [];
  const put = (field: string, claim: string, value: unknown) => value !== undefined && out.push({ field, claim, value });
  const project = s(c.project_path);
  // Merge request pipelines from a fork carry the fork's project in project_path (GitLab security fix):
  // the token then speaks for the head repository.
  if (project !== undefined) {
    if (env.refType === 'merge-request' && env.headRepository !== undefined && env.headRepository !== env.repository && project !== env.repository) put('headRepository', 'project_path', project);
    else put('repository', 'project_path', project);
  }
  put('sha', 'sha', s(c.sha));
  put('actor', 'user_login', s(c.user_login));
  put('event', 'pipeline_source', s(c.pipeline_source));
  put('runId', 'pipeline_id', s(c.pipeline_id));
  put('jobId', 'job_id', s(c.job_id));
  put('refProtected', 'ref_protected', b(c.ref_protected));
  const runnerEnv = s(c.runner_environment);
  put('runner.kind', 'runner_environment', runnerEnv === 'gitlab-hosted' ? 'hosted' : runnerEnv === 'self-hosted' ? 'self-hosted' : runnerEnv === undefined ? undefined : 'unknown');
  const refType = s(c.ref_type);
  const name = s(c.ref);
  const full = s(c.ref_path) ?? (name === undefined ? undefined : refType === 'tag' ? `refs/tags/${name}` : refType === 'branch' ? `refs/heads/${name}` : undefined);
  // In merge request pipelines the ref claims name the source branch; the context's ref names the MR.
  if (full !== undefined) put(env.refType === 'merge-request' ? 'headRef' : 'ref', s(c.ref_path) ? 'ref_path' : 'ref_type+ref', full);
  return out;
}

/** CircleCI CIRCLE_OIDC_TOKEN(_V2) claims. */
function circleci(c: Claims, env: PipelineContext): ClaimField[] {
  const out: ClaimField[] = [];
  const origin = s(c['oidc.circleci.com/vcs-origin']);
  if (origin !== undefined) {
    // "github.com/org/repo": the repository is the path after the host.
    const slash = origin.indexOf('/');
    if (slash > 0) out.push({ field: 'repository', claim: 'oidc.circleci.com/vcs-origin', value: origin.slice(slash + 1) });
  }
  const ref = s(c['oidc.circleci.com/vcs-ref']);
  if (ref !== undefined && (env.refType === 'branch' || env.refType === 'tag')) out.push({ field: 'ref', claim: 'oidc.circleci.com/vcs-ref', value: ref });
  return out;
}

export function claimFields(platform: PipelineContext['platform'], claims: Claims, env: PipelineContext): ClaimField[] {
  switch (platform) {
    case 'github':
      return github(claims, env);
    case 'gitlab':
      return gitlab(claims, env);
    case 'circleci':
      return circleci(claims, env);
    default:
      return [];
  }
}

function read(ctx: PipelineContext, field: string): unknown {
  if (field === 'runner.kind') return ctx.runner.kind === 'unknown' ? undefined : ctx.runner.kind;
  return (ctx as unknown as Record<string, unknown>)[field];
}

/**
 * The context rebuilt from verified claims, and every field where the environment said something
 * else. A field the environment does not set is taken from the claims without complaint.
 */
export function contextFromClaims(env: PipelineContext, claims: Claims, issuer: string): { context: PipelineContext; fact: IdentityFact } {
  const fields = claimFields(env.platform, claims, env);
  const mismatches: IdentityFact['mismatches'] = [];
  const context: PipelineContext = { ...env, runner: { ...env.runner }, identitySource: 'oidc' };
  for (const f of fields) {
    const seen = read(env, f.field);
    if (seen !== undefined && seen !== f.value) mismatches.push({ field: f.field, env: seen, claims: f.value });
    if (f.field === 'runner.kind') context.runner.kind = f.value as PipelineContext['runner']['kind'];
    else (context as unknown as Record<string, unknown>)[f.field] = f.value;
  }
  if (fields.some((f) => f.field === 'ref')) {
    const ref = context.ref;
    context.refType = ref.startsWith('refs/heads/') ? 'branch' : ref.startsWith('refs/tags/') ? 'tag' : ref.startsWith('refs/pull/') ? 'pull' : ref.startsWith('refs/merge-requests/') ? 'merge-request' : 'other';
  }
  // The token names the one user of the run; a triggering actor the env named the same stays in step.
  if (env.triggeringActor === env.actor && context.actor !== undefined) context.triggeringActor = context.actor;
  return { context, fact: { issuer, subject: s(claims.sub) ?? '(no sub)', mismatches } };
}
