import { closeSync, openSync, ftruncateSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { readSarifFile, readSarifText, SarifError } from '../../shared/sarif/index.js';
import { SarifValidator } from '../../shared/sarif/read.js';
import type { ResultFacts } from '../../shared/sarif/model.js';
import { result, rule, run, sarif, tmp, writeJson } from './helpers.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof SarifError) return err.sarifCode;
    throw err;
  }
  return 'ok';
}

function errorOf(fn: () => unknown): SarifError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SarifError) return err;
    throw err;
  }
  throw new Error('expected a SarifError');
}

const tricky = sarif(
  run('Tricky "quoted" \\ tool', [rule('a/b', { defaultConfiguration: { level: 'error' } })], [
    result('a/b', { message: { text: 'quote \" backslash \\\\ brace { ] unicode \u00e9\u4e2d\ud83d\ude00 escape \\u0041 end\\' } }),
    result('a/b', { level: 'note', partialFingerprints: { 'x"y': 'v\\"w' } }),
  ]),
);

describe('the streaming SARIF scanner', () => {
  it('gives the same facts whatever the chunk boundaries (escapes, multi-byte UTF-8 split across chunks)', () => {
    const text = JSON.stringify(tricky, null, 1);
    const collect = (size: number) => {
      const facts: ResultFacts[] = [];
      const summary = readSarifText('t.sarif', text, { result: (_r, _i, f) => void facts.push(f) }, size);
      return { summary, facts };
    };
    const whole = collect(1 << 20);
    expect(whole.facts).toHaveLength(2);
    expect(whole.facts[0]!.message).toContain('quote " backslash \\\\ brace');
    expect(whole.facts[0]!.message).toContain('\ud83d\ude00');
    for (const size of [1, 2, 3, 5, 7, 13, 64]) expect(collect(size)).toEqual(whole);
  });

  it('property: any chunking of a generated SARIF document yields the same results', () => {
    const str = fc.string({ unit: 'binary', maxLength: 30 });
    const res = fc.record({ ruleId: str, message: fc.record({ text: str }), level: fc.constantFrom('none', 'note', 'warning', 'error') });
    fc.assert(
      fc.property(fc.array(res, { maxLength: 8 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), (results, size, pretty) => {
        const text = JSON.stringify(sarif(run('T', [], results)), null, pretty ? 2 : 0);
        const a: ResultFacts[] = [];
        const b: ResultFacts[] = [];
        readSarifText('p.sarif', text, { result: (_r, _i, f) => void a.push(f) });
        readSarifText('p.sarif', text, { result: (_r, _i, f) => void b.push(f) }, size);
        expect(b).toEqual(a);
        expect(a.map((f) => f.rule.id)).toEqual(results.map((r) => r.ruleId));
      }),
      { numRuns: 200 },
    );
  });

  it('property: no crash on any JSON — it is SARIF or a SarifError, never anything else', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 1, max: 50 }), (value, size) => {
        for (const text of [
          JSON.stringify(value),
          JSON.stringify({ version: '2.1.0', runs: value }),
          JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: value }] }),
          JSON.stringify({ version: '2.1.0', runs: [{ tool: value, results: [value] }] }),
        ]) {
          expect(['ok', 'sarif-syntax', 'sarif-shape', 'sarif-version', 'sarif-too-deep']).toContain(codeOf(() => readSarifText('f.sarif', text, {}, size)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: no crash on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(['ok', 'sarif-syntax', 'sarif-shape', 'sarif-version', 'sarif-too-deep']).toContain(codeOf(() => readSarifText('b.sarif', Buffer.from(bytes), {}, 7)));
      }),
      { numRuns: 300 },
    );
  });

  it('every truncation of a valid document is a syntax error, never a partial success', () => {
    const text = JSON.stringify(tricky);
    for (let cut = 0; cut < text.length; cut++) {
      const e = errorOf(() => readSarifText('cut.sarif', text.slice(0, cut)));
      expect(e.sarifCode).toBe('sarif-syntax');
      expect(e.message).toContain('cut.sarif');
    }
    expect(codeOf(() => readSarifText('whole.sarif', text))).toBe('ok');
  });

  it.each([
    ['wrong version', JSON.stringify({ version: '2.0.0', runs: [] }), 'sarif-version', 'version'],
    ['missing version', JSON.stringify({ runs: [] }), 'sarif-version', 'version'],
    ['numeric version', JSON.stringify({ version: 2.1, runs: [] }), 'sarif-version', 'version'],
    ['missing runs', JSON.stringify({ version: '2.1.0' }), 'sarif-shape', 'runs'],
    ['runs not an array', JSON.stringify({ version: '2.1.0', runs: {} }), 'sarif-shape', 'runs'],
    ['run not an object', JSON.stringify({ version: '2.1.0', runs: [3] }), 'sarif-shape', 'runs[0]'],
    ['run without tool', JSON.stringify({ version: '2.1.0', runs: [{ results: [] }] }), 'sarif-shape', 'runs[0].tool'],
    ['tool without driver name', JSON.stringify(sarif({ tool: { driver: {} }, results: [] })), 'sarif-shape', 'runs[0].tool.driver.name'],
    ['results not an array', JSON.stringify(sarif({ tool: { driver: { name: 't' } }, results: 'x' })), 'sarif-shape', 'runs[0].results'],
    ['result not an object', JSON.stringify(sarif(run('t', [], [[] as unknown as Record<string, unknown>]))), 'sarif-shape', 'runs[0].results[0]'],
    ['result without message', JSON.stringify(sarif(run('t', [], [{ ruleId: 'x' }]))), 'sarif-shape', 'runs[0].results[0].message'],
    ['bad level', JSON.stringify(sarif(run('t', [], [result('x', { level: 'critical' })]))), 'sarif-shape', 'runs[0].results[0].level'],
    ['bad kind', JSON.stringify(sarif(run('t', [], [result('x', { kind: 'failed' })]))), 'sarif-shape', 'runs[0].results[0].kind'],
    ['ruleIndex not an integer', JSON.stringify(sarif(run('t', [], [result('x', { ruleIndex: '0' })]))), 'sarif-shape', 'runs[0].results[0].ruleIndex'],
    ['startLine 0', JSON.stringify(sarif(run('t', [], [result('x', { locations: [{ physicalLocation: { region: { startLine: 0 } } }] })]))), 'sarif-shape', 'runs[0].results[0].locations[0].physicalLocation.region.startLine'],
    ['suppression without kind', JSON.stringify(sarif(run('t', [], [result('x', { suppressions: [{ status: 'accepted' }] })]))), 'sarif-shape', 'runs[0].results[0].suppressions[0].kind'],
    ['fingerprint not a string', JSON.stringify(sarif(run('t', [], [result('x', { partialFingerprints: { h: 1 } })]))), 'sarif-shape', 'runs[0].results[0].partialFingerprints.h'],
    ['rule default level invalid', JSON.stringify(sarif(run('t', [rule('x', { defaultConfiguration: { level: 'high' } })], []))), 'sarif-shape', 'runs[0].tool.driver.rules[0].defaultConfiguration.level'],
    ['invocation endTimeUtc not a date', JSON.stringify(sarif(run('t', [], [], { invocations: [{ executionSuccessful: true, endTimeUtc: 'yesterday' }] }))), 'sarif-shape', 'runs[0].invocations[0].endTimeUtc'],
    ['not JSON', 'version: 2.1.0', 'sarif-syntax', '$'],
    ['empty file', '', 'sarif-syntax', '$'],
    ['an array document', '[]', 'sarif-syntax', '$'],
    ['trailing data', `${JSON.stringify(sarif())} {}`, 'sarif-syntax', '$'],
    ['broken JSON inside a result', '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},"results":[{"message":{"text":"x"},}]}]}', 'sarif-syntax', 'runs[0].results[0]'],
    ['deep nesting', `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},"results":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}]}`, 'sarif-too-deep', 'runs[0].results[0]'],
  ])('%s: clear error (code, file and JSON path)', (_name, text, code, path) => {
    const e = errorOf(() => readSarifText('bad.sarif', text));
    expect(e.sarifCode).toBe(code);
    expect(e.file).toBe('bad.sarif');
    expect(e.problems[0]!.path).toBe(path);
    expect(e.message.startsWith(`bad.sarif: ${path}: `)).toBe(true);
    expect(e.code).toBe('input-invalid');
  });

  it('collects several problems of one file before giving up', () => {
    const doc = sarif(run('t', [], [result('x', { level: 'bad' }), result('y', { kind: 'bad' }), result('z', { baselineState: 'gone' })]));
    const e = errorOf(() => readSarifText('many.sarif', JSON.stringify(doc)));
    expect(e.problems.map((p) => p.path)).toEqual(['runs[0].results[0].level', 'runs[0].results[1].kind', 'runs[0].results[2].baselineState']);
  });

  it('accepts a UTF-8 byte order mark, runs: null, and results before tool (Semgrep/zizmor key order)', () => {
    expect(codeOf(() => readSarifText('bom.sarif', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(sarif()))])))).toBe('ok');
    expect(codeOf(() => readSarifText('null.sarif', '{"version":"2.1.0","runs":null}'))).toBe('ok');
    const reordered = `{"runs":[{"results":[${JSON.stringify(result('r'))}],"tool":{"driver":{"name":"late"}}}],"version":"2.1.0"}`;
    const s = readSarifText('order.sarif', reordered);
    expect(s).toMatchObject({ runs: 1, results: 1, tools: ['late'] });
  });

  it('refuses one value larger than the cap instead of buffering it', () => {
    const big = JSON.stringify(sarif(run('t', [], [result('x', { message: { text: 'y'.repeat(10_000) } })])));
    const v = new SarifValidator('big.sarif', {}, { maxValueBytes: 4096 });
    const e = errorOf(() => {
      for (let i = 0; i < big.length; i += 1000) v.write(Buffer.from(big.slice(i, i + 1000)));
    });
    expect(e.sarifCode).toBe('sarif-too-large');
    expect(v.scanner.bufferedBytes()).toBeLessThanOrEqual(4096 + 1000);
  });

  it('a 2 GB file that is not SARIF fails at its first byte, without reading it all', async () => {
    const dir = tmp();
    const file = join(dir, 'huge.sarif');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 2 * 1024 * 1024 * 1024); // sparse: 2 GB of zero bytes, no disk used
    closeSync(fd);
    const started = Date.now();
    await expect(readSarifFile(file, {})).rejects.toMatchObject({ sarifCode: 'sarif-syntax', file });
    expect(Date.now() - started).toBeLessThan(5000);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a missing file is an io error naming the file', async () => {
    await expect(readSarifFile('/nonexistent/x.sarif', {})).rejects.toMatchObject({ sarifCode: 'sarif-io', file: '/nonexistent/x.sarif' });
  });

  it('streams: 32 MB of results fed chunk by chunk never buffers more than one result', () => {
    const one = JSON.stringify(result('stream/rule', { partialFingerprints: { h: 'abc' } }));
    const perChunk = 200;
    const chunk = Buffer.from(Array.from({ length: perChunk }, () => `${one},`).join(''));
    const chunks = Math.ceil((32 * 1024 * 1024) / chunk.length);
    let seen = 0;
    const v = new SarifValidator('stream.sarif', { result: () => void seen++ });
    v.write(Buffer.from('{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"S"}},"results":['));
    const heapBefore = process.memoryUsage().heapUsed;
    let maxBuffered = 0;
    for (let i = 0; i < chunks; i++) {
      // Split each chunk at an odd place so values straddle chunk boundaries.
      v.write(chunk.subarray(0, 777));
      maxBuffered = Math.max(maxBuffered, v.scanner.bufferedBytes());
      v.write(chunk.subarray(777));
      maxBuffered = Math.max(maxBuffered, v.scanner.bufferedBytes());
    }
    v.write(Buffer.from(`${one}]}]}`));
    const s = v.end();
    expect(seen).toBe(chunks * perChunk + 1);
    expect(s.results).toBe(seen);
    expect(s.bytes).toBeGreaterThan(32 * 1024 * 1024);
    expect(maxBuffered).toBeLessThanOrEqual(one.length + 1);
    expect(v.scanner.chunks).toBe(2 * chunks + 2);
    // The heap does not grow with the input (32 MB went through).
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(24 * 1024 * 1024);
  });

  it('writes the file it read back into the summary', async () => {
    const dir = tmp();
    const file = writeJson(dir, 'a.sarif', sarif(run('T', [], [result('x'), result('y')])));
    await expect(readSarifFile(file, {})).resolves.toMatchObject({ file, runs: 1, results: 2, tools: ['T'] });
    rmSync(dir, { recursive: true, force: true });
  });
});
