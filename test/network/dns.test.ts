import { resolveHosts, resolverAddress } from '../../shared/network/dns.js';
import { dnsServer } from './dns-server.js';

describe('DNS resolution (A and AAAA) against a loopback DNS server', () => {
  it('resolves both families, reports names with no records', async () => {
    const dns = await dnsServer({ 'both.test': ['10.200.0.2', 'fd00:200::2'], 'v4.test': ['10.200.0.3'], 'empty.test': [] });
    try {
      const res = await resolveHosts(['both.test', 'v4.test', 'empty.test', 'missing.test'], { servers: [dns.server] });
      const by = Object.fromEntries(res.map((r) => [r.host, r]));
      expect(by['both.test']!.addresses.sort()).toEqual(['10.200.0.2', 'fd00:200::2']);
      expect(by['v4.test']!.addresses).toEqual(['10.200.0.3']);
      expect(by['empty.test']!.addresses).toEqual([]);
      expect(by['empty.test']!.problem).toMatch(/no A or AAAA/);
      expect(by['missing.test']!.addresses).toEqual([]);
    } finally {
      await dns.close();
    }
  });

  it('a dead resolver is a problem, not an exception', async () => {
    const res = await resolveHosts(['x.test'], { servers: ['127.0.0.1:1'], timeoutMs: 200 });
    expect(res[0]!.addresses).toEqual([]);
    expect(res[0]!.problem).toBeDefined();
  });

  it.each([
    ['1.1.1.1', { address: '1.1.1.1', port: 53 }],
    ['127.0.0.1:5353', { address: '127.0.0.1', port: 5353 }],
    ['[2606:4700:4700::1111]:53', { address: '2606:4700:4700::1111', port: 53 }],
    ['2606:4700:4700::1111', { address: '2606:4700:4700::1111', port: 53 }],
    ['dns.google', undefined],
    ['1.1.1.1:99999', undefined],
  ])('resolverAddress(%s)', (text, expected) => {
    expect(resolverAddress(text)).toEqual(expected);
  });
});
