import { request as httpRequestRaw, type IncomingMessage } from 'node:http';
import { Agent, request as httpsRequestRaw } from 'node:https';
import { CiConstraintsError } from '../errors.js';

/** TLS material as PEM text: a private CA and an optional client certificate. */
export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Per attempt, for the whole exchange. */
  timeoutMs?: number;
  /** Attempts in all, for network errors, 429 and 5xx. */
  attempts?: number;
  /** Largest response body accepted, in bytes. */
  maxBytes?: number;
  /** What to call the endpoint in errors (never includes credentials). */
  label?: string;
  /** A private CA and/or client certificate (https only). */
  tls?: TlsMaterial;
}

export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
  json<T = unknown>(): T;
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;

/**
 * One HTTP exchange policy for every client (CI APIs, OIDC, Vault, echo endpoints): a timeout per
 * attempt, bounded retries with exponential backoff on 429/5xx and network errors, a cap on the
 * body size, no redirects followed. Non-retryable statuses are returned to the caller; exhausted
 * retries throw `api-failed` naming the endpoint and the last problem.
 *
 * Built on node:http/https rather than fetch: fetch's first use costs ~60 ms of CPU to load and
 * its keep-alive pool holds the process open after the decision; a CLI that runs once wants neither.
 */
export async function httpRequest(url: string, options: HttpOptions = {}): Promise<HttpResponse> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const label = options.label ?? redactUrl(url);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new CiConstraintsError('input-invalid', `${label}: not a valid URL`);
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new CiConstraintsError('input-invalid', `${label}: only http and https URLs are supported`);
  const tls = options.tls && (options.tls.ca || options.tls.cert || options.tls.key) ? options.tls : undefined;
  if (tls && target.protocol !== 'https:') {
    throw new CiConstraintsError('input-invalid', `a CA or client certificate was given, but ${label} is not https`);
  }
  const agent = tls ? new Agent({ keepAlive: false, ...tls }) : undefined;
  let lastProblem = '';
  try {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await exchange(target, options, label, agent);
        if (RETRYABLE(res.status) && attempt < attempts) {
          lastProblem = `HTTP ${res.status}`;
          await sleep(backoffMs(attempt, res.headers.get('retry-after')));
          continue;
        }
        return res;
      } catch (err) {
        if (err instanceof CiConstraintsError) throw err;
        const e = err as NodeJS.ErrnoException;
        lastProblem = e.name === 'TimeoutError' ? `timed out after ${options.timeoutMs ?? 10_000} ms` : e.code ? `${e.code} ${e.message}` : e.message;
        if (attempt < attempts) await sleep(backoffMs(attempt, null));
      }
    }
  } finally {
    agent?.destroy();
  }
  throw new CiConstraintsError('api-failed', `${label} failed after ${attempts} attempt(s): ${lastProblem}`);
}

function exchange(target: URL, options: HttpOptions, label: string, agent: Agent | undefined): Promise<HttpResponse> {
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const send = target.protocol === 'https:' ? httpsRequestRaw : httpRequestRaw;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { connection: 'close', ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = send(target, { method: options.method ?? 'GET', headers, ...(agent ? { agent } : {}) }, (res: IncomingMessage) => {
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
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        resolve({
          status,
          headers: { get: (name) => headerValue(res, name) },
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
    const timer = setTimeout(() => {
      const e = new Error(`timed out after ${timeoutMs} ms`);
      e.name = 'TimeoutError';
      req.destroy(e);
    }, timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function headerValue(res: IncomingMessage, name: string): string | null {
  const v = res.headers[name.toLowerCase()];
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : String(v);
}

function backoffMs(attempt: number, retryAfter: string | null): number {
  const seconds = retryAfter !== null ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 10_000);
  return Math.min(200 * 2 ** (attempt - 1), 5_000);
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
