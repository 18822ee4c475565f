import type { DigestSet } from './digest.js';
import type { Statement } from './statement.js';
import { comparePaths, diffManifests, type TreeDiff, type TreeManifest } from './tree.js';

/** A digested subject as the rules see it (no file handles, no paths on disk). */
export interface SubjectFact {
  name: string;
  digest: DigestSet;
  manifest?: TreeManifest;
}

export interface SubjectComparison {
  matched: string[];
  /** Signed, but not found (or unreadable) now. */
  missing: { name: string; expected: string; error?: string }[];
  /** Found now, but not signed. */
  extra: { name: string; actual: string }[];
  changed: { name: string; expected: string; actual: string; tree?: TreeDiff }[];
}

function show(d: Record<string, string>): string {
  return `sha256:${d.sha256 ?? '?'}`;
}

/**
 * Compare subjects digested now with the subjects of a signed statement, by name. Every digest
 * algorithm both sides carry must agree. Directory subjects with a signed manifest get a per-file diff.
 */
export function compareSubjects(
  signed: Statement['subject'],
  fresh: readonly SubjectFact[],
  signedManifests: ReadonlyMap<string, TreeManifest>,
  errors: ReadonlyMap<string, string> = new Map(),
): SubjectComparison {
  const now = new Map(fresh.map((f) => [f.name, f]));
  const names = new Set(signed.map((s) => s.name));
  const out: SubjectComparison = { matched: [], missing: [], extra: [], changed: [] };
  for (const s of signed) {
    const f = now.get(s.name);
    if (!f) {
      const error = errors.get(s.name);
      out.missing.push(error === undefined ? { name: s.name, expected: show(s.digest) } : { name: s.name, expected: show(s.digest), error });
      continue;
    }
    const common = Object.keys(s.digest).filter((a) => a in f.digest);
    const same = common.length > 0 && common.every((a) => s.digest[a] === (f.digest as Record<string, string>)[a]);
    if (same) {
      out.matched.push(s.name);
      continue;
    }
    const change: SubjectComparison['changed'][number] = { name: s.name, expected: show(s.digest), actual: show(f.digest) };
    const old = signedManifests.get(s.name);
    if (old && f.manifest) change.tree = diffManifests(old.files, f.manifest.files);
    out.changed.push(change);
  }
  for (const f of fresh) if (!names.has(f.name)) out.extra.push({ name: f.name, actual: show(f.digest) });
  out.matched.sort(comparePaths);
  return out;
}

export function comparisonOk(c: SubjectComparison, allowExtra = false): boolean {
  return c.missing.length === 0 && c.changed.length === 0 && (allowExtra || c.extra.length === 0);
}

/** A compact, readable diff: one line per difference. */
export function comparisonLines(c: SubjectComparison, limit = 50): string[] {
  const lines: string[] = [];
  for (const m of c.missing) lines.push(`- ${m.name} (signed ${m.expected}${m.error ? `; now: ${m.error}` : '; not found now'})`);
  for (const e of c.extra) lines.push(`+ ${e.name} (${e.actual}; not in the signed statement)`);
  for (const ch of c.changed) {
    lines.push(`~ ${ch.name}: signed ${ch.expected}, now ${ch.actual}`);
    if (ch.tree) {
      for (const a of ch.tree.added) lines.push(`    + ${a} (added)`);
      for (const r of ch.tree.removed) lines.push(`    - ${r} (removed)`);
      for (const x of ch.tree.changed) lines.push(`    ~ ${x.path}: ${x.expected} -> ${x.actual}`);
    }
  }
  return lines.length > limit ? [...lines.slice(0, limit), `… and ${lines.length - limit} more`] : lines;
}
