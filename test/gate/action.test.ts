import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import securityGate from '../../shared/actions/security-gate.js';
import { decide, type CheckResult } from '../../shared/decision.js';
import { loadPolicyText } from '../../shared/policy/load.js';
import type { CodeQualityIssue } from '../../shared/gate/report.js';
import { apiServer } from './api-server.js';
import { result, rule, run, sarif, tmp, writeJson, type Json } from './helpers.js';
import { gateRequest, SHA } from './request.js';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/sarif/', import.meta.url));
const dir = tmp();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = new Date('2026-03-10T12:00:00Z');

const policy = (gate: string, env = 'production') => `version: 1\nenvironments:\n  ${env}:\n    gate:\n${gate.replace(/^/gm, '      ')}\n`;

/** 2 errors (one critical, one high), 1 warning (medium), 1 note: at src/app.js lines 1..4. */
const at = (line: number, extra: Json = {}) => ({ locations: [{ physicalLocation: { artifactLocation: { uri: 'src/app.js' }, region: { startLine: line } } }], ...extra });
const DOC = sarif(
  run(
    'CodeQL',
    [
      rule('js/sql-injection', { name: 'SqlInjection', defaultConfiguration: { level: 'error' }, properties: { 'security-severity': '9.8' } }),
      rule('js/xss', { defaultConfiguration: { level: 'error' }, properties: { 'security-severity': '7.5' } }),
      rule('js/weak-crypto', { defaultConfiguration: { level: 'warning' }, properties: { 'security-severity': '5.0' } }),
      rule('js/unused'),
    ],
    [result('js/sql-injection', at(1)), result('js/xss', at(2)), result('js/weak-crypto', at(3)), result('js/unused', { level: 'note', ...at(4) })],
    { invocations: [{ executionSuccessful: true, endTimeUtc: '2026-03-10T10:00:00Z' }] },
  ),
);
const docFile = writeJson(dir, 'codeql.sarif', DOC);

async function runGate(gate: string, inputs: Record<string, string> = {}, opts: Parameters<typeof gateRequest>[1] = {}) {
  const req = gateRequest(policy(gate), { now: NOW, inputs: { 'wait-for-checks': '0s', ...inputs }, ...opts });
  const outcome = await securityGate.commands.run(req);
  return { outcome, req, decision: decide(outcome.checks), by: (rule: string) => outcome.checks.filter((c) => c.rule === rule) };
}

describe('gate.sarif.max', () => {
  it.each<[string, string, 'allow' | 'deny', string[]]>([
    ['critical: 0 with one critical → deny', 'sarif: { max: { critical: 0 } }', 'deny', ['fail']],
    ['critical: 1 → allow', 'sarif: { max: { critical: 1 } }', 'allow', ['pass']],
    ['high: 0 with one high → deny', 'sarif: { max: { high: 0 } }', 'deny', ['fail']],
    ['medium: 1, low: 0 → allow (none low)', 'sarif: { max: { medium: 1, low: 0 } }', 'allow', ['pass', 'pass']],
    ['error: 1 with two errors → deny', 'sarif: { max: { error: 1 } }', 'deny', ['fail']],
    ['error: 2, warning: 1, note: 1 → allow', 'sarif: { max: { error: 2, warning: 1, note: 1 } }', 'allow', ['pass', 'pass', 'pass']],
    ['note: 0 → deny', 'sarif: { max: { note: 0 } }', 'deny', ['fail']],
    ['total: 3 with four → deny', 'sarif: { max: { total: 3 } }', 'deny', ['fail']],
    ['per tool: CodeQL error: 0 → deny', 'sarif: { tools: { CodeQL: { max: { error: 0 } } } }', 'deny', ['fail']],
    ['per tool: CodeQL error: 2 → allow', 'sarif: { tools: { CodeQL: { max: { error: 2 } } } }', 'allow', ['pass']],
    ['per tool: a tool with no run → deny', 'sarif: { tools: { Semgrep: { max: { error: 5 } } } }', 'deny', ['fail']],
    ['excluded rule no longer counts → allow', 'sarif: { max: { critical: 0 }, rules: { exclude: [js/sql-injection] } }', 'allow', ['pass']],
    ['excluded path no longer counts → allow', 'sarif: { max: { total: 0 }, paths: { exclude: ["src/**"] } }', 'allow', ['pass']],
  ])('%s', async (_name, gate, decision, statuses) => {
    const { decision: d, by } = await runGate(gate, { sarif: docFile });
    expect(by('gate.sarif.max').map((c) => c.status)).toEqual(statuses);
    expect(d).toBe(decision);
  });

  it('names what was seen and required, and where the rule lives', async () => {
    const { by } = await runGate('sarif:\n  max: { critical: 0, high: 0, medium: 5, error: 0 }', { sarif: docFile });
    const critical = by('gate.sarif.max')[0]!;
    expect(critical).toMatchObject({ status: 'fail', seen: 1, required: '<= 0', policyPath: 'environments.production.gate.sarif.max.critical', location: { file: 'ci-constraints.yml', line: 6 } });
    expect(critical.message).toBe('1 critical-severity finding over all tools (at most 0 allowed)');
  });
});

describe('top findings: one check each with file:line (annotations), the rest summarised', () => {
  it('orders by severity, gives subject file and line, and summarises past max-annotations', async () => {
    const { by } = await runGate('sarif: { max: { error: 0 } }', { sarif: docFile, 'max-annotations': '2' });
    const findings = by('gate.sarif.finding');
    expect(findings).toHaveLength(3);
    expect(findings[0]).toMatchObject({ status: 'fail', subject: { file: 'src/app.js', line: 1 } });
    expect(findings[0]!.message).toContain('js/sql-injection [critical (9.8)] at src/app.js:1');
    expect(findings[1]).toMatchObject({ subject: { file: 'src/app.js', line: 2 } });
    expect(findings[2]).toMatchObject({ status: 'pass' }); // the rest (a warning and a note) are within error: 0
    expect(findings[2]!.message).toContain('and 2 more counted findings not annotated');
    expect(findings[2]!.subject).toBeUndefined();
  });
  it('findings within the thresholds are reported but do not deny', async () => {
    const { by, decision } = await runGate('sarif: { max: { critical: 5 } }', { sarif: docFile });
    expect(by('gate.sarif.finding').every((c) => c.status === 'pass')).toBe(true);
    expect(decision).toBe('allow');
  });
});

describe('bad SARIF input: clear error, deny', () => {
  it('the corpus invalid file → gate.sarif.invalid names the file and JSON path', async () => {
    const { by, decision, outcome } = await runGate('sarif: { max: { error: 100 } }', { sarif: join(CORPUS, 'codeql-action-invalid-sarif.sarif') });
    expect(decision).toBe('deny');
    const inv = by('gate.sarif.invalid');
    expect(inv).toHaveLength(1);
    expect(inv[0]!.message).toContain('codeql-action-invalid-sarif.sarif is not valid SARIF 2.1.0: runs[0].results: results must be an array, found number');
    expect(inv[0]!.subject?.file).toContain('codeql-action-invalid-sarif.sarif');
    expect(outcome.notes!.join('\n')).toContain('invalid');
  });
  it.each([
    ['truncated JSON', '{"version":"2.1.0","runs":[{"tool":'],
    ['wrong version', '{"version":"2.0.0","runs":[]}'],
    ['missing runs', '{"version":"2.1.0"}'],
    ['deep nesting', `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[${'['.repeat(5000)}${']'.repeat(5000)}]}]}`],
  ])('%s → deny with gate.sarif.invalid', async (_n, text) => {
    const file = writeJson(dir, `bad-${_n.replace(/\W/g, '')}.sarif`, text);
    const { by, decision } = await runGate('sarif: { max: { error: 100 } }', { sarif: file });
    expect(decision).toBe('deny');
    expect(by('gate.sarif.invalid')[0]).toMatchObject({ status: 'fail' });
    expect(by('gate.sarif.invalid')[0]!.message).toContain(file);
  });
  it('a directory with no SARIF → deny (gate.sarif.input)', async () => {
    const empty = join(dir, 'empty-dir');
    mkdirSync(empty, { recursive: true });
    writeJson(empty, 'notes.txt', 'hello');
    const { by, decision } = await runGate('sarif: { max: { error: 100 } }', { sarif: empty });
    expect(decision).toBe('deny');
    expect(by('gate.sarif.input')[0]!.message).toBe(`sarif input "${empty}" is a directory with no *.sarif or *.sarif.json file in it`);
  });
  it('a glob matching nothing, or a missing file → deny', async () => {
    const { by } = await runGate('sarif: { max: { error: 100 } }', { sarif: `${dir}/nothing/**/*.sarif, ${dir}/missing.sarif` });
    expect(by('gate.sarif.input').map((c) => [c.status, c.message])).toEqual([
      ['fail', `sarif input "${dir}/nothing/**/*.sarif" matches no file`],
      ['fail', `sarif input "${dir}/missing.sarif" does not exist`],
    ]);
  });
  it('policy sets gate.sarif but no sarif input → deny', async () => {
    const { by, decision } = await runGate('sarif: { max: { error: 0 } }');
    expect(decision).toBe('deny');
    expect(by('gate.sarif.input')[0]!.status).toBe('fail');
  });
  it('a whole directory (the corpus) is read recursively; its invalid files deny', async () => {
    const { outcome, by } = await runGate('sarif: { max: { total: 1000 } }', { sarif: CORPUS });
    const details = outcome.details as { sarif: { files: unknown[]; invalid: { file: string }[] } };
    expect(details.sarif.files.length + details.sarif.invalid.length).toBe(21);
    expect(by('gate.sarif.invalid').filter((c) => c.status === 'fail')).toHaveLength(4);
  });
  it('a glob over the valid corpus files with comma and newline separators → allow', async () => {
    const { decision, outcome } = await runGate('sarif: { max: { total: 1000 } }', { sarif: `${CORPUS}/trivy-*.sarif,\n${CORPUS}/zizmor-several-vulnerabilities.sarif` });
    expect(decision).toBe('allow');
    expect(outcome.outputs).toMatchObject({ 'sarif-files': '3', findings: '11' });
  });
});

describe('gate.waivers', () => {
  const waivers = (until: string, path = 'src/**') => `sarif: { max: { critical: 0 } }\nwaivers:\n  - { rule: js/sql-injection, path: "${path}", until: "${until}", reason: "tracked in #123" }`;
  it('an active waiver takes its findings out of the count → allow', async () => {
    const { decision, by, outcome } = await runGate(waivers('2026-12-31'), { sarif: docFile });
    expect(decision).toBe('allow');
    expect(by('gate.waivers')[0]).toMatchObject({ status: 'pass', policyPath: 'environments.production.gate.waivers[0]' });
    expect(by('gate.waivers')[0]!.message).toContain('waives 1 finding');
    expect(outcome.summary).toContain('| `js/sql-injection` | `src/**` | 2026-12-31 | active | 1 | tracked in #123 |');
  });
  it('a waiver expiring within 14 days still applies, and warns', async () => {
    const { decision, by, outcome } = await runGate(waivers('2026-03-20'), { sarif: docFile });
    expect(decision).toBe('allow');
    expect(by('gate.waivers')[0]!.message).toContain('EXPIRES in 11 days');
    expect(outcome.notes).toContain('waiver for js/sql-injection (src/**) expires in 11 day(s) (2026-03-20)');
  });
  it('an expired waiver stops applying and is reported → the finding counts again → deny', async () => {
    const { decision, by, outcome } = await runGate(waivers('2026-03-01'), { sarif: docFile });
    expect(decision).toBe('deny');
    expect(by('gate.waivers')[0]).toMatchObject({ status: 'skip' });
    expect(by('gate.waivers')[0]!.message).toContain('expired on 2026-03-01 and no longer applies: 1 finding it covered count again');
    expect(outcome.notes!.join('\n')).toContain('expired on 2026-03-01');
  });
  it('a waiver for another path does not apply → deny', async () => {
    const { decision } = await runGate(waivers('2026-12-31', 'lib/**'), { sarif: docFile });
    expect(decision).toBe('deny');
  });
  it('reason is required by the policy schema', () => {
    expect(() => loadPolicyText(policy('waivers:\n  - { rule: x, until: "2026-12-31" }'), 'p.yml')).toThrow(/reason/);
  });
});

describe('baseline input', () => {
  it('only findings not in the baseline count; outputs and summary give new / unchanged / fixed', async () => {
    const base = writeJson(dir, 'base.sarif', sarif(run('CodeQL', [rule('js/sql-injection', { defaultConfiguration: { level: 'error' }, properties: { 'security-severity': '9.8' } })], [result('js/sql-injection', at(1)), result('js/old', at(99))])));
    const { decision, outcome } = await runGate('sarif: { max: { critical: 0 } }', { sarif: docFile, baseline: base });
    expect(decision).toBe('allow');
    expect(outcome.outputs).toMatchObject({ findings: '3', 'new-findings': '3', 'fixed-findings': '1' });
    expect(outcome.summary).toContain('3 new · 1 unchanged · 1 fixed');
  });
  it('baseline without sarif is a config error', async () => {
    await expect(runGate('sarif: { max: { critical: 0 } }', { baseline: docFile })).rejects.toMatchObject({ code: 'input-invalid' });
  });
});

describe('gate.max-scan-age', () => {
  it.each<[string, string, 'pass' | 'fail', string]>([
    ['2 h old, limit 24h → pass', '24h', 'pass', 'is 2h old'],
    ['2 h old, limit 1h → deny', '1h', 'fail', 'at most 1h allowed'],
  ])('%s', async (_n, limit, status, text) => {
    const { by } = await runGate(`max-scan-age: ${limit}`, { sarif: docFile });
    expect(by('gate.max-scan-age')[0]).toMatchObject({ status, policyPath: 'environments.production.gate.max-scan-age' });
    expect(by('gate.max-scan-age')[0]!.message).toContain(text);
  });
  it('no analysis time anywhere → deny', async () => {
    const file = writeJson(dir, 'notime.sarif', sarif(run('T', [], [])));
    const { by } = await runGate('max-scan-age: 24h', { sarif: file }, { platform: 'gitlab' });
    expect(by('gate.max-scan-age')[0]!.status).toBe('fail');
    expect(by('gate.max-scan-age')[0]!.message).toContain('no analysis time found');
  });
  it('an analysis time in the future → deny', async () => {
    const file = writeJson(dir, 'future.sarif', sarif(run('T', [], [], { invocations: [{ executionSuccessful: true, endTimeUtc: '2026-03-11T00:00:00Z' }] })));
    const { by } = await runGate('max-scan-age: 24h', { sarif: file });
    expect(by('gate.max-scan-age')[0]!.message).toContain('in the future');
  });
  it('falls back to GitHub code-scanning analyses for the ref (loopback API)', async () => {
    const path = '/repos/acme/app/code-scanning/analyses';
    for (const [created, status] of [['2026-03-10T06:00:00Z', 'pass'], ['2026-03-01T00:00:00Z', 'fail']] as const) {
      const api = await apiServer({ [path]: (_r, url) => ({ body: url.searchParams.get('ref') === 'refs/heads/main' ? [{ created_at: '2026-02-01T00:00:00Z' }, { created_at: created }] : [] }) });
      try {
        const { by } = await runGate('max-scan-age: 24h', { 'github-token': 't0ken-value' }, { variables: { GITHUB_API_URL: api.url } });
        expect(by('gate.max-scan-age')[0]).toMatchObject({ status, seen: { time: new Date(created).toISOString() } });
      } finally {
        await api.close();
      }
    }
  });
  it('code-scanning API 500 → deny naming the endpoint', async () => {
    const api = await apiServer({ '/repos/acme/app/code-scanning/analyses': () => ({ status: 500, body: {} }) });
    try {
      const { by } = await runGate('max-scan-age: 24h', { 'github-token': 't0ken-value' }, { variables: { GITHUB_API_URL: api.url } });
      expect(by('gate.max-scan-age')[0]!.status).toBe('fail');
      expect(by('gate.max-scan-age')[0]!.message).toContain('GET /repos/acme/app/code-scanning/analyses');
    } finally {
      await api.close();
    }
  });
});

describe('reports', () => {
  it('job summary: table tool × level/band, top findings with links, thresholds', async () => {
    const { outcome } = await runGate('sarif: { max: { critical: 0 } }', { sarif: docFile });
    const md = outcome.summary!;
    expect(md).toContain('| CodeQL | 1 | 4 | 2 | 1 | 1 | 1 | 1 | 1 | 0 | **4** | 0 | 0 | 0 | 0 |');
    expect(md).toContain(`[src/app.js:1](https://github.com/acme/app/blob/${SHA}/src/app.js#L1)`);
    expect(md).toContain('Thresholds (all tools): critical ≤ 0');
  });
  it('GitLab links use /-/blob/, CircleCI gives no link', async () => {
    const gl = await runGate('sarif: { max: { critical: 0 } }', { sarif: docFile }, { platform: 'gitlab' });
    expect(gl.outcome.summary).toContain(`(https://gitlab.example/acme/group/app/-/blob/${SHA}/src/app.js#L1)`);
    const cc = await runGate('sarif: { max: { critical: 0 } }', { sarif: docFile }, { platform: 'circleci' });
    expect(cc.outcome.summary).toContain('`src/app.js:1`');
    expect(cc.decision).toBe('deny');
  });
  it('GitLab Code Quality artifact: description, check_name, fingerprint, severity, location', async () => {
    const { outcome } = await runGate('sarif: { max: { critical: 0 } }', { sarif: docFile }, { platform: 'gitlab' });
    const cq = outcome.artifacts!.find((a) => a.kind === 'codequality')!.content as CodeQualityIssue[];
    expect(cq).toHaveLength(4);
    expect(cq.map((i) => i.severity)).toEqual(['blocker', 'critical', 'major', 'info']);
    expect(cq[0]).toMatchObject({ check_name: 'js/sql-injection', location: { path: 'src/app.js', lines: { begin: 1 } } });
    expect(cq[0]!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(cq.map((i) => i.fingerprint)).size).toBe(4);
  });
  it('details carry every count; outputs the totals', async () => {
    const { outcome } = await runGate('sarif: { max: { critical: 0 } }', { sarif: docFile });
    const d = outcome.details as { sarif: { totals: { counted: Record<string, number> }; tools: unknown[] } };
    expect(d.sarif.totals.counted).toEqual({ error: 2, warning: 1, note: 1, none: 0, critical: 1, high: 1, medium: 1, low: 0, total: 4 });
    expect(outcome.outputs).toEqual({ findings: '4', 'new-findings': '4', 'fixed-findings': '0', 'sarif-files': '1' });
  });
});

describe('policy and inputs', () => {
  it('accepts the v1 gate example unchanged and the additive keys', () => {
    const v1 = 'sarif: { max: { critical: 0, high: 0, medium: 5, error: 0 } }\nrequired-checks: [build, test]\nmax-scan-age: 24h\nwaivers:\n  - { rule: js/xss, path: "src/legacy/**", until: "2027-01-31", reason: "tracked in #123" }';
    expect(() => loadPolicyText(policy(v1), 'p.yml')).not.toThrow();
    const ext = 'sarif:\n  max: { total: 10 }\n  tools: { Semgrep OSS: { max: { error: 0 }, rules: { exclude: ["generic.*"] }, paths: { include: ["src/**"] } } }\n  rules: { include: ["js/*"] }\n  paths: { exclude: ["test/**"] }\n  suppressions: count\n  baseline-state: ignore';
    expect(() => loadPolicyText(policy(ext), 'p.yml')).not.toThrow();
  });
  it.each([['sarif: { max: { severe: 1 } }'], ['sarif: { suppressions: maybe }'], ['sarif: { max: { error: -1 } }'], ['sarif: { tools: { X: { min: {} } } }']])('rejects %s', (bad) => {
    expect(() => loadPolicyText(policy(bad), 'p.yml')).toThrow();
  });
  it.each([['wait-for-checks', 'soon'], ['max-annotations', 'ten']])('input %s=%s is a config error', async (name, value) => {
    await expect(runGate('required-checks: [x]', { [name]: value })).rejects.toMatchObject({ code: 'input-invalid' });
  });
  it('an environment without a gate section: nothing can be verified → deny gate.missing', async () => {
    const req = gateRequest('version: 1\nenvironments:\n  production: {}\n', { now: NOW });
    const out = await securityGate.commands.run(req);
    expect(out.checks).toEqual([expect.objectContaining({ rule: 'gate.missing', status: 'fail' })]);
    expect(decide(out.checks)).toBe('deny');
  });
  it('an empty gate section and no SARIF: nothing was judged → deny gate.none', async () => {
    const req = gateRequest('version: 1\nenvironments:\n  production: { gate: {} }\n', { now: NOW });
    const out = await securityGate.commands.run(req);
    expect(out.checks).toEqual([expect.objectContaining({ rule: 'gate.none', status: 'fail' })]);
    expect(decide(out.checks)).toBe('deny');
  });
  it('extends: thresholds inherited from the parent environment are located in the parent', async () => {
    const text = `version: 1\nenvironments:\n  staging:\n    gate:\n      sarif: { max: { critical: 0 } }\n  production:\n    extends: staging\n`;
    const req = gateRequest(text, { now: NOW, inputs: { sarif: docFile } });
    const out = await securityGate.commands.run(req);
    const c = out.checks.find((x: CheckResult) => x.rule === 'gate.sarif.max')!;
    expect(c).toMatchObject({ status: 'fail', policyPath: 'environments.staging.gate.sarif.max.critical' });
  });
  it('module shape: name, inputs described, defaults quoted strings', () => {
    expect(securityGate.name).toBe('security-gate');
    for (const i of securityGate.inputs) {
      expect(i.description.length).toBeGreaterThan(10);
      if (i.default !== undefined) expect(typeof i.default).toBe('string');
    }
    expect(securityGate.inputs.map((i) => i.name)).toEqual(['sarif', 'baseline', 'github-token', 'gitlab-token', 'wait-for-checks', 'poll-interval', 'max-annotations']);
  });
});

describe('the line summarising findings past the annotation limit', () => {
  it('fails only when a finding it stands for is over a threshold', async () => {
    // Thresholds on critical only: the critical finding is annotated, the rest are within limits.
    const within = await runGate('sarif: { max: { critical: 0 } }', { sarif: docFile, 'max-annotations': '1' });
    const rest = within.by('gate.sarif.finding');
    expect(rest.map((c) => c.status)).toEqual(['fail', 'pass']);
    // A note threshold: the note finding is among the rest → the summary line fails.
    const over = await runGate('sarif: { max: { note: 0 } }', { sarif: docFile, 'max-annotations': '1' });
    expect(over.by('gate.sarif.finding').map((c) => c.status)).toEqual(['pass', 'fail']);
  });
});
