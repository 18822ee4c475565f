// `npm run demo`: runs the bundled CLI on the built-in example contexts against the example
// policy, with no network and no setup, and prints each decision with its reasons. What must not
// be committed (a signing key, a leaked credential) is made in a temporary directory at run time.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demo = JSON.parse(readFileSync(join(root, 'examples/demo.json'), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'ci-constraints-demo-'));

function prepare() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(join(tmp, 'signing-key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(join(tmp, 'signing-key.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  mkdirSync(join(tmp, 'release'));
  writeFileSync(join(tmp, 'release/app-1.0.0.txt'), 'app 1.0.0: the release the demo signs\n');
  // A repository with a (random, never valid) AWS key pair committed in a config file.
  mkdirSync(join(tmp, 'repo/config'), { recursive: true });
  const alnum = (n) => [...randomBytes(n)].map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b % 32]).join('');
  writeFileSync(join(tmp, 'repo/README.md'), '# service\n');
  writeFileSync(join(tmp, 'repo/config/deploy.env'), `AWS_ACCESS_KEY_ID=AKIA${alnum(16)}\nAWS_SECRET_ACCESS_KEY=${randomBytes(30).toString('base64')}\n`);
}

const fill = (s) => s.replaceAll('{tmp}', tmp);
let unexpected = 0;
try {
  prepare();
  for (const run of demo.runs) {
    if (run.before?.append) appendFileSync(fill(run.before.append), run.before.text);
    const args = [run.action, ...(run.command ? [run.command] : []), '--policy', demo.policy, '--environment', run.environment, '--context', run.context, '--platform', 'local', '--verbose', ...(run.args ?? []).map(fill)];
    console.log(`\n── ${run.title}\n$ ci-constraints ${args.join(' ').replaceAll(tmp, '$DEMO')}`);
    const res = spawnSync(process.execPath, [join(root, 'dist/cli.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: process.stdout.isTTY ? '' : '1' } });
    process.stdout.write(res.stdout.replaceAll(tmp, '$DEMO'));
    process.stderr.write(res.stderr.replaceAll(tmp, '$DEMO'));
    const decision = res.status === 0 ? 'allow' : res.status === 1 ? 'deny' : `error (exit ${res.status})`;
    const ok = decision === run.expect;
    if (!ok) unexpected++;
    console.log(`=> ${decision} (exit ${res.status})${ok ? '' : `  UNEXPECTED: the demo expects ${run.expect}`}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`\n${demo.runs.length - unexpected} of ${demo.runs.length} demo runs decided as expected`);
process.exitCode = unexpected === 0 ? 0 : 1;
