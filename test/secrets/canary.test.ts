// The canary: a secret value that must never show up anywhere but in the exported variable and
// file contents. Every path — success and each failure — runs on every platform, and every captured
// stream (platform logs, stdout, stderr, console), the report, exported names, state and file
// names are searched for the canary in every encoding the redactor knows.
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import action from '../../shared/actions/require-vault-secrets.js';
import { decide } from '../../shared/decision.js';
import type { PlatformName } from '../../shared/context/types.js';
import { encodings } from '../../shared/platform/redact.js';
import { memoryPlatform } from '../helpers/memory-platform.js';
import { AUDIENCE, CANARY, circleciClaims, githubClaims, gitlabClaims, startStack } from './helpers.js';
import { makeRequest, policyYaml } from './request.js';

type Stack = Awaited<ReturnType<typeof startStack>>;
let stack: Stack;
let closedPort = 0;
beforeAll(async () => {
  stack = await startStack();
  // A port that was just free and is now closed: connection refused.
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  closedPort = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
});
afterAll(async () => stack.close());
afterEach(() => {
  stack.vault.config.sealed = false;
  stack.vault.config.faults = [];
});

const FORMS = encodings(CANARY).filter((f) => f.length >= 6);
const ROLE: Record<PlatformName, string> = { github: 'deploy', gitlab: 'gitlab', circleci: 'circleci', local: 'deploy' };
const CLAIMS: Record<PlatformName, () => Record<string, unknown>> = { github: githubClaims, gitlab: gitlabClaims, circleci: circleciClaims, local: githubClaims };

interface Path {
  name: string;
  /** Expected rule id of the deny, or undefined for the success path. */
  rule?: string;
  message?: RegExp;
  setup?: (s: Stack) => void;
  vault?: (s: Stack, role: string) => Record<string, unknown>;
  inputs?: Record<string, string>;
  jwt?: (s: Stack, claims: Record<string, unknown>, aud?: string) => Promise<string>;
}

const PATHS: Path[] = [
  { name: 'success' },
  { name: 'unreachable', rule: 'secrets.vault-auth', message: /unreachable.*ECONNREFUSED/s, vault: () => ({ address: `http://127.0.0.1:${closedPort}` }) },
  { name: 'slow (timeout)', rule: 'secrets.vault-auth', message: /timed out/, setup: (s) => s.vault.config.faults.push({ path: 'auth/jwt/login', delayMs: 1500, status: 200, body: JSON.stringify({ auth: { client_token: CANARY } }) }), vault: () => ({ timeout: '300ms' }) },
  { name: '5xx', rule: 'secrets.read', message: /HTTP 500/, setup: (s) => s.vault.config.faults.push({ path: 'secret/data/ci/app', status: 500, body: JSON.stringify({ errors: [`boom ${CANARY}`] }) }) },
  { name: 'sealed', rule: 'secrets.vault-auth', message: /sealed/, setup: (s) => (s.vault.config.sealed = true) },
  { name: 'wrong role', rule: 'secrets.vault-auth', message: /role "nope" could not be found/, vault: () => ({ auth: { method: 'jwt', role: 'nope', audience: AUDIENCE } }) },
  { name: 'expired JWT', rule: 'secrets.vault-auth', message: /expired/, jwt: (s, c, aud) => s.issuer.sign(c, { audience: aud ?? '', issuedAt: Math.floor(Date.now() / 1000) - 3600, expiresIn: 600 }) },
  { name: 'wrong audience', rule: 'secrets.vault-auth', message: /audience/, vault: (_s, role) => ({ auth: { method: 'jwt', role, audience: 'https://not-vault.example' } }) },
  { name: 'non-JSON answer', rule: 'secrets.read', message: /not JSON/, setup: (s) => s.vault.config.faults.push({ path: 'secret/data/ci/app', status: 200, body: `<html><pre>${CANARY}</pre></html>`, contentType: 'text/html' }) },
  { name: 'huge answer', rule: 'secrets.read', message: /more than \d+ bytes/, setup: (s) => s.vault.config.faults.push({ path: 'secret/data/ci/app', bytes: 2 * 1024 * 1024, fill: CANARY }) },
  { name: 'KV version mismatch', rule: 'secrets.kv-version', message: /KV v2 mount "secret", but the request says KV v1/, inputs: { secrets: 'DB_PASSWORD: { path: secret/ci/app, key: password, kv: 1 }' } },
  { name: 'missing key', rule: 'secrets.missing-key', message: /secret\/ci\/app has no key "nope".*keys present: api-key, password, user/s, inputs: { secrets: 'secret/ci/app password | DB_PASSWORD; secret/ci/app nope | NOPE' } },
];

function hasCanary(text: string): string | undefined {
  return FORMS.find((f) => text.includes(f));
}

describe.each(['github', 'gitlab', 'circleci'] as const)('%s', (platformName) => {
  it.each(PATHS.map((p) => [p.name, p] as const))('%s: no canary anywhere; the deny is clear', async (_n, path) => {
    const claims = CLAIMS[platformName]();
    const p = memoryPlatform({
      name: platformName,
      inputs: { scan: 'false', secrets: 'secret/ci/app password | DB_PASSWORD; secret/ci/app | APP_JSON', ...path.inputs },
      idToken: async (aud) => (path.jwt ? path.jwt(stack, claims, aud) : stack.issuer.sign(claims, { audience: aud ?? '' })),
    });
    path.setup?.(stack);
    const role = ROLE[platformName];
    const req = makeRequest(p, policyYaml(stack.vault.url, { auth: { method: 'jwt', role, audience: AUDIENCE }, ...path.vault?.(stack, role) }));

    const captured: string[] = [];
    const spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (captured.push(String(chunk)), true)),
      jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (captured.push(String(chunk)), true)),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void captured.push(args.map(String).join(' ')))),
    ];
    let out;
    let revoked;
    let thrown: unknown;
    try {
      out = await action.commands.run(req);
      revoked = await action.commands.revoke!(req);
    } catch (err) {
      thrown = err;
    } finally {
      for (const s of spies) s.mockRestore();
    }
    expect(thrown).toBeUndefined();
    const report = JSON.stringify(out);
    const files = readdirSync(p.tempDir(), { recursive: true }).map(String);
    const streams: Record<string, string> = {
      logs: p.logs.join('\n'),
      captured: captured.join('\n'),
      report,
      revokeReport: JSON.stringify(revoked),
      exportedNames: Object.keys(p.exported).join('\n'),
      outputs: JSON.stringify(p.outputs),
      state: JSON.stringify(p.state),
      fileNames: files.join('\n'),
      filePaths: Object.values(p.exported).filter((v) => v.startsWith(p.tempDir())).join('\n'),
    };
    for (const [where, text] of Object.entries(streams)) expect([where, hasCanary(text)]).toEqual([where, undefined]);
    if (platformName !== 'github') {
      // Where the platform cannot mask at run time, the tool never even tries to print a value.
      expect(p.logs.join('\n')).not.toContain('***');
      expect(captured.join('\n')).not.toContain('***');
    }

    if (!path.rule) {
      expect(decide(out!.checks)).toBe('allow');
      expect(p.exported.DB_PASSWORD).toBe(CANARY);
      expect(p.masked).toEqual(expect.arrayContaining([CANARY]));
      expect(revoked!.checks[0]).toMatchObject({ rule: 'secrets.revoke', status: 'pass' });
      return;
    }
    expect(decide(out!.checks)).toBe('deny');
    const fail = out!.checks.find((c) => c.rule === path.rule && c.status === 'fail');
    expect(fail).toBeDefined();
    expect(fail!.message).toMatch(path.message!);
    expect(fail!.policyPath).toMatch(/^environments\.production\.secrets\.vault/);
    expect(p.exported).toEqual({});
    expect(files.filter((f) => f.includes('secrets'))).toEqual([]);
  });
});

it('the canary forms searched for include its lines and encodings', () => {
  expect(FORMS).toEqual(expect.arrayContaining([CANARY, 'canary-Zx9/Qv+7&w=', 'second-line-K3yP4rt', encodeURIComponent(CANARY), JSON.stringify(CANARY).slice(1, -1), Buffer.from(CANARY).toString('base64')]));
  void join;
});
