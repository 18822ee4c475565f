import { ConfigError } from '../../shared/errors.js';
import { egressLookupChecks } from '../../shared/checks/network.js';
import { lookupEgress, parseEchoBody, parseEchoEndpoint } from '../../shared/network/echo.js';
import { echo, slow, type Loopback } from './servers.js';

const src = () => ({ policyPath: 'environments.prod.network.echo-endpoints' });

describe('echo endpoint URLs', () => {
  it.each(['https://checkip.amazonaws.com', 'http://127.0.0.1:8080/ip', 'http://localhost:1/', 'http://[::1]:9/'])('accepts %s', (url) => {
    expect(parseEchoEndpoint(url)).toMatch(/^https?:\/\//);
  });
  it.each([
    ['http://checkip.amazonaws.com', /not HTTPS/],
    ['http://10.0.0.1/ip', /not HTTPS/],
    ['ftp://example.com/', /not HTTPS/],
    ['https://user:pw@example.com/', /credentials/],
    ['checkip.amazonaws.com', /not a URL/],
  ])('rejects %s', (url, why) => {
    expect(() => parseEchoEndpoint(url)).toThrow(ConfigError);
    expect(() => parseEchoEndpoint(url)).toThrow(why);
  });
  it('never names credentials in the error', () => {
    expect(() => parseEchoEndpoint('https://user:hunter2@example.com/')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });
});

describe('echo bodies', () => {
  it.each([
    ['203.0.113.7\n', 'text/plain', '203.0.113.7'],
    ['  2001:DB8::1  ', '', '2001:db8::1'],
    ['::ffff:203.0.113.7', 'text/plain', '203.0.113.7'],
  ])('accepts %j', (body, type, address) => {
    expect(parseEchoBody(body, type)).toEqual({ ok: true, address });
  });
  it.each([
    ['<html><body>Login to Wi-Fi</body></html>', 'text/html', /HTML/],
    ['203.0.113.7', 'text/html; charset=utf-8', /HTML/],
    ['<!doctype html>', 'text/plain', /HTML/],
    ['', 'text/plain', /empty/],
    ['your ip is 203.0.113.7', 'text/plain', /not one IP/],
    ['{"ip":"203.0.113.7"}', 'application/json', /not an IP/],
    ['203.0.113.7 198.51.100.1', 'text/plain', /not one IP/],
    ['10.1.2.3', 'text/plain', /private address 10\.1\.2\.3/],
    ['192.168.1.1', 'text/plain', /private/],
    ['fd00::1', 'text/plain', /private/],
    ['x'.repeat(500), 'text/plain', /not one IP/],
  ])('refuses %j', (body, type, why) => {
    const r = parseEchoBody(body, type);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatch(why);
  });
});

describe('egress lookup against loopback echo endpoints', () => {
  const servers: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const start = async (...made: Promise<Loopback>[]) => {
    const s = await Promise.all(made);
    servers.push(...s);
    return s.map((x) => x.url);
  };

  it('agreeing endpoints pass and give the address', async () => {
    const urls = await start(echo('203.0.113.7\n'), echo('203.0.113.7'), echo(' 203.0.113.7 '));
    const { checks, address } = egressLookupChecks(await lookupEgress(urls), src);
    expect(address).toBe('203.0.113.7');
    expect(checks.map((c) => `${c.rule}:${c.status}`)).toEqual(['network.egress-lookup:pass', 'network.egress-lookup:pass', 'network.egress-lookup:pass', 'network.egress-ip-disagree:pass']);
    expect(checks[0]!.policyPath).toBe('environments.prod.network.echo-endpoints');
  });

  it('disagreeing endpoints deny with network.egress-ip-disagree', async () => {
    const urls = await start(echo('203.0.113.7'), echo('198.51.100.9'));
    const { checks, address } = egressLookupChecks(await lookupEgress(urls), src);
    expect(address).toBeUndefined();
    const disagree = checks.find((c) => c.rule === 'network.egress-ip-disagree')!;
    expect(disagree.status).toBe('fail');
    expect(disagree.message).toContain('203.0.113.7');
    expect(disagree.message).toContain('198.51.100.9');
  });

  it('a slow endpoint times out and denies', async () => {
    const urls = await start(echo('203.0.113.7'), slow(), echo('203.0.113.7'));
    const answers = await lookupEgress(urls, { timeoutMs: 300, attempts: 1 });
    const { checks, address } = egressLookupChecks(answers, src);
    expect(address).toBe('203.0.113.7');
    const failed = checks.filter((c) => c.status === 'fail');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.rule).toBe('network.egress-lookup');
    expect(failed[0]!.message).toMatch(/timed out/);
  });

  it.each([
    ['garbage', () => echo('hello world')],
    ['HTML', () => echo('<html>captive</html>', 'text/html')],
    ['a private address', () => echo('192.168.1.10')],
    ['HTTP 404', () => echo('not found', 'text/plain', 404)],
  ])('an endpoint answering %s denies', async (_what, make) => {
    const urls = await start(echo('203.0.113.7'), make());
    const { checks, address } = egressLookupChecks(await lookupEgress(urls, { attempts: 1 }), src);
    expect(address).toBeUndefined();
    expect(checks.filter((c) => c.status === 'fail').map((c) => c.rule)).toEqual(['network.egress-lookup', 'network.egress-ip-disagree']);
  });

  it('an unreachable endpoint denies', async () => {
    const urls = await start(echo('203.0.113.7'));
    const { checks } = egressLookupChecks(await lookupEgress([...urls, 'http://127.0.0.1:1/'], { attempts: 1 }), src);
    expect(checks.filter((c) => c.status === 'fail').map((c) => c.rule)).toEqual(['network.egress-lookup', 'network.egress-ip-disagree']);
  });
});
