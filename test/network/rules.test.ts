import { describeAttempt, egressReportChecks, enforcementCheck, locationChecks, resolutionChecks, declaredHostChecks } from '../../shared/checks/network.js';
import { AllowList, publishedRanges } from '../../shared/network/allowlist.js';
import { iptablesInstall, iptablesTeardown, nftScript, type EgressPlan } from '../../shared/network/firewall/rules.js';
import { parseIptablesCounters, parseNftCounters, parseRecentList } from '../../shared/network/firewall/system.js';

const plan = (mode: 'block' | 'audit'): EgressPlan => ({
  mode,
  allow: [
    { family: 'ipv4', cidr: '203.0.113.7/32', port: 443, comment: 'registry.npmjs.org:443' },
    { family: 'ipv6', cidr: '2001:db8::/48', comment: '2001:db8::/48' },
  ],
  resolvers: [{ family: 'ipv4', address: '1.1.1.1', port: 53 }],
});

describe('iptables rule generation', () => {
  it('block mode: loopback, established, DNS to resolvers, allowed pairs, accounting, reject; hooked first in OUTPUT', () => {
    const { ipv4, ipv6 } = iptablesInstall(plan('block'));
    const text = ipv4.map((a) => a.join(' '));
    expect(text).toEqual([
      '-N CIC_EGRESS',
      '-A CIC_EGRESS -o lo -j ACCEPT',
      '-A CIC_EGRESS -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      '-A CIC_EGRESS -d 1.1.1.1/32 -p udp --dport 53 -m comment --comment dns -j ACCEPT',
      '-A CIC_EGRESS -d 1.1.1.1/32 -p tcp --dport 53 -m comment --comment dns -j ACCEPT',
      '-A CIC_EGRESS -d 203.0.113.7/32 -p tcp --dport 443 -m comment --comment registry.npmjs.org:443 -j ACCEPT',
      '-A CIC_EGRESS -d 203.0.113.7/32 -p udp --dport 443 -m comment --comment registry.npmjs.org:443 -j ACCEPT',
      '-A CIC_EGRESS -m recent --name cic_egress4 --rdest --set',
      '-A CIC_EGRESS -p tcp -m comment --comment ci-constraints-reject -j REJECT --reject-with tcp-reset',
      '-A CIC_EGRESS -m comment --comment ci-constraints-reject -j REJECT --reject-with icmp-admin-prohibited',
      '-I OUTPUT 1 -j CIC_EGRESS',
    ]);
    const six = ipv6.map((a) => a.join(' '));
    expect(six).toContain('-A CIC_EGRESS -p ipv6-icmp --icmpv6-type neighbour-solicitation -j ACCEPT');
    expect(six).toContain('-A CIC_EGRESS -d 2001:db8::/48 -m comment --comment 2001:db8::/48 -j ACCEPT');
    expect(six).not.toContain('1.1.1.1');
    expect(six.join('\n')).not.toMatch(/203\.0\.113\.7/);
    expect(six).toContain('-A CIC_EGRESS -m comment --comment ci-constraints-reject -j REJECT --reject-with icmp6-adm-prohibited');
  });

  it('audit mode counts and returns instead of rejecting; without xt_recent no recent rule', () => {
    const { ipv4 } = iptablesInstall(plan('audit'), { recent: false });
    const text = ipv4.map((a) => a.join(' '));
    expect(text.some((t) => t.includes('REJECT'))).toBe(false);
    expect(text.some((t) => t.includes('recent'))).toBe(false);
    expect(text).toContain('-A CIC_EGRESS -m comment --comment ci-constraints-audit -j RETURN');
  });

  it('teardown removes only our jump and chain', () => {
    expect(iptablesTeardown()).toEqual([['-D', 'OUTPUT', '-j', 'CIC_EGRESS'], ['-F', 'CIC_EGRESS'], ['-X', 'CIC_EGRESS']]);
  });

  it('unsafe comments are dropped, never passed through', () => {
    const { ipv4 } = iptablesInstall({ ...plan('block'), allow: [{ family: 'ipv4', cidr: '203.0.113.7/32', comment: 'a"; rm -rf /' }] });
    expect(ipv4.flat().join(' ')).not.toContain('rm -rf');
  });
});

describe('nft rule generation', () => {
  it.each([
    ['block', ['meta l4proto tcp counter reject with tcp reset comment "ci-constraints-reject"', 'counter reject with icmpx type admin-prohibited comment "ci-constraints-reject"'], 'counter accept'],
    ['audit', ['counter accept comment "ci-constraints-audit"'], 'reject'],
  ] as const)('%s mode', (mode, present, absent) => {
    const script = nftScript(plan(mode));
    expect(script.startsWith('add table inet ci_constraints\ndelete table inet ci_constraints\n')).toBe(true);
    expect(script).toContain('type filter hook output priority 0; policy accept;');
    expect(script).toContain('meta l4proto { tcp, udp } ip daddr 1.1.1.1 th dport 53 accept comment "dns"');
    expect(script).toContain('meta l4proto { tcp, udp } ip daddr 203.0.113.7/32 th dport 443 accept comment "registry.npmjs.org:443"');
    expect(script).toContain('ip6 daddr 2001:db8::/48 accept');
    expect(script).toContain('update @seen4 { ip daddr . th dport }');
    for (const p of present) expect(script).toContain(p);
    expect(script).not.toContain(absent);
    // Order: allowed destinations before accounting before the verdict.
    expect(script.indexOf('203.0.113.7')).toBeLessThan(script.indexOf('update @seen4'));
    expect(script.indexOf('update @seen6')).toBeLessThan(script.indexOf(mode === 'block' ? 'reject' : 'counter accept'));
  });
});

describe('counter parsing', () => {
  it('iptables -L -v -x -n', () => {
    const listing = `Chain CIC_EGRESS (1 references)
    pkts      bytes target     prot opt in     out     source               destination
       4      240 ACCEPT     0    --  *      lo      0.0.0.0/0            0.0.0.0/0
       2      120 REJECT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            /* ci-constraints-reject */ reject-with tcp-reset
       1       84 REJECT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            /* ci-constraints-reject */ reject-with icmp-admin-prohibited`;
    expect(parseIptablesCounters(listing)).toBe(3);
  });
  it('xt_recent lists', () => {
    expect(parseRecentList('src=10.9.0.2 ttl: 64 last_seen: 4294995268 oldest_pkt: 2 4294995100 4294995268\nsrc=fd00::2 ttl: 64 last_seen: 1 oldest_pkt: 1 1\ngarbage\n')).toEqual([
      { address: '10.9.0.2', packets: 2 },
      { address: 'fd00::2', packets: 1 },
    ]);
  });
  it('nft -j sets and counters; garbage is empty', () => {
    const json = JSON.stringify({
      nftables: [
        { set: { name: 'seen4', elem: [{ elem: { val: { concat: ['10.9.0.2', 8080] }, counter: { packets: 1, bytes: 60 } } }] } },
        { set: { name: 'seen6', elem: [{ elem: { val: { concat: ['fd00:9::2', 9090] }, counter: { packets: 2, bytes: 160 } } }] } },
        { rule: { comment: 'ci-constraints-reject', expr: [{ counter: { packets: 3, bytes: 220 } }, { reject: null }] } },
        { rule: { comment: 'dns', expr: [{ counter: { packets: 99 } }] } },
      ],
    });
    expect(parseNftCounters(json)).toEqual({ packets: 3, attempts: [{ address: '10.9.0.2', port: 8080, packets: 1 }, { address: 'fd00:9::2', port: 9090, packets: 2 }] });
    expect(parseNftCounters('not json')).toEqual({ packets: 0, attempts: [] });
  });
});

describe('network rules', () => {
  const src = (path: readonly (string | number)[]) => ({ policyPath: `environments.prod.${path.join('.')}`, location: { file: 'p.yml', line: 3, column: 5 } });
  const allow = new AllowList(publishedRanges(['203.0.113.0/24', '2001:db8::/32'], 'policy'));

  it.each([
    ['egress', '203.0.113.7', [], ['pass']],
    ['egress', '192.0.2.1', [], ['fail']],
    ['egress', undefined, [], ['fail']],
    ['local', undefined, ['203.0.113.9', '2001:db8::5'], ['pass', 'pass']],
    ['local', undefined, ['203.0.113.9', '10.0.0.4'], ['pass', 'fail']],
    ['local', undefined, [], ['fail']],
    ['both', '203.0.113.7', ['10.0.0.4'], ['pass', 'fail']],
  ] as const)('network.allow check=%s egress=%s local=%j → %j', (check, egressAddress, local, statuses) => {
    const checks = locationChecks({ check, ...(egressAddress ? { egressAddress } : {}), local: local.map((a) => ({ interface: 'eth0', address: a, family: a.includes(':') ? 'ipv6' : 'ipv4' })) }, allow, src);
    expect(checks.map((c) => c.status)).toEqual(statuses);
    for (const c of checks) expect(c).toMatchObject({ rule: 'network.allow', policyPath: 'environments.prod.network.allow', location: { line: 3 } });
  });

  it.each([
    [{ enforcement: 'strict', mode: 'block', installed: { tool: 'nft', destinations: 2 } }, 'pass'],
    [{ enforcement: 'strict', mode: 'audit', installed: { tool: 'iptables', destinations: 2 } }, 'pass'],
    [{ enforcement: 'strict', mode: 'block', problem: 'no sudo' }, 'fail'],
    [{ enforcement: 'best-effort', mode: 'block', problem: 'no sudo' }, 'skip'],
  ] as const)('network.egress-enforcement %j → %s', (facts, status) => {
    const [c] = enforcementCheck(facts, src);
    expect(c).toMatchObject({ rule: 'network.egress-enforcement', status });
    if (status !== 'pass') expect(c!.message).toMatch(/^NOT ENFORCED/);
  });

  it.each([
    [{ present: true, packets: 0, attempts: [] }, 'pass'],
    [{ present: true, packets: 2, attempts: [{ address: '192.0.2.1', port: 443, packets: 2, host: 'x.test' }] }, 'fail'],
    [{ present: true, packets: 5, attempts: [] }, 'fail'],
    [{ present: false, packets: 0, attempts: [] }, 'fail'],
  ] as const)('network.egress-attempts %j → %s', (facts, status) => {
    const [c] = egressReportChecks({ mode: 'block', tool: 'nft', ...facts }, src);
    expect(c).toMatchObject({ rule: 'network.egress-attempts', status });
  });

  it('network.egress-teardown pass/fail', () => {
    expect(egressReportChecks({ mode: 'audit', tool: 'nft', present: true, packets: 0, attempts: [], teardown: { done: true, problems: [] } }, src)[1]!.status).toBe('pass');
    expect(egressReportChecks({ mode: 'audit', tool: 'nft', present: true, packets: 0, attempts: [], teardown: { done: false, problems: ['still there'] } }, src)[1]!.status).toBe('fail');
  });

  it('network.egress-resolve and network.egress-hosts', () => {
    expect(resolutionChecks([{ host: 'a.test', addresses: ['203.0.113.1'], entryIndex: 2 }, { host: 'b.test', addresses: [], problem: 'has no A or AAAA records' }], src).map((c) => [c.status, c.policyPath])).toEqual([
      ['pass', 'environments.prod.network.egress.2'],
      ['fail', 'environments.prod.network.egress'],
    ]);
    expect(declaredHostChecks([{ host: 'a.test', port: 443, entry: '*.test:443' }, { host: 'b.test', port: 80 }], src).map((c) => c.status)).toEqual(['pass', 'fail']);
  });

  it('describes attempts with brackets for IPv6 ports', () => {
    expect(describeAttempt({ address: 'fd00::2', port: 443, packets: 1 })).toBe('[fd00::2]:443 ×1');
    expect(describeAttempt({ address: '10.0.0.1', packets: 3, host: 'x.test' })).toBe('10.0.0.1 (x.test) ×3');
  });
});

describe('kernel housekeeping is never an egress attempt', () => {
  // Seen for real: the kernel sends an MLDv2 report to ff02::16 when a namespace's interface comes up.
  it('nft accepts IPv6 neighbour discovery and MLD before anything is counted or rejected', () => {
    const script = nftScript(plan('block'));
    const housekeeping = script.split('\n').findIndex((l) => /icmpv6 type \{[^}]*mld2-listener-report[^}]*\} accept/.test(l));
    const reject = script.split('\n').findIndex((l) => l.includes('reject'));
    expect(housekeeping).toBeGreaterThan(-1);
    expect(housekeeping).toBeLessThan(reject);
    expect(script).toMatch(/nd-neighbor-solicit/);
  });

  it('ip6tables accepts neighbour discovery and MLD (130, 131, 132, 143); IPv4 gets no such exception', () => {
    const { ipv4, ipv6 } = iptablesInstall(plan('block'));
    const accepted = ipv6.filter((r) => r.includes('--icmpv6-type')).map((r) => r[r.indexOf('--icmpv6-type') + 1]);
    expect(accepted).toEqual(expect.arrayContaining(['neighbour-solicitation', '130', '131', '132', '143']));
    expect(ipv4.some((r) => r.includes('--icmpv6-type'))).toBe(false);
  });
});
