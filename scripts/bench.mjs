// `npm run bench`: runs every bench/*.bench.mjs (or those named on the command line) one after
// another, so they never compete for the two cores, and prints their JSON-line measurements as a
// table. Benchmarks measure the committed bundle (dist/) side by side with a named reference.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
const rows = [];
let failed = 0;
for (const file of benches) {
  console.error(`── ${file}`);
  const res = spawnSync(process.execPath, [join(root, 'bench', file)], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 60 * 60 * 1000 });
  if (res.status !== 0) failed++;
  for (const line of res.stdout.split('\n')) {
    if (!line.trim().startsWith('{')) {
      if (line.trim()) console.error(line);
      continue;
    }
    try {
      rows.push({ bench: file.replace('.bench.mjs', ''), ...JSON.parse(line) });
    } catch {
      console.error(line);
    }
  }
}
const fmt = (v) => (typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : (v ?? ''));
console.log('\n| bench | measurement | value | unit | reference | ratio | target |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.bench} | ${r.name} | ${fmt(r.value)} | ${r.unit ?? ''} | ${typeof r.reference === 'object' ? JSON.stringify(r.reference) : fmt(r.reference)} | ${fmt(r.ratio)} | ${r.target ?? ''} |`);
process.exitCode = failed ? 1 : 0;
