import { ConfigError } from '../../shared/errors.js';
import { contextFor, detectPlatform, fromGitHub, isFork } from '../../shared/context/index.js';
import { NOW, githubEnv } from './fixtures.js';

describe('detectPlatform', () => {
  it.each<[Record<string, string | undefined>, string]>([
    [{ GITHUB_ACTIONS: 'true' }, 'github'],
    [{ GITLAB_CI: 'true' }, 'gitlab'],
    [{ CIRCLECI: 'true' }, 'circleci'],
    [{}, 'local'],
    [{ CI: 'true' }, 'local'],
    [{ GITHUB_ACTIONS: 'TRUE' }, 'local'],
    [{ GITHUB_ACTIONS: '1' }, 'local'],
    [{ GITHUB_ACTIONS: '' }, 'local'],
    [{ GITLAB_CI: 'false', CIRCLECI: 'true' }, 'circleci'],
    [{ GITHUB_ACTIONS: 'true', GITLAB_CI: 'true' }, 'github'],
  ])('%o → %s', (env, platform) => {
    expect(detectPlatform(env)).toBe(platform);
  });

  it('reads only own properties', () => {
    expect(detectPlatform(Object.create({ GITHUB_ACTIONS: 'true' }) as Record<string, string>)).toBe('local');
  });
});

describe('contextFor', () => {
  it('dispatches by platform name', async () => {
    const viaEntry = await contextFor('github', { env: githubEnv(), eventText: '{}' }, NOW);
    expect(viaEntry).toEqual(fromGitHub(githubEnv(), '{}', NOW));
    expect(isFork(viaEntry)).toBe(false);
  });

  it('an unknown platform is a ConfigError', async () => {
    await expect(contextFor('jenkins', { env: {} }, NOW)).rejects.toBeInstanceOf(ConfigError);
  });
});
