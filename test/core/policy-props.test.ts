import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { loadPolicyText, sha256Hex } from '../../shared/policy/load.js';
import { checkReferences } from '../../shared/policy/resolve.js';
import { ConfigError } from '../../shared/errors.js';

/** Whatever the text, the loader returns a valid policy or throws a ConfigError: never a crash, never a partial allow. */
function loadOrConfigError(text: string): 'ok' | 'config-error' {
  try {
    checkReferences(loadPolicyText(text, 'fuzz.yml'));
    return 'ok';
  } catch (err) {
    if (err instanceof ConfigError) return 'config-error';
    throw err;
  }
}

describe('policy loader properties', () => {
  it('never throws anything but ConfigError on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => void loadOrConfigError(s)), { numRuns: 500 });
  });

  it('never throws anything but ConfigError on arbitrary YAML-shaped values', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 12 }), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(value, fc.boolean(), (v, wrap) => {
        const doc = wrap ? { version: 1, environments: { e: v } } : v;
        void loadOrConfigError(JSON.stringify(doc));
      }),
      { numRuns: 500 },
    );
  });

  it('accepts only what the schema allows: random trigger sections either validate or are refused, never half-read', () => {
    const trigger = fc.record({ events: fc.array(fc.string(), { maxLength: 3 }), forks: fc.constantFrom('deny', 'allow', 'maybe', 1) }, { requiredKeys: [] });
    fc.assert(
      fc.property(trigger, (t) => {
        const result = loadOrConfigError(JSON.stringify({ version: 1, environments: { e: { trigger: t } } }));
        const valid = (t.forks === undefined || t.forks === 'deny' || t.forks === 'allow') && (t.events === undefined || (t.events.length > 0 && t.events.every((e) => e.length > 0)));
        expect(result).toBe(valid ? 'ok' : 'config-error');
      }),
      { numRuns: 300 },
    );
  });
});

describe('the policy digest', () => {
  // sha256Hex is @noble/hashes (cheap to load); node:crypto is the independent reference.
  const reference = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

  it('equals node:crypto SHA-256 for any text (UTF-8) and any bytes', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 2000 }), (text) => sha256Hex(text) === reference(text)), { numRuns: 300 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => sha256Hex(bytes) === reference(bytes)), { numRuns: 300 });
  });

  it('equals node:crypto at the block boundaries and for a 1 MiB policy', () => {
    for (const n of [0, 55, 56, 63, 64, 65, 119, 120, 128, 1 << 20]) expect(sha256Hex('x'.repeat(n))).toBe(reference('x'.repeat(n)));
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'); // FIPS 180-2 example
  });
});
