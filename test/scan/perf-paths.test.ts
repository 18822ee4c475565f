// Correctness of the code paths added for speed (no timings here: those live in bench/):
// the keyword automaton built from row copies, the small scanBuffer driver over Buffer views,
// synchronous reads with a scratch buffer that grows to the largest file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { compileRules, scanBuffer, scanText } from '../../shared/scan/engine.js';
import { readTextSync } from '../../shared/scan/files.js';
import { builtinRules, type ScanRule } from '../../shared/scan/rules.js';
import { KINDS } from './corpus.mjs';
import { tmp } from './helpers.js';

const fold = (b: number): number => (b >= 65 && b <= 90 ? b + 32 : b);

/** Every (end byte, keyword id) where a keyword occurs, ASCII case folded: the reference. */
function naiveHits(keywords: string[], text: Buffer): string[] {
  const hits: string[] = [];
  keywords.forEach((kw, id) => {
    const k = Buffer.from(kw.toLowerCase(), 'utf8');
    for (let end = k.length - 1; end < text.length; end++) {
      let ok = true;
      for (let j = 0; j < k.length && ok; j++) ok = fold(text[end - k.length + 1 + j]!) === k[j];
      if (ok) hits.push(`${end}:${id}`);
    }
  });
  return hits.sort();
}

function automatonHits(keywords: string[], text: Buffer): string[] {
  const rule: ScanRule = { id: 'r', description: 'r', keywords, regex: /x/g, severity: 1, kind: 'credential', source: 'builtin' };
  const ac = compileRules([rule]).automaton!;
  // compileRules deduplicates keywords (lowercased) and numbers them in first-seen order.
  const ids = [...new Set(keywords.map((k) => k.toLowerCase()))];
  const hits: string[] = [];
  let s = ac.start;
  for (let i = 0; i < text.length; i++) {
    s = ac.delta[(s << 8) | text[i]!]!;
    if (s >= ac.firstAccepting) for (const id of ac.outputs[ac.accept[s]! - 1]!) hits.push(`${i}:${keywords.findIndex((k) => k.toLowerCase() === ids[id])}`);
    else expect(ac.accept[s]).toBe(0);
  }
  return hits.sort();
}

describe('keyword automaton', () => {
  const alphabet = fc.constantFrom('a', 'b', 'A', 'B', 'c', '_', '-', '.', '~', 'é', 'É', ' ', '\n');
  const word = fc.array(fc.constantFrom('a', 'b', 'c', '_', '-', '.', '~', 'é', 'É'), { minLength: 1, maxLength: 5 }).map((cs) => cs.join(''));

  it('reports exactly the keyword occurrences a naive case-folding search finds (overlaps, suffixes, prefixes)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 12, selector: (w) => w.toLowerCase() }), fc.array(alphabet, { maxLength: 200 }), (keywords, chars) => {
        const text = Buffer.from(chars.join(''), 'utf8');
        expect(automatonHits(keywords, text)).toEqual(naiveHits(keywords, text));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['classic', ['he', 'she', 'his', 'hers'], 'uSHErs HIS hers ahishers'],
    ['nested', ['a', 'ab', 'abc', 'b', 'bc', 'c'], 'xABCabcAbC'],
    ['repeats', ['aa', 'aaa', 'aaaa'], 'aAaAaAa'],
    ['non-ascii bytes are not folded', ['éa'], 'ÉA éA éa Éa'],
  ])('%s', (_name, keywords, text) => {
    const buf = Buffer.from(text, 'utf8');
    expect(automatonHits(keywords, buf)).toEqual(naiveHits(keywords, buf));
    expect(naiveHits(keywords, buf).length).toBeGreaterThan(0);
  });

  it('the built-in keyword set: accepting states numbered last, every state row complete', () => {
    const ac = compileRules(builtinRules()).automaton!;
    const states = ac.delta.length / 256;
    expect(ac.firstAccepting).toBeLessThan(states);
    for (let s = 0; s < states; s++) expect(ac.accept[s]! > 0).toBe(s >= ac.firstAccepting);
    expect(Math.max(...ac.delta)).toBeLessThan(states);
    const kws = [...new Set(builtinRules().flatMap((r) => r.keywords))];
    const text = Buffer.from(`${kws.join(' ')} ${kws.map((k) => k.toUpperCase()).join('|')} x`, 'utf8');
    expect(automatonHits(kws, text)).toEqual(naiveHits(kws, text));
  });
});

describe('scanBuffer over Buffer views', () => {
  const compiled = compileRules(builtinRules());
  const file = ['// config', ...KINDS.filter((k) => !k.rule.startsWith('ci-')).map((k) => k.make().line), 'const x = 1;', ''].join('\n');

  it('a file inside a larger buffer, at odd and even offsets, gives the findings of a fresh copy', () => {
    const alone = scanText(file, 'f.txt', compiled);
    expect(alone.length).toBeGreaterThan(5);
    for (const pad of [1, 2, 3, 7, 4096]) {
      const host = Buffer.alloc(pad + Buffer.byteLength(file) + pad, 0x41); // 'A' on both sides
      host.write(file, pad, 'utf8');
      expect(scanBuffer(host.subarray(pad, pad + Buffer.byteLength(file)), 'f.txt', compiled)).toEqual(alone);
    }
  });

  it('a file with no keyword at all, an empty file and a file that is only a keyword', () => {
    expect(scanBuffer(Buffer.from('const a = 1;\n'.repeat(1000)), 'a.ts', compiled)).toEqual([]);
    expect(scanBuffer(Buffer.alloc(0), 'e.ts', compiled)).toEqual([]);
    expect(scanBuffer(Buffer.from('TOKEN'), 'k.ts', compiled)).toEqual([]);
  });
});

describe('readTextSync with a growing scratch buffer', () => {
  const root = tmp('scan-read-');
  const content = (n: number, seed: number): Buffer => {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = 32 + ((i * 31 + seed) % 90);
    return b;
  };

  it('large, small, larger, small again: every read returns exactly the file', () => {
    const sizes = [10, 300 * 1024, 5, 256 * 1024, 256 * 1024 - 1, 256 * 1024 + 1, 2 * 1024 * 1024 + 3, 0, 1024 * 1024];
    sizes.forEach((n, i) => writeFileSync(join(root, `f${i}`), content(n, i)));
    const scratch: { buf?: Buffer } = {};
    sizes.forEach((n, i) => {
      const r = readTextSync(root, `f${i}`, 4 * 1024 * 1024, scratch);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.bytes).toBe(n);
        expect(Buffer.compare(r.buffer, readFileSync(join(root, `f${i}`)))).toBe(0);
      }
    });
    expect(scratch.buf!.length).toBeGreaterThan(2 * 1024 * 1024); // it grew, and was reused after
  });

  it('the size limit holds whatever the scratch size: exactly maxBytes passes, one more is too large', () => {
    const scratch: { buf?: Buffer } = {};
    writeFileSync(join(root, 'big'), content(3 * 1024 * 1024, 1));
    expect(readTextSync(root, 'big', 4 * 1024 * 1024, scratch).ok).toBe(true); // scratch is now 3 MB+
    const max = 300 * 1024;
    writeFileSync(join(root, 'at-limit'), content(max, 2));
    writeFileSync(join(root, 'over-limit'), content(max + 1, 3));
    const at = readTextSync(root, 'at-limit', max, scratch);
    expect(at.ok && at.bytes).toBe(max);
    expect(readTextSync(root, 'over-limit', max, scratch)).toEqual({ ok: false, reason: 'too-large', detail: String(max + 1) });
    expect(readTextSync(root, 'big', max, scratch)).toEqual({ ok: false, reason: 'too-large', detail: String(3 * 1024 * 1024) });
  });

  it('random sizes around the first-read boundary read back intact, with and without scratch', () => {
    const scratch: { buf?: Buffer } = {};
    fc.assert(
      fc.property(fc.integer({ min: 256 * 1024 - 3, max: 256 * 1024 + 3 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), (n, seed, useScratch) => {
        const data = content(n, seed);
        writeFileSync(join(root, 'p'), data);
        const r = readTextSync(root, 'p', 1024 * 1024, useScratch ? scratch : undefined);
        expect(r.ok && Buffer.compare(r.buffer, data)).toBe(0);
      }),
      { numRuns: 30 },
    );
  });

  it('a binary file past a large one is still caught by the NUL sniff', () => {
    const scratch: { buf?: Buffer } = {};
    writeFileSync(join(root, 'big2'), content(600 * 1024, 4));
    expect(readTextSync(root, 'big2', 1024 * 1024, scratch).ok).toBe(true);
    writeFileSync(join(root, 'bin'), Buffer.from([0x41, 0x00, 0x42]));
    expect(readTextSync(root, 'bin', 1024 * 1024, scratch)).toEqual({ ok: false, reason: 'binary' });
  });
});
