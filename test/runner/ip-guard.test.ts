// ip-guard through the shipped bundle: `node dist/ip-guard.js` and `dist/ip-guard-post.js` under the
// GitHub runner contract, and `node dist/cli.js ip-guard [report]`. Location checks against this
// machine's real interface addresses and against echo endpoints served here on loopback. No
// firewall rule is ever installed on this host: policies here have no egress list, or the steps
// run as an unprivileged user with `egress-enforcement: best-effort` (real enforcement is tested in
// network namespaces by test/network).
import { chmodSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { dist, Job, runCli } from './harness.js';

/** The addresses ip-guard judges for `check: local`: every interface address but loopback and link-local. */
function runnerAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv6' && /^fe[89ab]/i.test(a.address)) continue;
      if (a.family === 'IPv4' && a.address.startsWith('169.254.')) continue;
      out.push(a.address.replace(/%.*$/, ''));
    }
  }
  return out;
}
const ADDRESSES = runnerAddresses();
const hostRange = (a: string) => (a.includes(':') ? `${a}/128` : `${a}/32`);

/** Echo endpoints on loopback (plain http is accepted for loopback hosts): path → body. */
let echo: Server;
let base: string;
const ANSWERS: Record<string, { body: string; type?: string }> = {
  '/a': { body: '203.0.113.7\n' },
  '/b': { body: '203.0.113.7' },
  '/c': { body: '198.51.100.9\n' },
  '/portal': { body: '<html><body>Please log in</body></html>', type: 'text/html' },
};
beforeAll(async () => {
  if (ADDRESSES.length === 0) throw new Error('this machine has no non-loopback interface address: the check: local tests need one');
  echo = createServer((req, res) => {
    const a = ANSWERS[req.url ?? ''];
    res.writeHead(a ? 200 : 404, { 'content-type': a?.type ?? 'text/plain' });
    res.end(a?.body ?? 'not found');
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});
afterAll(async () => {
  echo.closeAllConnections?.();
  await new Promise((r) => echo.close(r));
});

const POLICY = () => `version: 1
environments:
  inside:
    network:
      allow: [${ADDRESSES.map((a) => JSON.stringify(hostRange(a))).join(', ')}]
      check: local
  outside:
    network:
      lists:
        office: [198.51.100.0/24, "2001:db8:10::/48"]
      allow: [office]
      check: local
  egress:
    network:
      allow: [203.0.113.0/24]
  both:
    network:
      allow: [203.0.113.0/24, ${ADDRESSES.map((a) => JSON.stringify(hostRange(a))).join(', ')}]
      check: both
  with-egress:
    network:
      allow: [203.0.113.0/24]
      check: egress
      egress: ["203.0.113.10:443", "198.51.100.0/24:5432"]
      egress-enforcement: best-effort
`;

function newJob(): Job {
  const job = new Job();
  job.write('ci-constraints.yml', POLICY());
  return job;
}

const statuses = (checks: { rule: string; status: string }[], rule: string) => checks.filter((c) => c.rule === rule).map((c) => c.status);

describe('ip-guard check: local against this runner\'s interface addresses', () => {
  it('ranges that include every interface address: exit 0, allow network.allow, outputs name addresses and ranges', async () => {
    const job = newJob();
    const r = await job.step('ip-guard', { environment: 'inside' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ decision: 'allow', violations: '0', 'egress-ip': '' });
    expect(r.outputs.addresses!.split(',').sort()).toEqual([...ADDRESSES].sort());
    expect(r.outputs['matched-ranges']!.split(',').sort()).toEqual(ADDRESSES.map(hostRange).sort());
    expect(statuses(r.report!.checks, 'network.allow')).toEqual(ADDRESSES.map(() => 'pass'));
    expect(r.failed).toEqual([]);
    expect(r.summary).toContain('#### Runner location');
    for (const a of ADDRESSES) expect(r.summary).toContain(`| ${a} | interface `);
  });

  it('ranges that exclude them: exit 1, deny network.allow naming each address, error annotations', async () => {
    const job = newJob();
    const r = await job.step('ip-guard', { environment: 'outside' });
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ decision: 'deny', violations: String(ADDRESSES.length), 'matched-ranges': '' });
    expect(r.failed).toEqual(['network.allow']);
    const failed = r.report!.checks.filter((c) => c.status === 'fail');
    expect(failed.map((c) => c.seen).sort()).toEqual([...ADDRESSES].sort());
    expect(r.stdout).toMatch(/^::error title=ci-constraints ip-guard%3A network\.allow::/m);
    expect(r.summary).toContain('**none**');
  });

  it('the post step reports: nothing was installed (no egress list), exit 0', async () => {
    const job = newJob();
    const main = await job.step('ip-guard', { environment: 'inside' });
    expect(main.state).toEqual({});
    const post = await job.step('ip-guard-post', { environment: 'inside' }, { state: main.state });
    expect(post.code).toBe(0);
    expect(post.outputs.decision).toBe('allow');
    expect(post.report!.checks.map((c) => `${c.rule}:${c.status}`)).toEqual(['network.egress-attempts:skip']);
    expect(post.failed).toEqual([]);
  });
});

describe('ip-guard egress address from echo endpoints on loopback (echo-endpoints input)', () => {
  it('two endpoints agree on an approved address: exit 0, allow, egress-ip output', async () => {
    const job = newJob();
    const r = await job.step('ip-guard', { environment: 'egress', 'echo-endpoints': `${base}/a ${base}/b` });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ decision: 'allow', 'egress-ip': '203.0.113.7', addresses: '203.0.113.7', 'matched-ranges': '203.0.113.0/24' });
    expect(statuses(r.report!.checks, 'network.egress-lookup')).toEqual(['pass', 'pass']);
    expect(statuses(r.report!.checks, 'network.egress-ip-disagree')).toEqual(['pass']);
    expect(statuses(r.report!.checks, 'network.allow')).toEqual(['pass']);
    expect(r.failed).toEqual([]);
  });

  it('the endpoints disagree: exit 1, deny network.egress-ip-disagree (and the address is unknown: network.allow)', async () => {
    const job = newJob();
    const r = await job.step('ip-guard', { environment: 'egress', 'echo-endpoints': `${base}/a,${base}/c` });
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ decision: 'deny', 'egress-ip': '' });
    expect(r.failed).toEqual(['network.allow', 'network.egress-ip-disagree']);
    const disagree = r.report!.checks.find((c) => c.rule === 'network.egress-ip-disagree')!;
    expect(disagree.message).toContain('203.0.113.7');
    expect(disagree.message).toContain('198.51.100.9');
  });

  it('one endpoint answers a captive-portal page: exit 1, deny network.egress-lookup', async () => {
    const job = newJob();
    const r = await job.step('ip-guard', { environment: 'egress', 'echo-endpoints': `${base}/a ${base}/portal` });
    expect(r.code).toBe(1);
    expect(r.failed).toEqual(['network.allow', 'network.egress-ip-disagree', 'network.egress-lookup']);
    expect(r.report!.checks.find((c) => c.rule === 'network.egress-lookup' && c.status === 'fail')!.message).toMatch(/HTML/);
  });

  it('check: both — echo agrees and every interface address is approved: allow', async () => {
    const job = newJob();
    const r = await job.step('ip-guard', { environment: 'both', 'echo-endpoints': `${base}/a ${base}/b` });
    expect(r.code).toBe(0);
    expect(r.outputs.addresses!.split(',').sort()).toEqual(['203.0.113.7', ...ADDRESSES].sort());
    expect(statuses(r.report!.checks, 'network.allow')).toEqual(Array(ADDRESSES.length + 1).fill('pass'));
  });
});

describe('ip-guard through the CLI', () => {
  it('an invalid CIDR in the policy: exit 2 naming the entry, its policy path and line', async () => {
    const job = newJob();
    job.write('bad.yml', 'version: 1\nenvironments:\n  production:\n    network:\n      allow:\n        - 203.0.113.0/24\n        - 10.0.0.1/8\n      check: local\n');
    const r = await job.cli(['ip-guard', '--environment', 'production', '--policy', 'bad.yml']);
    expect(r.code).toBe(2);
    expect(r.failed).toEqual(['config.error']);
    const message = r.report!.checks[0]!.message;
    expect(message).toContain('"10.0.0.1/8" (environments.production.network.allow[1] at bad.yml:7:11)');
    expect(message).toMatch(/10\.0\.0\.0\/8/);
    expect(r.stdout).toMatch(/^::error title=ci-constraints ip-guard%3A config\.error::"10\.0\.0\.1\/8"/m);
  });

  it('an invalid egress entry: exit 2 naming its line', async () => {
    const job = newJob();
    job.write('bad.yml', 'version: 1\nenvironments:\n  production:\n    network:\n      egress:\n        - "api.github.com:443"\n        - "registry.*.org:443"\n');
    const r = await job.cli(['ip-guard', '--environment', 'production', '--policy', 'bad.yml']);
    expect(r.code).toBe(2);
    expect(r.failed).toEqual(['config.error']);
    expect(r.report!.checks[0]!.message).toContain('environments.production.network.egress[1] at bad.yml:7:11');
  });

  it('check: local via the CLI on the local platform: allow, and report (the GitLab/CircleCI post command) exits 0', async () => {
    const job = newJob();
    const local = { PATH: process.env.PATH ?? '', HOME: job.root, TMPDIR: job.runnerTemp };
    spawnSync('git', ['init', '-q'], { cwd: job.workspace });
    spawnSync('git', ['-c', 'user.email=ci@example.test', '-c', 'user.name=ci', 'commit', '-q', '--allow-empty', '-m', 'init'], { cwd: job.workspace });
    const r = await runCli(['ip-guard', '--environment', 'inside', '--format', 'json'], local, job.workspace);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ action: 'ip-guard', decision: 'allow' });
    expect(statuses(r.report!.checks, 'network.allow')).toEqual(ADDRESSES.map(() => 'pass'));
    const report = await runCli(['ip-guard', 'report', '--environment', 'inside'], local, job.workspace);
    expect(report.code).toBe(0);
    expect(report.report!.checks.map((c) => `${c.rule}:${c.status}`)).toEqual(['network.egress-attempts:skip']);
  });
});

describe('ip-guard egress allowlist where it cannot be enforced (an unprivileged runner)', () => {
  it('post step without the main step\'s state (policy has egress): exit 1, deny network.egress-attempts', async () => {
    const job = newJob();
    const post = await job.step('ip-guard-post', { environment: 'with-egress' });
    expect(post.code).toBe(1);
    expect(post.failed).toEqual(['network.egress-attempts']);
    expect(post.report!.checks[0]!.message).toMatch(/left no state/);
  });

  // Runs the steps as `nobody`: no root, no sudo, so no rule can reach this host's firewall.
  const asRoot = process.getuid?.() === 0;
  (asRoot ? it : it.skip)('best-effort: main step allows with NOT ENFORCED, hands its state to the post step, which reports NOT ENFORCED', async () => {
    const job = newJob();
    const nobody = { uid: 65534, gid: 65534 };
    job.shareWithAnyUser();
    chmodSync(dirname(dist()), 0o755);
    const main = await job.step('ip-guard', { environment: 'with-egress', 'echo-endpoints': `${base}/a ${base}/b` }, { user: nobody });
    expect(main.stderr).toBe('');
    expect(main.code).toBe(0);
    expect(main.outputs).toMatchObject({ decision: 'allow', 'egress-enforced': 'false', 'egress-tool': '', 'egress-ip': '203.0.113.7' });
    expect(statuses(main.report!.checks, 'network.egress-enforcement')).toEqual(['skip']);
    expect(main.report!.checks.find((c) => c.rule === 'network.egress-enforcement')!.message).toMatch(/NOT ENFORCED/);
    expect(main.summary).toContain('**NOT ENFORCED**');
    expect(JSON.parse(main.state['ip-guard-egress']!)).toMatchObject({ installed: false, mode: 'block' });
    const post = await job.step('ip-guard-post', { environment: 'with-egress' }, { user: nobody, state: main.state });
    expect(post.code).toBe(0);
    expect(post.outputs).toMatchObject({ decision: 'allow', 'egress-enforced': 'false', 'egress-attempts': '0' });
    expect(post.report!.checks.map((c) => `${c.rule}:${c.status}`)).toEqual(['network.egress-attempts:skip']);
    expect(post.report!.notes.join('\n')).toMatch(/NOT ENFORCED/);
    expect(readFileSync(post.files.GITHUB_STEP_SUMMARY, 'utf8')).toContain('NOT ENFORCED');
  });
});
