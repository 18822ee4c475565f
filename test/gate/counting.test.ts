import { rmSync } from 'node:fs';
import { analyzeSarif, type CountPolicy } from '../../shared/sarif/index.js';
import { result, rule, run, sarif, tmp, writeJson, type Json } from './helpers.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const dir = tmp();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function count(doc: Json, policy: CountPolicy = {}, baseline?: Json) {
  const file = writeJson(dir, `c${n++}.sarif`, doc);
  const baselineFiles = baseline ? [writeJson(dir, `b${n++}.sarif`, baseline)] : [];
  const facts = await analyzeSarif({ files: [file], baselineFiles, policy, now: NOW });
  expect(facts.invalid).toEqual([]);
  return facts;
}

describe('effective level (SARIF 2.1.0 §3.27.10)', () => {
  const rules = [
    rule('r/error', { defaultConfiguration: { level: 'error' } }),
    rule('r/note', { defaultConfiguration: { level: 'note' } }),
    rule('r/none'),
  ];
  it.each<[string, Json, Json, string, string]>([
    ['explicit level wins over the rule default', {}, result('r/error', { level: 'note' }), 'note', 'explicit'],
    ['rule default found by ruleIndex', {}, result(undefined, { ruleIndex: 1 }), 'note', 'rule-default'],
    ['rule default found by ruleId', {}, result('r/error'), 'error', 'rule-default'],
    ['ruleIndex wins over a mismatching ruleId', {}, result('r/error', { ruleIndex: 1 }), 'note', 'rule-default'],
    ['rule.index in a reportingDescriptorReference', {}, result(undefined, { rule: { index: 0 } }), 'error', 'rule-default'],
    ['hierarchical ruleId falls back to its parent rule', {}, result('r/error/sub'), 'error', 'rule-default'],
    ['rule without defaultConfiguration: warning', {}, result('r/none'), 'warning', 'spec-default'],
    ['unknown rule: warning', {}, result('nope'), 'warning', 'spec-default'],
    ['no rule at all: warning', {}, result(undefined), 'warning', 'spec-default'],
    ['extension by rule.toolComponent.index', {}, result(undefined, { rule: { id: 'ext/x', index: 0, toolComponent: { index: 0 } } }), 'error', 'rule-default'],
    ['extension by toolComponent name', {}, result(undefined, { rule: { id: 'ext/x', toolComponent: { name: 'pack' } } }), 'error', 'rule-default'],
    ['extension found by id without a component', {}, result('ext/x'), 'error', 'rule-default'],
    [
      'invocations ruleConfigurationOverrides beat the default',
      { invocations: [{ executionSuccessful: true, ruleConfigurationOverrides: [{ descriptor: { id: 'r/note' }, configuration: { level: 'error' } }] }] },
      result('r/note'),
      'error',
      'override',
    ],
  ])('%s', async (_name, runExtra, res, level, source) => {
    const doc = sarif({ tool: { driver: { name: 'T', rules }, extensions: [{ name: 'pack', rules: [rule('ext/x', { defaultConfiguration: { level: 'error' } })] }] }, results: [res], ...runExtra });
    const facts = await count(doc);
    expect(facts.totals.counted[level as 'error']).toBe(1);
    expect(facts.totals.counted.total).toBe(1);
    expect(facts.totals.levelSource).toEqual({ [source]: 1 });
  });

  it('results listed before the tool (sorted keys) resolve the same way', async () => {
    const doc = { version: '2.1.0', runs: [{ results: [result('r/error'), result('r/note')], tool: { driver: { name: 'T', rules } } }] };
    const facts = await count(doc);
    expect(facts.totals.counted).toMatchObject({ error: 1, note: 1, total: 2 });
  });
});

describe('what counts', () => {
  it.each<[string, Json, number]>([
    ['kind absent = fail: counts', {}, 1],
    ['kind fail: counts', { kind: 'fail' }, 1],
    ['kind pass: does not count', { kind: 'pass' }, 0],
    ['kind open: does not count', { kind: 'open' }, 0],
    ['kind review: does not count', { kind: 'review' }, 0],
    ['kind notApplicable: does not count', { kind: 'notApplicable' }, 0],
    ['kind informational: does not count', { kind: 'informational' }, 0],
    ['accepted suppression (status absent): does not count', { suppressions: [{ kind: 'inSource' }] }, 0],
    ['accepted suppression: does not count', { suppressions: [{ kind: 'external', status: 'accepted' }] }, 0],
    ['suppression under review: counts', { suppressions: [{ kind: 'external', status: 'underReview' }] }, 1],
    ['rejected suppression: counts', { suppressions: [{ kind: 'inSource' }, { kind: 'external', status: 'rejected' }] }, 1],
    ['empty suppressions: counts', { suppressions: [] }, 1],
    ['baselineState new: counts', { baselineState: 'new' }, 1],
    ['baselineState unchanged: pre-existing', { baselineState: 'unchanged' }, 0],
    ['baselineState updated: pre-existing', { baselineState: 'updated' }, 0],
    ['baselineState absent: gone, never counts', { baselineState: 'absent' }, 0],
  ])('%s', async (_name, extra, expected) => {
    const facts = await count(sarif(run('T', [], [result('x', extra)])));
    expect(facts.totals.counted.total).toBe(expected);
    expect(facts.totals.results).toBe(1);
  });

  it('policy suppressions: count makes accepted suppressions count', async () => {
    const doc = sarif(run('T', [], [result('x', { suppressions: [{ kind: 'inSource' }] })]));
    expect((await count(doc, { countSuppressed: true })).totals.counted.total).toBe(1);
    expect((await count(doc)).totals.suppressed).toBe(1);
  });

  it('policy baseline-state: ignore counts unchanged results; absent ones are reported fixed', async () => {
    const doc = sarif(run('T', [], [result('x', { baselineState: 'unchanged' }), result('y', { baselineState: 'absent' })]));
    const honored = await count(doc);
    expect(honored.totals.existing).toBe(1);
    expect(honored.baseline).toMatchObject({ unchanged: 1, fixed: 1, new: 0 });
    expect((await count(doc, { honorBaselineState: false })).totals.counted.total).toBe(1);
  });

  it.each<[unknown, string | undefined]>([
    ['9.0', 'critical'],
    [10, 'critical'],
    ['8.9', 'high'],
    ['7.0', 'high'],
    ['6.9', 'medium'],
    ['4.0', 'medium'],
    ['3.9', 'low'],
    ['0.1', 'low'],
    ['0.0', undefined],
    ['high', undefined],
    [undefined, undefined],
  ])('security-severity %p is band %p', async (sev, band) => {
    const props = sev === undefined ? {} : { properties: { 'security-severity': sev } };
    const facts = await count(sarif(run('T', [rule('x', props)], [result('x')])));
    const c = facts.totals.counted;
    expect(c.critical + c.high + c.medium + c.low).toBe(band ? 1 : 0);
    if (band) expect(c[band as 'high']).toBe(1);
    expect(facts.findings[0]!.band).toBe(band);
  });
});

describe('filters, tools and waivers', () => {
  const doc = sarif(
    run('CodeQL', [rule('js/xss', { defaultConfiguration: { level: 'error' }, properties: { 'security-severity': '7.5' } }), rule('js/unused')], [
      result('js/xss', { locations: [{ physicalLocation: { artifactLocation: { uri: 'src/legacy/a.js' }, region: { startLine: 4 } } }] }),
      result('js/xss', { locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///work/repo/src/new/b.js' }, region: { startLine: 9 } } }] }),
      result('js/unused', { locations: [{ physicalLocation: { artifactLocation: { uri: 'test/c.js' } } }] }),
    ]),
    run('Trivy', [rule('[HIGH] CVE-2024-1', { properties: { 'security-severity': '9.8' } })], [result('[HIGH] CVE-2024-1', { level: 'error' })]),
  );

  it('counts per tool (driver name) and over all tools', async () => {
    const facts = await analyzeSarif({ files: [writeJson(dir, 'tools.sarif', doc)], policy: {}, now: NOW, workspace: '/work/repo' });
    expect(facts.tools.map((t) => [t.tool, t.counted.total])).toEqual([['CodeQL', 3], ['Trivy', 1]]);
    expect(facts.totals.counted).toMatchObject({ error: 3, warning: 1, critical: 1, high: 2, total: 4 });
    expect(facts.findings.map((f) => f.path)).toContain('src/new/b.js'); // workspace stripped from file:// URIs
    expect(facts.findings[0]).toMatchObject({ tool: 'Trivy', band: 'critical' }); // most severe first
  });

  it.each<[string, CountPolicy, number, Record<string, number>]>([
    ['paths.exclude', { paths: { exclude: ['test/**'] } }, 3, { excluded: 1 }],
    ['paths.include', { paths: { include: ['src/**'] } }, 3, { excluded: 1 }], // Trivy's result is at src/app.js (helper)
    ['rules.include glob', { rules: { include: ['js/*'] } }, 3, { excluded: 1 }],
    ['rules.exclude exact id with brackets', { rules: { exclude: ['[HIGH] CVE-2024-1'] } }, 3, { excluded: 1 }],
    ['per-tool rules filter only touches that tool', { tools: { CodeQL: { rules: { exclude: ['js/unused'] } } } }, 3, { excluded: 1 }],
    ['per-tool paths filter', { tools: { CodeQL: { paths: { exclude: ['src/legacy/**'] } } } }, 3, { excluded: 1 }],
    ['waiver rule + path glob', { waivers: [{ rule: 'js/xss', path: 'src/legacy/**', until: '2026-12-31', reason: '#1' }] }, 3, { waived: 1 }],
    ['waiver for a rule everywhere', { waivers: [{ rule: 'js/xss', until: '2026-12-31', reason: '#1' }] }, 2, { waived: 2 }],
    ['waiver by rule glob', { waivers: [{ rule: 'js/**', until: '2026-12-31', reason: '#1' }] }, 1, { waived: 3 }],
    ['waiver whose path does not match', { waivers: [{ rule: 'js/xss', path: 'lib/**', until: '2026-12-31', reason: '#1' }] }, 4, { waived: 0 }],
    ['expired waiver no longer applies', { waivers: [{ rule: 'js/xss', until: '2026-03-09', reason: '#1' }] }, 4, { waived: 0 }],
    ['waiver on its last day still applies', { waivers: [{ rule: 'js/xss', until: '2026-03-10', reason: '#1' }] }, 2, { waived: 2 }],
  ])('%s', async (_name, policy, total, extra) => {
    const facts = await analyzeSarif({ files: [writeJson(dir, `f${n++}.sarif`, doc)], policy, now: NOW, workspace: '/work/repo' });
    expect(facts.totals.counted.total).toBe(total);
    for (const [k, v] of Object.entries(extra)) expect(facts.totals[k as 'waived']).toBe(v);
  });

  it('reports waiver use, and what an expired waiver would have covered', async () => {
    const policy: CountPolicy = {
      waivers: [
        { rule: 'js/xss', path: 'src/legacy/**', until: '2026-12-31', reason: 'a' },
        { rule: 'js/unused', until: '2026-01-01', reason: 'b' },
      ],
    };
    const facts = await analyzeSarif({ files: [writeJson(dir, 'w.sarif', doc)], policy, now: NOW });
    expect(facts.waivers).toEqual([
      { index: 0, matched: 1, expiredMatched: 0 },
      { index: 1, matched: 0, expiredMatched: 1 },
    ]);
    expect(facts.findings.find((f) => f.status === 'waived')).toMatchObject({ rule: 'js/xss', path: 'src/legacy/a.js', waiver: 0 });
  });
});

describe('baseline SARIF', () => {
  const rules = [rule('r1', { defaultConfiguration: { level: 'error' } })];
  const at = (uri: string, line: number, extra: Json = {}) =>
    result('r1', { locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: line, snippet: { text: `code ${uri}` } } } }], ...extra });

  it('matches by partialFingerprints even when the line moved, else by rule + path + snippet; reports new/unchanged/fixed', async () => {
    const base = sarif(run('T', rules, [at('a.js', 10, { partialFingerprints: { h: 'AAA' } }), at('b.js', 5), at('gone.js', 1)]));
    const now = sarif(run('T', rules, [at('a.js', 42, { partialFingerprints: { h: 'AAA' } }), at('b.js', 7), at('new.js', 3)]));
    const facts = await count(now, {}, base);
    expect(facts.totals.counted.total).toBe(1);
    expect(facts.totals.existing).toBe(2);
    expect(facts.baseline).toMatchObject({ used: true, findings: 3, new: 1, unchanged: 2, fixed: 1 });
    expect(facts.findings.find((f) => f.status === 'counted')).toMatchObject({ path: 'new.js', line: 3 });
  });

  it('matches one to one: two identical findings against one baseline finding leave one new', async () => {
    const base = sarif(run('T', rules, [at('a.js', 1)]));
    const now = sarif(run('T', rules, [at('a.js', 1), at('a.js', 1)]));
    const facts = await count(now, {}, base);
    expect(facts.baseline).toMatchObject({ new: 1, unchanged: 1, fixed: 0 });
  });

  it('a different rule at the same fingerprint is new', async () => {
    const base = sarif(run('T', rules, [at('a.js', 1, { partialFingerprints: { h: 'X' } })]));
    const now = sarif(run('T', [rule('r2')], [result('r2', { partialFingerprints: { h: 'X' } })]));
    expect((await count(now, {}, base)).baseline).toMatchObject({ new: 1, fixed: 1 });
  });

  it('an invalid baseline is reported (role baseline), never ignored', async () => {
    const file = writeJson(dir, 'ok.sarif', sarif(run('T', rules, [at('a.js', 1)])));
    const bad = writeJson(dir, 'bad-baseline.sarif', '{"version":"2.1.0","runs":[');
    const facts = await analyzeSarif({ files: [file], baselineFiles: [bad], policy: {}, now: NOW });
    expect(facts.invalid).toEqual([expect.objectContaining({ file: bad, role: 'baseline', code: 'sarif-syntax' })]);
  });
});

describe('bounded memory while counting', () => {
  it('keeps a bounded sample of findings however many results there are', async () => {
    const results = Array.from({ length: 30_000 }, (_, i) => result(`r${i % 3}`, { locations: [{ physicalLocation: { artifactLocation: { uri: `f${i}.js` }, region: { startLine: 1 + (i % 50) } } }] }));
    const facts = await count(sarif(run('T', [], results)));
    expect(facts.totals.counted.total).toBe(30_000);
    expect(facts.findings.length).toBeLessThanOrEqual(10_000 + 3 * 20);
  });
});
