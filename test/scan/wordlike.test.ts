import fc from 'fast-check';
import { wordLike } from '../../shared/scan/rules.js';

describe('generic-api-key: words and identifiers vs letters-only keys', () => {
  it.each(['changeme', 'DB_PASSWORD', 'getApplicationConfigurationValue', 'GitHubToken', 'processEnvironmentVariable', 'secret.value.from.vault'])('%s reads as a word', (v) => {
    expect(wordLike(v)).toBe(true);
  });

  it.each(['kQzpWmRtXvBnLcYsHdFgJaKe', 'hTqLwPzRnKsVbXmYcDfG', 'a1b2c3d4e5f6', 'p@ss-w0rd!'])('%s does not', (v) => {
    expect(wordLike(v)).toBe(false);
  });

  // About 0.5–0.7% of such values flip case no more than once per four letters (binomial tail), so
  // ~6 of 1,000 are expected; the bound sits far enough above that to hold on every seed
  // (P(≥ 30) < 1e-9), and still fails if the rule starts passing random keys as words.
  it('a random mixed-case letters-only value of 24+ characters is almost never taken for a word', () => {
    const letters = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
    let words = 0;
    fc.assert(fc.property(fc.array(letters, { minLength: 24, maxLength: 40 }), (cs) => void (wordLike(cs.join('')) && words++)), { numRuns: 1000 });
    expect(words).toBeLessThan(30);
  });
});
