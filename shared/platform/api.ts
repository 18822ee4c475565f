import { CiConstraintsError, ConfigError } from '../errors.js';
import type { Platform } from './types.js';
import { httpRequest, type HttpOptions } from './http.js';

/** A JSON REST client for one CI system's API: base URL, auth header, timeouts/retries, one cache per run. */
export interface ApiClient {
  readonly baseUrl: string;
  /** GET a JSON document. 404 and other 4xx are returned (callers decide); 429/5xx are retried, then throw. */
  get<T = unknown>(path: string): Promise<{ status: number; data: T | undefined }>;
}

export type ApiKind = 'github' | 'gitlab';

export function apiClient(kind: ApiKind, baseUrl: string, token: string | undefined, options: Pick<HttpOptions, 'timeoutMs' | 'attempts'> = {}): ApiClient {
  const headers: Record<string, string> =
    kind === 'github'
      ? { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'ci-constraints' }
      : { accept: 'application/json', 'user-agent': 'ci-constraints' };
  if (token) headers[kind === 'github' ? 'authorization' : 'private-token'] = kind === 'github' ? `Bearer ${token}` : token;
  const cache = new Map<string, Promise<{ status: number; data: unknown }>>();
  const base = baseUrl.replace(/\/+$/, '');
  return {
    baseUrl: base,
    get<T>(path: string) {
      const url = `${base}${path.startsWith('/') ? '' : '/'}${path}`;
      let pending = cache.get(url);
      if (!pending) {
        pending = httpRequest(url, { headers, label: `${kind} API GET ${path.split('?')[0]}`, ...options }).then((res) => {
          if (res.status >= 200 && res.status < 300) return { status: res.status, data: res.json() };
          if (res.status >= 500 || res.status === 429) {
            throw new CiConstraintsError('api-failed', `${kind} API GET ${path.split('?')[0]} answered HTTP ${res.status}`);
          }
          return { status: res.status, data: undefined };
        });
        cache.set(url, pending);
      }
      return pending as Promise<{ status: number; data: T | undefined }>;
    },
  };
}

/**
 * A forge's API for this run: the base URL from the platform's own variables (GitHub Enterprise and
 * self-managed GitLab set them) and the token from the `<kind>-token` input. GitLab has no default
 * base: sending a self-managed instance's token to gitlab.com would leak it.
 */
export function forgeBaseUrl(platform: Pick<Platform, 'variable'>, kind: ApiKind): string {
  if (kind === 'github') return platform.variable('GITHUB_API_URL') || 'https://api.github.com';
  const base = platform.variable('CI_API_V4_URL');
  if (!base) throw new ConfigError('usage', 'no GitLab API URL: CI_API_V4_URL is not set', { hint: 'run inside GitLab CI, or set CI_API_V4_URL (e.g. https://gitlab.example.com/api/v4)' });
  return base;
}

export function forgeClient(platform: Pick<Platform, 'variable' | 'input'>, kind: ApiKind, options: Pick<HttpOptions, 'timeoutMs' | 'attempts'> = {}): ApiClient {
  return apiClient(kind, forgeBaseUrl(platform, kind), platform.input(`${kind}-token`), options);
}
