#!/usr/bin/env node
// ip-guard benchmark: check one address against 10,000 CIDR ranges (the size of GitHub's meta
// `actions` list), parsing included — the way ip-guard does it (strict parse, integer scan,
// node:net BlockList confirming the hit) — next to the naive reference of loading all 10,000
// ranges into one BlockList. Target: ≤ 5 ms. One JSON line per measurement.
// The library is compiled with ncc from shared/network (the same code the CLI bundles).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { BlockList } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 60;
const dir = mkdtempSync(join(tmpdir(), 'cic-ipguard-bench-'));
const emit = (o) => console.log(JSON.stringify(o));

try {
  const entry = join(ROOT, 'shared', 'network', '.bench-entry.ts');
  writeFileSync(entry, "export { AllowList } from './allowlist.js';\n");
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'), 'build', entry, '-o', dir, '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    rmSync(entry, { force: true });
  }
  const { AllowList } = await import(pathToFileURL(join(dir, 'index.js')).href);

  // 10,000 ranges shaped like GitHub meta `actions`: mostly IPv4 /16–/28, a quarter IPv6 /48–/64.
  const ranges = [];
  for (let i = 0; i < 10_000; i++) {
    if (i % 4 === 3) ranges.push(`2603:10${(i % 90).toString(16).padStart(2, '0')}:${((i * 7) % 65536).toString(16)}::/48`);
    else {
      const prefix = 16 + (i % 13);
      const v = ((20 + (i % 200)) * 2 ** 24 + ((i * 2654435761) % 2 ** 24)) >>> 0;
      const masked = prefix === 0 ? 0 : (v & (0xffffffff << (32 - prefix))) >>> 0;
      ranges.push(`${masked >>> 24}.${(masked >>> 16) & 255}.${(masked >>> 8) & 255}.${masked & 255}/${prefix}`);
    }
  }
  const last = ranges[ranges.length - 2]; // an IPv4 range near the end: the scan walks almost all of it
  const hit = last.split('/')[0];
  const miss = '192.0.2.77';

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = (fn) => {
    const samples = [];
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      fn();
      samples.push(performance.now() - t);
    }
    return { median: median(samples), best: Math.min(...samples) };
  };

  let ok = true;
  const ours = time(() => {
    const list = new AllowList([], [{ entries: ranges, source: 'bench' }]);
    if (list.match(hit)?.text !== last || list.match(miss) !== undefined) ok = false;
  });
  const reference = time(() => {
    const bl = new BlockList();
    for (const r of ranges) {
      const [net, p] = r.split('/');
      bl.addSubnet(net, Number(p), net.includes(':') ? 'ipv6' : 'ipv4');
    }
    if (!bl.check(hit, 'ipv4') || bl.check(miss, 'ipv4')) ok = false;
  });
  const lookupOnly = (() => {
    const list = new AllowList([], [{ entries: ranges, source: 'bench' }]);
    return time(() => {
      list.match(hit);
      list.match(miss);
    });
  })();
  if (!ok) throw new Error('wrong match result: the benchmark is not measuring a working check');
  const r3 = (x) => Math.round(x * 1000) / 1000;
  // reference: the same work with all 10,000 ranges loaded into one node:net BlockList.
  emit({ name: 'ip-guard: parse 10,000 ranges + check 2 addresses (median of 60)', value: r3(ours.median), unit: 'ms', reference: r3(reference.median), ratio: r3(ours.median / reference.median), target: 5 });
  emit({ name: 'ip-guard: parse 10,000 ranges + check 2 addresses (best of 60)', value: r3(ours.best), unit: 'ms', reference: r3(reference.best), ratio: r3(ours.best / reference.best), target: 5 });
  emit({ name: 'ip-guard: check 2 addresses against 10,000 parsed ranges (median of 60)', value: r3(lookupOnly.median), unit: 'ms', reference: null, ratio: null, target: 5 });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
