import type { Fact, ProtectionFact, SignatureFact } from '../checks/trigger.js';
import { refMatches } from '../checks/refs.js';
import { errorMessage } from '../errors.js';
import type { ApiClient } from '../platform/api.js';

/**
 * The live facts verify-trigger needs, from GitHub's REST API or GitLab's API v4. Each lookup
 * resolves to a Fact: a value, or the endpoint and HTTP status that failed. Nothing throws.
 */

const enc = encodeURIComponent;
/** Branch and tag names keep their slashes as path segments in GitHub URLs. */
const encPath = (name: string) => name.split('/').map(enc).join('/');

async function get<T>(api: ApiClient, kind: string, path: string): Promise<{ status: number; data: T | undefined } | { problem: string }> {
  try {
    return await api.get<T>(path);
  } catch (err) {
    return { problem: errorMessage(err) };
  }
}

const httpProblem = (kind: string, path: string, status: number) =>
  `${kind} API GET ${path} answered HTTP ${status}${status === 401 ? ' (the token was refused)' : status === 403 ? ' (the token lacks permission; team lookups need read:org / members: read)' : ''}`;

/* ------------------------------------------------------------------ GitHub */

export interface PullRequestInfo {
  number: number;
  headSha?: string;
  headRepository?: string;
  baseRepository?: string;
  headRef?: string;
  author?: string;
}

export const github = {
  /** GET /orgs/{org}/teams/{team_slug}/memberships/{username}: an active membership; 404 = not a member. */
  async teamMember(api: ApiClient, team: string, login: string): Promise<Fact<boolean>> {
    const [org, slug] = team.split('/');
    if (!org || !slug) return { ok: false, problem: `team ${JSON.stringify(team)} is not ORG/TEAM-SLUG` };
    const path = `/orgs/${enc(org)}/teams/${enc(slug)}/memberships/${enc(login)}`;
    const r = await get<{ state?: string }>(api, 'github', path);
    if ('problem' in r) return { ok: false, problem: r.problem };
    if (r.status === 404) return { ok: true, value: false };
    if (r.status !== 200) return { ok: false, problem: httpProblem('github', path, r.status) };
    return { ok: true, value: r.data?.state === 'active' };
  },

  /** GET /repos/{o}/{r}/collaborators/{u}/permission: role_name (read…admin) or the base permission; 404 = none. */
  async permission(api: ApiClient, repo: string, login: string): Promise<Fact<string>> {
    const path = `/repos/${repo}/collaborators/${enc(login)}/permission`;
    const r = await get<{ permission?: string; role_name?: string }>(api, 'github', path);
    if ('problem' in r) return { ok: false, problem: r.problem };
    if (r.status === 404) return { ok: true, value: 'none' };
    if (r.status !== 200) return { ok: false, problem: httpProblem('github', path, r.status) };
    const known = ['read', 'triage', 'write', 'maintain', 'admin'];
    const role = r.data?.role_name;
    const value = role !== undefined && known.includes(role) ? role : r.data?.permission === 'pull' ? 'read' : r.data?.permission === 'push' ? 'write' : r.data?.permission ?? 'none';
    return { ok: true, value };
  },

  /**
   * A branch is protected when GET /repos/{o}/{r}/branches/{b} says `protected`, or an active
   * ruleset applies a protecting rule to it (GET /repos/{o}/{r}/rules/branches/{b}).
   */
  async branchProtected(api: ApiClient, repo: string, branch: string): Promise<Fact<ProtectionFact>> {
    const bPath = `/repos/${repo}/branches/${encPath(branch)}`;
    const rPath = `/repos/${repo}/rules/branches/${encPath(branch)}`;
    const [b, rules] = await Promise.all([get<{ protected?: boolean }>(api, 'github', bPath), get<{ type?: string }[]>(api, 'github', rPath)]);
    if ('problem' in b) return { ok: false, problem: b.problem };
    if (b.status === 404) return { ok: true, value: { protected: false, how: `GET ${bPath}: no such branch` } };
    if (b.status !== 200) return { ok: false, problem: httpProblem('github', bPath, b.status) };
    if (b.data?.protected === true) return { ok: true, value: { protected: true, how: `GET ${bPath}: protected` } };
    if ('problem' in rules) return { ok: false, problem: rules.problem };
    if (rules.status !== 200) return { ok: false, problem: httpProblem('github', rPath, rules.status) };
    const types = (Array.isArray(rules.data) ? rules.data : []).map((r) => r.type).filter((t): t is string => typeof t === 'string');
    const protecting = types.filter((t) => PROTECTING_RULES.includes(t));
    return { ok: true, value: { protected: protecting.length > 0, how: protecting.length ? `GET ${rPath}: ruleset rules ${[...new Set(protecting)].join(', ')}` : `GET ${bPath}: not protected, and no ruleset protects it` } };
  },

  /**
   * A tag is protected when an active tag ruleset (GET /repos/{o}/{r}/rulesets?targets=tag, then
   * each ruleset) includes it by ref_name and applies a protecting rule. Tag protection rules
   * (the old /tags/protection API) were retired by GitHub in favour of rulesets.
   */
  async tagProtected(api: ApiClient, repo: string, tag: string): Promise<Fact<ProtectionFact>> {
    const listPath = `/repos/${repo}/rulesets?targets=tag&includes_parents=true&per_page=100`;
    const list = await get<{ id?: number; target?: string; enforcement?: string }[]>(api, 'github', listPath);
    if ('problem' in list) return { ok: false, problem: list.problem };
    if (list.status !== 200) return { ok: false, problem: httpProblem('github', listPath.split('?')[0]!, list.status) };
    const candidates = (Array.isArray(list.data) ? list.data : []).filter((r) => typeof r.id === 'number' && (r.target ?? 'tag') === 'tag' && r.enforcement === 'active');
    const full = `refs/tags/${tag}`;
    const details = await Promise.all(
      candidates.map(async (c) => {
        const path = `/repos/${repo}/rulesets/${c.id}`;
        const r = await get<RulesetDetail>(api, 'github', path);
        if ('problem' in r) return { problem: r.problem };
        if (r.status !== 200) return { problem: httpProblem('github', path, r.status) };
        return { ruleset: r.data };
      }),
    );
    const failed = details.find((d): d is { problem: string } => 'problem' in d);
    for (const d of details) {
      if (!('ruleset' in d) || !d.ruleset) continue;
      const rs = d.ruleset;
      if (rs.enforcement !== 'active' || !rulesetIncludes(rs, full)) continue;
      const protecting = (rs.rules ?? []).map((r) => r.type ?? '').filter((t) => PROTECTING_RULES.includes(t));
      if (protecting.length > 0) return { ok: true, value: { protected: true, how: `tag ruleset ${JSON.stringify(rs.name ?? rs.id)}: ${[...new Set(protecting)].join(', ')}` } };
    }
    if (failed) return { ok: false, problem: failed.problem };
    return { ok: true, value: { protected: false, how: `GET /repos/${repo}/rulesets: no active tag ruleset protects ${full}` } };
  },

  /** GET /repos/{o}/{r}/commits/{sha}: `commit.verification.verified` must be true; any other reason denies. */
  async signature(api: ApiClient, repo: string, sha: string): Promise<Fact<SignatureFact>> {
    const path = `/repos/${repo}/commits/${enc(sha)}`;
    const r = await get<{ sha?: string; commit?: { verification?: { verified?: boolean; reason?: string } } }>(api, 'github', path);
    if ('problem' in r) return { ok: false, problem: r.problem };
    if (r.status !== 200) return { ok: false, problem: httpProblem('github', path, r.status) };
    const v = r.data?.commit?.verification;
    if (!v) return { ok: false, problem: `GET ${path} carries no commit.verification` };
    // Only `verified: true` with reason `valid` counts; an unknown reason is not a pass.
    const verified = v.verified === true && v.reason === 'valid';
    return { ok: true, value: { sha: r.data?.sha ?? sha, verified, reason: v.reason ?? 'unknown' } };
  },

  /** GET /repos/{o}/{r}/pulls/{n}: head SHA, head repository (null when the fork is gone), author. */
  async pullRequest(api: ApiClient, repo: string, n: number): Promise<Fact<PullRequestInfo>> {
    const path = `/repos/${repo}/pulls/${n}`;
    const r = await get<{ head?: { sha?: string; ref?: string; repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } }; user?: { login?: string } }>(api, 'github', path);
    if ('problem' in r) return { ok: false, problem: r.problem };
    if (r.status !== 200) return { ok: false, problem: httpProblem('github', path, r.status) };
    const d = r.data ?? {};
    return {
      ok: true,
      value: {
        number: n,
        ...(d.head?.sha ? { headSha: d.head.sha } : {}),
        ...(d.head?.repo?.full_name ? { headRepository: d.head.repo.full_name } : {}),
        ...(d.base?.repo?.full_name ? { baseRepository: d.base.repo.full_name } : {}),
        ...(d.head?.ref ? { headRef: `refs/heads/${d.head.ref}` } : {}),
        ...(d.user?.login ? { author: d.user.login } : {}),
      },
    };
  },
};

/** Rule types that stop a ref being rewritten or deleted at will. */
export const PROTECTING_RULES = ['deletion', 'non_fast_forward', 'update', 'creation', 'pull_request', 'required_signatures', 'required_status_checks', 'required_linear_history'];

interface RulesetDetail {
  id?: number;
  name?: string;
  enforcement?: string;
  conditions?: { ref_name?: { include?: string[]; exclude?: string[] } };
  rules?: { type?: string }[];
}

/** ruleset `ref_name` conditions: fnmatch patterns over full refs; `~ALL` matches everything. */
export function rulesetIncludes(rs: RulesetDetail, fullRef: string): boolean {
  const cond = rs.conditions?.ref_name;
  const match = (p: string) => p === '~ALL' || refMatches(p.startsWith('refs/') ? p : `refs/tags/${p}`, fullRef);
  const include = cond?.include ?? [];
  const exclude = cond?.exclude ?? [];
  return include.some(match) && !exclude.some(match);
}

/* ------------------------------------------------------------------ GitLab */

/** GitLab access levels → the policy's permission names (documented in README.md, verify-trigger: "`actors` and roles"). */
export function gitlabPermission(accessLevel: number): string {
  if (accessLevel >= 50) return 'admin';
  if (accessLevel >= 40) return 'maintain';
  if (accessLevel >= 30) return 'write';
  if (accessLevel >= 20) return 'triage';
  return 'none';
}

export const gitlab = {
  /** GET /users?username=…: the numeric id the members API needs; undefined = no such user. */
  async userId(api: ApiClient, login: string): Promise<Fact<number | undefined>> {
    const path = `/users?username=${enc(login)}`;
    const r = await get<{ id?: number; username?: string }[]>(api, 'gitlab', path);
    if ('problem' in r) return { ok: false, problem: r.problem };
    if (r.status !== 200) return { ok: false, problem: httpProblem('gitlab', '/users', r.status) };
    const user = (Array.isArray(r.data) ? r.data : []).find((u) => u.username === login);
    return { ok: true, value: typeof user?.id === 'number' ? user.id : undefined };
  },

  /** GET /projects/:id/members/all/:user_id or /groups/:id/members/all/:user_id (inherited members too); 404 = not a member. */
  async accessLevel(api: ApiClient, kind: 'projects' | 'groups', pathOrId: string, userId: number): Promise<Fact<number>> {
    const path = `/${kind}/${enc(pathOrId)}/members/all/${userId}`;
    const r = await get<{ access_level?: number; state?: string }>(api, 'gitlab', path);
    if ('problem' in r) return { ok: false, problem: r.problem };
    if (r.status === 404) return { ok: true, value: 0 };
    if (r.status !== 200) return { ok: false, problem: httpProblem('gitlab', path, r.status) };
    if (r.data?.state !== undefined && r.data.state !== 'active') return { ok: true, value: 0 };
    return { ok: true, value: typeof r.data?.access_level === 'number' ? r.data.access_level : 0 };
  },

  /** GET /projects/:id/protected_branches/:name or /protected_tags/:name: 200 = protected, 404 = not. */
  async refProtected(api: ApiClient, project: string, kind: 'branch' | 'tag', name: string): Promise<Fact<ProtectionFact>> {
    const path = `/projects/${enc(project)}/${kind === 'branch' ? 'protected_branches' : 'protected_tags'}/${enc(name)}`;
    const r = await get<unknown>(api, 'gitlab', path);
    if ('problem' in r) return { ok: false, problem: r.problem };
    if (r.status === 404) return { ok: true, value: { protected: false, how: `GET ${path}: not protected` } };
    if (r.status !== 200) return { ok: false, problem: httpProblem('gitlab', path, r.status) };
    return { ok: true, value: { protected: true, how: `GET ${path}: protected` } };
  },

  /** GET /projects/:id/repository/commits/:sha/signature: verification_status verified (or verified_system); 404 = unsigned. */
  async signature(api: ApiClient, project: string, sha: string): Promise<Fact<SignatureFact>> {
    const path = `/projects/${enc(project)}/repository/commits/${enc(sha)}/signature`;
    const r = await get<{ verification_status?: string; signature_type?: string }>(api, 'gitlab', path);
    if ('problem' in r) return { ok: false, problem: r.problem };
    if (r.status === 404) return { ok: true, value: { sha, verified: false, reason: 'unsigned' } };
    if (r.status !== 200) return { ok: false, problem: httpProblem('gitlab', path, r.status) };
    const status = r.data?.verification_status ?? 'unknown';
    return { ok: true, value: { sha, verified: status === 'verified' || status === 'verified_system', reason: `${r.data?.signature_type ?? 'signature'} ${status}` } };
  },
};
