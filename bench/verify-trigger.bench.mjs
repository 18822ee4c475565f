#!/usr/bin/env node
// verify-trigger benchmark: the bundled action (dist/verify-trigger.js, `npm run build` first)
// started the way the runner starts it, in a clean environment (`env -i` + the runner's
// variables), side by side with `node -e 0` under the same `env -i`:
//   1. a decision without API calls (events, refs, forks, actors by user, charset, workflow,
//      runner, freeze windows) — target ratio ≤ 3.5;
//   2. a decision that needs 10 GitHub API lookups (2 identities × (3 teams + permission), and
//      branch protection: branch + rules), answered by a loopback server — target ratio ≤ 5.
// Interleaved pairs (see sideBySide). One JSON line per measurement.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUILT = join(ROOT, 'dist', 'verify-trigger.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const WARMUP = 5;
const emit = (o) => console.log(JSON.stringify(o));
if (!existsSync(BUILT)) {
  console.error('dist/verify-trigger.js is missing: run `npm run build` first');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'cic-vt-bench-'));
// Measure a private copy of the bundle, so a rebuild of dist/ meanwhile cannot disturb the runs.
cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
const BUNDLE = join(dir, 'dist', 'verify-trigger.js');
const SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';

// A real push payload (api.github.com examples) and a policy exercising the offline rules.
const examples = JSON.parse(readFileSync(join(ROOT, 'node_modules/@octokit/webhooks-examples/api.github.com/index.json'), 'utf8'));
writeFileSync(join(dir, 'event.json'), JSON.stringify(examples.find((g) => g.name === 'push').examples[0]));
writeFileSync(
  join(dir, 'policy.yml'),
  `version: 1
roles:
  owner: { users: [Codertocat] }
  release: { teams: [acme/one, acme/two, acme/three] }
  writers: { permission: write }
environments:
  offline:
    trigger:
      events: [push, workflow_dispatch]
      refs: [refs/heads/main, "refs/tags/v*"]
      forks: deny
      actors: [owner]
      workflows: [.github/workflows/deploy.yml]
      runner: { kinds: [hosted] }
      freeze:
        - { name: weekend, days: [sat, sun], from: "00:00", to: "23:59", timezone: Europe/Berlin }
        - { name: year-end, from: "2030-12-20T00:00:00Z", to: "2031-01-04T00:00:00Z" }
  online:
    trigger:
      events: [push]
      refs: [refs/heads/main]
      actors: [release, writers]
      protected-ref: required
`,
);

// The loopback GitHub API: 2 logins × (3 team memberships + permission) + branch + rules = 10 requests.
let served = 0;
const server = createServer((req, res) => {
  served++;
  const url = req.url ?? '';
  let body = { message: 'Not Found' };
  let status = 404;
  if (url.endsWith('/permission')) [status, body] = [200, { permission: 'write', role_name: 'write' }];
  else if (url.includes('/memberships/')) [status, body] = [200, { state: 'active' }];
  else if (url.endsWith('/branches/main')) [status, body] = [200, { protected: true }];
  else if (url.includes('/rules/branches/')) [status, body] = [200, []];
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const apiUrl = `http://127.0.0.1:${server.address().port}`;

function runnerEnv(environment, extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: SHA,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_ACTOR: 'Codertocat',
    GITHUB_TRIGGERING_ACTOR: 'Codertocat',
    GITHUB_WORKFLOW_REF: 'Codertocat/Hello-World/.github/workflows/deploy.yml@refs/heads/main',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'bench',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: apiUrl,
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    INPUT_POLICY: join(dir, 'policy.yml'),
    INPUT_ENVIRONMENT: environment,
    INPUT_MODE: 'enforce',
    'INPUT_POLICY-SOURCE': 'local',
    ...extra,
  };
}
for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '');

const envArgs = (env) => Object.entries(env).map(([k, v]) => `${k}=${v}`);
const runOnce = (env, args) =>
  new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const child = spawn('env', ['-i', ...envArgs(env), process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 || code === 1 ? resolve({ ms: Number(process.hrtime.bigint() - t) / 1e6, code }) : reject(new Error(`exit ${code}: ${err}`))));
  });

/**
 * Side by side: ours and `node -e 0` in interleaved pairs, the order swapped every round, so a
 * machine that speeds up or slows down during the run (shared cores, other load) moves both
 * alike. Timing each in its own block, as hyperfine does, let the ratio swing by ±20% here.
 */
async function sideBySide(env, args) {
  const ours = [];
  const ref = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const pair = i % 2 === 0 ? [args, ['-e', '0']] : [['-e', '0'], args];
    const [a, b] = [await runOnce(env, pair[0]), await runOnce(env, pair[1])];
    if (i < WARMUP) continue;
    (i % 2 === 0 ? ours : ref).push(a.ms);
    (i % 2 === 0 ? ref : ours).push(b.ms);
  }
  const q = (xs, p) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) * p)];
  return { ours: q(ours, 0.5), ref: q(ref, 0.5), spread: `ours p25–p75 ${q(ours, 0.25).toFixed(1)}–${q(ours, 0.75).toFixed(1)} ms, node -e 0 ${q(ref, 0.25).toFixed(1)}–${q(ref, 0.75).toFixed(1)} ms` };
}

const r3 = (x) => Math.round(x * 1000) / 1000;
const label = `node ${process.version}, ${RUNS} interleaved pairs, medians, env -i`;

try {
  // Correctness first: a benchmark of a broken decision measures nothing.
  const offline = runnerEnv('offline');
  const probe = await runOnce(offline, [BUNDLE]);
  const outputs = readFileSync(join(dir, 'output'), 'utf8');
  if (probe.code !== 0 || !outputs.includes('allow')) throw new Error(`the offline decision is not an allow (exit ${probe.code})`);
  const online = runnerEnv('online', { GITHUB_ACTOR: 'bob', GITHUB_TRIGGERING_ACTOR: 'carol', 'INPUT_GITHUB-TOKEN': 'bench-token' });
  served = 0;
  const probe2 = await runOnce(online, [BUNDLE]);
  if (probe2.code !== 0 || served !== 10) throw new Error(`the online decision made ${served} API requests (want 10) and exited ${probe2.code}`);

  const a = await sideBySide(offline, [BUNDLE]);
  emit({ name: `verify-trigger: decision without API calls vs node -e 0 (${label})`, value: r3(a.ours), unit: 'ms', reference: r3(a.ref), ratio: r3(a.ours / a.ref), target: 3.5, note: a.spread });
  served = 0;
  const b = await sideBySide(online, [BUNDLE]);
  // Every timed run (and warm-up) must really have made its 10 lookups.
  if (served !== 10 * (RUNS + WARMUP)) throw new Error(`expected ${10 * (RUNS + WARMUP)} API requests during the measurement, saw ${served}`);
  emit({ name: `verify-trigger: decision with 10 API lookups on loopback vs node -e 0 (${label})`, value: r3(b.ours), unit: 'ms', reference: r3(b.ref), ratio: r3(b.ours / b.ref), target: 5, note: b.spread });
} finally {
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
