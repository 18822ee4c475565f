import { createIpGuard } from '../../shared/actions/ip-guard.js';
import { ConfigError } from '../../shared/errors.js';
import type { CommandRunner } from '../../shared/network/firewall/system.js';
import { memoryPlatform } from '../helpers/memory-platform.js';
import { echo, serve, type Loopback } from './servers.js';
import { request } from './request.js';

/** A runner where no firewall command exists: enforcement is impossible. */
const noTools: CommandRunner = { run: async () => ({ code: 127, stdout: '', stderr: '', spawnError: 'ENOENT' }) };
const guard = createIpGuard({
  runner: noTools,
  detect: { os: 'linux', uid: 0 },
  interfaces: () => ({
    lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
    eth0: [
      { address: '198.51.100.20', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '198.51.100.20/24' },
      { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: 'fe80::1/64', scopeid: 2 },
    ],
  }),
});

const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function endpoints(...bodies: string[]): Promise<string> {
  const s = await Promise.all(bodies.map((b) => echo(b)));
  servers.push(...s);
  return s.map((x) => x.url).join(' ');
}

const policy = (network: string) => `version: 1
environments:
  prod:
    network:
${network
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`;

describe('ip-guard run: runner location', () => {
  it('allows when the agreed egress address is inside a named list, and outputs what matched', async () => {
    const platform = memoryPlatform({ inputs: { 'echo-endpoints': await endpoints('203.0.113.7', '203.0.113.7') } });
    const out = await guard.commands.run(request(policy('lists:\n  office: [203.0.113.0/24]\nallow: [office, "2001:db8::/32"]'), 'prod', platform));
    expect(out.checks.filter((c) => c.status === 'fail')).toEqual([]);
    const allow = out.checks.find((c) => c.rule === 'network.allow')!;
    expect(allow).toMatchObject({ status: 'pass', seen: '203.0.113.7', required: '203.0.113.0/24', policyPath: 'environments.prod.network.allow' });
    expect(allow.location).toMatchObject({ file: 'ci-constraints.yml', line: 7 });
    expect(out.outputs).toMatchObject({ 'egress-ip': '203.0.113.7', addresses: '203.0.113.7', 'matched-ranges': '203.0.113.0/24' });
    expect(out.summary).toContain('203.0.113.0/24');
  });

  it('denies with network.allow when the egress address is outside every range', async () => {
    const platform = memoryPlatform({ inputs: { 'echo-endpoints': await endpoints('192.0.2.50', '192.0.2.50') } });
    const out = await guard.commands.run(request(policy('allow: [203.0.113.0/24]'), 'prod', platform));
    const failed = out.checks.filter((c) => c.status === 'fail');
    expect(failed.map((c) => c.rule)).toEqual(['network.allow']);
    expect(failed[0]!.message).toContain('192.0.2.50');
    expect(failed[0]!.message).toContain('203.0.113.0/24');
  });

  it('denies with network.egress-ip-disagree when endpoints disagree', async () => {
    const platform = memoryPlatform({ inputs: { 'echo-endpoints': await endpoints('203.0.113.7', '203.0.113.8') } });
    const out = await guard.commands.run(request(policy('allow: [203.0.113.0/24]'), 'prod', platform));
    expect(out.checks.filter((c) => c.status === 'fail').map((c) => c.rule)).toEqual(['network.egress-ip-disagree', 'network.allow']);
  });

  it('denies when an endpoint answers a private address', async () => {
    const platform = memoryPlatform({ inputs: { 'echo-endpoints': await endpoints('203.0.113.7', '10.0.0.5') } });
    const out = await guard.commands.run(request(policy('allow: [203.0.113.0/24, 10.0.0.0/8]'), 'prod', platform));
    const lookup = out.checks.find((c) => c.rule === 'network.egress-lookup' && c.status === 'fail')!;
    expect(lookup.message).toMatch(/private address 10\.0\.0\.5/);
  });

  it.each([
    ['local', '198.51.100.0/24', []],
    ['local', '203.0.113.0/24', ['network.allow']],
    ['both', '198.51.100.0/24', ['network.allow']],
    ['both', '[198.51.100.0/24, 203.0.113.0/24]', []],
  ])('check: %s with allow %s → failures %j', async (check, allow, failures) => {
    const platform = memoryPlatform({ inputs: { 'echo-endpoints': await endpoints('203.0.113.7', '203.0.113.7') } });
    const out = await guard.commands.run(request(policy(`check: ${check}\nallow: ${allow.startsWith('[') ? allow : `[${allow}]`}`), 'prod', platform));
    expect(out.checks.filter((c) => c.status === 'fail').map((c) => c.rule)).toEqual(failures);
    if (check === 'local') expect(out.checks.some((c) => c.rule === 'network.egress-lookup')).toBe(false);
  });

  it('the policy check wins over the check input, with a note', async () => {
    const platform = memoryPlatform({ inputs: { check: 'egress' } });
    const out = await guard.commands.run(request(policy('check: local\nallow: [198.51.100.0/24]'), 'prod', platform));
    expect(out.checks.map((c) => `${c.rule}:${c.status}`)).toEqual(['network.allow:pass']);
    expect(out.notes?.join()).toMatch(/policy sets network.check=local/);
  });

  it('reads github-meta:actions from the GitHub API (loopback) and matches against it', async () => {
    let auth = '';
    const api = await serve((req, res) => {
      auth = req.headers.authorization ?? '';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ actions: ['4.148.0.0/16', '203.0.113.0/24', '2001:db8::/32'], hooks: ['192.30.252.0/22'] }));
    });
    servers.push(api);
    const platform = memoryPlatform({ inputs: { 'echo-endpoints': await endpoints('203.0.113.7', '203.0.113.7'), 'github-token': 'ghs_test' }, variables: { GITHUB_API_URL: api.url.replace(/\/$/, '') } });
    const out = await guard.commands.run(request(policy('allow: ["github-meta:actions"]'), 'prod', platform));
    expect(out.checks.map((c) => `${c.rule}:${c.status}`)).toContain('network.github-meta:pass');
    expect(out.checks.find((c) => c.rule === 'network.allow')).toMatchObject({ status: 'pass', required: '203.0.113.0/24' });
    expect(auth).toBe('Bearer ghs_test');
  });

  it('fails closed when the GitHub meta API fails', async () => {
    const api = await serve((_req, res) => {
      res.writeHead(404);
      res.end('{}');
    });
    servers.push(api);
    const platform = memoryPlatform({ inputs: { 'echo-endpoints': await endpoints('203.0.113.7', '203.0.113.7') }, variables: { GITHUB_API_URL: api.url } });
    const out = await guard.commands.run(request(policy('allow: ["github-meta:actions"]'), 'prod', platform));
    expect(out.checks.filter((c) => c.status === 'fail').map((c) => c.rule)).toEqual(['network.github-meta', 'network.allow']);
  });
});

describe('ip-guard run: bad input is exit 2 naming the entry and its line', () => {
  it.each([
    ['allow: [203.0.113.0/24, 10.0.0.1/8]', /"10\.0\.0\.1\/8".*network\.allow\[1\] at ci-constraints\.yml:5:31/],
    ['lists:\n  office: [10.0.0.0/8, 300.1.1.1]\nallow: [office]', /"300\.1\.1\.1".*network\.lists\.office\[1\] at ci-constraints\.yml:6/],
    ["allow: [ofice]\nlists:\n  office: [10.0.0.0/8]", /"ofice".*network\.allow\[0\] at ci-constraints\.yml:5.*neither a CIDR range nor a list/],
    ['egress: ["api.github.com:443", "registry.npmjs.org"]', /"registry\.npmjs\.org".*network\.egress\[1\] at ci-constraints\.yml:5:38\).*without a port/],
    ['egress: ["evil*.example.com:443"]', /network\.egress\[0\]/],
  ])('%s', async (network, message) => {
    const platform = memoryPlatform({ inputs: { 'echo-endpoints': 'http://127.0.0.1:9/ http://127.0.0.1:9/' } });
    const run = guard.commands.run(request(policy(network), 'prod', platform));
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(guard.commands.run(request(policy(network), 'prod', platform))).rejects.toThrow(message);
  });

  it.each([
    [{ 'echo-endpoints': 'http://checkip.amazonaws.com http://api.ipify.org' }, /not HTTPS/],
    [{ 'echo-endpoints': 'https://checkip.amazonaws.com' }, /at least two/],
    [{ check: 'everywhere' }, /check/],
    [{ 'echo-timeout': 'soon' }, /echo-timeout/],
  ])('input %j', async (inputs, message) => {
    const platform = memoryPlatform({ inputs });
    await expect(guard.commands.run(request(policy('allow: [203.0.113.0/24]'), 'prod', platform))).rejects.toThrow(message);
  });

  it('an unknown list name suggests the defined ones', async () => {
    await expect(guard.commands.run(request(policy('allow: [ofice]\nlists:\n  office: [10.0.0.0/8]'), 'prod', memoryPlatform()))).rejects.toMatchObject({ code: 'policy-invalid', hint: expect.stringContaining('office') });
  });

  it('an environment without network.allow or network.egress is a config error', async () => {
    const text = 'version: 1\nenvironments:\n  prod:\n    trigger: { events: [push] }\n';
    await expect(guard.commands.run(request(text, 'prod', memoryPlatform()))).rejects.toThrow(/nothing to check/);
  });

  it('an invalid resolver is a config error', async () => {
    const platform = memoryPlatform({ inputs: { 'egress-resolvers': 'dns.google' } });
    await expect(guard.commands.run(request(policy('egress: ["203.0.113.9:443"]'), 'prod', platform))).rejects.toThrow(/resolver/);
  });
});

describe('ip-guard run: egress where enforcement is impossible', () => {
  it.each([
    ['strict (default)', '', 'fail', 'false'],
    ['best-effort', '\negress-enforcement: best-effort', 'skip', 'false'],
  ])('%s → network.egress-enforcement %s, NOT ENFORCED', async (_name, extra, status) => {
    const platform = memoryPlatform();
    const out = await guard.commands.run(request(policy(`egress: ["203.0.113.9:443", "*.example.com:443"]${extra}`), 'prod', platform));
    const enf = out.checks.find((c) => c.rule === 'network.egress-enforcement')!;
    expect(enf.status).toBe(status);
    expect(enf.message).toMatch(/^NOT ENFORCED/);
    expect(enf.message).toMatch(/no working nft, or iptables and ip6tables/);
    expect(out.outputs?.['egress-enforced']).toBe('false');
    expect(out.notes?.join()).toMatch(/NOT ENFORCED/);
    expect(out.checks.find((c) => c.rule === 'network.egress-wildcards')?.message).toContain('*.example.com:443');
    // The report step says so too, and fails nothing it cannot know.
    const rep = await guard.commands.report!(request(policy(`egress: ["203.0.113.9:443"]${extra}`), 'prod', platform));
    expect(rep.checks).toEqual([expect.objectContaining({ rule: 'network.egress-attempts', status: 'skip', message: expect.stringMatching(/^NOT ENFORCED/) })]);
  });

  it('not Linux → NOT ENFORCED with the reason', async () => {
    const mac = createIpGuard({ runner: noTools, detect: { os: 'darwin', uid: 501 } });
    const out = await mac.commands.run(request(policy('egress: ["203.0.113.9:443"]'), 'prod', memoryPlatform()));
    expect(out.checks.find((c) => c.rule === 'network.egress-enforcement')?.message).toMatch(/darwin/);
  });

  it('not root and no passwordless sudo → NOT ENFORCED with the reason', async () => {
    const calls: string[][] = [];
    const sudoAsks: CommandRunner = { run: async (argv) => (calls.push([...argv]), { code: 1, stdout: '', stderr: 'sudo: a password is required' }) };
    const user = createIpGuard({ runner: sudoAsks, detect: { os: 'linux', uid: 1001 } });
    const out = await user.commands.run(request(policy('egress: ["203.0.113.9:443"]'), 'prod', memoryPlatform()));
    expect(out.checks.find((c) => c.rule === 'network.egress-enforcement')).toMatchObject({ status: 'fail', message: expect.stringMatching(/sudo/) });
    expect(calls).toEqual([['sudo', '-n', 'true']]);
  });

  it('egress-hosts must match the policy; matching ones make wildcards concrete', async () => {
    const platform = memoryPlatform({ inputs: { 'egress-hosts': 'objects.example.com:443 evil.test:443', 'egress-resolvers': '127.0.0.1:1' } });
    const out = await guard.commands.run(request(policy('egress: ["*.example.com:443"]'), 'prod', platform));
    const hosts = out.checks.filter((c) => c.rule === 'network.egress-hosts');
    expect(hosts.map((c) => `${c.seen}:${c.status}`)).toEqual(['objects.example.com:443:pass', 'evil.test:443:fail']);
    expect(out.checks.find((c) => c.rule === 'network.egress-resolve')).toMatchObject({ status: 'fail', seen: expect.any(String) });
    expect(out.checks.some((c) => c.rule === 'network.egress-wildcards')).toBe(false);
  });

  it('report without any state from the run step fails closed', async () => {
    const rep = await guard.commands.report!(request(policy('egress: ["203.0.113.9:443"]'), 'prod', memoryPlatform()));
    expect(rep.checks[0]).toMatchObject({ rule: 'network.egress-attempts', status: 'fail' });
  });
});
