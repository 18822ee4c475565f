import { NetworkEntryError, parseCidr, parseIp, rangeContains, unmapIPv4, type CidrRange } from './ip.js';

/**
 * Egress allowlist entries (`network.egress`):
 *   host:port            registry.npmjs.org:443        exact name, exact port
 *   *.suffix:port        *.actions.githubusercontent.com:443   any name under the suffix (not the suffix itself)
 *   IP / CIDR            203.0.113.7, 10.0.0.0/8, 2001:db8::/48      any port
 *   IP:port, CIDR:port   203.0.113.7:443, 10.0.0.0/8:5432, [2001:db8::1]:443, [2001:db8::/48]:443
 * Names are ASCII (write IDNs as xn--), compared case-insensitively (DNS), never by suffix unless
 * the entry says `*.`. No other wildcard exists.
 */
export type EgressEntry =
  | { kind: 'host'; host: string; port: number; text: string }
  | { kind: 'wildcard'; suffix: string; port: number; text: string }
  | { kind: 'cidr'; range: CidrRange; port?: number; text: string };

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const PORT = /^[1-9][0-9]{0,4}$/;

/** A DNS name as we accept it: ASCII letters, digits and hyphens, dot-separated, ≤ 253 chars. Lowercased. */
export function normalizeHostname(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > 253) return undefined;
  const lower = name.toLowerCase();
  // toLowerCase may fold non-ASCII letters (e.g. the Kelvin sign to "k"): check the input is ASCII first.
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) > 0x7e) return undefined;
  const labels = lower.split('.');
  if (!labels.every((l) => LABEL.test(l))) return undefined;
  // A name made only of digits and dots is an IPv4 address written wrongly, not a host.
  if (/^[0-9.]+$/.test(lower)) return undefined;
  return lower;
}

function parsePort(entry: string, text: string): number {
  if (!PORT.test(text) || Number(text) > 65535) throw new NetworkEntryError(entry, `has an invalid port "${text}"; use a number from 1 to 65535`);
  return Number(text);
}

/** Parse one `network.egress` entry. Throws NetworkEntryError (ConfigError, exit 2) naming it. */
export function parseEgressEntry(entry: string): EgressEntry {
  try {
    return parseEntry(entry);
  } catch (err) {
    if (err instanceof NetworkEntryError && err.entry !== entry) {
      throw new NetworkEntryError(String(entry), `is not a valid egress entry: ${err.message}`, err.hint);
    }
    throw err;
  }
}

function parseEntry(entry: string): EgressEntry {
  if (typeof entry !== 'string' || entry.length === 0) throw new NetworkEntryError(String(entry), 'is empty; write host:port, an IP address or a CIDR range');
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    if (close < 0) throw new NetworkEntryError(entry, 'opens "[" without closing "]"; write [2001:db8::1]:443');
    const range = parseCidr(entry.slice(1, close));
    if (range.family !== 'ipv6') throw new NetworkEntryError(entry, 'puts an IPv4 address in brackets; brackets are for IPv6 only');
    const rest = entry.slice(close + 1);
    if (rest === '') return { kind: 'cidr', range, text: `[${range.text}]` };
    if (!rest.startsWith(':')) throw new NetworkEntryError(entry, 'has text after "]" that is not ":port"');
    const port = parsePort(entry, rest.slice(1));
    return { kind: 'cidr', range, port, text: `[${range.text}]:${port}` };
  }
  const colons = entry.split(':').length - 1;
  if (colons >= 2) {
    // A bare IPv6 address or range (ports on IPv6 need brackets).
    if (parseIp(entry.split('/')[0]!) === undefined) {
      throw new NetworkEntryError(entry, 'is not host:port, an IP address or a CIDR range', 'IPv6 with a port is written [2001:db8::1]:443');
    }
    const range = parseCidr(entry);
    return { kind: 'cidr', range, text: range.text };
  }
  const [left, portText] = colons === 1 ? [entry.slice(0, entry.indexOf(':')), entry.slice(entry.indexOf(':') + 1)] : [entry, undefined];
  if (/^[0-9./]+$/.test(left)) {
    const range = parseCidr(left);
    if (portText === undefined) return { kind: 'cidr', range, text: range.text };
    const port = parsePort(entry, portText);
    return { kind: 'cidr', range, port, text: `${range.text}:${port}` };
  }
  if (portText === undefined) {
    throw new NetworkEntryError(entry, 'names a host without a port; host entries are exact host:port pairs', `write ${left}:443 (or the port the job uses)`);
  }
  const port = parsePort(entry, portText);
  if (left.startsWith('*.')) {
    const suffix = normalizeHostname(left.slice(2));
    if (suffix === undefined) throw new NetworkEntryError(entry, 'has a wildcard over an invalid host name');
    if (!suffix.includes('.')) throw new NetworkEntryError(entry, 'has a wildcard over a top-level domain; name at least a registrable domain such as *.example.com');
    return { kind: 'wildcard', suffix, port, text: `*.${suffix}:${port}` };
  }
  if (left.includes('*')) throw new NetworkEntryError(entry, 'uses "*" other than as a leading "*." label; no other wildcard exists');
  const host = normalizeHostname(left);
  if (host === undefined) {
    throw new NetworkEntryError(entry, 'has an invalid host name', 'host names are ASCII letters, digits, "-" and "." (write internationalised names as xn--…), without a trailing dot');
  }
  return { kind: 'host', host, port, text: `${host}:${port}` };
}

/** Does a name match an entry's host part? Exact, or strictly under a `*.` suffix; never a suffix trick. */
export function hostMatches(entry: EgressEntry, host: string): boolean {
  const name = normalizeHostname(host);
  if (name === undefined) return false;
  if (entry.kind === 'host') return name === entry.host;
  if (entry.kind === 'wildcard') return name.length > entry.suffix.length + 1 && name.endsWith(`.${entry.suffix}`);
  return false;
}

/** The first entry that allows `host:port` (host may be a name or an IP literal). */
export function findEgressEntry(entries: readonly EgressEntry[], host: string, port: number): EgressEntry | undefined {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const ip = parseIp(bare);
  for (const e of entries) {
    if (e.kind === 'cidr') {
      if (ip && rangeContains(e.range, unmapIPv4(ip)) && (e.port === undefined || e.port === port)) return e;
    } else if (!ip && e.port === port && hostMatches(e, bare)) return e;
  }
  return undefined;
}

/** Parse a `host:port` the job declares it will use (input `egress-hosts`). */
export function parseHostPort(text: string): { host: string; port: number } {
  const entry = parseEgressEntry(text);
  if (entry.kind === 'host') return { host: entry.host, port: entry.port };
  throw new NetworkEntryError(text, 'is not an exact host:port (no wildcards, no IP ranges)');
}
