import { CiConstraintsError } from '../errors.js';
import type { ApiClient } from '../platform/api.js';
import type { GithubMetaKey, PublishedList } from './allowlist.js';

/**
 * GitHub's published ranges (`GET /meta`), e.g. `actions` for GitHub-hosted runners, as text
 * lists for AllowList (parsed there, leniently). Throws api-failed when the answer is unusable.
 */
export async function githubMetaRanges(api: ApiClient, keys: readonly GithubMetaKey[]): Promise<PublishedList[]> {
  const res = await api.get<Record<string, unknown>>('/meta');
  if (res.status !== 200 || !res.data || typeof res.data !== 'object') {
    throw new CiConstraintsError('api-failed', `GitHub meta API GET /meta answered HTTP ${res.status}`);
  }
  const out: PublishedList[] = [];
  for (const key of keys) {
    const list = res.data[key];
    if (!Array.isArray(list) || list.length === 0 || !list.every((e) => typeof e === 'string')) {
      throw new CiConstraintsError('api-failed', `GitHub meta API has no list of "${key}" ranges in its answer`);
    }
    out.push({ entries: list as string[], source: `github-meta:${key}` });
  }
  return out;
}
