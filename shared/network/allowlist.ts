import { BlockList } from 'node:net';
import { NetworkEntryError, formatIp, parseCidr, parseIPv4Number, parseIPv6Words, parseIp, unmapIPv4, type CidrRange, type IpAddress } from './ip.js';

/** The GitHub meta API keys (`GET /meta`) whose values are CIDR lists. */
export const GITHUB_META_KEYS = ['actions', 'hooks', 'web', 'api', 'git', 'packages', 'pages', 'importer', 'dependabot', 'copilot', 'actions_macos'] as const;
export type GithubMetaKey = (typeof GITHUB_META_KEYS)[number];

const LIST_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const META_PREFIX = 'github-meta:';

/** A range with where it came from: the policy entry, a named list, or GitHub's published ranges. */
export interface SourcedRange extends CidrRange {
  source: string;
}

export interface AllowSpec {
  ranges: SourcedRange[];
  /** GitHub meta keys to fetch and add (`github-meta:actions`). */
  githubMeta: GithubMetaKey[];
}

/** Where an entry sits in the policy, for error messages: index i of `allow` → label. */
export type EntryLabel = (index: number, listName?: string, listIndex?: number) => string;

function metaKey(entry: string, label: string): GithubMetaKey {
  const key = entry.slice(META_PREFIX.length);
  if (!(GITHUB_META_KEYS as readonly string[]).includes(key)) {
    throw new NetworkEntryError(entry, `(${label}) names an unknown GitHub meta list "${key}"`, `use one of: ${GITHUB_META_KEYS.map((k) => META_PREFIX + k).join(', ')}`);
  }
  return key as GithubMetaKey;
}

/**
 * Expand `network.allow` against `network.lists`: each entry is a CIDR/address, a list name, or
 * `github-meta:<key>`. Lists hold CIDRs and `github-meta:` entries (not other lists). Any bad entry
 * throws a NetworkEntryError (ConfigError, exit 2) naming the entry and where it is.
 */
export function expandAllow(allow: readonly string[], lists: Readonly<Record<string, readonly string[]>>, label: EntryLabel): AllowSpec {
  const ranges: SourcedRange[] = [];
  const meta = new Set<GithubMetaKey>();
  for (const [name, list] of Object.entries(lists)) {
    if (!LIST_NAME.test(name)) throw new NetworkEntryError(name, `(${label(-1, name)}) is not a valid list name; use letters, digits, "-" and "_", starting with a letter`);
    if (!Array.isArray(list)) throw new NetworkEntryError(name, `(${label(-1, name)}) must be a list of CIDR ranges`);
  }
  allow.forEach((entry, i) => {
    const where = label(i);
    if (entry.startsWith(META_PREFIX)) {
      meta.add(metaKey(entry, where));
      return;
    }
    if (LIST_NAME.test(entry)) {
      const list = lists[entry];
      if (list === undefined || !Object.prototype.hasOwnProperty.call(lists, entry)) {
        const known = Object.keys(lists);
        throw new NetworkEntryError(entry, `(${where}) is neither a CIDR range nor a list defined under network.lists`, known.length ? `define it under network.lists or use one of: ${known.join(', ')}` : 'define it under network.lists, or write a CIDR such as 203.0.113.0/24');
      }
      list.forEach((item, j) => {
        const itemWhere = label(i, entry, j);
        if (typeof item === 'string' && item.startsWith(META_PREFIX)) {
          meta.add(metaKey(item, itemWhere));
          return;
        }
        if (typeof item === 'string' && LIST_NAME.test(item)) {
          throw new NetworkEntryError(item, `(${itemWhere}) names another list; lists hold CIDR ranges and github-meta: entries only`);
        }
        ranges.push({ ...withWhere(() => parseCidr(item), itemWhere), source: `list ${entry}` });
      });
      return;
    }
    ranges.push({ ...withWhere(() => parseCidr(entry), where), source: 'policy' });
  });
  return { ranges, githubMeta: [...meta] };
}

function withWhere<T>(fn: () => T, where: string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof NetworkEntryError) {
      throw new NetworkEntryError(err.entry, `(${where}) ${err.message.slice(JSON.stringify(err.entry).length + 1)}`, err.hint);
    }
    throw err;
  }
}

/** A published list kept as text until a range in it matches (GitHub meta: thousands of entries). */
export interface PublishedList {
  entries: readonly string[];
  source: string;
}

/**
 * A set of ranges to test addresses against, packed into typed arrays (network and mask words),
 * so 10,000 ranges parse and scan in a few milliseconds. `match` finds the first containing range
 * with the integer scan, then confirms it with `node:net` BlockList on that one range: the scan is
 * the index, BlockList is the judge. A scan miss is a deny (fail closed), never an allow.
 * Published lists are parsed leniently about host bits (they are not the user's to fix).
 */
export class AllowList {
  private readonly v4: Uint32Array; // [net, mask] pairs
  private readonly v4ref: Int32Array;
  private readonly v6: Uint32Array; // [net0..3, mask0..3] octets of words
  private readonly v6ref: Int32Array;
  private readonly refs: (SourcedRange | { entry: string; source: string })[] = [];
  private n4 = 0;
  private n6 = 0;

  constructor(ranges: readonly SourcedRange[] = [], published: readonly PublishedList[] = []) {
    let total = ranges.length;
    for (const p of published) total += p.entries.length;
    this.v4 = new Uint32Array(total * 2);
    this.v4ref = new Int32Array(total);
    this.v6 = new Uint32Array(total * 8);
    this.v6ref = new Int32Array(total);
    for (const r of ranges) this.add(r.family, r.words[0], r.words[1], r.words[2], r.words[3], r.prefix, r);
    for (const p of published) {
      for (const entry of p.entries) {
        if (typeof entry !== 'string') throw new NetworkEntryError(String(entry), `(${p.source}) is not a CIDR string`);
        const slash = entry.indexOf('/');
        const end = slash < 0 ? entry.length : slash;
        const prefixText = slash < 0 ? '' : entry.slice(slash + 1);
        if (!entry.includes(':')) {
          const v = parseIPv4Number(entry, 0, end);
          const prefix = slash < 0 ? 32 : prefixNumber(prefixText, 32);
          if (v === undefined || prefix < 0) throw new NetworkEntryError(entry, `(${p.source}) is not a valid CIDR range`);
          this.add('ipv4', v, 0, 0, 0, prefix, { entry, source: p.source });
        } else {
          const w = parseIPv6Words(entry, 0, end);
          const prefix = slash < 0 ? 128 : prefixNumber(prefixText, 128);
          if (w === undefined || prefix < 0) throw new NetworkEntryError(entry, `(${p.source}) is not a valid CIDR range`);
          this.add('ipv6', w[0], w[1], w[2], w[3], prefix, { entry, source: p.source });
        }
      }
    }
  }

  private add(family: 'ipv4' | 'ipv6', w0: number, w1: number, w2: number, w3: number, prefix: number, ref: SourcedRange | { entry: string; source: string }): void {
    const id = this.refs.push(ref) - 1;
    if (family === 'ipv4') {
      const mask = maskWord(prefix);
      this.v4[this.n4 * 2] = (w0 & mask) >>> 0;
      this.v4[this.n4 * 2 + 1] = mask;
      this.v4ref[this.n4++] = id;
      return;
    }
    const o = this.n6 * 8;
    const v6 = this.v6;
    v6[o + 4] = maskWord(prefix);
    v6[o + 5] = maskWord(prefix - 32);
    v6[o + 6] = maskWord(prefix - 64);
    v6[o + 7] = maskWord(prefix - 96);
    v6[o] = (w0 & v6[o + 4]!) >>> 0;
    v6[o + 1] = (w1 & v6[o + 5]!) >>> 0;
    v6[o + 2] = (w2 & v6[o + 6]!) >>> 0;
    v6[o + 3] = (w3 & v6[o + 7]!) >>> 0;
    this.v6ref[this.n6++] = id;
  }

  get size(): number {
    return this.refs.length;
  }

  /** The first few ranges as text, for messages. */
  describe(limit = 5): string {
    const texts = this.refs.slice(0, limit).map((r) => ('text' in r ? r.text : r.entry));
    const more = this.refs.length - texts.length;
    return this.refs.length === 0 ? 'no ranges' : `${texts.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  }

  match(address: string | IpAddress): SourcedRange | undefined {
    const parsed = typeof address === 'string' ? parseIp(address) : address;
    if (!parsed) return undefined;
    const addr = unmapIPv4(parsed);
    const w = addr.words;
    if (addr.family === 'ipv4') {
      const a = w[0];
      const v4 = this.v4;
      for (let i = 0; i < this.n4; i++) {
        if (((a & v4[i * 2 + 1]!) >>> 0) === v4[i * 2]) {
          const range = this.rangeOf(this.v4ref[i]!);
          if (confirmWithBlockList(range, addr)) return range;
        }
      }
      return undefined;
    }
    const v6 = this.v6;
    for (let i = 0; i < this.n6; i++) {
      const o = i * 8;
      if (
        ((w[0] & v6[o + 4]!) >>> 0) === v6[o] &&
        ((w[1] & v6[o + 5]!) >>> 0) === v6[o + 1] &&
        ((w[2] & v6[o + 6]!) >>> 0) === v6[o + 2] &&
        ((w[3] & v6[o + 7]!) >>> 0) === v6[o + 3]
      ) {
        const range = this.rangeOf(this.v6ref[i]!);
        if (confirmWithBlockList(range, addr)) return range;
      }
    }
    return undefined;
  }

  private rangeOf(id: number): SourcedRange {
    const ref = this.refs[id]!;
    if ('text' in ref) return ref;
    const range = { ...parseCidr(ref.entry, { lenient: true }), source: ref.source };
    this.refs[id] = range;
    return range;
  }
}

function maskWord(bits: number): number {
  return bits <= 0 ? 0 : bits >= 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
}

function prefixNumber(text: string, max: number): number {
  const len = text.length;
  if (len === 0 || len > 3 || (len > 1 && text.charCodeAt(0) === 48)) return -1;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n <= max ? n : -1;
}

function confirmWithBlockList(range: CidrRange, addr: IpAddress): boolean {
  const list = new BlockList();
  list.addSubnet(formatIp(range), range.prefix, range.family);
  return list.check(formatIp(addr), addr.family);
}

/** Parse a published list (GitHub meta): lenient about host bits, strict about everything else. */
export function publishedRanges(entries: readonly unknown[], source: string): SourcedRange[] {
  const out: SourcedRange[] = [];
  for (const e of entries) {
    if (typeof e !== 'string') throw new NetworkEntryError(String(e), `(${source}) is not a CIDR string`);
    out.push({ ...parseCidr(e, { lenient: true }), source });
  }
  return out;
}
