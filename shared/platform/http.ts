import { CiConstraintsError } from '../errors.js';

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Attempts in all, for network errors, 429 and 5xx. */
  attempts?: number;
  /** Largest response body accepted, in bytes. */
  maxBytes?: number;
  /** What to call the endpoint in errors (never includes credentials). */
  label?: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;

/**
 * fetch with a timeout per attempt, bounded retries with exponential backoff on 429/5xx and
 * network errors, and a cap on the body size. Non-retryable statuses are returned to the caller;
 * exhausted retries throw `api-failed` naming the endpoint and the last status.
 */
export async function httpRequest(url: string, options: HttpOptions = {}): Promise<HttpResponse> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const label = options.label ?? redactUrl(url);
  let lastProblem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(url, {
        method: options.method ?? 'GET',
        headers: options.headers,
        body: options.body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        redirect: 'error',
      });
      const text = await readCapped(res, options.maxBytes ?? 10 * 1024 * 1024, label);
      if (RETRYABLE(res.status) && attempt < attempts) {
        lastProblem = `HTTP ${res.status}`;
        await sleep(backoffMs(attempt, res.headers.get('retry-after')));
        continue;
      }
      return {
        status: res.status,
        headers: res.headers,
        text,
        json<T>() {
          try {
            return JSON.parse(text) as T;
          } catch {
            throw new CiConstraintsError('api-failed', `${label} answered HTTP ${res.status} with a body that is not JSON`);
          }
        },
      };
    } catch (err) {
      if (err instanceof CiConstraintsError) throw err;
      const e = err as Error;
      lastProblem = e.name === 'TimeoutError' ? `timed out after ${options.timeoutMs ?? 10_000} ms` : (e.cause as Error | undefined)?.message ?? e.message;
      if (attempt < attempts) await sleep(backoffMs(attempt, null));
    }
  }
  throw new CiConstraintsError('api-failed', `${label} failed after ${attempts} attempt(s): ${lastProblem}`);
}

function backoffMs(attempt: number, retryAfter: string | null): number {
  const seconds = retryAfter !== null ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 10_000);
  return Math.min(200 * 2 ** (attempt - 1), 5_000);
}

async function readCapped(res: Response, maxBytes: number, label: string): Promise<string> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new CiConstraintsError('api-failed', `${label} answered with more than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Strip userinfo and query strings so URLs can be named in errors. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
