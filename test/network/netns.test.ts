import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createIpGuard } from '../../shared/actions/ip-guard.js';
import { commandRunner } from '../../shared/network/firewall/system.js';
import { memoryPlatform } from '../helpers/memory-platform.js';
import { dnsServer } from './dns-server.js';
import { request } from './request.js';

/**
 * Egress rules exercised for real: two network namespaces joined by a veth pair (addresses only
 * inside them), TCP servers in the "server" namespace, ip-guard's rules installed in the "runner"
 * namespace (every iptables/nft call runs through `ip netns exec`), connections made from there.
 */
function has(bin: string, args: string[]): boolean {
  try {
    execFileSync(bin, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const isRoot = process.getuid?.() === 0;
const haveIp = has('ip', ['-V']);
const haveIptables = has('iptables', ['-V']) && has('ip6tables', ['-V']);
const haveNft = has('nft', ['--version']);
const skipReason = !isRoot ? 'not root' : !haveIp ? 'iproute2 (ip) missing' : !haveIptables && !haveNft ? 'neither iptables nor nft is installed' : undefined;
if (skipReason) console.warn(`netns egress tests SKIPPED: ${skipReason}`);

const id = `${process.pid % 10000}${Math.floor(Math.random() * 1000)}`;
const RUNNER = `cic-run-${id}`;
const SERVER = `cic-srv-${id}`;
const VETH_R = `cicr${id}`.slice(0, 15);
const VETH_S = `cics${id}`.slice(0, 15);
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const inNs = (ns: string, ...args: string[]) => execFileSync('ip', ['netns', 'exec', ns, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

const PROBE = `
const net = require('net');
const [host, port] = [process.argv[1], Number(process.argv[2])];
const s = net.connect({ host, port, timeout: 1500 });
let got = '';
s.on('data', (d) => (got += d));
s.on('end', () => { console.log(got === 'hi' ? 'ok' : 'bad:' + got); process.exit(0); });
s.on('timeout', () => { console.log('ETIMEDOUT'); process.exit(0); });
s.on('error', (e) => { console.log(e.code); process.exit(0); });
`;
/** Connect from the runner namespace; 'ok' when the server answered. */
function probe(host: string, port: number): string {
  return inNs(RUNNER, process.execPath, '-e', PROBE, host, String(port)).trim();
}

const SERVER_JS = `
const net = require('net');
for (const port of [8080, 9090]) net.createServer((s) => s.end('hi')).listen(port, '::');
setInterval(() => {}, 1 << 30);
`;

const d = skipReason ? describe.skip : describe;
d(`ip-guard egress in network namespaces${skipReason ? ` (SKIPPED: ${skipReason})` : ''}`, () => {
  let server: ChildProcess | undefined;
  let dns: Awaited<ReturnType<typeof dnsServer>>;

  beforeAll(async () => {
    try {
      ip('netns', 'add', RUNNER);
      ip('netns', 'add', SERVER);
      ip('link', 'add', VETH_R, 'netns', RUNNER, 'type', 'veth', 'peer', 'name', VETH_S, 'netns', SERVER);
      for (const [ns, dev, addrs] of [
        [RUNNER, VETH_R, ['10.231.0.1/24']],
        [SERVER, VETH_S, ['10.231.0.2/24', '10.231.0.3/24']],
      ] as const) {
        inNs(ns, 'ip', 'link', 'set', 'lo', 'up');
        for (const a of addrs) inNs(ns, 'ip', 'addr', 'add', a, 'dev', dev);
        inNs(ns, 'ip', '-6', 'addr', 'add', ns === RUNNER ? 'fd00:231::1/64' : 'fd00:231::2/64', 'dev', dev, 'nodad');
        inNs(ns, 'ip', 'link', 'set', dev, 'up');
      }
      server = spawn('ip', ['netns', 'exec', SERVER, process.execPath, '-e', SERVER_JS], { stdio: 'ignore' });
      dns = await dnsServer({ 'allowed.test': ['10.231.0.2'], 'v6.test': ['fd00:231::2'] });
      for (let i = 0; i < 50 && probe('10.231.0.2', 8080) !== 'ok'; i++) await new Promise((r) => setTimeout(r, 100));
    } catch (err) {
      cleanup();
      throw err;
    }
  });

  function cleanup() {
    server?.kill('SIGKILL');
    for (const ns of [RUNNER, SERVER]) {
      try {
        ip('netns', 'pids', ns)
          .split('\n')
          .filter(Boolean)
          .forEach((pid) => process.kill(Number(pid), 'SIGKILL'));
      } catch {
        /* already gone */
      }
      try {
        ip('netns', 'del', ns);
      } catch {
        /* already gone */
      }
    }
  }

  afterAll(async () => {
    cleanup();
    await dns?.close();
    const left = ip('netns', 'list');
    expect(left).not.toContain(RUNNER);
    expect(left).not.toContain(SERVER);
    expect(ip('link', 'show')).not.toContain(VETH_R);
  });

  const POLICY = `version: 1
environments:
  ci:
    network:
      egress:
        - "allowed.test:8080"
        - "v6.test:8080"
        - "10.231.0.3:9090"
`;

  it('the namespaces start open: every server port is reachable', () => {
    expect(probe('10.231.0.2', 8080)).toBe('ok');
    expect(probe('10.231.0.2', 9090)).toBe('ok');
    expect(probe('10.231.0.3', 8080)).toBe('ok');
    expect(probe('fd00:231::2', 9090)).toBe('ok');
  });

  const tools = [...(haveNft ? ['nft'] : []), ...(haveIptables ? ['iptables'] : [])];
  describe.each(tools)('with %s', (tool) => {
    const guard = createIpGuard({ runner: commandRunner(['ip', 'netns', 'exec', RUNNER]) });
    const inputs = () => ({ 'egress-resolvers': dns.server, 'egress-tool': tool });

    it('block mode: allowed host:port pairs connect, everything else is refused, the report lists the attempts and tears down', async () => {
      const platform = memoryPlatform({ inputs: inputs() });
      const out = await guard.commands.run(request(POLICY, 'ci', platform, 'enforce'));
      expect(out.checks.filter((c) => c.status === 'fail')).toEqual([]);
      expect(out.checks.find((c) => c.rule === 'network.egress-enforcement')?.status).toBe('pass');
      expect(out.outputs?.['egress-enforced']).toBe('true');
      expect(out.outputs?.['egress-tool']).toBe(tool);

      expect(probe('10.231.0.2', 8080)).toBe('ok');
      expect(probe('fd00:231::2', 8080)).toBe('ok');
      expect(probe('10.231.0.3', 9090)).toBe('ok');
      expect(probe('10.231.0.2', 9090)).toBe('ECONNREFUSED');
      expect(probe('10.231.0.3', 8080)).toBe('ECONNREFUSED');
      expect(probe('fd00:231::2', 9090)).toBe('ECONNREFUSED');

      const rep = await guard.commands.report!(request(POLICY, 'ci', platform, 'enforce'));
      const attempts = rep.checks.find((c) => c.rule === 'network.egress-attempts')!;
      expect(attempts.status).toBe('fail');
      expect(attempts.message).toMatch(/blocked/);
      const seen = (attempts.seen as string[]).join(' ');
      expect(seen).toContain('10.231.0.2');
      expect(seen).toContain('10.231.0.3');
      expect(seen).toContain('fd00:231::2');
      if (tool === 'nft') expect(seen).toContain('10.231.0.2:9090 (allowed.test)');
      expect(Number(rep.outputs?.['egress-attempts'])).toBeGreaterThanOrEqual(3);
      expect(rep.checks.find((c) => c.rule === 'network.egress-teardown')?.status).toBe('pass');

      // Torn down: everything is reachable again, and nothing of ours is left.
      expect(probe('10.231.0.2', 9090)).toBe('ok');
      expect(inNs(RUNNER, 'nft', 'list', 'ruleset')).not.toMatch(/ci_constraints|CIC_EGRESS/);
    });

    it('audit mode: nothing is blocked, and the report lists what would have been', async () => {
      const platform = memoryPlatform({ inputs: inputs() });
      const out = await guard.commands.run(request(POLICY, 'ci', platform, 'audit'));
      expect(out.checks.find((c) => c.rule === 'network.egress-enforcement')?.status).toBe('pass');
      expect(out.outputs?.['egress-enforced']).toBe('false');
      expect(out.notes?.join(' ')).toMatch(/NOT ENFORCED/);

      expect(probe('10.231.0.2', 8080)).toBe('ok');
      expect(probe('10.231.0.2', 9090)).toBe('ok');
      expect(probe('fd00:231::2', 9090)).toBe('ok');

      const rep = await guard.commands.report!(request(POLICY, 'ci', platform, 'audit'));
      const attempts = rep.checks.find((c) => c.rule === 'network.egress-attempts')!;
      expect(attempts.status).toBe('fail');
      expect(attempts.message).toMatch(/logged/);
      const seen = (attempts.seen as string[]).join(' ');
      expect(seen).toContain('10.231.0.2');
      expect(seen).toContain('fd00:231::2');
      expect(seen).not.toMatch(/10\.231\.0\.3/);
      expect(rep.checks.find((c) => c.rule === 'network.egress-teardown')?.status).toBe('pass');
    });

    it('block mode with only allowed traffic reports no attempts', async () => {
      const platform = memoryPlatform({ inputs: inputs() });
      await guard.commands.run(request(POLICY, 'ci', platform, 'enforce'));
      expect(probe('10.231.0.3', 9090)).toBe('ok');
      const rep = await guard.commands.report!(request(POLICY, 'ci', platform, 'enforce'));
      // On failure the diff shows what was caught, not just that something was.
      expect(rep.checks.map((c) => `${c.rule}:${c.status}${c.status === 'fail' ? ` ${c.message} ${JSON.stringify(c.seen)}` : ''}`)).toEqual(['network.egress-attempts:pass', 'network.egress-teardown:pass']);
    });

    it('the report fails when the rules were removed during the job', async () => {
      const platform = memoryPlatform({ inputs: inputs() });
      await guard.commands.run(request(POLICY, 'ci', platform, 'enforce'));
      if (tool === 'nft') inNs(RUNNER, 'nft', 'delete', 'table', 'inet', 'ci_constraints');
      else for (const bin of ['iptables', 'ip6tables']) for (const a of [['-D', 'OUTPUT', '-j', 'CIC_EGRESS'], ['-F', 'CIC_EGRESS'], ['-X', 'CIC_EGRESS']]) inNs(RUNNER, bin, ...a);
      const rep = await guard.commands.report!(request(POLICY, 'ci', platform, 'enforce'));
      expect(rep.checks.find((c) => c.rule === 'network.egress-attempts')?.status).toBe('fail');
      expect(rep.checks.find((c) => c.rule === 'network.egress-attempts')?.message).toMatch(/gone/);
    });
  });
});
