#!/usr/bin/env node
// sign-artifact benchmark: streaming SHA-256 of one 1 GiB file, ours vs `openssl dgst -sha256`,
// side by side over several runs; plus peak RSS of our digest process. One JSON line per measurement.
// Usage: node bench/sign-artifact.bench.mjs [--size-mib 1024] [--runs 5]
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const sizeMiB = arg('size-mib', 1024);
const runs = arg('runs', 5);
const work = mkdtempSync(join(tmpdir(), 'cic-bench-sign-'));

function emit(m) {
  process.stdout.write(`${JSON.stringify(m)}\n`);
}

try {
  // Compile the library's digest module (tsc, NodeNext: emitted .js imports resolve as is).
  const lib = join(work, 'lib');
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--outDir', lib, '--rootDir', join(root, 'shared'), '--module', 'NodeNext', '--moduleResolution', 'NodeNext',
    '--target', 'ES2022', '--skipLibCheck', '--types', 'node', join(root, 'shared/artifacts/digest.ts')], { stdio: 'inherit' });
  writeFileSync(join(lib, 'package.json'), '{"type":"module"}');

  // 1 GiB of incompressible-looking data: one random 4 MiB block written repeatedly.
  const file = join(work, 'artifact.bin');
  const block = randomBytes(4 * 1024 * 1024);
  const fd = openSync(file, 'w');
  for (let written = 0; written < sizeMiB * 1024 * 1024; written += block.length) writeSync(fd, block);
  closeSync(fd);

  const child = `
    const { digestFile } = await import(${JSON.stringify(join(lib, 'artifacts/digest.js'))});
    const t = process.hrtime.bigint();
    const r = await digestFile(process.argv[1]);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    process.stdout.write(JSON.stringify({ ms, sha256: r.digest.sha256, maxRssKiB: process.resourceUsage().maxRSS }));
  `;
  const ours = () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', child, file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout);
  };
  const openssl = () => {
    const t = process.hrtime.bigint();
    const r = spawnSync('openssl', ['dgst', '-sha256', '-r', file], { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(r.stderr);
    return { ms, sha256: r.stdout.slice(0, 64) };
  };

  // Warm the page cache once so both read from memory, then alternate.
  openssl();
  const a = [];
  const b = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const o = ours();
    const s = openssl();
    if (o.sha256 !== s.sha256) throw new Error(`digest mismatch: ours ${o.sha256}, openssl ${s.sha256}`);
    a.push(o.ms);
    b.push(s.ms);
    rss = Math.max(rss, o.maxRssKiB);
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const mib = sizeMiB;
  const oursTp = mib / (median(a) / 1000);
  const sslTp = mib / (median(b) / 1000);
  emit({ name: 'sign-artifact.digest.sha256.throughput', value: +oursTp.toFixed(1), unit: 'MiB/s', reference: +sslTp.toFixed(1), ratio: +(oursTp / sslTp).toFixed(3), target: '>= 0.9 x openssl dgst -sha256', runs, sizeMiB: mib, oursMs: a.map(Math.round), opensslMs: b.map(Math.round) });
  emit({ name: 'sign-artifact.digest.peak-rss', value: +(rss / 1024).toFixed(1), unit: 'MiB', reference: 100, ratio: +(rss / 1024 / 100).toFixed(3), target: '<= 100 MiB', sizeMiB: mib });
} finally {
  rmSync(work, { recursive: true, force: true });
}
