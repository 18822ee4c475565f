import type { ActionRequest } from '../actions/types.js';
import type { Fact, RoleFacts, TriggerFacts } from '../checks/trigger.js';
import { runIdentities } from '../checks/trigger.js';
import { UNKNOWN_HEAD_REPOSITORY } from '../context/refs.js';
import type { PipelineContext } from '../context/types.js';
import type { ApiClient } from '../platform/api.js';
import type { Role } from '../policy/schema.js';
import type { TriggerPolicy } from '../policy/sections/trigger.js';

/**
 * The I/O half of verify-trigger: verify the OIDC identity, then fetch every live fact the
 * policy's rules need (team membership, permissions, ref protection, commit signature, the pull
 * request behind a comment) concurrently, through one API client (one cache) per run. The pure
 * rules in shared/checks/trigger.ts then judge the context and these facts. API and OIDC code is
 * loaded with import() only when a rule needs it, so a decision without lookups stays small.
 */

export interface ForgeApi {
  kind: 'github' | 'gitlab';
  client?: ApiClient;
  /** Why there is no client: which input is missing. */
  missing?: string;
}

export interface GatheredFacts {
  context: PipelineContext;
  facts: TriggerFacts;
  /** Number of API requests made (after the per-run cache). */
  lookups: number;
}

const unavailable = <T>(problem: string): Fact<T> => ({ ok: false, problem });

/** Which forge API answers for this run, and with what token. */
export async function forgeApi(req: Pick<ActionRequest, 'platform'>, ctx: PipelineContext): Promise<ForgeApi | undefined> {
  const p = req.platform;
  const githubToken = p.input('github-token');
  const gitlabToken = p.input('gitlab-token');
  let kind: 'github' | 'gitlab';
  if (ctx.platform === 'gitlab') kind = 'gitlab';
  else if (ctx.platform === 'github') kind = 'github';
  else if (githubToken) kind = 'github';
  else if (gitlabToken) kind = 'gitlab';
  else return undefined;
  const token = kind === 'github' ? githubToken : gitlabToken;
  if (!token) return { kind, missing: `no ${kind}-token input: pass ${kind === 'github' ? 'github-token (e.g. ${{ github.token }})' : 'gitlab-token (a token with read_api)'} for ${kind === 'github' ? 'GitHub' : 'GitLab'} API lookups` };
  const { forgeClient } = await import('../platform/api.js');
  return { kind, client: forgeClient(p, kind, { timeoutMs: 10_000, attempts: 3 }) };
}

/** Logins that need a live lookup for `actors`: those no role names outright. */
function loginsNeedingLookup(ctx: PipelineContext, trigger: TriggerPolicy, roles: Record<string, Role>): string[] {
  if (!trigger.actors) return [];
  const named = new Set(trigger.actors.flatMap((r) => roles[r]?.users ?? []));
  const needsApi = trigger.actors.some((r) => (roles[r]?.teams?.length ?? 0) > 0 || roles[r]?.permission !== undefined);
  if (!needsApi) return [];
  return [...new Set(runIdentities(ctx).map((i) => i.login))].filter((l) => !named.has(l));
}

export async function gatherFacts(req: ActionRequest, trigger: TriggerPolicy): Promise<GatheredFacts> {
  let ctx: PipelineContext = { ...req.context, runner: { ...req.context.runner } };
  const facts: TriggerFacts = { roles: {} };
  const roles = req.policy.roles ?? {};

  // Where GitHub cannot say how the action was referenced, the component/orb passes it in.
  if (ctx.actionRef === undefined && ctx.platform !== 'github') {
    const given = req.platform.input('action-ref');
    if (given) ctx.actionRef = given;
  }

  // 1. Identity first: every lookup below must ask about the verified identity, not a tampered one.
  if (trigger.identity === 'oidc') {
    const { verifyRunIdentity } = await import('./oidc.js');
    const verified = await verifyRunIdentity(req.platform, ctx, { audience: req.platform.input('oidc-audience'), issuer: req.platform.input('oidc-issuer') });
    facts.identity = verified.fact;
    if (verified.context) ctx = verified.context;
  }

  const logins = loginsNeedingLookup(ctx, trigger, roles);
  const commentPr = ctx.event === 'issue_comment' && ctx.pullRequestNumber !== undefined && (ctx.platform === 'github' || ctx.platform === 'local');
  const needProtection = trigger['protected-ref'] === 'required' && ctx.refProtected === undefined && (ctx.refType === 'branch' || ctx.refType === 'tag');
  const needSignature = trigger['signed-commits'] === 'required';
  if (logins.length === 0 && !commentPr && !needProtection && !needSignature) return { context: ctx, facts, lookups: 0 };

  const api = await forgeApi(req, ctx);
  const noApi =
    api?.missing ??
    (api === undefined ? `${ctx.platform} offers no API for this; pass github-token (GitHub-hosted repository) or gitlab-token (GitLab) so it can be looked up` : undefined);
  if (noApi !== undefined || !api?.client) {
    const problem = noApi ?? 'no API client';
    if (logins.length) facts.roles = { problem: () => problem };
    if (needProtection) facts.protection = unavailable(problem);
    if (needSignature) facts.signature = unavailable(problem);
    if (commentPr) {
      facts.pullRequest = unavailable(problem);
      ctx.headRepository = UNKNOWN_HEAD_REPOSITORY;
      ctx.baseRepository = ctx.baseRepository ?? ctx.repository;
    }
    return { context: ctx, facts, lookups: 0 };
  }
  const client = counting(api.client);
  const lookups = await import('./lookups.js');
  const repo = ctx.repository;

  // 2. A comment run names only the PR number: its head (fork or not, which SHA) and author come from the API.
  if (commentPr) {
    const pr = await lookups.github.pullRequest(client, repo, ctx.pullRequestNumber!);
    if (pr.ok) {
      facts.pullRequest = { ok: true, value: { number: pr.value.number } };
      ctx.headRepository = pr.value.headRepository ?? UNKNOWN_HEAD_REPOSITORY;
      ctx.baseRepository = pr.value.baseRepository ?? repo;
      if (pr.value.headSha) ctx.headSha = pr.value.headSha;
      if (pr.value.headRef) ctx.headRef = pr.value.headRef;
      if (pr.value.author) ctx.prAuthor = pr.value.author;
    } else {
      facts.pullRequest = pr;
      ctx.headRepository = UNKNOWN_HEAD_REPOSITORY;
      ctx.baseRepository = ctx.baseRepository ?? repo;
    }
  }

  // 3. Everything else at once.
  const allLogins = commentPr ? loginsNeedingLookup(ctx, trigger, roles) : logins;
  const teams = [...new Set(trigger.actors?.flatMap((r) => roles[r]?.teams ?? []) ?? [])];
  const wantPermission = trigger.actors?.some((r) => roles[r]?.permission !== undefined) ?? false;
  const sha = ctx.headSha ?? ctx.sha;
  const refName = ctx.ref.replace(/^refs\/(heads|tags)\//, '');

  const teamFacts = new Map<string, Fact<boolean>>();
  const permFacts = new Map<string, Fact<string>>();
  const jobs: Promise<void>[] = [];
  if (api.kind === 'github') {
    for (const login of allLogins) {
      for (const team of teams) jobs.push(lookups.github.teamMember(client, team, login).then((f) => void teamFacts.set(`${login}\n${team}`, f)));
      if (wantPermission) jobs.push(lookups.github.permission(client, repo, login).then((f) => void permFacts.set(login, f)));
    }
    if (needProtection) jobs.push((ctx.refType === 'tag' ? lookups.github.tagProtected(client, repo, refName) : lookups.github.branchProtected(client, repo, refName)).then((f) => void (facts.protection = f)));
    if (needSignature) jobs.push(lookups.github.signature(client, repo, sha).then((f) => void (facts.signature = f)));
  } else {
    for (const login of allLogins) {
      jobs.push(
        lookups.gitlab.userId(client, login).then(async (id) => {
          if (!id.ok) {
            for (const team of teams) teamFacts.set(`${login}\n${team}`, id as Fact<boolean>);
            if (wantPermission) permFacts.set(login, id as Fact<string>);
            return;
          }
          if (id.value === undefined) {
            for (const team of teams) teamFacts.set(`${login}\n${team}`, { ok: true, value: false });
            if (wantPermission) permFacts.set(login, { ok: true, value: 'none' });
            return;
          }
          const userId = id.value;
          await Promise.all([
            ...teams.map((team) => lookups.gitlab.accessLevel(client, 'groups', team, userId).then((f) => void teamFacts.set(`${login}\n${team}`, f.ok ? { ok: true, value: f.value >= 10 } : f))),
            ...(wantPermission ? [lookups.gitlab.accessLevel(client, 'projects', repo, userId).then((f) => void permFacts.set(login, f.ok ? { ok: true, value: lookups.gitlabPermission(f.value) } : f))] : []),
          ]);
        }),
      );
    }
    if (needProtection) jobs.push(lookups.gitlab.refProtected(client, repo, ctx.refType === 'tag' ? 'tag' : 'branch', refName).then((f) => void (facts.protection = f)));
    if (needSignature) jobs.push(lookups.gitlab.signature(client, repo, sha).then((f) => void (facts.signature = f)));
  }
  await Promise.all(jobs);

  const roleFacts: RoleFacts = {
    teamMember: (login, team) => {
      const f = teamFacts.get(`${login}\n${team}`);
      return f?.ok ? f.value : undefined;
    },
    permission: (login) => {
      const f = permFacts.get(login);
      return f?.ok ? f.value : undefined;
    },
    problem: (login) => {
      const failed = [...teamFacts.entries()].filter(([k, f]) => k.startsWith(`${login}\n`) && !f.ok).map(([, f]) => (f as { problem: string }).problem);
      const perm = permFacts.get(login);
      if (perm && !perm.ok) failed.push(perm.problem);
      return failed.length ? [...new Set(failed)].join('; ') : undefined;
    },
  };
  facts.roles = roleFacts;
  return { context: ctx, facts, lookups: client.count };
}

/** Count the requests that reach the network (the client caches per URL). */
function counting(client: ApiClient): ApiClient & { count: number } {
  const seen = new Set<string>();
  const wrapped = {
    baseUrl: client.baseUrl,
    count: 0,
    get<T>(path: string) {
      if (!seen.has(path)) {
        seen.add(path);
        wrapped.count++;
      }
      return client.get<T>(path);
    },
  };
  return wrapped;
}
