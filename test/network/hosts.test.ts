import fc from 'fast-check';
import { ConfigError } from '../../shared/errors.js';
import { findEgressEntry, hostMatches, normalizeHostname, parseEgressEntry, parseHostPort } from '../../shared/network/hosts.js';
import { NetworkEntryError } from '../../shared/network/ip.js';

describe('parseEgressEntry', () => {
  it.each([
    ['registry.npmjs.org:443', 'host', 'registry.npmjs.org:443'],
    ['API.GitHub.com:443', 'host', 'api.github.com:443'],
    ['localhost:8080', 'host', 'localhost:8080'],
    ['*.actions.githubusercontent.com:443', 'wildcard', '*.actions.githubusercontent.com:443'],
    ['203.0.113.7', 'cidr', '203.0.113.7/32'],
    ['203.0.113.7:443', 'cidr', '203.0.113.7/32:443'],
    ['10.0.0.0/8', 'cidr', '10.0.0.0/8'],
    ['10.0.0.0/8:5432', 'cidr', '10.0.0.0/8:5432'],
    ['2001:db8::/48', 'cidr', '2001:db8::/48'],
    ['[2001:db8::1]:443', 'cidr', '[2001:db8::1/128]:443'],
    ['[2001:db8::/48]', 'cidr', '[2001:db8::/48]'],
  ])('accepts %s', (entry, kind, text) => {
    const e = parseEgressEntry(entry);
    expect(e.kind).toBe(kind);
    expect(e.text).toBe(text);
  });

  it.each([
    ['registry.npmjs.org', /without a port/],
    ['registry.npmjs.org:0', /invalid port/],
    ['registry.npmjs.org:65536', /invalid port/],
    ['registry.npmjs.org:0443', /invalid port/],
    ['registry.npmjs.org:https', /invalid port/],
    ['*.org:443', /top-level/],
    ['*:443', /"\*"/],
    ['reg*.npmjs.org:443', /"\*"/],
    ['registry.*.org:443', /"\*"/],
    ['**.npmjs.org:443', /"\*"/],
    ['registry.npmjs.org.:443', /invalid host/],
    ['-bad.example.com:443', /invalid host/],
    ['bücher.example:443', /invalid host/],
    ['exampl\u212Aa.com:443', /invalid host/],
    ['10.0.0.0/33:443', /prefix/],
    ['10.0.0.1/8', /host bits/],
    ['[10.0.0.1]:443', /IPv6 only/],
    ['[2001:db8::1:443', /without closing/],
    ['2001:db8::1:443:x', /not host:port/],
    ['', /empty/],
    ['1.2.3:443', /not a valid/],
  ])('rejects %s with a ConfigError naming the whole entry', (entry, why) => {
    let caught: unknown;
    try {
      parseEgressEntry(entry);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(why);
    if (entry) expect((caught as NetworkEntryError).entry).toBe(entry);
  });

  it('never throws anything but a ConfigError naming the entry (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'abz019.:*/[]-') })), (s) => {
        try {
          parseEgressEntry(s);
        } catch (err) {
          expect(err).toBeInstanceOf(NetworkEntryError);
          if (s !== '') expect((err as NetworkEntryError).entry).toBe(s);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('host matching', () => {
  const npm = 'registry.npmjs.org:443';
  const wild = '*.npmjs.org:443';
  it.each([
    [npm, 'registry.npmjs.org', true],
    [npm, 'REGISTRY.NPMJS.ORG', true],
    [npm, 'registry.npmjs.org.evil.tld', false],
    [npm, 'evilregistry.npmjs.org', false],
    [npm, 'x.registry.npmjs.org', false],
    [npm, 'registry.npmjs.org.', false],
    [npm, 'registry.npmjs.org:443', false],
    [wild, 'registry.npmjs.org', true],
    [wild, 'a.b.npmjs.org', true],
    [wild, 'npmjs.org', false],
    [wild, 'evilnpmjs.org', false],
    [wild, 'npmjs.org.evil.tld', false],
    [wild, 'registry.npmjs.org.evil.tld', false],
    [wild, '.npmjs.org', false],
  ])('%# %s matches %s: %s', (entry, host, expected) => {
    expect(hostMatches(parseEgressEntry(entry), host)).toBe(expected);
  });

  it('finds entries by host and port, IP literals by range', () => {
    const entries = ['registry.npmjs.org:443', '*.githubusercontent.com:443', '10.0.0.0/8:5432', '[2001:db8::/48]'].map(parseEgressEntry);
    expect(findEgressEntry(entries, 'registry.npmjs.org', 443)?.text).toBe('registry.npmjs.org:443');
    expect(findEgressEntry(entries, 'registry.npmjs.org', 80)).toBeUndefined();
    expect(findEgressEntry(entries, 'objects.githubusercontent.com', 443)?.kind).toBe('wildcard');
    expect(findEgressEntry(entries, '10.2.3.4', 5432)?.text).toBe('10.0.0.0/8:5432');
    expect(findEgressEntry(entries, '10.2.3.4', 443)).toBeUndefined();
    expect(findEgressEntry(entries, '[2001:db8::9]', 1)?.kind).toBe('cidr');
    expect(findEgressEntry(entries, 'registry.npmjs.org.evil.tld', 443)).toBeUndefined();
  });

  it('parseHostPort takes only exact host:port', () => {
    expect(parseHostPort('objects.githubusercontent.com:443')).toEqual({ host: 'objects.githubusercontent.com', port: 443 });
    expect(() => parseHostPort('*.example.com:443')).toThrow(ConfigError);
    expect(() => parseHostPort('10.0.0.1:443')).toThrow(ConfigError);
  });

  const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
  const hostname = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.')).filter((h) => normalizeHostname(h) !== undefined);

  it('an exact entry matches its host and nothing that merely starts or ends with it (property)', () => {
    fc.assert(
      fc.property(hostname, fc.string({ minLength: 1 }), fc.boolean(), (host, extra, before) => {
        const entry = parseEgressEntry(`${host}:443`);
        expect(hostMatches(entry, host)).toBe(true);
        expect(hostMatches(entry, host.toUpperCase())).toBe(true);
        const candidate = before ? `${extra}${host}` : `${host}${extra}`;
        expect(hostMatches(entry, candidate)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('a wildcard matches only names strictly under its suffix (property)', () => {
    fc.assert(
      fc.property(hostname.filter((h) => h.includes('.')), fc.string({ minLength: 1 }), (suffix, extra) => {
        const entry = parseEgressEntry(`*.${suffix}:443`);
        expect(hostMatches(entry, suffix)).toBe(false);
        expect(hostMatches(entry, `${suffix}${extra}`)).toBe(false);
        const under = `${extra}.${suffix}`;
        expect(hostMatches(entry, under)).toBe(normalizeHostname(under) !== undefined);
        if (!extra.endsWith('.')) expect(hostMatches(entry, `${extra}${suffix}`)).toBe(normalizeHostname(`${extra}${suffix}`)?.endsWith(`.${suffix}`) === true);
      }),
      { numRuns: 3000 },
    );
  });
});
