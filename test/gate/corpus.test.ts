import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { analyzeSarif, readSarifText, SarifError } from '../../shared/sarif/index.js';
import { result, rule, run, sarif } from './helpers.js';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/sarif/', import.meta.url));
const SCHEMA = fileURLToPath(new URL('../../../shared/corpus/schemas/sarif-schema-2.1.0.json', import.meta.url));
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.sarif')).sort();
const index = JSON.parse(readFileSync(join(CORPUS, 'index.json'), 'utf8')) as { files: { file: string; results: number; byLevel: Record<string, number> }[] };

/**
 * An independent count in jq: effective level per SARIF §3.27.10 (level; kind; rule default by
 * index then id in the driver or the named extension, then extensions by id; warning), counting
 * only kind fail, not absent, not accepted-suppressed, not baselineState unchanged/updated.
 */
const JQ = `
[ .runs[]? as $run
  | ($run.tool.driver.rules // []) as $drv
  | ($run.tool.extensions // []) as $ext
  | ($run.results // [])[]
  | . as $r
  | ($r.rule.index // $r.ruleIndex // -1) as $ix
  | ($r.rule.id // $r.ruleId) as $id
  | (if $r.rule.toolComponent.index != null then ($ext[$r.rule.toolComponent.index].rules // []) else $drv end) as $comp
  | (if $ix >= 0 and $ix < ($comp | length) then $comp[$ix]
     else ([$comp[] | select(.id == $id)][0] // [$ext[].rules[]? | select(.id == $id)][0]) end) as $rule
  | ($r.kind // "fail") as $kind
  | { level: ($r.level // (if $kind != "fail" then "none" else null end) // $rule.defaultConfiguration.level // "warning"),
      counted: ($kind == "fail" and (($r.baselineState // "new") | IN("new")) and
                ((($r.suppressions // []) | length) == 0 or any($r.suppressions[]; .status == "underReview" or .status == "rejected"))),
      sev: (($rule.properties["security-severity"] // "0") | tonumber) } ]
| { results: length,
    all: { error: map(select(.level == "error")) | length, warning: map(select(.level == "warning")) | length,
           note: map(select(.level == "note")) | length, none: map(select(.level == "none")) | length },
    error: map(select(.counted and .level == "error")) | length,
    warning: map(select(.counted and .level == "warning")) | length,
    note: map(select(.counted and .level == "note")) | length,
    critical: map(select(.counted and .sev >= 9)) | length,
    high: map(select(.counted and .sev >= 7 and .sev < 9)) | length,
    medium: map(select(.counted and .sev >= 4 and .sev < 7)) | length,
    low: map(select(.counted and .sev > 0 and .sev < 4)) | length,
    total: map(select(.counted)) | length }`;

function jq(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(execFileSync('jq', ['-c', JQ, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as Record<string, unknown>;
  } catch {
    return undefined; // jq refuses the document (e.g. results: 42)
  }
}

const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as unknown as (a: Ajv) => void;
addFormats(ajv);
// The schema is draft-04 (`id`); none of its other keywords differ in draft-07, which ajv speaks.
const { id: schemaId, $schema: _draft, ...schemaBody } = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
const validate = ajv.compile({ ...schemaBody, $id: schemaId as string });
const schemaValid = (name: string) => validate(JSON.parse(readFileSync(join(CORPUS, name), 'utf8'))) as boolean;
const valid = files.filter(schemaValid);
const invalid = files.filter((f) => !schemaValid(f));

describe('the SARIF reader on the real corpus', () => {
  it('covers every corpus file', () => {
    expect(files.length).toBeGreaterThanOrEqual(21);
    expect(index.files.map((f) => f.file).sort()).toEqual(files);
  });

  it.each(files)('%s: validity agrees with the SARIF 2.1.0 JSON schema (ajv)', (name) => {
    const path = join(CORPUS, name);
    expect(statSync(path).size).toBeLessThan(32 * 1024 * 1024);
    const text = readFileSync(path, 'utf8');
    const schemaValid = validate(JSON.parse(text)) as boolean;
    let readerValid = true;
    try {
      readSarifText(name, text);
    } catch (err) {
      expect(err).toBeInstanceOf(SarifError);
      readerValid = false;
    }
    expect(readerValid).toBe(schemaValid);
  });

  it('the corpus holds schema-valid and schema-invalid files (Scorecard and Semgrep SCA write startLine 0)', () => {
    expect(valid.length).toBeGreaterThanOrEqual(17);
    expect(invalid).toEqual(['codeql-action-invalid-sarif.sarif', 'scorecard-check3.sarif', 'scorecard-check7.sarif', 'semgrep-sca-ansi-html-ansi.sarif']);
  });

  it.each(invalid)('%s (schema-invalid): reported invalid with file and JSON path, never counted', async (name) => {
    const facts = await analyzeSarif({ files: [join(CORPUS, name)], policy: {}, now: new Date() });
    expect(facts.invalid).toHaveLength(1);
    expect(facts.invalid[0]!.file).toBe(join(CORPUS, name));
    expect(facts.invalid[0]!.code).toBe('sarif-shape');
    expect(facts.invalid[0]!.problems[0]!.path).toMatch(/^runs\[0\]\.results/);
    expect(facts.totals.counted.total).toBe(0);
  });

  it.each(valid)('%s: counts equal an independent jq count and index.json', async (name) => {
    const path = join(CORPUS, name);
    const expected = jq(path)!;
    expect(expected).toBeDefined();
    const facts = await analyzeSarif({ files: [path], policy: {}, now: new Date('2026-06-01T00:00:00Z') });
    expect(facts.invalid).toEqual([]);
    const t = facts.totals;
    expect(t.results).toBe(expected['results']);
    const idx = index.files.find((f) => f.file === name)!;
    expect(t.results).toBe(idx.results);
    expect(expected['all']).toEqual(idx.byLevel);
    expect({ error: t.counted.error, warning: t.counted.warning, note: t.counted.note, critical: t.counted.critical, high: t.counted.high, medium: t.counted.medium, low: t.counted.low, total: t.counted.total }).toEqual({
      error: expected['error'], warning: expected['warning'], note: expected['note'], critical: expected['critical'], high: expected['high'], medium: expected['medium'], low: expected['low'], total: expected['total'],
    });
  });

  it('all corpus files at once: totals are the sum of the per-file jq counts', async () => {
    const paths = valid.map((f) => join(CORPUS, f));
    const facts = await analyzeSarif({ files: paths, policy: {}, now: new Date() });
    const sum = paths.map((f) => jq(f)!).reduce((a, e) => a + (e['total'] as number), 0);
    expect(facts.totals.counted.total).toBe(sum);
    expect(facts.totals.counted.total).toBeGreaterThan(15);
    expect(facts.files).toHaveLength(paths.length);
  });

  it('codeql-action-invalid-sarif.sarif: clear error naming the file and JSON path', async () => {
    const path = join(CORPUS, 'codeql-action-invalid-sarif.sarif');
    const facts = await analyzeSarif({ files: [path], policy: {}, now: new Date() });
    expect(facts.invalid).toHaveLength(1);
    expect(facts.invalid[0]!.code).toBe('sarif-shape');
    expect(facts.invalid[0]!.problems[0]).toEqual({ path: 'runs[0].results', message: 'results must be an array, found number' });
    expect(jq(path)).toBeUndefined();
  });

  const tool = (extra = {}) => ({ driver: { name: 'T', rules: [rule('r', { defaultConfiguration: { level: 'error' }, properties: { 'security-severity': '8.0' } })] }, ...extra });
  it.each<[string, unknown]>([
    ['results before tool', { version: '2.1.0', runs: [{ results: [result('r')], tool: tool() }] }],
    ['extensions and rule references', sarif({ tool: tool({ extensions: [{ name: 'pack', rules: [rule('x')] }] }), results: [result(undefined, { rule: { id: 'x', index: 0, toolComponent: { index: 0 } } })] })],
    ['suppressions, kinds and baseline states', sarif(run('T', [], [result('a', { suppressions: [{ kind: 'inSource', status: 'rejected' }] }), result('b', { kind: 'pass', baselineState: 'absent' })]))],
    ['invocations with overrides and times', sarif(run('T', [rule('r')], [], { invocations: [{ executionSuccessful: true, endTimeUtc: '2026-01-01T00:00:00Z', ruleConfigurationOverrides: [{ descriptor: { id: 'r' }, configuration: { level: 'note' } }] }] }))],
    ['runs: null', { version: '2.1.0', runs: null }],
    ['bad level', sarif(run('T', [], [result('r', { level: 'high' })]))],
    ['startLine 0', sarif(run('T', [], [result('r', { locations: [{ physicalLocation: { region: { startLine: 0 } } }] })]))],
    ['message missing', sarif(run('T', [], [{ ruleId: 'r' }]))],
    ['message without text or id', sarif(run('T', [], [{ ruleId: 'r', message: {} }]))],
    ['suppression without kind', sarif(run('T', [], [result('r', { suppressions: [{ status: 'accepted' }] })]))],
    ['ruleIndex -2', sarif(run('T', [], [result('r', { ruleIndex: -2 })]))],
    ['version 2.0.0', { version: '2.0.0', runs: [] }],
    ['runs missing', { version: '2.1.0' }],
    ['tool driver without name', sarif({ tool: { driver: {} }, results: [] })],
    ['rule without id', sarif({ tool: { driver: { name: 'T', rules: [{ name: 'x' }] } }, results: [] })],
    ['invocation without executionSuccessful', sarif(run('T', [], [], { invocations: [{}] }))],
    ['partialFingerprints value not a string', sarif(run('T', [], [result('r', { partialFingerprints: { a: 1 } })]))],
  ])('hand-made: %s — the reader and the schema agree', (_name, doc) => {
    let readerValid = true;
    try {
      readSarifText('hand.sarif', JSON.stringify(doc));
    } catch (err) {
      expect(err).toBeInstanceOf(SarifError);
      readerValid = false;
    }
    expect(readerValid).toBe(validate(doc) as boolean);
  });
});
