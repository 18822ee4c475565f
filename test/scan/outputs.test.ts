import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import fc from 'fast-check';
import { scanTree, type ScanResult } from '../../shared/scan/index.js';
import { scanToSarif } from '../../shared/scan/sarif.js';
import { staticCredentialChecks } from '../../shared/checks/static-credentials.js';
import { builtinRules } from '../../shared/scan/rules.js';
import { compileRules, scanBuffer, scanText } from '../../shared/scan/engine.js';
import type { RuleSource } from '../../shared/policy/resolve.js';
import { KINDS, writeCorpus } from './corpus.mjs';
import { gitRepo, tmp } from './helpers.js';

const SCHEMA = new URL('../../../shared/corpus/schemas/sarif-schema-2.1.0.json', import.meta.url);
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
(((formats as unknown as { default?: unknown }).default ?? formats) as unknown as (a: Ajv) => void)(ajv);
const { id: schemaId, $schema: _draft, ...schemaBody } = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
const validateSarif = ajv.compile({ ...schemaBody, $id: schemaId as string });

const ruleSource: RuleSource = (path) => ({
  policyPath: ['environments', 'production', ...path].join('.'),
  location: { file: 'ci-constraints.yml', line: 12, column: 7 },
});

let corpusRoot: string;
let corpus: ReturnType<typeof writeCorpus>;
let result: ScanResult;

beforeAll(async () => {
  corpusRoot = tmp('scan-corpus-');
  corpus = writeCorpus(corpusRoot, 2);
  result = await scanTree({ root: corpusRoot, staticAllowed: [] });
});

describe('secrets.static check', () => {
  it('a tree with planted credentials fails with secrets.static, one violation per finding, file:line', () => {
    const checks = staticCredentialChecks(result, ruleSource);
    expect(checks.length).toBe(corpus.positives.length);
    for (const p of corpus.positives) {
      const c = checks.find((k) => k.subject?.file === p.file);
      expect(c).toMatchObject({
        rule: 'secrets.static',
        status: 'fail',
        subject: { file: p.file, line: 3 },
        policyPath: 'environments.production.secrets.static-allowed',
        location: { file: 'ci-constraints.yml', line: 12, column: 7 },
      });
      expect(c!.message).toContain(`${p.file}:3:`);
    }
  });

  it('a clean tree passes with a single pass result', async () => {
    const root = gitRepo({ 'src/a.ts': 'export const x = 1;\n' });
    const checks = staticCredentialChecks(await scanTree({ root, staticAllowed: [] }), ruleSource);
    expect(checks).toEqual([expect.objectContaining({ rule: 'secrets.static', status: 'pass', policyPath: 'environments.production.secrets.static-allowed' })]);
    expect(checks[0]!.message).toContain('1 files');
  });

  it('ci-config findings and unreadable files fail too (fail closed)', () => {
    const checks = staticCredentialChecks(
      {
        findings: [{ rule: 'ci-secret-reference', description: 'A CI-stored secret is used: secrets.NPM_TOKEN is not in secrets.static-allowed', file: '.github/workflows/ci.yml', line: 8, column: 12, redacted: '', kind: 'ci-config' }],
        filesScanned: 1,
        bytesScanned: 10,
        skipped: { counts: { unreadable: 1 }, unreadable: ['secret.txt'] },
      },
      ruleSource,
    );
    expect(checks.map((c) => [c.status, c.subject])).toEqual([
      ['fail', { file: '.github/workflows/ci.yml', line: 8 }],
      ['fail', { file: 'secret.txt' }],
    ]);
    expect(checks[0]!.message).toContain('NPM_TOKEN');
  });
});

describe('SARIF', () => {
  it('is valid SARIF 2.1.0 with security-severity on every rule and every result', () => {
    const sarif = scanToSarif(result) as { runs: { tool: { driver: { rules: { id: string; properties: Record<string, string> }[] } }; results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    expect(validateSarif(sarif)).toBe(true);
    const run = sarif.runs[0]!;
    for (const r of run.tool.driver.rules) expect(Number(r.properties['security-severity'])).toBeGreaterThan(0);
    expect(run.results.length).toBe(corpus.positives.length);
    for (const res of run.results) {
      expect(run.tool.driver.rules[res.ruleIndex]!.id).toBe(res.ruleId);
      expect(res.locations[0]!.physicalLocation.region.startLine).toBe(3);
    }
  });

  it('an empty scan is valid SARIF too', () => {
    expect(validateSarif(scanToSarif({ findings: [], filesScanned: 0, bytesScanned: 0 }))).toBe(true);
  });
});

describe('redaction: no output holds more than 4 characters of a planted secret', () => {
  // Beyond the 4 shown characters, no piece of a value may appear: not the whole value, not its
  // characters 5..10, not its tail. (Booleans, not toContain: a failure must not print the value.)
  const leaks = (out: string, secret: string): string[] =>
    [secret, secret.slice(4, 10), secret.slice(-8)].filter((piece) => out.includes(piece)).map((piece) => `${piece.length} chars`);

  it('result JSON, SARIF and check messages never contain a planted value beyond its first 4 characters', () => {
    const outputs = [JSON.stringify(result), JSON.stringify(scanToSarif(result)), JSON.stringify(staticCredentialChecks(result, ruleSource))].join('\n');
    for (const p of corpus.positives) expect(leaks(outputs, p.secret)).toEqual([]);
  });

  const compiled = compileRules(builtinRules());

  it('property: the scanner never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        scanBuffer(Buffer.from(bytes), 'f.bin', compiled);
      }),
      { numRuns: 300 },
    );
  });

  it('property: arbitrary text around a planted secret never leaks more than 4 of its characters', () => {
    const kind = fc.constantFrom(...KINDS);
    const noise = fc.string({ maxLength: 200, unit: fc.constantFrom('a', 'Z', '9', ' ', '=', ':', '"', "'", '\n', '\r', '\t', '-', '_', '/', '+', '.', 'é', '\u0000', 'token', 'password', 'ghp_', 'secret') });
    fc.assert(
      fc.property(kind, noise, noise, (k, before, after) => {
        const { secret, line } = k.make();
        const findings = scanText(`${before}${line}${after}`, 'x.txt', compiled);
        const out = JSON.stringify(findings) + JSON.stringify(scanToSarif({ findings, filesScanned: 1, bytesScanned: 1 }));
        expect(leaks(out, secret)).toEqual([]);
        for (const f of findings) expect(f.redacted.length).toBeLessThanOrEqual(5);
      }),
      { numRuns: 300 },
    );
  });
});
