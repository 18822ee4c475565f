#!/usr/bin/env node
// security-gate benchmark: generate a 100 MB SARIF file, count it with the gate and with
// `jq '[.runs[].results[]] | length'`, side by side (alternating, best of BENCH_ROUNDS=3); report wall
// time, CPU time and peak RSS of each.
// Prints one JSON line per measurement. Optional: BENCH_GATE_1GB=1 also streams a 1 GB file (gate
// only; BENCH_GATE_1GB_JQ=1 adds jq, which needs ~9 GB of memory for it).
//
// The gate is measured through the built CLI (dist/cli.js) when it exists, else through a tiny
// entry compiled with ncc from shared/sarif (the same code the CLI bundles).
import { spawnSync, execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'cic-gate-bench-'));
const emit = (o) => console.log(JSON.stringify(o));

/** A realistic SARIF log: one run, 400 rules with security-severity, results with locations, fingerprints, code flows now and then. */
async function generate(file, targetBytes) {
  const out = createWriteStream(file, { highWaterMark: 4 << 20 });
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  const rules = [];
  for (let i = 0; i < 400; i++) {
    rules.push({
      id: `bench/rule-${i}`,
      name: `BenchRule${i}`,
      shortDescription: { text: `Benchmark rule number ${i}` },
      fullDescription: { text: `A longer description of benchmark rule ${i}, as real tools write them.` },
      defaultConfiguration: { level: ['error', 'warning', 'note'][i % 3] },
      properties: { tags: ['security', `cwe-${i}`], precision: 'high', 'security-severity': String((i % 100) / 10) },
    });
  }
  await write(`{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"BenchScanner","version":"1.0.0","rules":${JSON.stringify(rules)}}},`);
  await write(`"invocations":[{"executionSuccessful":true,"endTimeUtc":"${new Date().toISOString()}"}],"results":[\n`);
  let bytes = 0;
  let n = 0;
  while (bytes < targetBytes) {
    const r = n % 400;
    const result = {
      ruleId: `bench/rule-${r}`,
      ruleIndex: r,
      ...(n % 7 === 0 ? { level: 'error' } : {}),
      ...(n % 50 === 0 ? { suppressions: [{ kind: 'inSource', justification: 'reviewed' }] } : {}),
      message: { text: `Possible problem number ${n} found in "src/module${n % 997}/file${n % 31}.ts" — data flows from request to sink without sanitisation.` },
      locations: [{ physicalLocation: { artifactLocation: { uri: `src/module${n % 997}/file${n % 31}.ts`, uriBaseId: '%SRCROOT%' }, region: { startLine: (n % 900) + 1, startColumn: 5, endColumn: 42, snippet: { text: `const value = input[${n}];` } } } }],
      partialFingerprints: { primaryLocationLineHash: `${(n * 2654435761 >>> 0).toString(16)}:1` },
      ...(n % 20 === 0
        ? { codeFlows: [{ threadFlows: [{ locations: [1, 2, 3].map((k) => ({ location: { physicalLocation: { artifactLocation: { uri: `src/flow${k}.ts` }, region: { startLine: k * 10 } }, message: { text: `step ${k}` } } })) }] }] }
        : {}),
    };
    const s = `${n === 0 ? '' : ',\n'}${JSON.stringify(result, null, n % 2 === 0 ? 0 : 1)}`;
    bytes += Buffer.byteLength(s);
    n++;
    await write(s);
  }
  await write(`\n]}]}\n`);
  await new Promise((r) => out.end(r));
  return n;
}

/** Run a command, returning wall ms and peak RSS (KiB) via /usr/bin/time -v when present. */
function measure(cmd, args, opts = {}) {
  const haveTime = existsSync('/usr/bin/time');
  const start = process.hrtime.bigint();
  const res = haveTime
    ? spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, ...opts })
    : spawnSync(process.execPath, ['-e', `const r=require('child_process').spawnSync(${JSON.stringify(cmd)},${JSON.stringify(args)},{stdio:'inherit'});console.error('Maximum resident set size (kbytes): '+process.resourceUsage().maxRSS);process.exit(r.status)`], { encoding: 'utf8', ...opts });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(res.stderr ?? '');
  const user = /User time \(seconds\): ([\d.]+)/.exec(res.stderr ?? '');
  const sys = /System time \(seconds\): ([\d.]+)/.exec(res.stderr ?? '');
  const cpuMs = user && sys ? (Number(user[1]) + Number(sys[1])) * 1000 : NaN;
  return { ms, cpuMs, rssKiB: m ? Number(m[1]) : NaN, status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Alternate the two commands `rounds` times (so both see the same machine load); keep each one's best run. */
function bestOf(rounds, a, b) {
  let bestA;
  let bestB;
  for (let i = 0; i < rounds; i++) {
    const ra = a();
    const rb = b();
    if (!bestA || ra.ms < bestA.ms) bestA = { ...ra, rssKiB: Math.max(ra.rssKiB, bestA?.rssKiB ?? 0) };
    else bestA.rssKiB = Math.max(bestA.rssKiB, ra.rssKiB);
    if (!bestB || rb.ms < bestB.ms) bestB = { ...rb, rssKiB: Math.max(rb.rssKiB, bestB?.rssKiB ?? 0) };
    else bestB.rssKiB = Math.max(bestB.rssKiB, rb.rssKiB);
  }
  return [bestA, bestB];
}

function gateCommand(sarifFile) {
  const cli = join(ROOT, 'dist', 'cli.js');
  const policy = join(dir, 'policy.yml');
  writeFileSync(policy, 'version: 1\nenvironments:\n  bench:\n    gate:\n      sarif: { max: { critical: 100000000 } }\n');
  const probe = join(dir, 'probe.sarif');
  writeFileSync(probe, '{"version":"2.1.0","runs":[]}');
  const cliWorks = () =>
    spawnSync(process.execPath, [cli, 'security-gate', '--policy', policy, '--environment', 'bench', '--mode', 'audit', '--sarif', probe], { encoding: 'utf8' }).status === 0;
  if (existsSync(cli) && !process.env.BENCH_GATE_LIBRARY && cliWorks()) {
    return { how: 'dist/cli.js security-gate', cmd: process.execPath, args: [cli, 'security-gate', '--policy', policy, '--environment', 'bench', '--mode', 'audit', '--format', 'json', '--sarif', sarifFile] };
  }
  const entryDir = join(dir, 'entry');
  const entry = join(ROOT, 'bench', '.security-gate-entry.ts');
  writeFileSync(
    entry,
    `import { analyzeSarif } from '../shared/sarif/index.js';\n` +
      `void analyzeSarif({ files: [process.argv[2]!], policy: {}, now: new Date() }).then((facts) => {\n` +
      `  if (facts.invalid.length) { console.error(JSON.stringify(facts.invalid)); process.exit(1); }\n` +
      `  console.log(JSON.stringify({ results: facts.totals.results, counted: facts.totals.counted }));\n` +
      `});\n`,
  );
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'), 'build', entry, '-o', entryDir, '-q', '-t'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    rmSync(entry, { force: true });
  }
  return { how: 'shared/sarif via an ncc entry (the CLI does not run security-gate yet)', cmd: process.execPath, args: [join(entryDir, 'index.js'), sarifFile] };
}

async function compare(label, bytes, withJq = true) {
  const file = join(dir, `${label}.sarif`);
  const n = await generate(file, bytes);
  const size = statSync(file).size;
  // jq holds the whole document in memory (~9x the file): skip it for 1 GB unless asked.
  const gate = gateCommand(file);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const noJq = () => ({ status: null, ms: NaN, cpuMs: NaN, rssKiB: NaN, stdout: '' });
  const [jq, g] = bestOf(withJq ? rounds : 1, () => (withJq ? measure('jq', ['[.runs[].results[]] | length', file]) : noJq()), () => measure(gate.cmd, gate.args));
  if (g.status !== 0) throw new Error(`gate failed: ${g.stderr}`);
  if (jq.status === 0 && Number(jq.stdout.trim()) !== n) throw new Error(`jq counted ${jq.stdout.trim()}, generated ${n}`);
  emit({ name: `security-gate ${label} SARIF wall time (${n} results, ${gate.how})`, value: Math.round(g.ms), unit: 'ms', reference: jq.status === 0 ? Math.round(jq.ms) : null, ratio: jq.status === 0 ? +(g.ms / jq.ms).toFixed(3) : null, target: 1 });
  emit({ name: `security-gate ${label} SARIF CPU time (user+sys)`, value: Math.round(g.cpuMs), unit: 'ms', reference: withJq ? Math.round(jq.cpuMs) : null, ratio: withJq ? +(g.cpuMs / jq.cpuMs).toFixed(3) : null, target: 1 });
  emit({ name: `security-gate ${label} SARIF peak RSS / file size (${(size / 1048576).toFixed(0)} MiB file)`, value: Math.round(g.rssKiB / 1024), unit: 'MiB', reference: Math.round(size / 1048576), ratio: +((g.rssKiB * 1024) / size).toFixed(3), target: 3 });
  if (withJq) emit({ name: `jq ${label} SARIF peak RSS (reference)`, value: Math.round(jq.rssKiB / 1024), unit: 'MiB', reference: Math.round(size / 1048576), ratio: +((jq.rssKiB * 1024) / size).toFixed(3), target: null });
  rmSync(file, { force: true });
}

try {
  await compare('100MB', 100 * 1024 * 1024);
  if (process.env.BENCH_GATE_1GB) await compare('1GB', 1024 * 1024 * 1024, Boolean(process.env.BENCH_GATE_1GB_JQ));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
