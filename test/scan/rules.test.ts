import { KINDS } from './corpus.mjs';
import { builtinRules } from '../../shared/scan/rules.js';
import { compileRules, scanText } from '../../shared/scan/engine.js';
import { redact, shannonEntropy } from '../../shared/scan/util.js';

const compiled = compileRules(builtinRules());

describe('built-in rules: a planted positive and decoy negatives per rule', () => {
  it('covers every built-in rule with a corpus kind', () => {
    const covered = new Set(KINDS.map((k) => k.rule));
    expect(builtinRules().map((r) => r.id).filter((id) => !covered.has(id)).filter((id) => id !== 'gitlab-cicd-job-token' && id !== 'gitlab-other-token' && id !== 'gitlab-rrt')).toEqual([]);
  });

  it.each(KINDS.map((k, i) => [`${k.rule} #${i}`, k] as const))('%s: positive found on its line, redacted', (_n, kind) => {
    for (let round = 0; round < 5; round++) {
      const { secret, line } = kind.make();
      const text = `first line\n${line}\nlast line\n`;
      const findings = scanText(text, 'config/app.env', compiled);
      expect(findings.map((f) => [f.rule, f.line])).toEqual([[kind.rule, 2]]);
      const f = findings[0]!;
      expect(f.redacted.endsWith('…')).toBe(true);
      expect(f.redacted.length).toBeLessThanOrEqual(5);
      expect(secret.startsWith(f.redacted.slice(0, -1))).toBe(true);
      expect(JSON.stringify(findings)).not.toContain(secret.slice(0, 8));
    }
  });

  it.each(KINDS.map((k, i) => [`${k.rule} #${i}`, k] as const))('%s: decoys are not findings', (_n, kind) => {
    const text = kind.decoys.join('\n') + '\n';
    expect(scanText(text, 'config/app.env', compiled)).toEqual([]);
  });

  it.each([
    ['gitlab-cicd-job-token', () => `glcbt-64_${'aB3dE6gH9jK2mN5pQ8sT'}`],
    ['gitlab-other-token', () => `glft-${'Zx8Kp2Qw7Lm4Nb6Vc3Rt'}`],
    ['gitlab-rrt', () => `GR1348941${'q7Wz2Kx9Lp4Mn8Bv3Cy6'}`],
  ])('%s: found', (rule, make) => {
    expect(scanText(`x = ${make()}\n`, 'a.txt', compiled).map((f) => f.rule)).toEqual([rule]);
  });

  it('column points at the secret; CRLF and non-ASCII before it are handled', () => {
    const token = 'ghp_' + 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0UvWxYz'.slice(0, 36);
    const f = scanText(`é\r\nnaïve = "${token}"\r\n`, 'a.txt', compiled);
    expect(f).toEqual([expect.objectContaining({ rule: 'github-pat', line: 2, column: 10 })]);
  });

  it('a gitleaks:allow comment suppresses the line', () => {
    const token = 'ghp_' + 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0UvWxYz'.slice(0, 36);
    expect(scanText(`t = "${token}" # gitleaks:allow\n`, 'a.txt', compiled)).toEqual([]);
  });

  it('finds a secret deep inside a very long (minified) line', () => {
    const token = 'npm_' + 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0UvWxYz'.slice(0, 36);
    const filler = 'var a=1;'.repeat(20000);
    const text = `${filler}var t="${token}";${filler}\n`;
    const f = scanText(text, 'bundle.min.js', compiled);
    expect(f).toEqual([expect.objectContaining({ rule: 'npm-access-token', line: 1, column: filler.length + 8 })]);
  });

  it('comparisons: a literal compared with === is a finding; code compared with a quoted keyword is not', () => {
    const literal = 'Xq7Lm2Pz9Rt4Vw8N';
    expect(scanText(`if (password === "${literal}") login();\n`, 'auth.js', compiled).map((f) => f.rule)).toEqual(['generic-api-key']);
    expect(scanText(`if (password == '${literal}') login()\n`, 'auth.js', compiled).map((f) => f.rule)).toEqual(['generic-api-key']);
    // What a minifier writes for `a.type === "secret"` (Yoda order): no value is assigned there.
    const minified = 'if("secret"===a.type)return a.export();const s="credential"===t.kind,r=x.filter(e=>"revoked"===e.outcome||"with-token"===e.outcome);\n';
    expect(scanText(minified, 'dist/lib/index.js', compiled)).toEqual([]);
  });

  it('a key block in a JSON string with escaped newlines is found', () => {
    const body = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 251)).toString('base64');
    const text = `{"private_key": "-----BEGIN PRIVATE KEY-----\\n${body.slice(0, 64)}\\n${body.slice(64)}\\n-----END PRIVATE KEY-----\\n"}\n`;
    expect(scanText(text, 'sa.json', compiled).map((f) => f.rule)).toEqual(['private-key']);
  });
});

describe('redaction and entropy helpers', () => {
  it.each([
    ['', '…'],
    ['abc', '…'],
    ['abcdefgh', 'ab…'],
    ['ghp_0123456789', 'ghp…'],
    ['ghp_0123456789abcdef', 'ghp_…'],
  ])('redact(%j) = %j', (s, r) => expect(redact(s)).toBe(r));

  it('entropy', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBeCloseTo(2);
  });
});
