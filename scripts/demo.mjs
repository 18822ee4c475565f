// `npm run demo`: runs the bundled CLI on the built-in example contexts against the example
// policy, with no network and no setup, and prints each decision with its reasons.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demo = JSON.parse(readFileSync(join(root, 'examples/demo.json'), 'utf8'));
let unexpected = 0;
for (const run of demo.runs) {
  console.log(`\n── ${run.title}\n$ ci-constraints ${run.action} --environment ${run.environment} --context ${run.context}`);
  const args = [join(root, 'dist/cli.js'), run.action, '--policy', demo.policy, '--environment', run.environment, '--context', run.context, '--platform', 'local', '--verbose', ...(run.args ?? [])];
  const res = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: process.stdout.isTTY ? '' : '1' } });
  process.stdout.write(res.stdout);
  process.stderr.write(res.stderr);
  const decision = res.status === 0 ? 'allow' : res.status === 1 ? 'deny' : `error (exit ${res.status})`;
  const ok = decision === run.expect;
  if (!ok) unexpected++;
  console.log(`=> ${decision} (exit ${res.status})${ok ? '' : `  UNEXPECTED: the demo expects ${run.expect}`}`);
}
console.log(`\n${demo.runs.length - unexpected} of ${demo.runs.length} demo runs decided as expected`);
process.exitCode = unexpected === 0 ? 0 : 1;
