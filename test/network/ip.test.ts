import { BlockList } from 'node:net';
import fc from 'fast-check';
import { ConfigError } from '../../shared/errors.js';
import { AllowList, expandAllow, publishedRanges } from '../../shared/network/allowlist.js';
import { NetworkEntryError, formatIp, isPrivateAddress, parseCidr, parseIp, rangeContains } from '../../shared/network/ip.js';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['203.0.113.7', '203.0.113.7/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1/128'],
    ['::/0', '::/0'],
    ['::ffff:192.0.2.1', '::ffff:c000:201/128'],
    ['fe80:0:0:1::/64', 'fe80:0:0:1::/64'],
  ])('accepts %s as %s', (entry, canonical) => {
    expect(parseCidr(entry).text).toBe(canonical);
  });

  it.each([
    ['10.0.0.0/33', /prefix/],
    ['10.0.0.1/8', /host bits/],
    ['010.0.0.0/8', /not a valid/],
    ['10.0.0/8', /not a valid/],
    ['256.0.0.0/8', /not a valid/],
    ['10.0.0.0/08', /prefix/],
    ['10.0.0.0/', /prefix/],
    ['fe80::1%eth0', /zone id/],
    ['2001:db8:::1', /not a valid/],
    ['1:2:3:4:5:6:7:8:9', /not a valid/],
    ['office', /not a valid/],
    ['１0.0.0.0/8', /not a valid/],
    [' 10.0.0.0/8', /not a valid/],
  ])('rejects %s with a ConfigError naming it', (entry, why) => {
    let caught: unknown;
    try {
      parseCidr(entry);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as NetworkEntryError).entry).toBe(entry);
    expect((caught as Error).message).toContain(JSON.stringify(entry));
    expect((caught as Error).message).toMatch(why);
  });

  it('suggests the network address when host bits are set', () => {
    expect(() => parseCidr('10.1.2.3/8')).toThrow(expect.objectContaining({ hint: 'did you mean 10.0.0.0/8?' }));
    expect(parseCidr('10.1.2.3/8', { lenient: true }).text).toBe('10.0.0.0/8');
  });

  it('never throws anything but a ConfigError naming the entry (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'0123456789abcdef.:/%') })), (s) => {
        try {
          const r = parseCidr(s);
          expect(parseCidr(r.text).text).toBe(r.text);
        } catch (err) {
          expect(err).toBeInstanceOf(NetworkEntryError);
          expect((err as NetworkEntryError).entry).toBe(s);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips IPv4 and IPv6 and agrees with node:net and WHATWG URL (property)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, prefix) => {
        const addr = parseIp(ip)!;
        expect(formatIp(addr)).toBe(ip);
        const r = parseCidr(`${ip}/${prefix}`, { lenient: true });
        expect(parseCidr(r.text).text).toBe(r.text);
        const bl = new BlockList();
        bl.addSubnet(r.text.split('/')[0]!, prefix, 'ipv4');
        expect(rangeContains(r, addr)).toBe(true);
        expect(bl.check(ip, 'ipv4')).toBe(true);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 0, max: 128 }), (ip, prefix) => {
        const addr = parseIp(ip);
        expect(addr).toBeDefined();
        // WHATWG URL serialises IPv6 hosts per RFC 5952, as formatIp does.
        expect(formatIp(addr!)).toBe(new URL(`http://[${ip}]/`).hostname.slice(1, -1));
        const r = parseCidr(`${ip}/${prefix}`, { lenient: true });
        expect(parseCidr(r.text).text).toBe(r.text);
        expect(rangeContains(r, addr!)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('matches exactly as BlockList does on random ranges and addresses (property)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.ipV4(), (net, prefix, probe) => {
        const r = parseCidr(`${net}/${prefix}`, { lenient: true });
        const bl = new BlockList();
        bl.addSubnet(r.text.split('/')[0]!, prefix, 'ipv4');
        expect(rangeContains(r, parseIp(probe)!)).toBe(bl.check(probe, 'ipv4'));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 0, max: 128 }), fc.ipV6(), (net, prefix, probe) => {
        const r = parseCidr(`${net}/${prefix}`, { lenient: true });
        const bl = new BlockList();
        bl.addSubnet(formatIp(r), prefix, 'ipv6');
        const p = parseIp(probe)!;
        expect(rangeContains(r, p)).toBe(bl.check(formatIp(p), 'ipv6'));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('private addresses', () => {
  it.each([
    ['10.1.2.3', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.0.1', true],
    ['100.64.0.1', true],
    ['127.0.0.1', true],
    ['169.254.1.1', true],
    ['fd12::1', true],
    ['fe80::1', true],
    ['::1', true],
    ['::ffff:10.0.0.1', true],
    ['203.0.113.7', false],
    ['2001:db8::1', false],
    ['8.8.8.8', false],
  ])('%s private=%s', (ip, expected) => {
    expect(isPrivateAddress(parseIp(ip)!)).toBe(expected);
  });
});

describe('AllowList and named lists', () => {
  const label = (i: number, list?: string, j?: number) => (list ? `network.lists.${list}[${j}]` : `network.allow[${i}]`);

  it('expands named lists and github-meta entries', () => {
    const spec = expandAllow(['office', '10.0.0.0/8', 'github-meta:actions'], { office: ['198.51.100.0/24', '2001:db8:1::/48'] }, label);
    expect(spec.ranges.map((r) => `${r.text} ${r.source}`)).toEqual(['198.51.100.0/24 list office', '2001:db8:1::/48 list office', '10.0.0.0/8 policy']);
    expect(spec.githubMeta).toEqual(['actions']);
  });

  it.each([
    [['ofice'], { office: ['10.0.0.0/8'] }, /neither a CIDR range nor a list/, 'network.allow[0]'],
    [['office'], { office: ['10.0.0.0/33'] }, /prefix/, 'network.lists.office[0]'],
    [['office'], { office: ['other'] }, /another list/, 'network.lists.office[0]'],
    [['github-meta:nope'], {}, /unknown GitHub meta list/, 'network.allow[0]'],
    [['constructor'], {}, /neither a CIDR range nor a list/, 'network.allow[0]'],
  ])('rejects %j with lists %j', (allow, lists, why, where) => {
    expect(() => expandAllow(allow, lists, label)).toThrow(why);
    expect(() => expandAllow(allow, lists, label)).toThrow(where);
    expect(() => expandAllow(allow, lists, label)).toThrow(ConfigError);
  });

  it.each([
    ['203.0.113.9', '203.0.113.0/24'],
    ['2001:db8:1::5', '2001:db8:1::/48'],
    ['::ffff:203.0.113.9', '203.0.113.0/24'],
    ['198.51.100.1', undefined],
    ['2001:db8:2::1', undefined],
    ['not-an-ip', undefined],
  ])('matches %s → %s', (addr, range) => {
    const list = new AllowList(publishedRanges(['203.0.113.0/24', '2001:db8:1::/48'], 'test'));
    expect(list.match(addr)?.text).toBe(range);
  });
});
