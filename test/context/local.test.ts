import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ConfigError } from '../../shared/errors.js';
import { CONTEXT_FILE_DEFAULTS, fromContextFile, fromGit, parseContext, repositoryFromRemote } from '../../shared/context/local.js';
import { NOW, configError } from './fixtures.js';

async function rejectsConfig(p: Promise<unknown>): Promise<ConfigError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('context-invalid');
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}


describe('fromGit on real git checkouts', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  function repo(): { dir: string; git: (...args: string[]) => string } {
    const dir = mkdtempSync(join(tmpdir(), 'cic-ctx-git-'));
    dirs.push(dir);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '--quiet', '--initial-branch=main');
    git('config', 'user.name', 'Ada Lovelace');
    git('config', 'user.email', 'ada@example.com');
    git('config', 'commit.gpgsign', 'false');
    writeFileSync(join(dir, 'README'), 'hello\n');
    git('add', 'README');
    git('commit', '--quiet', '-m', 'first');
    return { dir, git };
  }

  it('a branch checkout with an origin remote', async () => {
    const { dir, git } = repo();
    git('remote', 'add', 'origin', 'git@github.com:acme/api.git');
    const ctx = await fromGit(dir, NOW);
    expect(ctx).toMatchObject({
      platform: 'local',
      event: 'local',
      ref: 'refs/heads/main',
      refType: 'branch',
      sha: git('rev-parse', 'HEAD'),
      repository: 'acme/api',
      actor: 'Ada Lovelace',
      triggeringActor: 'Ada Lovelace',
      commitAuthor: 'Ada Lovelace',
      identitySource: 'env',
      time: '2026-03-04T05:06:07.000Z',
    });
    expect(ctx.runner.kind).toBe('unknown');
    expect(ctx.sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('a detached HEAD on a tag → refs/tags/…', async () => {
    const { dir, git } = repo();
    git('tag', 'v1.0.0');
    git('checkout', '--quiet', '--detach', 'v1.0.0');
    const ctx = await fromGit(dir, NOW);
    expect([ctx.ref, ctx.refType]).toEqual(['refs/tags/v1.0.0', 'tag']);
  });

  it('a branch wins over a tag on the same commit', async () => {
    const { dir, git } = repo();
    git('tag', 'main-tag');
    expect((await fromGit(dir, NOW)).ref).toBe('refs/heads/main');
  });

  it('branch names with shell metacharacters or homoglyphs are carried byte for byte', async () => {
    const { dir, git } = repo();
    const name = 'feature/$(id)-m\u0430in';
    git('checkout', '--quiet', '-b', name);
    expect((await fromGit(dir, NOW)).ref).toBe(`refs/heads/${name}`);
  });

  it('no origin remote → local/<directory name>', async () => {
    const { dir } = repo();
    expect((await fromGit(dir, NOW)).repository).toBe(`local/${basename(dir)}`);
  });

  it('a detached HEAD without a tag → ConfigError', async () => {
    const { dir, git } = repo();
    git('checkout', '--quiet', '--detach', 'HEAD');
    const err = await rejectsConfig(fromGit(dir, NOW));
    expect(err.message).toContain('detached');
  });

  it('not a git repository → ConfigError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cic-ctx-nogit-'));
    dirs.push(dir);
    const err = await rejectsConfig(fromGit(dir, NOW));
    expect(err.message).toContain(dir);
  });
});

describe('repositoryFromRemote', () => {
  it.each<[string, string | undefined]>([
    ['https://github.com/acme/api.git', 'acme/api'],
    ['https://github.com/acme/api', 'acme/api'],
    ['https://x-access-token:abc@github.com/acme/api.git', 'acme/api'],
    ['git@github.com:acme/api.git', 'acme/api'],
    ['ssh://git@gitlab.example.com:2222/group/sub/project.git', 'group/sub/project'],
    ['git@gitlab.com:group/sub/project.git', 'group/sub/project'],
    ['https://gitlab.com/group/sub/project/', 'group/sub/project'],
    ['/srv/git/api.git', undefined],
    ['https://example.com/', undefined],
    ['not a url', undefined],
  ])('%s → %s', (url, expected) => {
    expect(repositoryFromRemote(url)).toBe(expected);
  });
});

describe('fromContextFile / parseContext', () => {
  it('an empty object gets the documented defaults', () => {
    expect(fromContextFile('{}', 'ctx.json', NOW)).toEqual({
      platform: CONTEXT_FILE_DEFAULTS.platform,
      event: 'push',
      ref: 'refs/heads/main',
      refType: 'branch',
      sha: '0000000000000000000000000000000000000000',
      repository: 'local/repository',
      runner: { kind: 'unknown' },
      identitySource: 'file',
      time: '2026-03-04T05:06:07.000Z',
    });
  });

  it('a partial fork pull request context', () => {
    const ctx = fromContextFile(
      JSON.stringify({ platform: 'github', event: 'pull_request', ref: 'refs/pull/3/merge', actor: 'mallory', headRepository: 'mallory/api', baseRepository: 'acme/api', repository: 'acme/api', pullRequestNumber: 3 }),
      'fork-pr.json',
      NOW,
    );
    expect(ctx).toMatchObject({ platform: 'github', refType: 'pull', actor: 'mallory', triggeringActor: 'mallory', pullRequestNumber: 3 });
  });

  it('every field of a full context survives the round trip', () => {
    const full = {
      platform: 'gitlab',
      event: 'merge_request_event',
      ref: 'refs/merge-requests/17/head',
      refType: 'merge-request',
      sha: 'b'.repeat(40),
      repository: 'acme/platform/api',
      headRepository: 'mallory/api',
      baseRepository: 'acme/platform/api',
      baseRef: 'refs/heads/main',
      headRef: 'refs/heads/feature',
      headSha: 'c'.repeat(40),
      pullRequestNumber: 17,
      actor: 'alice',
      triggeringActor: 'bob',
      prAuthor: 'mallory',
      commitAuthor: 'Mallory <m@example.com>',
      commentAuthor: 'carol',
      commentAuthorAssociation: 'MEMBER',
      commentBody: '',
      runner: { kind: 'self-hosted', name: 'box', os: 'linux', arch: 'arm64' },
      workflow: 'deploy',
      workflowRef: '.gitlab-ci.yml',
      runId: '1',
      runAttempt: '2',
      jobId: '3',
      serverUrl: 'https://gitlab.example.com',
      apiUrl: 'https://gitlab.example.com/api/v4',
      refProtected: false,
      actionRef: 'v1',
      upstreamEvent: 'push',
      upstreamHeadRepository: 'acme/platform/api',
      identitySource: 'oidc',
      time: '2026-12-24T18:00:00.000Z',
    };
    expect(fromContextFile(JSON.stringify(full), 'full.json', NOW)).toEqual(full);
  });

  it('time with an offset is normalised to UTC', () => {
    expect(parseContext({ time: '2026-12-24T18:00:00+01:00' }, 'case 1', NOW).time).toBe('2026-12-24T17:00:00.000Z');
  });

  it('unknown keys are errors with a did-you-mean, nested ones too, all problems at once', () => {
    const err = configError(() => fromContextFile(JSON.stringify({ evnet: 'push', runner: { knd: 'hosted' }, ref: 'main', pullRequestNumber: -1 }), 'ctx.json', NOW));
    expect(err.message).toContain('ctx.json is not a valid pipeline context (4 problems)');
    expect(err.message).toContain('evnet: unknown key — did you mean "event"?');
    expect(err.message).toContain('runner.knd: unknown key — did you mean "kind"?');
    expect(err.message).toContain('ref: ');
    expect(err.message).toContain('pullRequestNumber: ');
  });

  it.each<[string, unknown, string]>([
    ['a ref that is not full', { ref: 'main' }, 'refs/'],
    ['a wrong platform', { platform: 'jenkins' }, 'platform'],
    ['an empty actor', { actor: '' }, 'actor'],
    ['a time without offset', { time: '2026-01-01T00:00:00' }, 'time'],
    ['a number as event', { event: 7 }, 'event'],
  ])('%s is refused', (_name, value, mention) => {
    expect(configError(() => parseContext(value, 'cases.yml#1', NOW)).message).toContain(mention);
  });

  it('refType that contradicts the ref is refused', () => {
    const err = configError(() => parseContext({ ref: 'refs/tags/main', refType: 'branch' }, 'c.json', NOW));
    expect(err.message).toContain('contradicts');
  });

  it('refs with metacharacters are carried, not cleaned', () => {
    expect(parseContext({ ref: 'refs/heads/$(curl evil)' }, 'c.json', NOW).ref).toBe('refs/heads/$(curl evil)');
  });

  it.each([
    ['not JSON', '{event: push}', 'is not JSON'],
    ['an array', '[]', 'holds an array, not a JSON object'],
    ['null', 'null', 'holds null'],
  ])('%s → ConfigError naming the file', (_name, textValue, mention) => {
    const err = configError(() => fromContextFile(textValue, 'ctx.json', NOW));
    expect(err.message).toContain('ctx.json');
    expect(err.message).toContain(mention);
  });

  it('a context file over 1 MiB is refused', () => {
    const err = configError(() => fromContextFile(`{"commentBody":"${'x'.repeat(1024 * 1024)}"}`, 'big.json', NOW));
    expect(err.message).toContain('big.json');
  });
});
