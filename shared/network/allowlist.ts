import { BlockList } from 'node:net';
import { NetworkEntryError, parseCidr, parseIp, rangeContains, unmapIPv4, type CidrRange, type IpAddress } from './ip.js';

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

/**
 * A set of ranges to test addresses against. `match` finds the first containing range with a
 * linear integer scan, then confirms it with `node:net` BlockList on that one range: the scan is
 * fast (10,000 ranges in well under a millisecond), BlockList is the judge. A scan miss is a deny.
 */
export class AllowList {
  readonly ranges: readonly SourcedRange[];
  constructor(ranges: readonly SourcedRange[]) {
    this.ranges = ranges;
  }

  match(address: string | IpAddress): SourcedRange | undefined {
    const parsed = typeof address === 'string' ? parseIp(address) : address;
    if (!parsed) return undefined;
    const addr = unmapIPv4(parsed);
    for (const range of this.ranges) {
      if (rangeContains(range, addr) && confirmWithBlockList(range, addr)) return range;
    }
    return undefined;
  }
}

function confirmWithBlockList(range: CidrRange, addr: IpAddress): boolean {
  const list = new BlockList();
  const [net] = range.text.split('/');
  list.addSubnet(net!, range.prefix, range.family);
  const text = addr.family === 'ipv4' ? ipv4Text(addr.words[0]) : range.text.includes(':') ? ipv6Text(addr) : '';
  return text !== '' && list.check(text, addr.family);
}

function ipv4Text(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

function ipv6Text(addr: IpAddress): string {
  const g: string[] = [];
  for (const w of addr.words) g.push((w >>> 16).toString(16), (w & 0xffff).toString(16));
  return g.join(':');
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
