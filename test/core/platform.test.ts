import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPlatform } from '../../shared/platform/index.js';
import { parseFileCommands, tempDir } from '../helpers/spawn.js';

const HOSTILE = [
  'plain',
  'two\nlines',
  "quote ' and \" and $(id) and `id` and \\",
  'ghadelimiter_00000000-0000-0000-0000-000000000000',
  'value\nINJECTED=1',
  'carriage\rreturn',
  'looks<<LIKE_A_HEREDOC',
  'ünïcødé ✓',
];

function githubEnv(dir: string) {
  for (const f of ['out', 'env', 'state', 'summary']) writeFileSync(join(dir, f), '');
  return { GITHUB_OUTPUT: join(dir, 'out'), GITHUB_ENV: join(dir, 'env'), GITHUB_STATE: join(dir, 'state'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), RUNNER_TEMP: dir };
}

describe('GitHub file commands', () => {
  it.each(HOSTILE)('round-trips %j through GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STATE exactly', (value) => {
    const dir = tempDir();
    const env = githubEnv(dir);
    const p = createPlatform('github', env, { write: () => {} });
    p.setOutput('out', value);
    p.exportVariable('VAR', value);
    p.saveState('key', value);
    expect(parseFileCommands(env.GITHUB_OUTPUT)).toEqual({ out: value });
    expect(parseFileCommands(env.GITHUB_ENV)).toEqual({ VAR: value });
    expect(parseFileCommands(env.GITHUB_STATE)).toEqual({ key: value });
  });

  it('writes one-line values as name=value and only others as a heredoc with a random delimiter', () => {
    const dir = tempDir();
    const env = githubEnv(dir);
    const p = createPlatform('github', env, { write: () => {} });
    p.setOutput('decision', 'deny');
    p.setOutput('odd', 'looks<<LIKE_A_HEREDOC');
    p.setOutput('lines', 'a\nb');
    p.setOutput('cr', 'a\rb');
    const text = readFileSync(env.GITHUB_OUTPUT, 'utf8');
    expect(text.startsWith('decision=deny\nodd=looks<<LIKE_A_HEREDOC\n')).toBe(true);
    const heredocs = [...text.matchAll(/^(lines|cr)<<(ghadelimiter_[0-9a-f-]{36})$/gm)].map((m) => [m[1], m[2]]);
    expect(heredocs.map(([name]) => name)).toEqual(['lines', 'cr']);
    expect(heredocs[0]![1]).not.toBe(heredocs[1]![1]);
  });

  it('writes outputs the way @actions/core does (parsed by the same reader)', async () => {
    const core = await import('@actions/core');
    const dir = tempDir();
    const ours = join(dir, 'ours');
    const theirs = join(dir, 'theirs');
    writeFileSync(ours, '');
    writeFileSync(theirs, '');
    const saved = process.env.GITHUB_OUTPUT;
    process.env.GITHUB_OUTPUT = theirs;
    try {
      for (const v of HOSTILE.filter((h) => !h.startsWith('ghadelimiter'))) core.setOutput(`o${HOSTILE.indexOf(v)}`, v);
    } finally {
      process.env.GITHUB_OUTPUT = saved;
    }
    const p = createPlatform('github', { GITHUB_OUTPUT: ours }, { write: () => {} });
    for (const v of HOSTILE.filter((h) => !h.startsWith('ghadelimiter'))) p.setOutput(`o${HOSTILE.indexOf(v)}`, v);
    expect(parseFileCommands(ours)).toEqual(parseFileCommands(theirs));
  });

  it('masks every line and encoding of a secret, and redacts it from every log line', () => {
    const printed: string[] = [];
    const p = createPlatform('github', {}, { write: (_s, t) => void printed.push(t) });
    const secret = 's3cr3t-line-one\ns3cr3t-line-two';
    p.mask(secret);
    const commands = printed.join('');
    expect(commands).toContain('::add-mask::s3cr3t-line-one\n');
    expect(commands).toContain('::add-mask::s3cr3t-line-two\n');
    expect(commands).toContain(`::add-mask::${Buffer.from(secret).toString('base64')}\n`);
    printed.length = 0;
    p.log.info(`token=${secret} b64=${Buffer.from(secret).toString('base64')} url=${encodeURIComponent(secret)} json=${JSON.stringify(secret)}`);
    const logged = printed.join('');
    expect(logged).not.toContain('s3cr3t');
    expect(logged).not.toContain(Buffer.from(secret).toString('base64'));
  });

  it('escapes annotations so a message cannot start a new workflow command', () => {
    const printed: string[] = [];
    const p = createPlatform('github', {}, { write: (_s, t) => void printed.push(t) });
    p.annotate({ level: 'error', title: 'a,b:c', message: 'x\n::set-env name=A::1', file: 'src/a.ts', line: 3 });
    expect(printed.join('')).toBe('::error title=a%2Cb%3Ac,file=src/a.ts,line=3::x%0A::set-env name=A::1\n');
  });

  it('fetches the OIDC token for an audience from the runner endpoint', async () => {
    const server = createServer((req, res) => {
      const ok = req.headers.authorization === 'Bearer request-token' && req.url === '/token?api-version=2.0&audience=vault';
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { value: 'jwt.value.here' } : {}));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const p = createPlatform('github', { ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token' });
      await expect(p.idToken('vault')).resolves.toBe('jwt.value.here');
      await expect(createPlatform('github', {}).idToken('vault')).rejects.toMatchObject({ code: 'oidc-failed', hint: expect.stringContaining('id-token: write') });
    } finally {
      server.close();
    }
  });
});

describe('inputs', () => {
  it.each(['github', 'gitlab', 'circleci', 'local'] as const)('on %s: a flag wins, then the runner\'s INPUT_*, then CI_CONSTRAINTS_*', (name) => {
    const env = { 'INPUT_GITLAB-TOKEN': 'from-runner', CI_CONSTRAINTS_GITLAB_TOKEN: 'from-env' };
    expect(createPlatform(name, env, { flags: { 'gitlab-token': 'from-flag' } }).input('gitlab-token')).toBe('from-flag');
    expect(createPlatform(name, env).input('gitlab-token')).toBe(name === 'github' ? 'from-runner' : 'from-env');
    expect(createPlatform(name, {}).input('gitlab-token')).toBeUndefined();
    expect(createPlatform(name, { CI_CONSTRAINTS_GITLAB_TOKEN: '  ' }).input('gitlab-token')).toBeUndefined();
  });
});

describe('exports on GitLab and CircleCI', () => {
  const shell = (file: string, name: string) => execFileSync('bash', ['-c', `source "$1"; printf %s "\${${name}}"`, 'x', file], { encoding: 'utf8' });

  it.each(HOSTILE)('CircleCI BASH_ENV gives back %j exactly when sourced by bash', (value) => {
    const dir = tempDir();
    const bashEnv = join(dir, 'bash_env');
    createPlatform('circleci', { BASH_ENV: bashEnv }).exportVariable('SECRET_VALUE', value);
    expect(shell(bashEnv, 'SECRET_VALUE')).toBe(value);
  });

  it.each(HOSTILE)('GitLab env file gives back %j exactly when sourced by bash, mode 0600', (value) => {
    const dir = tempDir();
    const file = join(dir, 'nested', 'env.sh');
    createPlatform('gitlab', { CI_JOB_ID: '7' }, { flags: { 'export-file': file } }).exportVariable('SECRET_VALUE', value);
    expect(shell(file, 'SECRET_VALUE')).toBe(value);
    expect((execFileSync('stat', ['-c', '%a', file], { encoding: 'utf8' })).trim()).toBe('600');
  });

  it('refuses variable names that are not shell names', () => {
    expect(() => createPlatform('circleci', { BASH_ENV: join(tempDir(), 'e') }).exportVariable('A;rm -rf /', 'x')).toThrow(/not a valid shell variable name/);
  });

  it('keeps state between invocations of one job (main step, then revoke) in a private file', () => {
    const env = { CI_JOB_ID: `job-${process.pid}-${Date.now()}` };
    createPlatform('gitlab', env).saveState('lease', 'abc');
    const later = createPlatform('gitlab', env);
    expect(later.getState('lease')).toBe('abc');
    expect(readFileSync(join(later.tempDir(), 'state.json'), 'utf8')).toContain('abc');
  });

  it('reads the OIDC token from the variable the job declared, and says how to declare it', async () => {
    await expect(createPlatform('gitlab', { MY_ID_TOKEN: 'jwt' }, { flags: { 'id-token-variable': 'MY_ID_TOKEN' } }).idToken()).resolves.toBe('jwt');
    await expect(createPlatform('gitlab', {}).idToken()).rejects.toMatchObject({ code: 'oidc-failed', hint: expect.stringContaining('id_tokens') });
    await expect(createPlatform('circleci', { CIRCLE_OIDC_TOKEN_V2: 'v2' }).idToken()).resolves.toBe('v2');
  });
});

describe('forge API base URLs', () => {
  it('GitHub: the runner\'s GITHUB_API_URL (Enterprise), else api.github.com', async () => {
    const { forgeBaseUrl } = await import('../../shared/platform/api.js');
    expect(forgeBaseUrl(createPlatform('github', { GITHUB_API_URL: 'https://ghe.example/api/v3' }), 'github')).toBe('https://ghe.example/api/v3');
    expect(forgeBaseUrl(createPlatform('local', {}), 'github')).toBe('https://api.github.com');
  });

  it('GitLab: CI_API_V4_URL, and never a default that would send a self-managed token to gitlab.com', async () => {
    const { forgeBaseUrl, forgeClient } = await import('../../shared/platform/api.js');
    expect(forgeBaseUrl(createPlatform('gitlab', { CI_API_V4_URL: 'https://gitlab.example/api/v4' }), 'gitlab')).toBe('https://gitlab.example/api/v4');
    expect(() => forgeClient(createPlatform('local', { CI_CONSTRAINTS_GITLAB_TOKEN: 'glpat-x' }), 'gitlab')).toThrow(/CI_API_V4_URL is not set/);
  });
});
