import type { ApiClient } from '../platform/api.js';
import { CiConstraintsError } from '../errors.js';
import { globMatcher } from '../sarif/match.js';

/**
 * Required checks: the named check runs / commit statuses (GitHub) or pipeline jobs / commit
 * statuses (GitLab) on the run's commit, read over the platform's REST API. Pure judging of what
 * the API said lives in `judgeCheck`; the lookups only fetch.
 */
export type CheckState = 'success' | 'failure' | 'pending' | 'missing';

/** One thing the API reported under a name: a check run, a commit status or a job. */
export interface Observed {
  name: string;
  kind: 'check-run' | 'status' | 'job';
  /** The platform's own words, e.g. `completed/failure`, `pending`, `running`. */
  raw: string;
  state: Exclude<CheckState, 'missing'>;
  url?: string;
}

export interface RequiredCheckFact {
  name: string;
  state: CheckState;
  /** What was seen, e.g. `check-run completed/failure; status success`. */
  detail: string;
  url?: string;
}

export interface RequiredChecksFacts {
  /** Which API answered, e.g. `GET /repos/o/r/commits/<sha>/check-runs + /status`. */
  source: string;
  sha: string;
  checks: RequiredCheckFact[];
  waitedMs: number;
  /** Set when the lookup itself failed (API error, missing token, unsupported platform): every check fails. */
  error?: string;
}

const GITHUB_OK = new Set(['success']);
const GITLAB_PENDING = new Set(['created', 'pending', 'running', 'waiting_for_resource', 'preparing', 'scheduled', 'waiting_for_callback']);

export function githubCheckRunState(status: string, conclusion: string | null | undefined): Observed['state'] {
  if (status !== 'completed') return 'pending';
  return GITHUB_OK.has(conclusion ?? '') ? 'success' : 'failure';
}
export function githubStatusState(state: string): Observed['state'] {
  if (state === 'success') return 'success';
  if (state === 'pending') return 'pending';
  return 'failure';
}
export function gitlabJobState(status: string): Observed['state'] {
  if (status === 'success') return 'success';
  if (GITLAB_PENDING.has(status)) return 'pending';
  return 'failure'; // failed, canceled, skipped, manual (never run)
}

/** A required name (exact, or a glob for matrix jobs) against what the API reported. */
export function judgeCheck(name: string, observed: Observed[]): RequiredCheckFact {
  const match = globMatcher(name);
  const seen = observed.filter((o) => match(o.name));
  if (seen.length === 0) return { name, state: 'missing', detail: 'not reported on this commit' };
  const detail = seen.map((o) => `${o.kind} ${o.name === name ? '' : `"${o.name}" `}${o.raw}`).join('; ');
  const bad = seen.find((o) => o.state === 'failure');
  const pending = seen.find((o) => o.state === 'pending');
  const pick = bad ?? pending ?? seen[0]!;
  const fact: RequiredCheckFact = { name, state: bad ? 'failure' : pending ? 'pending' : 'success', detail };
  if (pick.url) fact.url = pick.url;
  return fact;
}

async function must<T>(api: ApiClient, path: string, hint: string): Promise<T> {
  const res = await api.get<T>(path);
  if (res.status < 200 || res.status >= 300 || res.data === undefined) {
    throw new CiConstraintsError('api-failed', `${api.baseUrl}${path.split('?')[0]} answered HTTP ${res.status}`, { hint });
  }
  return res.data;
}

const MAX_PAGES = 10;

interface GhCheckRuns {
  total_count: number;
  check_runs: { name: string; status: string; conclusion: string | null; html_url?: string }[];
}
interface GhCombinedStatus {
  statuses: { context: string; state: string; target_url?: string | null }[];
}

/** GitHub: check runs (paged) and the combined commit status of `sha`. */
export async function githubObserved(api: ApiClient, repository: string, sha: string): Promise<Observed[]> {
  const hint = 'the token needs `checks: read` and `statuses: read` on the repository (and the commit must exist)';
  const out: Observed[] = [];
  const base = `/repos/${repository.split('/').map(encodeURIComponent).join('/')}/commits/${encodeURIComponent(sha)}`;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const data = await must<GhCheckRuns>(api, `${base}/check-runs?per_page=100&page=${page}`, hint);
    const runs = Array.isArray(data.check_runs) ? data.check_runs : [];
    for (const r of runs) {
      const o: Observed = { name: r.name, kind: 'check-run', raw: r.status === 'completed' ? `completed/${r.conclusion}` : r.status, state: githubCheckRunState(r.status, r.conclusion) };
      if (r.html_url) o.url = r.html_url;
      out.push(o);
    }
    if (runs.length < 100 || page * 100 >= (data.total_count ?? 0)) break;
  }
  const combined = await must<GhCombinedStatus>(api, `${base}/status?per_page=100`, hint);
  for (const s of Array.isArray(combined.statuses) ? combined.statuses : []) {
    const o: Observed = { name: s.context, kind: 'status', raw: s.state, state: githubStatusState(s.state) };
    if (s.target_url) o.url = s.target_url;
    out.push(o);
  }
  return out;
}

interface GlJob {
  name: string;
  status: string;
  web_url?: string;
}

/** GitLab: the jobs of the current pipeline (paged), then the commit's statuses (external CI). */
export async function gitlabObserved(api: ApiClient, projectId: string, pipelineId: string | undefined, sha: string): Promise<Observed[]> {
  const hint = 'the token needs `read_api` on the project (CI_JOB_TOKEN cannot read pipeline jobs; use a project access token)';
  const out: Observed[] = [];
  const project = `/projects/${encodeURIComponent(projectId)}`;
  if (pipelineId) {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const jobs = await must<GlJob[]>(api, `${project}/pipelines/${encodeURIComponent(pipelineId)}/jobs?per_page=100&page=${page}`, hint);
      for (const j of Array.isArray(jobs) ? jobs : []) {
        const o: Observed = { name: j.name, kind: 'job', raw: j.status, state: gitlabJobState(j.status) };
        if (j.web_url) o.url = j.web_url;
        out.push(o);
      }
      if (!Array.isArray(jobs) || jobs.length < 100) break;
    }
  }
  for (let page = 1; page <= MAX_PAGES; page++) {
    const statuses = await must<GlJob[]>(api, `${project}/repository/commits/${encodeURIComponent(sha)}/statuses?per_page=100&page=${page}`, hint);
    for (const s of Array.isArray(statuses) ? statuses : []) {
      if (out.some((o) => o.kind === 'job' && o.name === s.name)) continue; // the pipeline's own job already seen
      const o: Observed = { name: s.name, kind: 'status', raw: s.status, state: gitlabJobState(s.status) };
      if (s.web_url) o.url = s.web_url;
      out.push(o);
    }
    if (!Array.isArray(statuses) || statuses.length < 100) break;
  }
  return out;
}

export interface WaitOptions {
  /** Longest time to wait for pending checks. 0 = look once. */
  timeoutMs: number;
  pollMs: number;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
  onWait?: (pending: string[], waitedMs: number) => void;
}

/**
 * Look up the required names, and while some are pending (and time remains) look again. `observe`
 * is called once per poll and must not serve a cached answer. Missing names are not waited for
 * when nothing is pending: a check that was never started will not appear.
 */
export async function waitForRequiredChecks(names: string[], observe: () => Promise<Observed[]>, opts: WaitOptions): Promise<{ checks: RequiredCheckFact[]; waitedMs: number }> {
  const clock = opts.clock ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const start = clock();
  for (;;) {
    const observed = await observe();
    const checks = names.map((n) => judgeCheck(n, observed));
    const pending = checks.filter((c) => c.state === 'pending').map((c) => c.name);
    const waited = clock() - start;
    if (pending.length === 0 || waited + opts.pollMs > opts.timeoutMs) return { checks, waitedMs: waited };
    opts.onWait?.(pending, waited);
    await sleep(opts.pollMs);
  }
}
