import { ConfigError } from '../errors.js';

/**
 * IP addresses and CIDR ranges, parsed strictly by hand (no Unicode digits, no leading zeros in
 * IPv4 octets, no zone ids) so that policy entries mean exactly what they say. Addresses are held
 * as four 32-bit words (IPv4 uses only the first), which makes prefix tests a few integer ops.
 */
export type Family = 'ipv4' | 'ipv6';

export interface IpAddress {
  family: Family;
  /** IPv4: [addr, 0, 0, 0]; IPv6: four big-endian 32-bit words. Unsigned. */
  words: [number, number, number, number];
}

export interface CidrRange extends IpAddress {
  prefix: number;
  /** Canonical text, e.g. `10.0.0.0/8`, `2001:db8::/32`. */
  text: string;
}

/** An entry the user wrote that is not an address, range or host. Exit 2, naming the entry. */
export class NetworkEntryError extends ConfigError {
  readonly entry: string;
  constructor(entry: string, problem: string, hint?: string) {
    super('policy-invalid', `${JSON.stringify(entry)} ${problem}`, hint === undefined ? {} : { hint });
    this.entry = entry;
  }
}

/** Parse dotted-quad IPv4 into an unsigned 32-bit number, or undefined. */
export function parseIPv4Number(s: string, start = 0, end = s.length): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return undefined; // leading zero
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return undefined;
    } else if (c === 46) {
      if (digits === 0 || ++dots > 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else return undefined;
  }
  if (digits === 0 || dots !== 3) return undefined;
  return (value * 256 + octet) >>> 0;
}

const GROUPS = new Uint16Array(8);

function hexDigit(c: number): number {
  return c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
}

/** Parse IPv6 text (RFC 4291 forms, optional trailing dotted IPv4, no zone id) into words. */
export function parseIPv6Words(s: string, start = 0, end = s.length): [number, number, number, number] | undefined {
  if (end - start < 2 || end - start > 45) return undefined;
  const g = GROUPS;
  let n = 0;
  let gap = -1;
  let i = start;
  if (s.charCodeAt(i) === 58) {
    if (s.charCodeAt(i + 1) !== 58) return undefined;
    gap = 0;
    i += 2;
  }
  while (i < end) {
    const groupStart = i;
    let value = 0;
    let digits = 0;
    while (i < end) {
      const d = hexDigit(s.charCodeAt(i));
      if (d < 0) break;
      value = value * 16 + d;
      if (++digits > 4) return undefined;
      i++;
    }
    if (i < end && s.charCodeAt(i) === 46) {
      // A trailing dotted IPv4 takes the last two groups.
      if (n > 6) return undefined;
      const v4 = parseIPv4Number(s, groupStart, end);
      if (v4 === undefined) return undefined;
      g[n++] = v4 >>> 16;
      g[n++] = v4 & 0xffff;
      i = end;
      break;
    }
    if (digits === 0 || n >= 8) return undefined;
    g[n++] = value;
    if (i === end) break;
    if (s.charCodeAt(i) !== 58) return undefined;
    i++;
    if (i < end && s.charCodeAt(i) === 58) {
      if (gap >= 0) return undefined;
      gap = n;
      i++;
    } else if (i === end) return undefined; // a trailing single ':'
  }
  if (gap < 0 ? n !== 8 : n > 7) return undefined;
  const full = [0, 0, 0, 0, 0, 0, 0, 0];
  if (gap < 0) for (let k = 0; k < 8; k++) full[k] = g[k]!;
  else {
    for (let k = 0; k < gap; k++) full[k] = g[k]!;
    const tail = n - gap;
    for (let k = 0; k < tail; k++) full[8 - tail + k] = g[gap + k]!;
  }
  return [
    ((full[0]! << 16) | full[1]!) >>> 0,
    ((full[2]! << 16) | full[3]!) >>> 0,
    ((full[4]! << 16) | full[5]!) >>> 0,
    ((full[6]! << 16) | full[7]!) >>> 0,
  ];
}

/** An address, or undefined when the text is not exactly one IPv4 or IPv6 address. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const words = parseIPv6Words(text);
    return words ? { family: 'ipv6', words } : undefined;
  }
  const v4 = parseIPv4Number(text);
  return v4 === undefined ? undefined : { family: 'ipv4', words: [v4, 0, 0, 0] };
}

/** `::ffff:a.b.c.d` is the IPv4 address a.b.c.d for every check we make. */
export function unmapIPv4(addr: IpAddress): IpAddress {
  if (addr.family === 'ipv6' && addr.words[0] === 0 && addr.words[1] === 0 && addr.words[2] === 0xffff) {
    return { family: 'ipv4', words: [addr.words[3], 0, 0, 0] };
  }
  return addr;
}

export function formatIp(addr: IpAddress): string {
  if (addr.family === 'ipv4') {
    const v = addr.words[0];
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  const g: number[] = [];
  for (const w of addr.words) g.push(w >>> 16, w & 0xffff);
  // RFC 5952: compress the longest run (≥ 2) of zero groups, the first one on a tie.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function maskWords(words: readonly number[], prefix: number): [number, number, number, number] {
  const out: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    const bits = Math.max(0, Math.min(32, prefix - i * 32));
    out[i] = bits === 0 ? 0 : bits === 32 ? words[i]! >>> 0 : (words[i]! & (0xffffffff << (32 - bits))) >>> 0;
  }
  return out;
}

function sameWords(a: readonly number[], b: readonly number[]): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

/** Does the range contain the address? Families must match (map IPv4-in-IPv6 first). */
export function rangeContains(range: CidrRange, addr: IpAddress): boolean {
  if (range.family !== addr.family) return false;
  const p = range.prefix;
  const w = addr.words;
  const r = range.words;
  for (let i = 0; i < 4; i++) {
    const bits = p - i * 32;
    if (bits <= 0) return true;
    if (bits >= 32) {
      if (w[i] !== r[i]) return false;
    } else {
      return ((w[i]! ^ r[i]!) & (0xffffffff << (32 - bits))) === 0;
    }
  }
  return true;
}

export interface ParseCidrOptions {
  /** Accept a range with host bits set (`10.0.0.1/8`) by masking them. Policy entries are strict; published lists are not. */
  lenient?: boolean;
}

/**
 * `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a /32 or /128). Throws NetworkEntryError (a
 * ConfigError) naming the entry and what is wrong with it, and nothing else.
 */
export function parseCidr(entry: string, options: ParseCidrOptions = {}): CidrRange {
  if (typeof entry !== 'string') throw new NetworkEntryError(String(entry), 'is not text; write a CIDR such as 10.0.0.0/8');
  const slash = entry.indexOf('/');
  const addrText = slash < 0 ? entry : entry.slice(0, slash);
  if (addrText.includes('%')) throw new NetworkEntryError(entry, 'has a zone id (%…); zone ids are not allowed in ranges');
  const addr = parseIp(addrText);
  if (!addr) {
    throw new NetworkEntryError(entry, 'is not a valid IPv4 or IPv6 address or CIDR range', 'write it like 203.0.113.0/24 or 2001:db8::/48, or name a list defined under network.lists');
  }
  const max = addr.family === 'ipv4' ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const p = entry.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > max) {
      throw new NetworkEntryError(entry, `has an invalid prefix length "${p}"; use a whole number from 0 to ${max}`);
    }
    prefix = Number(p);
  }
  const masked = maskWords(addr.words, prefix);
  if (!sameWords(masked, addr.words) && !options.lenient) {
    const suggestion = `${formatIp({ family: addr.family, words: masked })}/${prefix}`;
    throw new NetworkEntryError(entry, `has host bits set below the /${prefix} prefix`, `did you mean ${suggestion}?`);
  }
  const words = masked;
  const text = `${formatIp({ family: addr.family, words })}/${prefix}`;
  return { family: addr.family, words, prefix, text };
}

export function formatCidr(range: CidrRange): string {
  return `${formatIp(range)}/${range.prefix}`;
}

const PRIVATE_RANGES: readonly CidrRange[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '::/128',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
].map((r) => parseCidr(r));

/** RFC 1918, CGNAT, loopback, link-local, unspecified, IPv6 ULA: never a public egress address. */
export function isPrivateAddress(addr: IpAddress): boolean {
  const a = unmapIPv4(addr);
  return PRIVATE_RANGES.some((r) => rangeContains(r, a));
}

const INTERNAL_RANGES: readonly CidrRange[] = ['127.0.0.0/8', '169.254.0.0/16', '::1/128', 'fe80::/10'].map((r) => parseCidr(r));

/** Loopback and link-local addresses say nothing about where a runner is. */
export function isLoopbackOrLinkLocal(addr: IpAddress): boolean {
  const a = unmapIPv4(addr);
  return INTERNAL_RANGES.some((r) => rangeContains(r, a));
}
