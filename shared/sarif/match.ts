import picomatch from 'picomatch';

/**
 * Globs for rule ids and paths. A pattern matches a value when it is the same string (so rule ids
 * such as "[HIGH] CVE-2024-1" need no escaping) or when it matches as a picomatch glob
 * (`src/**`, `js/*`). No case folding.
 */
const compiled = new Map<string, (s: string) => boolean>();

export function globMatcher(pattern: string): (s: string) => boolean {
  let m = compiled.get(pattern);
  if (!m) {
    let glob: (s: string) => boolean;
    try {
      glob = picomatch(pattern, { dot: true });
    } catch {
      glob = () => false;
    }
    m = (s: string) => s === pattern || glob(s);
    compiled.set(pattern, m);
  }
  return m;
}

export function matchesAny(patterns: readonly string[] | undefined, value: string): boolean {
  if (!patterns) return false;
  for (const p of patterns) if (globMatcher(p)(value)) return true;
  return false;
}

/** include/exclude filter: a value passes when it matches an include (if any) and no exclude. */
export function passes(filter: { include?: string[] | undefined; exclude?: string[] | undefined } | undefined, value: string): boolean {
  if (!filter) return true;
  if (filter.include && filter.include.length > 0 && !matchesAny(filter.include, value)) return false;
  return !matchesAny(filter.exclude, value);
}

/** A waiver's `until` is the last day it applies (UTC): it expires at the next midnight UTC. */
export function waiverExpiry(until: string): number {
  return Date.parse(`${until}T00:00:00Z`) + 86_400_000;
}

export const WAIVER_WARN_DAYS = 14;

export function waiverState(until: string, now: Date): { state: 'active' | 'expiring' | 'expired'; daysLeft: number } {
  const left = waiverExpiry(until) - now.getTime();
  const daysLeft = Math.ceil(left / 86_400_000);
  if (left <= 0) return { state: 'expired', daysLeft };
  return { state: daysLeft <= WAIVER_WARN_DAYS ? 'expiring' : 'active', daysLeft };
}

/** Normalise a SARIF artifact URI into a repository path: strip file://, the workspace and "./". */
export function normalisePath(uri: string, workspace?: string): string {
  let p = uri;
  if (p.startsWith('file://')) p = p.slice('file://'.length);
  if (/%[0-9A-Fa-f]{2}/.test(p)) {
    try {
      p = decodeURIComponent(p);
    } catch {
      /* keep as is */
    }
  }
  if (workspace) {
    const ws = workspace.endsWith('/') ? workspace : `${workspace}/`;
    if (p.startsWith(ws)) p = p.slice(ws.length);
  }
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}
