import fc from 'fast-check';
import { loadPolicyText } from '../../shared/policy/load.js';
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
