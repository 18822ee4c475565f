import { re2ToRegExp, parseGitleaksConfig } from '../../shared/scan/gitleaks-config.js';
import { scanTree } from '../../shared/scan/index.js';
import { KINDS } from './corpus.mjs';
import { tmp, write } from './helpers.js';

describe('RE2 → JavaScript translation', () => {
  it.each([
    ['(?i)abc', 'xABCx', true],
    ['abc', 'ABC', false],
    [String.raw`\b(p8e-(?i)[a-z0-9]{4})\b`, 'p8e-AbC1', true],
    [String.raw`\b(p8e-(?i)[a-z0-9]{4})\b`, 'P8E-abc1', false],
    [String.raw`(?i)[\w.-]{0,5}?(?:(?-i:ETSY|[Ee]tsy))=([a-z0-9]{3})`, 'my_Etsy=AB1', true],
    [String.raw`(?i)[\w.-]{0,5}?(?:(?-i:ETSY|[Ee]tsy))=([a-z0-9]{3})`, 'my_eTSY=AB1', false],
    [String.raw`(?s)a.b`, 'a\nb', true],
    [String.raw`a(?s:.)b`, 'a\nb', true],
    [String.raw`a.b`, 'a\nb', false],
    [String.raw`[[:alpha:]]{3}[[:digit:]]`, 'abc1', true],
    [String.raw`\x{41}\x42`, 'AB', true],
    [String.raw`\Qa.b\E`, 'a.b', true],
    [String.raw`\Qa.b\E`, 'axb', false],
    [String.raw`(?P<key>k[0-9])\z`, 'xk1', true],
    [String.raw`(?P<key>k[0-9])\z`, 'k1x', false],
    [String.raw`\Ahello`, 'hello', true],
    [String.raw`\Ahello`, 'say hello', false],
    [String.raw`(?i)x[^a-c]y`, 'xBy', false],
  ])('%s on %j → %s', (re, input, expected) => {
    expect(re2ToRegExp(re).test(input)).toBe(expected);
  });

  it.each([[String.raw`\p{Greek}+`], [String.raw`(?U)a+`], [String.raw`a(?=b)`], [String.raw`(a)\1`], [String.raw`a(?m)b`]])('%s is refused', (re) => {
    expect(() => re2ToRegExp(re)).toThrow();
  });
});

describe('.gitleaks.toml', () => {
  const secret = 'acme_' + 'Zq8Kp2Qw7Lm4Nb6Vc3Rt9Yx1';

  it('user rules are added; allowlists (global paths, regexes, stopwords, rule allowlists, targetRules) suppress', async () => {
    const root = tmp('scan-glcfg-');
    write(
      root,
      '.gitleaks.toml',
      [
        '[allowlist]',
        "paths = ['''(?:^|/)fixtures/''']",
        '',
        '[[allowlists]]',
        'targetRules = ["github-pat"]',
        "regexes = ['''^ghp_ALLOWED''']",
        '',
        '[[rules]]',
        'id = "acme-token"',
        'description = "ACME internal token"',
        "regex = '''(?i)\\b(acme_[a-z0-9]{24})\\b'''",
        'keywords = ["acme_"]',
        'entropy = 3',
        '[[rules.allowlists]]',
        'stopwords = ["test"]',
        '',
        '[[rules]]',
        'id = "p12"',
        'description = "PKCS#12 file"',
        "path = '''\\.p12$'''",
      ].join('\n'),
    );
    const ghp = KINDS.find((k) => k.rule === 'github-pat')!.make();
    write(root, 'a.env', `ACME=${secret}\nACME2=acme_test${'Zq8Kp2Qw7Lm4Nb6Vc3R'}\nGH=ghp_ALLOWED${'x1Y2z3W4v5U6t7S8r9Q0p1O2n3M4l'.slice(0, 25)}\n`);
    write(root, 'fixtures/b.env', `ACME=${secret}\nGH=${ghp.secret}\n`);
    write(root, 'cert.p12', 'not really\n');
    const r = await scanTree({ root, staticAllowed: [] });
    expect(r.gitleaksConfig).toBe('.gitleaks.toml');
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.rule}`)).toEqual(['a.env:1:acme-token', 'cert.p12:1:p12']);
    expect(r.findings[0]!.redacted).toBe('acme…');
  });

  it('an explicit gitleaksConfig path is used; a bad regex is a config error naming the rule', async () => {
    const root = tmp('scan-glcfg2-');
    write(root, 'conf/leaks.toml', "[[rules]]\nid = \"greek\"\nregex = '''\\p{Greek}+'''\n");
    await expect(scanTree({ root, gitleaksConfig: 'conf/leaks.toml', staticAllowed: [] })).rejects.toMatchObject({
      code: 'input-invalid',
      message: expect.stringContaining('rule "greek"'),
    });
  });

  it.each([
    ['not toml', 'x = = 1'],
    ['rule without id', "[[rules]]\nregex = 'a'"],
    ['rule without regex or path', "[[rules]]\nid = 'x'"],
    ['bad condition', "[allowlist]\ncondition = 'XOR'\npaths = ['a']"],
    ['keywords not strings', "[[rules]]\nid = 'x'\nregex = 'a'\nkeywords = [1]"],
  ])('%s → ConfigError', (_n, text) => {
    expect(() => parseGitleaksConfig(text, '.gitleaks.toml')).toThrow(expect.objectContaining({ code: 'input-invalid' }));
  });

  it('the gitleaks default config’s style of rules translates (sample)', () => {
    const cfg = parseGitleaksConfig(
      String.raw`
[[rules]]
id = "adobe-client-secret"
regex = '''\b(p8e-(?i)[a-z0-9]{32})(?:[\x60'"\s;]|\\[nr]|$)'''
keywords = ["p8e-"]
[[rules]]
id = "cisco-meraki-api-key"
regex = '''[\w.-]{0,50}?(?i:[\w.-]{0,50}?(?:(?-i:[Mm]eraki|MERAKI))(?:[ \t\w.-]{0,20})[\s'"]{0,3})(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}([0-9a-f]{40})(?:[\x60'"\s;]|\\[nr]|$)'''
keywords = ["meraki"]
`,
      'x.toml',
    );
    expect(cfg.rules.map((r) => r.id)).toEqual(['adobe-client-secret', 'cisco-meraki-api-key']);
    expect(cfg.rules[1]!.regex!.test(`MERAKI_KEY = "${'ab12'.repeat(10)}"`)).toBe(true);
  });
});
