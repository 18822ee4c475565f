import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { PipelineContext } from '../../shared/context/types.js';
import { apiClient } from '../../shared/platform/api.js';
import { sha256Hex } from '../../shared/policy/load.js';
import { loadPolicy } from '../../shared/policy/source.js';
import { tempDir, writeTemp } from '../helpers/spawn.js';

const BASE_POLICY = 'version: 1\nenvironments:\n  production:\n    trigger: { refs: [refs/heads/main] }\n';
const RELAXED_POLICY = 'version: 1\nenvironments:\n  production:\n    trigger: { refs: ["refs/heads/**"] }\n';

let server: Server;
let baseUrl: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.headers.authorization} ${req.url}`);
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.headers.authorization !== 'Bearer t0ken') return json(401, { message: 'Bad credentials' });
    if (req.url === '/repos/acme/app') return json(200, { default_branch: 'trunk' });
    if (req.url === '/repos/acme/app/contents/ci-constraints.yml?ref=trunk' || req.url === '/repos/acme/app/contents/ci-constraints.yml?ref=main') {
      return json(200, { encoding: 'base64', content: Buffer.from(BASE_POLICY).toString('base64') });
    }
    if (req.url === '/repos/acme/policies/contents/ci-constraints.yml?ref=v3') return json(200, { encoding: 'base64', content: Buffer.from(BASE_POLICY).toString('base64') });
    if (req.url?.startsWith('/repos/acme/broken/')) return json(503, { message: 'unavailable' });
    return json(404, { message: 'Not Found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

function ctx(over: Partial<PipelineContext> = {}): PipelineContext {
  return { platform: 'github', event: 'push', ref: 'refs/heads/main', refType: 'branch', sha: 'a'.repeat(40), repository: 'acme/app', runner: { kind: 'hosted' }, identitySource: 'env', time: '2026-11-26T10:00:00Z', ...over };
}
const api = (token = 't0ken') => async () => apiClient('github', baseUrl, token, { attempts: 1 });

describe('policy sources (trust model 2)', () => {
  it('base on a push: reads the default branch through the contents API and records the source', async () => {
    const p = await loadPolicy({ path: 'ci-constraints.yml', source: 'base', context: ctx(), api: api() });
    expect(p.source).toBe('github:acme/app@trunk:ci-constraints.yml');
    expect(p.sha256).toBe(sha256Hex(BASE_POLICY));
    expect(p.policy.environments.production?.trigger?.refs).toEqual(['refs/heads/main']);
  });

  it('base on a pull request: judges with the base branch, not with what the PR brings', async () => {
    const pr = ctx({ event: 'pull_request', baseRef: 'refs/heads/main', headRepository: 'acme/app', baseRepository: 'acme/app' });
    const p = await loadPolicy({ path: 'ci-constraints.yml', source: 'base', context: pr, api: api() });
    expect(p.source).toBe('github:acme/app@main:ci-constraints.yml');
  });

  it('a pinned ref of a policy repository', async () => {
    const p = await loadPolicy({ path: 'ci-constraints.yml', source: 'acme/policies@v3', context: ctx(), api: api() });
    expect(p.source).toBe('github:acme/policies@v3:ci-constraints.yml');
  });

  it('a local policy on a pull request that differs from the base branch is called out', async () => {
    const dir = tempDir();
    const file = writeTemp(dir, 'ci-constraints.yml', RELAXED_POLICY);
    const pr = ctx({ event: 'pull_request', baseRef: 'refs/heads/main' });
    const p = await loadPolicy({ path: file, source: 'local', context: pr, api: async () => apiClient('github', baseUrl, 't0ken', { attempts: 1 }) });
    // The local path is absolute here, so the API is asked for that path and finds nothing: said plainly.
    expect(p.notes.join('\n')).toMatch(/could not compare the local policy with the base branch's/);
    const same = writeTemp(tempDir(), 'ci-constraints.yml', BASE_POLICY);
    const cwd = process.cwd();
    try {
      process.chdir(join(same, '..'));
      const identical = await loadPolicy({ path: 'ci-constraints.yml', source: 'local', context: pr, api: api() });
      expect(identical.notes).toEqual(['the local policy is identical to acme/app@main']);
      process.chdir(dir);
      const differs = await loadPolicy({ path: 'ci-constraints.yml', source: 'local', context: pr, api: api() });
      expect(differs.notes[0]).toMatch(/the local policy DIFFERS from acme\/app@main .*use policy-source: base/);
    } finally {
      process.chdir(cwd);
    }
  });

  it.each([
    ['no token', { source: 'base', api: async () => undefined }, /needs a token/],
    ['a wrong token', { source: 'base', api: api('wrong') }, /could not read the default branch of acme\/app \(HTTP 401/],
    ['a missing file', { source: 'acme/policies@v9' }, /does not exist in acme\/policies at v9/],
    ['an API outage', { source: 'acme/broken@main' }, /failed after 1 attempt\(s\): HTTP 503|answered HTTP 503/],
    ['a sha256 pin that does not match', { source: 'base', sha256: 'sha256:' + '0'.repeat(64) }, /policy-sha256 pins 0{64}/],
    ['an unknown source', { source: 'http://evil' }, /policy-source "http:\/\/evil" is not understood/],
  ])('denies on %s', async (_what, over, pattern) => {
    await expect(loadPolicy({ path: 'ci-constraints.yml', context: ctx(), api: api(), ...over } as Parameters<typeof loadPolicy>[0])).rejects.toThrow(pattern);
  });

  it('a matching sha256 pin passes', async () => {
    const p = await loadPolicy({ path: 'ci-constraints.yml', source: 'base', sha256: sha256Hex(BASE_POLICY), context: ctx(), api: api() });
    expect(p.sha256).toBe(sha256Hex(BASE_POLICY));
  });
});
