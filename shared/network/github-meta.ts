import { CiConstraintsError } from '../errors.js';
import type { ApiClient } from '../platform/api.js';
import { publishedRanges, type GithubMetaKey, type SourcedRange } from './allowlist.js';

/** GitHub's published ranges (`GET /meta`), e.g. `actions` for GitHub-hosted runners. Throws api-failed. */
export async function githubMetaRanges(api: ApiClient, keys: readonly GithubMetaKey[]): Promise<SourcedRange[]> {
  const res = await api.get<Record<string, unknown>>('/meta');
  if (res.status !== 200 || !res.data || typeof res.data !== 'object') {
    throw new CiConstraintsError('api-failed', `GitHub meta API GET /meta answered HTTP ${res.status}`);
  }
  const out: SourcedRange[] = [];
  for (const key of keys) {
    const list = res.data[key];
    if (!Array.isArray(list) || list.length === 0) {
      throw new CiConstraintsError('api-failed', `GitHub meta API has no "${key}" ranges in its answer`);
    }
    try {
      out.push(...publishedRanges(list, `github-meta:${key}`));
    } catch (err) {
      throw new CiConstraintsError('api-failed', `GitHub meta API "${key}" holds an entry that is not a CIDR: ${(err as Error).message}`);
    }
  }
  return out;
}
