import type { ResultFacts } from './model.js';

/**
 * Findings of a baseline SARIF, indexed for matching: by `fingerprints`/`partialFingerprints`
 * (per rule, since e.g. `primaryLocationLineHash` is shared by every rule on a line), falling back
 * to rule + path + region snippet (or coordinates). Matching is one to one: two identical findings against one
 * baseline finding leave one of them new.
 */
export class BaselineIndex {
  private readonly matched: boolean[] = [];
  private readonly byKey = new Map<string, number[]>();
  readonly files: string[] = [];

  get size(): number {
    return this.matched.length;
  }

  add(f: ResultFacts, path: string | undefined): void {
    const id = this.matched.length;
    this.matched.push(false);
    for (const k of keysOf(f, path)) {
      const list = this.byKey.get(k);
      if (list) list.push(id);
      else this.byKey.set(k, [id]);
    }
  }

  /** True when the finding was in the baseline (and takes that baseline finding). */
  match(f: ResultFacts, path: string | undefined): boolean {
    const keys = keysOf(f, path);
    // Fingerprint keys first, the location fallback last.
    for (const k of keys) {
      const list = this.byKey.get(k);
      if (!list) continue;
      for (const id of list) {
        if (!this.matched[id]) {
          this.matched[id] = true;
          return true;
        }
      }
    }
    return false;
  }

  /** Baseline findings no current finding matched. */
  unmatched(): number {
    let n = 0;
    for (const m of this.matched) if (!m) n++;
    return n;
  }
}

export function keysOf(f: ResultFacts, path: string | undefined): string[] {
  const keys = f.fingerprints.map((fp) => `f\u0000${f.ruleKey}\u0000${fp}`);
  keys.push(`l\u0000${f.ruleKey}\u0000${path ?? ''}\u0000${f.regionKey}`);
  return keys;
}
