#!/usr/bin/env node
// require-vault-secrets benchmark (Vault half): one full `run` — OIDC login, lookup-self, mount
// detection, three secret reads, masking, export — plus the `revoke` post step, against the
// Vault-wire test server on loopback. Reference: node-vault doing the bare calls (login, lookup,
// three reads, revoke-self) with no checks, masking or export. Target: ≤ 3× the bare client.
// Also: masking cost per value (the redactor behind every log line).
// The action is compiled with ncc (the same code the CLI bundles). One JSON line per measurement.
// The static-scan throughput figures belong to the scan benchmark of the scanner half.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 40;
const dir = mkdtempSync(join(tmpdir(), 'cic-vault-bench-'));
const emit = (o) => console.log(JSON.stringify(o));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const entry = join(ROOT, 'shared', 'vault', '.bench-entry.ts');
writeFileSync(entry, "export { default as action } from '../actions/require-vault-secrets.js';\nexport { Redactor } from '../platform/redact.js';\nexport { loadPolicyText } from '../policy/load.js';\nexport { resolveEnvironment, ruleSourceFor } from '../policy/resolve.js';\n");
try {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'), 'build', entry, '-o', dir, '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
} finally {
  rmSync(entry, { force: true });
}
const lib = await import(pathToFileURL(join(dir, 'index.js')).href);
const { startIssuer } = await import(pathToFileURL(join(ROOT, 'test', 'vault-server', 'issuer.mjs')).href);
const { startVaultServer } = await import(pathToFileURL(join(ROOT, 'test', 'vault-server', 'server.mjs')).href);
const nodeVault = createRequire(import.meta.url)('node-vault');

const AUD = 'https://vault.bench';
const issuer = await startIssuer();
const vault = await startVaultServer({
  auth: { jwt: { type: 'jwt', jwks_url: issuer.jwksUrl, roles: { ci: { bound_audiences: [AUD], bound_claims: { repository: 'acme/*' }, bound_claims_type: 'glob', token_policies: ['ci'], token_ttl: 300, token_explicit_max_ttl: 600 } } } },
  policies: { ci: { path: { 'secret/data/ci/*': { capabilities: ['read'] }, 'kv1/ci/*': { capabilities: ['read'] } } } },
  mounts: {
    secret: { type: 'kv', version: 2, data: { 'ci/app': { password: 'p4ss-word-123456', user: 'app' }, 'ci/config': { json: '{"a":1}', multi: 'line1\nline2\nline3' } } },
    kv1: { type: 'kv', version: 1, data: { 'ci/app': { token: 'tok-abcdef-0123456789' } } },
  },
});

try {
  const claims = { sub: 'repo:acme/app:ref:refs/heads/main', repository: 'acme/app' };
  const policyText = `version: 1\nenvironments:\n  prod:\n    secrets:\n      vault: { address: "${vault.url}", auth: { method: jwt, role: ci, audience: "${AUD}" }, max-ttl: 15m }\n`;
  const loaded = lib.loadPolicyText(policyText, 'ci-constraints.yml');
  const platform = () => {
    const redactor = new lib.Redactor();
    const state = {};
    const temp = mkdtempSync(join(dir, 'job-'));
    return {
      name: 'github',
      log: { info: (m) => redactor.redact(m), warning: () => {}, error: () => {}, debug: () => {} },
      input: (n) => ({ secrets: 'secret/ci/app password | DB_PASSWORD; secret/ci/config multi | MULTI; kv1/ci/app token | TOKEN', scan: 'false' })[n],
      mask: (v) => void redactor.add(v),
      setOutput: () => {},
      exportVariable: () => {},
      tempDir: () => temp,
      saveState: (k, v) => void (state[k] = v),
      getState: (k) => state[k],
      idToken: (aud) => issuer.sign(claims, { audience: aud }),
      variable: () => undefined,
    };
  };
  const request = (p) => ({ context: { platform: 'github' }, policy: loaded.policy, environment: 'prod', constraints: lib.resolveEnvironment(loaded.policy, 'prod'), ruleSource: lib.ruleSourceFor(loaded, 'prod'), platform: p, mode: 'enforce', now: new Date() });

  const ours = [];
  for (let i = 0; i < RUNS + 5; i++) {
    const p = platform();
    const t0 = performance.now();
    const out = await lib.action.commands.run(request(p));
    const post = await lib.action.commands.revoke(request(p));
    const ms = performance.now() - t0;
    if (out.checks.some((c) => c.status === 'fail') || post.checks[0].status !== 'pass') throw new Error('bench run denied: ' + JSON.stringify(out.checks.filter((c) => c.status === 'fail')));
    if (i >= 5) ours.push(ms);
  }
  const ref = [];
  for (let i = 0; i < RUNS + 5; i++) {
    const jwt = await issuer.sign(claims, { audience: AUD });
    const t0 = performance.now();
    const nv = nodeVault({ apiVersion: 'v1', endpoint: vault.url });
    await nv.jwtLogin({ role: 'ci', jwt });
    await nv.tokenLookupSelf();
    await nv.read('secret/data/ci/app');
    await nv.read('secret/data/ci/config');
    await nv.read('kv1/ci/app');
    await nv.tokenRevokeSelf();
    const ms = performance.now() - t0;
    if (i >= 5) ref.push(ms);
  }
  const o = median(ours);
  const r = median(ref);
  emit({ name: 'require-vault-secrets.run+revoke (login, lookup, 3 reads, mask, export, revoke)', value: +o.toFixed(2), unit: 'ms', reference: +r.toFixed(2), ratio: +(o / r).toFixed(2), target: '<= 3x node-vault bare calls' });

  // Masking: registering a value in every form, then redacting a 4 KiB log line against 50 values.
  const red = new lib.Redactor();
  const values = Array.from({ length: 50 }, (_, i) => `secret-value-${i}-${'x'.repeat(i % 20)}\nline2-${i}`);
  const t0 = performance.now();
  for (const v of values) red.add(v);
  const addUs = ((performance.now() - t0) * 1000) / values.length;
  const line = `log ${'lorem ipsum '.repeat(340)} ${values[7]}`;
  const N = 2000;
  const t1 = performance.now();
  for (let i = 0; i < N; i++) red.redact(line);
  const redactUs = ((performance.now() - t1) * 1000) / N;
  emit({ name: 'mask: register one value (all encodings)', value: +addUs.toFixed(2), unit: 'us', reference: null, ratio: null, target: '<= 100 us' });
  emit({ name: 'mask: redact a 4 KiB log line against 50 values', value: +redactUs.toFixed(2), unit: 'us', reference: null, ratio: null, target: '<= 1000 us' });
} finally {
  await vault.close();
  await issuer.close();
  rmSync(dir, { recursive: true, force: true });
}
