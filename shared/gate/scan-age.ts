import type { ApiClient } from '../platform/api.js';
import { CiConstraintsError } from '../errors.js';

export interface AnalysisTime {
  /** ISO 8601 time of the newest analysis. */
  time: string;
  /** Where it came from: `sarif:<file>` or `github code-scanning analyses (ref ...)`. */
  source: string;
}

interface GhAnalysis {
  created_at: string;
  ref?: string;
  commit_sha?: string;
  tool?: { name?: string };
}

/**
 * The newest GitHub code-scanning analysis for a ref. 404 means "no analyses" (code scanning off or
 * nothing uploaded) and yields undefined; other non-2xx answers are errors naming the endpoint.
 */
export async function githubNewestAnalysis(api: ApiClient, repository: string, ref: string): Promise<AnalysisTime | undefined> {
  const path = `/repos/${repository.split('/').map(encodeURIComponent).join('/')}/code-scanning/analyses?ref=${encodeURIComponent(ref)}&per_page=100&sort=created&direction=desc`;
  const res = await api.get<GhAnalysis[]>(path);
  if (res.status === 404) return undefined;
  if (res.status < 200 || res.status >= 300 || !Array.isArray(res.data)) {
    throw new CiConstraintsError('api-failed', `${api.baseUrl}${path.split('?')[0]} answered HTTP ${res.status}`, {
      hint: 'the token needs `security-events: read` to list code-scanning analyses',
    });
  }
  let newest: number | undefined;
  for (const a of res.data) {
    const t = Date.parse(a.created_at);
    if (Number.isFinite(t) && (newest === undefined || t > newest)) newest = t;
  }
  return newest === undefined ? undefined : { time: new Date(newest).toISOString(), source: `github code-scanning analyses for ${ref}` };
}
