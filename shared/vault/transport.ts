import { request as httpsRequest, Agent } from 'node:https';
import { CiConstraintsError } from '../errors.js';
import { httpRequest, redactUrl, type HttpOptions, type HttpResponse } from '../platform/http.js';

/** TLS material for Vault, as PEM text (not file names): a private CA and an optional client certificate. */
export interface VaultTls {
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * One HTTP call to Vault. Without TLS material this is `httpRequest` (fetch, timeouts, retries on
 * 429/5xx, size cap). With a custom CA or client certificate, global fetch cannot take them (its
 * undici dispatcher is not reachable without the `undici` package), so the same policy — timeout per
 * attempt, bounded exponential backoff, size cap, no redirects — runs over `node:https` with an Agent.
 */
export async function vaultHttp(url: string, options: HttpOptions & { tls?: VaultTls }): Promise<HttpResponse> {
  const { tls, ...http } = options;
  if (!tls || (!tls.ca && !tls.cert && !tls.key)) return httpRequest(url, http);
  if (!url.startsWith('https:')) {
    throw new CiConstraintsError('input-invalid', `a CA certificate or client certificate was given, but the Vault address ${redactUrl(url)} is not https`);
  }
  const agent = new Agent({ keepAlive: false, ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert ? { cert: tls.cert } : {}), ...(tls.key ? { key: tls.key } : {}) });
  try {
    return await withRetries(url, http, () => once(url, http, agent));
  } finally {
    agent.destroy();
  }
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;

async function withRetries(url: string, options: HttpOptions, attempt: () => Promise<HttpResponse>): Promise<HttpResponse> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const label = options.label ?? redactUrl(url);
  let lastProblem = '';
  for (let n = 1; n <= attempts; n++) {
    try {
      const res = await attempt();
      if (RETRYABLE(res.status) && n < attempts) {
        lastProblem = `HTTP ${res.status}`;
        await sleep(backoffMs(n, res.headers.get('retry-after')));
        continue;
      }
      return res;
    } catch (err) {
      if (err instanceof CiConstraintsError) throw err;
      const e = err as Error & { code?: string };
      lastProblem = e.name === 'TimeoutError' ? `timed out after ${options.timeoutMs ?? 10_000} ms` : e.message;
      if (n < attempts) await sleep(backoffMs(n, null));
    }
  }
  throw new CiConstraintsError('api-failed', `${label} failed after ${attempts} attempt(s): ${lastProblem}`);
}

function once(url: string, options: HttpOptions, agent: Agent): Promise<HttpResponse> {
  const label = options.label ?? redactUrl(url);
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          req.destroy();
          reject(new CiConstraintsError('api-failed', `${label} answered with more than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
        const status = res.statusCode ?? 0;
        resolve({
          status,
          headers,
          text,
          json<T>() {
            try {
              return JSON.parse(text) as T;
            } catch {
              throw new CiConstraintsError('api-failed', `${label} answered HTTP ${status} with a body that is not JSON`);
            }
          },
        });
      });
    });
    req.setTimeout(timeoutMs, () => {
      const e = new Error(`timed out after ${timeoutMs} ms`);
      e.name = 'TimeoutError';
      req.destroy(e);
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function backoffMs(attempt: number, retryAfter: string | null): number {
  const seconds = retryAfter !== null ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 10_000);
  return Math.min(200 * 2 ** (attempt - 1), 5_000);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
