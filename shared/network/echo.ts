import { ConfigError } from '../errors.js';
import { httpRequest, redactUrl } from '../platform/http.js';
import { formatIp, isPrivateAddress, parseIp, unmapIPv4 } from './ip.js';

/**
 * Public egress address, asked of several echo endpoints ("what address do you see me from?").
 * The defaults are three independent operators that answer with the bare address as text and are
 * IPv4-only, so answers from a dual-stack runner are comparable.
 */
export const DEFAULT_ECHO_ENDPOINTS = ['https://checkip.amazonaws.com', 'https://api.ipify.org', 'https://ipv4.icanhazip.com'] as const;

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/**
 * Echo endpoints must be HTTPS: over plain HTTP anyone on the path can answer for them. Plain
 * HTTP is accepted only for a loopback host (a local test server or a sidecar). Throws ConfigError.
 */
export function parseEchoEndpoint(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError('input-invalid', `echo endpoint ${JSON.stringify(text)} is not a URL`, { hint: 'write it like https://checkip.amazonaws.com' });
  }
  if (url.username || url.password) throw new ConfigError('input-invalid', `echo endpoint ${redactUrl(text)} carries credentials in the URL; echo endpoints take none`);
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol === 'https:') return url.toString();
  if (url.protocol === 'http:' && loopback) return url.toString();
  throw new ConfigError('input-invalid', `echo endpoint ${redactUrl(text)} is not HTTPS`, {
    hint: 'echo endpoints must use https:// (plain http:// is accepted only for a loopback host such as 127.0.0.1)',
  });
}

export type EchoAnswer =
  | { endpoint: string; ok: true; address: string }
  | { endpoint: string; ok: false; problem: string; address?: string };

/** Judge an echo endpoint's body: exactly one public IP address as text, nothing else. */
export function parseEchoBody(body: string, contentType = ''): { ok: true; address: string } | { ok: false; problem: string; address?: string } {
  const text = body.trim();
  if (/html/i.test(contentType) || text.startsWith('<')) return { ok: false, problem: 'answered HTML, not an IP address (a captive portal or proxy page?)' };
  if (text.length === 0) return { ok: false, problem: 'answered an empty body, not an IP address' };
  if (text.length > 45 || /\s/.test(text)) return { ok: false, problem: `answered text that is not one IP address: ${snippet(text)}` };
  const parsed = parseIp(text);
  if (!parsed) return { ok: false, problem: `answered text that is not an IP address: ${snippet(text)}` };
  const address = formatIp(unmapIPv4(parsed));
  if (isPrivateAddress(parsed)) {
    return { ok: false, address, problem: `answered the private address ${address}; an echo endpoint must see the runner's public address (is the endpoint inside your network, or the runner behind a proxy?)` };
  }
  return { ok: true, address };
}

function snippet(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(cut);
}

export interface EchoOptions {
  timeoutMs?: number;
  attempts?: number;
}

/** Ask every endpoint at once; never throws — each answer says what it saw or what went wrong. */
export async function lookupEgress(endpoints: readonly string[], options: EchoOptions = {}): Promise<EchoAnswer[]> {
  return Promise.all(
    endpoints.map(async (url): Promise<EchoAnswer> => {
      const endpoint = redactUrl(url);
      try {
        const res = await httpRequest(url, {
          timeoutMs: options.timeoutMs ?? 5000,
          attempts: options.attempts ?? 2,
          maxBytes: 4096,
          label: `echo endpoint ${endpoint}`,
          headers: { accept: 'text/plain', 'user-agent': 'ci-constraints' },
        });
        if (res.status < 200 || res.status >= 300) return { endpoint, ok: false, problem: `answered HTTP ${res.status}` };
        return { endpoint, ...parseEchoBody(res.text, res.headers.get('content-type') ?? '') };
      } catch (err) {
        return { endpoint, ok: false, problem: (err as Error).message };
      }
    }),
  );
}
